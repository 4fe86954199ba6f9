//! `cloudpick-emulator serve --seed DIR --addr 127.0.0.1:0 [--auto-approve] [--specs DIR]`:
//! prints one line of JSON with every provider's URLs and demo credentials,
//! then serves until killed.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "cloudpick-emulator",
    version,
    about = "Local emulations of the cloud drive APIs Cloudpick uses"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the emulated providers until killed.
    Serve {
        /// A folder whose contents every emulated drive starts with.
        #[arg(long)]
        seed: Option<PathBuf>,
        /// Where to listen; port 0 picks a free one.
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: SocketAddr,
        /// Redirect from the authorize endpoints at once, without a consent page.
        #[arg(long)]
        auto_approve: bool,
        /// The redirect URI registered for the demo Dropbox app.
        #[arg(long, default_value = "http://127.0.0.1:53682/callback")]
        dropbox_redirect_uri: String,
        /// Seed every drive with the generated demo files (cached after the first run).
        #[arg(long, conflicts_with = "seed")]
        demo: bool,
        /// Serve HTTPS with a CA made for this run; its PEM file is `tls_ca` in the JSON line.
        #[arg(long)]
        tls: bool,
        /// Strict mode: check every request against the providers' specs in DIR
        /// (laid out as `../shared/specs`). Without it, strict when
        /// `$CLOUDPICK_SPECS` or the project's `../shared/specs` holds them.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
    },
    /// Write the demo seed (photos, documents, Unicode names, a 10,000-entry folder) into DIR.
    Seed {
        /// An empty or missing folder.
        dir: PathBuf,
    },
}

#[tokio::main]
async fn main() {
    let (seed, addr, auto_approve, dropbox_redirect_uri, demo, tls, specs) =
        match Cli::parse().command {
            Command::Seed { dir } => {
                let made = std::fs::create_dir_all(&dir)
                    .and_then(|()| cloudpick_emulator::seed::generate(&dir));
                if let Err(err) = made {
                    eprintln!(
                        "cloudpick-emulator: could not write the seed to {}: {err}",
                        dir.display()
                    );
                    std::process::exit(2);
                }
                return;
            }
            Command::Serve {
                seed,
                addr,
                auto_approve,
                dropbox_redirect_uri,
                demo,
                tls,
                specs,
            } => (
                seed,
                addr,
                auto_approve,
                dropbox_redirect_uri,
                demo,
                tls,
                specs,
            ),
        };
    let seed = if demo { Some(demo_seed()) } else { seed };
    if !addr.ip().is_loopback() {
        eprintln!("cloudpick-emulator: refusing to listen on {addr}: use a loopback address such as 127.0.0.1");
        std::process::exit(2);
    }
    let config = cloudpick_emulator::Config {
        seed,
        auto_approve,
        dropbox_redirect_uri,
        tls,
        specs: specs.or_else(cloudpick_emulator::specs::dir),
        admin_token: std::env::var("CLOUDPICK_EMULATOR_ADMIN_TOKEN").ok(),
    };
    let running = match cloudpick_emulator::start(config, addr).await {
        Ok(running) => running,
        Err(err) => {
            eprintln!("cloudpick-emulator: could not start: {err}");
            std::process::exit(2);
        }
    };
    match serde_json::to_string(&running.info) {
        Ok(line) => {
            #[allow(clippy::print_stdout)]
            {
                println!("{line}");
            }
        }
        Err(err) => {
            eprintln!("cloudpick-emulator: {err}");
            std::process::exit(2);
        }
    }
    tokio::select! {
        _ = running.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

/// The demo seed, generated once into the user's cache folder.
fn demo_seed() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("cloudpick");
    match cloudpick_emulator::seed::cached(&cache) {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!(
                "cloudpick-emulator: could not build the demo seed in {}: {err}",
                cache.display()
            );
            std::process::exit(2);
        }
    }
}
