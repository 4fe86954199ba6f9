//! Saves a token through the keyring and prints the outcome: the keyring
//! suite runs it with no D-Bus session, where it must fail with a clear
//! message and write nothing anywhere.

use cloudpick_core::connect::keyring::KeyringTokens;
use cloudpick_core::drives::remote::{Secret, TokenStore, Tokens};

fn main() {
    let tokens = Tokens {
        access: Secret::new("probe-access-token"),
        refresh: Some(Secret::new("probe-refresh-token")),
        expires_at: None,
    };
    let saved = KeyringTokens::open("dropbox", "probe", "Dropbox").and_then(|k| k.save(&tokens));
    // The exit code and stderr are this program's whole output.
    if let Err(err) = saved {
        eprintln!("{}", err.message());
        std::process::exit(2);
    }
}
