//! `cloudpick-emulator serve --seed DIR --addr 127.0.0.1:0 [--auto-approve]`:
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
    },
}

#[tokio::main]
async fn main() {
    let Command::Serve {
        seed,
        addr,
        auto_approve,
        dropbox_redirect_uri,
    } = Cli::parse().command;
    if !addr.ip().is_loopback() {
        eprintln!("cloudpick-emulator: refusing to listen on {addr}: use a loopback address such as 127.0.0.1");
        std::process::exit(2);
    }
    let config = cloudpick_emulator::Config {
        seed,
        auto_approve,
        dropbox_redirect_uri,
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
