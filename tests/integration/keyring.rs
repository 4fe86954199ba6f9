//! Tokens in the OS keyring: run inside a D-Bus session with GNOME Keyring
//! unlocked (`tests/keyring-session.sh`, which `make test` uses).

use cloudpick_core::connect::keyring::{KeyringTokens, SERVICE};
use cloudpick_core::remote::{Secret, TokenStore, Tokens};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn tokens(tag: &str) -> Tokens {
    Tokens {
        access: Secret::new(format!("access-{tag}")),
        refresh: Some(Secret::new(format!("refresh-{tag}"))),
        expires_at: Some(UNIX_EPOCH + Duration::from_secs(2_000_000_000)),
    }
}

#[test]
fn keeps_one_entry_per_account_and_deletes_one() {
    let work = KeyringTokens::open("dropbox", "work-account", "Dropbox").unwrap();
    let home = KeyringTokens::open("dropbox", "home-account", "Dropbox").unwrap();
    work.save(&tokens("work")).unwrap();
    home.save(&tokens("home")).unwrap();
    assert_eq!(work.load().unwrap(), Some(tokens("work")));
    assert_eq!(home.load().unwrap(), Some(tokens("home")));

    // A rotated refresh token replaces the old one in place.
    let rotated = Tokens {
        refresh: Some(Secret::new("refresh-rotated")),
        expires_at: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_600)),
        ..tokens("work")
    };
    work.save(&rotated).unwrap();
    assert_eq!(work.load().unwrap(), Some(rotated));

    work.delete().unwrap();
    assert_eq!(work.load().unwrap(), None);
    assert_eq!(
        home.load().unwrap(),
        Some(tokens("home")),
        "the other account stays"
    );
    home.delete().unwrap();
    work.delete().unwrap();
}

#[test]
fn the_entry_lives_in_the_secret_service() {
    let entry = KeyringTokens::open("box", "lookup", "Box").unwrap();
    entry.save(&tokens("lookup")).unwrap();
    // Read it back the way any other keyring client would: by service and user.
    let raw = keyring::Entry::new(SERVICE, "box:lookup")
        .unwrap()
        .get_password()
        .unwrap();
    assert!(raw.contains("refresh-lookup"));
    entry.delete().unwrap();
}

#[test]
fn without_a_keyring_says_why_and_writes_no_file() {
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_keyring-probe"))
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/cloudpick-bus",
        )
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("No keyring is available"), "{message}");
    assert!(message.contains("never in a file"), "{message}");
    assert!(
        !message.contains("probe-refresh-token"),
        "no secret in the message"
    );
    let written: Vec<_> = walk(home.path());
    assert!(written.is_empty(), "nothing was written: {written:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
