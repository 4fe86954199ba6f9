//! Tokens in the OS keyring: run inside a D-Bus session with GNOME Keyring
//! unlocked (`tests/keyring-session.sh`, which `make test` uses).

use cloudpick_core::connect::keyring::{KeyringTokens, SERVICE};
use cloudpick_core::drives::remote::{Secret, TokenStore, Tokens};
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

mod disconnect {
    use cloudpick_core::connect::disconnect::disconnect;
    use cloudpick_core::connect::flow::Revoke;
    use cloudpick_core::connect::keyring::KeyringTokens;
    use cloudpick_core::connect::{AppRegistration, OAuthProvider};
    use cloudpick_core::drives::remote::{
        http_client, RetryPolicy, Secret, StaticTokens, TokenStore, Tokens,
    };
    use cloudpick_core::{Drive, ErrorKind};
    use cloudpick_emulator::faults::{Fault, FaultRule};
    use cloudpick_emulator::{oauth::TokenPair, start, Config, ProviderInfo};
    use std::sync::Arc;

    fn tokens(issued: TokenPair) -> Tokens {
        Tokens {
            access: Secret::new(issued.access_token),
            refresh: issued.refresh_token.map(Secret::new),
            expires_at: None,
        }
    }

    fn app(info: &ProviderInfo) -> AppRegistration {
        AppRegistration {
            client_id: info.client_id.clone(),
            client_secret: (!info.client_secret.is_empty())
                .then(|| Secret::new(info.client_secret.clone())),
            port: None,
        }
    }

    fn dropbox_account(
        info: &ProviderInfo,
        tokens: &Tokens,
    ) -> cloudpick_core::drives::dropbox::Dropbox {
        cloudpick_core::drives::dropbox::Dropbox::new(cloudpick_core::drives::dropbox::Client {
            http: http_client().unwrap(),
            endpoints: cloudpick_core::drives::dropbox::Endpoints {
                api: info.base_urls["api"].clone(),
                content: info.base_urls["content"].clone(),
            },
            tokens: Arc::new(StaticTokens(tokens.access.clone())),
            retry: RetryPolicy::default(),
        })
    }

    #[tokio::test]
    async fn revokes_at_the_provider_then_forgets_the_entry() {
        let e = start(Config::default(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let http = http_client().unwrap();

        let info = &e.info.providers["dropbox"];
        let dropbox = OAuthProvider {
            revoke: Some(Revoke::Bearer(info.revoke_url.clone().unwrap())),
            ..cloudpick_tests::real_oauth("dropbox")
        };
        let issued = tokens(e.dropbox.oauth.issue_tokens());
        let entry = KeyringTokens::open("dropbox", "to-disconnect", "Dropbox").unwrap();
        entry.save(&issued).unwrap();
        assert!(dropbox_account(info, &issued).account().await.is_ok());

        // A revocation the provider does not confirm keeps the sign-in.
        e.faults.add(FaultRule {
            path_contains: "/auth/token/revoke".into(),
            method: None,
            fault: Fault::Status {
                status: 503,
                retry_after: None,
                body: None,
            },
            times: 1,
        });
        let err = disconnect(&dropbox, &app(info), &entry, &http)
            .await
            .unwrap_err();
        assert!(
            err.message().contains("the sign-in was kept"),
            "{}",
            err.message()
        );
        assert_eq!(entry.load().unwrap(), Some(issued.clone()));

        disconnect(&dropbox, &app(info), &entry, &http)
            .await
            .unwrap();
        assert_eq!(entry.load().unwrap(), None);
        let refused = dropbox_account(info, &issued).account().await.unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::Unauthorized);

        // Box revokes the refresh token (RFC 7009): it can no longer be used.
        let info = &e.info.providers["box"];
        let boxcom = OAuthProvider {
            revoke: Some(Revoke::Rfc7009(info.revoke_url.clone().unwrap())),
            ..cloudpick_tests::real_oauth("box")
        };
        let issued = tokens(e.boxcom.oauth.issue_tokens());
        let entry = KeyringTokens::open("box", "to-disconnect", "Box").unwrap();
        entry.save(&issued).unwrap();
        disconnect(&boxcom, &app(info), &entry, &http)
            .await
            .unwrap();
        assert_eq!(entry.load().unwrap(), None);
        let refresh = reqwest::Client::new()
            .post(&info.token_url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", issued.refresh.as_ref().unwrap().expose()),
                ("client_id", info.client_id.as_str()),
                ("client_secret", info.client_secret.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refresh.status(), reqwest::StatusCode::BAD_REQUEST);
        assert!(refresh.text().await.unwrap().contains("invalid_grant"));
    }
}

mod account {
    use cloudpick_core::connect::account::{restore, sign_in, sign_out, ProviderSetup};
    use cloudpick_core::connect::flow::Revoke;
    use cloudpick_core::connect::keyring::{Keeping, KeyringTokens};
    use cloudpick_core::connect::{AppRegistration, OAuthProvider};
    use cloudpick_core::drives::remote::{http_client, Secret};
    use cloudpick_core::drives::row::ApiHosts;
    use cloudpick_core::ErrorKind;
    use std::time::Duration;
    use tokio_util::sync::CancellationToken;

    /// The emulator's Box user is one keyring entry: its tests take turns.
    static BOX_ENTRY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    #[tokio::test]
    async fn signs_in_restores_refreshes_into_the_keyring_and_signs_out() {
        let _turn = BOX_ENTRY.lock().await;
        let e = cloudpick_tests::emulator(true).await;
        let info = &e.info.providers["box"];
        let setup = ProviderSetup {
            id: "box".into(),
            oauth: OAuthProvider {
                authorize_url: info.authorize_url.clone(),
                token_url: info.token_url.clone(),
                revoke: Some(Revoke::Rfc7009(info.revoke_url.clone().unwrap())),
                ..cloudpick_tests::real_oauth("box")
            },
            app: AppRegistration {
                client_id: info.client_id.clone(),
                client_secret: Some(Secret::new(info.client_secret.clone())),
                port: None,
            },
            settings: Default::default(),
            hosts: ApiHosts(
                [
                    ("api".to_owned(), info.base_urls["api"].clone()),
                    ("upload".to_owned(), info.base_urls["upload"].clone()),
                ]
                .into(),
            ),
        };
        let http = http_client().unwrap();
        let browse = |url: &str| {
            let url = url.to_owned();
            tokio::spawn(async move { reqwest::get(url).await.unwrap().text().await });
        };
        let connected = sign_in(
            &setup,
            &http,
            &browse,
            Duration::from_secs(20),
            &CancellationToken::new(),
            &Keeping::default(),
        )
        .await
        .unwrap();
        assert_eq!(connected.account.display_name, "Demo User");
        let record = connected.record;
        let entry = KeyringTokens::open("box", &record.key, "Box").unwrap();
        let first = entry
            .load()
            .unwrap()
            .expect("the tokens are in the keyring");

        // At the next start: the drive opens from the keyring entry alone.
        let drive = restore(&setup, &record, &http, &Keeping::default()).unwrap();
        assert_eq!(drive.account().await.unwrap().display_name, "Demo User");

        // An expired token refreshes; Box's single-use refresh token rotates,
        // and the keyring holds the new one.
        e.boxcom.oauth.expire_access_tokens();
        drive.account().await.unwrap();
        let now = entry.load().unwrap().unwrap();
        assert_ne!(now.refresh, first.refresh);
        assert_ne!(now.access, first.access);

        sign_out(&setup, &record, &http).await.unwrap();
        assert_eq!(entry.load().unwrap(), None);
        let gone = restore(&setup, &record, &http, &Keeping::default())
            .err()
            .unwrap();
        assert_eq!(gone.kind(), ErrorKind::Unauthorized);
        assert!(gone.message().contains("no longer in the keyring"));
        let refused = drive.account().await.unwrap_err();
        assert_eq!(
            refused.kind(),
            ErrorKind::Unauthorized,
            "{}",
            refused.message()
        );
    }

    /// Box at the emulator, signed in through its consent page: the setup,
    /// and the account's key.
    async fn box_signed_in(
        e: &cloudpick_emulator::Running,
        keeping: &Keeping,
    ) -> (ProviderSetup, String) {
        let info = &e.info.providers["box"];
        let setup = cloudpick_tests::box_setup(
            &info.token_url,
            &info.client_id,
            &info.client_secret,
            &info.base_urls["api"],
            &info.base_urls["upload"],
        );
        let setup = ProviderSetup {
            oauth: OAuthProvider {
                authorize_url: info.authorize_url.clone(),
                ..setup.oauth
            },
            ..setup
        };
        let browse = |url: &str| {
            let url = url.to_owned();
            tokio::spawn(async move { reqwest::get(url).await.unwrap().text().await });
        };
        let http = http_client().unwrap();
        let timeout = Duration::from_secs(20);
        let cancel = CancellationToken::new();
        let connected = sign_in(&setup, &http, &browse, timeout, &cancel, keeping)
            .await
            .unwrap();
        (setup, connected.record.key)
    }

    #[tokio::test]
    async fn the_app_and_a_second_process_refresh_one_box_account_in_turn_twenty_times() {
        let _turn = BOX_ENTRY.lock().await;
        let e = cloudpick_tests::emulator(true).await;
        let dir = tempfile::tempdir().unwrap();
        let locks = dir.path().join("locks");
        let keeping = Keeping {
            locks: Some(locks.clone()),
            warn: None,
        };
        let (setup, key) = box_signed_in(&e, &keeping).await;
        let record = cloudpick_core::connect::account::AccountRecord {
            provider: "box".into(),
            key: key.clone(),
            sign_in: None,
            store: None,
            server: None,
        };
        // The app's engine keeps this drive, and its tokens, all along.
        let app = restore(&setup, &record, &http_client().unwrap(), &keeping).unwrap();
        let info = &e.info.providers["box"];
        let entry = KeyringTokens::open("box", &key, "Box").unwrap();
        let mut seen = std::collections::HashSet::new();
        for turn in 0..20 {
            // Box's refresh tokens are single-use: each turn's refresh
            // spends the one the other side may still hold.
            e.boxcom.oauth.expire_access_tokens();
            if turn % 2 == 0 {
                let asked = app.account().await;
                assert!(
                    asked.is_ok(),
                    "turn {turn}, the app: {}",
                    asked.unwrap_err().message()
                );
            } else {
                // Awaited: the emulator runs on this test's thread.
                let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_refresh-worker"))
                    .env("CP_TOKEN_URL", &info.token_url)
                    .env("CP_CLIENT_ID", &info.client_id)
                    .env("CP_CLIENT_SECRET", &info.client_secret)
                    .env("CP_API", &info.base_urls["api"])
                    .env("CP_UPLOAD", &info.base_urls["upload"])
                    .env("CP_ACCOUNT", &key)
                    .env("CP_LOCKS", &locks)
                    .output()
                    .await
                    .unwrap();
                let said = String::from_utf8_lossy(&out.stderr);
                assert!(
                    out.status.success(),
                    "turn {turn}, the second process: {said}"
                );
            }
            let kept = entry
                .load()
                .unwrap()
                .expect("the tokens stay in the keyring");
            assert!(
                seen.insert(kept.refresh.as_ref().map(|r| r.expose().to_owned())),
                "turn {turn} rotated the refresh token into the keyring"
            );
        }
        assert_eq!(seen.len(), 20);
        entry.delete().unwrap();
    }

    /// Tokens in memory; saving is refused while `refuse` is set.
    #[derive(Default)]
    struct LockedKeyring {
        refuse: std::sync::atomic::AtomicBool,
        kept: std::sync::Mutex<Option<cloudpick_core::drives::remote::Tokens>>,
        warned: std::sync::Mutex<Vec<String>>,
    }

    impl cloudpick_core::drives::remote::TokenStore for LockedKeyring {
        fn save(
            &self,
            tokens: &cloudpick_core::drives::remote::Tokens,
        ) -> cloudpick_core::Result<()> {
            if self.refuse.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(cloudpick_core::Error::new(
                    ErrorKind::Io,
                    "The keyring is locked",
                ));
            }
            *self.kept.lock().unwrap() = Some(tokens.clone());
            Ok(())
        }

        fn load(&self) -> cloudpick_core::Result<Option<cloudpick_core::drives::remote::Tokens>> {
            Ok(self.kept.lock().unwrap().clone())
        }

        fn warn(&self, message: &str) {
            self.warned.lock().unwrap().push(message.to_owned());
        }
    }

    #[tokio::test]
    async fn a_keyring_that_refuses_the_save_keeps_the_new_tokens_and_warns() {
        use cloudpick_core::drives::remote::{OAuthApp, RefreshingTokens, TokenStore, Tokens};
        use std::sync::atomic::Ordering;
        use std::sync::Arc;
        let e = cloudpick_tests::emulator(true).await;
        let info = &e.info.providers["box"];
        let issued = e.boxcom.oauth.issue_tokens();
        let first = Tokens {
            access: Secret::new(issued.access_token),
            refresh: issued.refresh_token.map(Secret::new),
            expires_at: None,
        };
        let store = Arc::new(LockedKeyring::default());
        *store.kept.lock().unwrap() = Some(first.clone());
        let http = http_client().unwrap();
        let app = OAuthApp {
            token_url: info.token_url.clone(),
            client_id: info.client_id.clone(),
            client_secret: Some(Secret::new(info.client_secret.clone())),
        };
        let tokens = RefreshingTokens::new(app, first.clone(), store.clone(), http.clone(), "Box");
        let drive = cloudpick_core::drives::registry::open_drive(
            "box",
            &ApiHosts(cloudpick_tests::urls_of(&e, "box")),
            &Default::default(),
            Arc::new(tokens),
            &http,
        )
        .unwrap();

        store.refuse.store(true, Ordering::SeqCst);
        for round in 0..3 {
            e.boxcom.oauth.expire_access_tokens();
            let asked = drive.account().await;
            assert!(
                asked.is_ok(),
                "round {round}: {}",
                asked.unwrap_err().message()
            );
        }
        assert_eq!(
            store.load().unwrap().as_ref(),
            Some(&first),
            "nothing was saved"
        );
        let warned = store.warned.lock().unwrap().clone();
        assert!(!warned.is_empty());
        assert_eq!(
            warned[0],
            "Cloudpick could not save your Box sign-in to the keyring: unlock it, or you will need to sign in again"
        );

        // Unlocked: the next use saves the tokens in use, and they work.
        store.refuse.store(false, Ordering::SeqCst);
        drive.account().await.unwrap();
        let saved = store.load().unwrap().unwrap();
        assert_ne!(saved.refresh, first.refresh, "the rotated token is saved");
        let refresh = reqwest::Client::new()
            .post(&info.token_url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", saved.refresh.as_ref().unwrap().expose()),
                ("client_id", info.client_id.as_str()),
                ("client_secret", info.client_secret.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            refresh.status().is_success(),
            "the saved refresh token is the live one"
        );
    }
}

mod app {
    use cloudpick_core::app::Cloudpick;
    use cloudpick_core::connect::account::ProviderSetup;
    use cloudpick_core::connect::flow::Revoke;
    use cloudpick_core::connect::{AppRegistration, OAuthProvider};
    use cloudpick_core::drives::row::ApiHosts;
    use cloudpick_core::settings::Settings;
    use cloudpick_emulator::Running;

    /// Dropbox at the emulator (the other tests here use Box: one keyring).
    fn dropbox_setup(e: &Running) -> ProviderSetup {
        let info = &e.info.providers["dropbox"];
        ProviderSetup {
            id: "dropbox".into(),
            oauth: OAuthProvider {
                authorize_url: info.authorize_url.clone(),
                token_url: info.token_url.clone(),
                revoke: Some(Revoke::Bearer(info.revoke_url.clone().unwrap())),
                ..cloudpick_tests::real_oauth("dropbox")
            },
            app: AppRegistration {
                client_id: info.client_id.clone(),
                client_secret: None,
                port: url::Url::parse(&info.redirect_uri).unwrap().port(),
            },
            settings: Default::default(),
            hosts: ApiHosts(
                [
                    ("api".to_owned(), info.base_urls["api"].clone()),
                    ("content".to_owned(), info.base_urls["content"].clone()),
                ]
                .into(),
            ),
        }
    }

    fn dropbox_status(app: &Cloudpick) -> (bool, String) {
        let source = app
            .sources()
            .into_iter()
            .find(|s| s.provider == "dropbox")
            .unwrap();
        (source.connected, source.status)
    }

    #[tokio::test]
    async fn connects_keeps_the_account_across_restarts_and_disconnects() {
        let e = cloudpick_tests::emulator(true).await;
        let dir = tempfile::tempdir().unwrap();
        let paths = cloudpick_tests::app_paths(dir.path());
        let app = Cloudpick::open(paths.clone()).unwrap();
        app.use_setup(dropbox_setup(&e));
        assert!(!dropbox_status(&app).0);
        let browse = |url: &str| {
            let url = url.to_owned();
            tokio::spawn(async move { reqwest::get(url).await.unwrap().text().await });
        };
        app.connect_account("dropbox", &browse).await.unwrap();
        assert_eq!(
            dropbox_status(&app),
            (true, "Demo User · demo@cloudpick.invalid".to_owned())
        );
        assert!(app.list("dropbox", None).await.is_ok());
        let file = std::fs::read_to_string(paths.settings_file()).unwrap();
        assert!(file.contains("demo@cloudpick.invalid"), "{file}");
        assert!(
            !file.contains("at_") && !file.contains("rt_"),
            "no token in the file: {file}"
        );

        // A restart opens the account from the keyring.
        let again = Cloudpick::open(paths.clone()).unwrap();
        again.use_setup(dropbox_setup(&e));
        let problems = again.restore_accounts().await;
        assert!(
            problems.is_empty(),
            "{:?}",
            problems
                .iter()
                .map(|(p, e)| (p, e.message()))
                .collect::<Vec<_>>()
        );
        assert!(dropbox_status(&again).0);

        again.disconnect_account("dropbox").await.unwrap();
        assert_eq!(dropbox_status(&again), (false, "Not connected".to_owned()));
        assert!(Settings::load(&paths).unwrap().accounts.is_empty());
        let third = Cloudpick::open(paths.clone()).unwrap();
        third.use_setup(dropbox_setup(&e));
        assert!(third.restore_accounts().await.is_empty());
        assert!(!dropbox_status(&third).0);

        // An account whose keyring entry went away stays listed, with why.
        third.connect_account("dropbox", &browse).await.unwrap();
        cloudpick_core::connect::keyring::KeyringTokens::open(
            "dropbox",
            "demo@cloudpick.invalid",
            "Dropbox",
        )
        .unwrap()
        .delete()
        .unwrap();
        let fourth = Cloudpick::open(paths).unwrap();
        fourth.use_setup(dropbox_setup(&e));
        let problems = fourth.restore_accounts().await;
        assert_eq!(problems.len(), 1);
        let source = fourth
            .sources()
            .into_iter()
            .find(|s| s.provider == "dropbox")
            .unwrap();
        assert_eq!(source.id, "dropbox:demo@cloudpick.invalid");
        assert!(!source.connected);
        assert_eq!(source.status, "Needs a new sign-in");
        assert_eq!(
            source.problem.as_deref(),
            Some(
                "The Dropbox sign-in for demo@cloudpick.invalid is no longer in the keyring. \
                 Connect again"
            )
        );
        // Removing it works without tokens to revoke.
        fourth.disconnect_account(&source.id).await.unwrap();
        assert_eq!(dropbox_status(&fourth), (false, "Not connected".to_owned()));
    }

    #[tokio::test]
    async fn saves_an_apps_secret_to_the_keyring_and_the_rest_to_the_file() {
        use cloudpick_core::app::provider_apps::ProviderAppInput;
        let dir = tempfile::tempdir().unwrap();
        let paths = cloudpick_tests::app_paths(dir.path());
        let app = Cloudpick::open(paths.clone()).unwrap();
        let secret = "box-secret-5b7e0c1d";
        let apps = app
            .save_provider_app(
                "box",
                &ProviderAppInput {
                    client_id: "box-client-42".into(),
                    client_secret: secret.into(),
                    ..ProviderAppInput::default()
                },
            )
            .unwrap();
        let shown = apps.iter().find(|a| a.provider == "box").unwrap();
        assert_eq!(shown.client_id, "box-client-42");
        assert!(shown.secret_saved);
        let file = std::fs::read_to_string(paths.settings_file()).unwrap();
        assert!(file.contains("box-client-42"), "{file}");
        assert!(
            !file.contains(secret),
            "the secret stays out of the file: {file}"
        );
        assert_eq!(
            cloudpick_core::connect::keyring::app_secret("box")
                .unwrap()
                .unwrap()
                .expose(),
            secret
        );

        // Saving again without a secret keeps the one in the keyring; a
        // restart reads the file back.
        app.save_provider_app(
            "box",
            &ProviderAppInput {
                client_id: "box-client-43".into(),
                ..ProviderAppInput::default()
            },
        )
        .unwrap();
        let again = Cloudpick::open(paths).unwrap();
        let shown = again
            .provider_apps()
            .into_iter()
            .find(|a| a.provider == "box")
            .unwrap();
        assert_eq!(
            (shown.client_id.as_str(), shown.secret_saved),
            ("box-client-43", true)
        );
        let err = again
            .save_provider_app(
                "dropbox",
                &ProviderAppInput {
                    client_id: "key".into(),
                    client_secret: "not-needed".into(),
                    ..ProviderAppInput::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.message(), "Dropbox signs in without a client secret");
    }

    #[tokio::test]
    async fn signs_in_to_alfresco_with_a_password_keeps_only_the_ticket_and_ends_it() {
        use cloudpick_core::connect::keyring::KeyringTokens;
        use cloudpick_core::drives::remote::Secret;
        let e = cloudpick_tests::emulator(true).await;
        let server = e.info.providers["alfresco"].base_urls["server"].clone();
        let dir = tempfile::tempdir().unwrap();
        let paths = cloudpick_tests::app_paths(dir.path());
        let app = Cloudpick::open(paths.clone()).unwrap();

        let err = app
            .connect_alfresco(&server, "demo", Secret::new("wrong".to_owned()), false)
            .await
            .unwrap_err();
        assert_eq!(
            err.message(),
            "Alfresco did not accept that user name and password"
        );
        let err = app
            .connect_alfresco(
                "alfresco.example.com",
                "demo",
                Secret::new("x".to_owned()),
                false,
            )
            .await
            .unwrap_err();
        assert!(
            err.message().contains("is not a server address"),
            "{}",
            err.message()
        );

        // A password for plain http to another machine is sent only when the user agreed.
        let remote = app
            .connect_alfresco(
                "http://alfresco.example.com",
                "demo",
                Secret::new("x".to_owned()),
                false,
            )
            .await
            .unwrap_err();
        assert_eq!(remote.kind(), cloudpick_core::ErrorKind::PermissionDenied);
        assert!(
            remote.message().contains("plain http"),
            "{}",
            remote.message()
        );
        let agreed = app
            .connect_alfresco(
                "http://alfresco.invalid",
                "demo",
                Secret::new("x".to_owned()),
                true,
            )
            .await
            .unwrap_err();
        assert!(
            !agreed.message().contains("plain http"),
            "{}",
            agreed.message()
        );
        assert!(
            !cloudpick_core::app::alfresco_accounts::readable_on_the_way(&server),
            "loopback"
        );
        assert!(!cloudpick_core::app::alfresco_accounts::readable_on_the_way("https://a.example"));

        let update = app
            .connect_alfresco(
                &server,
                "demo",
                Secret::new("demo-password".to_owned()),
                false,
            )
            .await
            .unwrap();
        assert_eq!(update.current, "alfresco:demo@cloudpick.invalid");
        assert!(app.list(&update.current, None).await.is_ok());
        let file = std::fs::read_to_string(paths.settings_file()).unwrap();
        assert!(file.contains("sign_in = \"ticket\""), "{file}");
        assert!(
            file.contains(&format!("server_url = \"{server}\"")),
            "{file}"
        );
        assert!(!file.contains("demo-password"), "{file}");
        let entry = KeyringTokens::open("alfresco", "demo@cloudpick.invalid", "Alfresco").unwrap();
        let ticket = entry
            .load()
            .unwrap()
            .expect("the ticket is in the keyring")
            .access;
        assert!(
            !file.contains(ticket.expose()),
            "the ticket stays out of the file"
        );

        // A restart opens it with the ticket, at the server Settings now name.
        let again = Cloudpick::open(paths.clone()).unwrap();
        assert!(again.restore_accounts().await.is_empty());
        let listing = again.list("alfresco", None).await.unwrap();
        assert_eq!(listing.folder.name, "Alfresco", "the home folder");
        assert!(file.contains(&format!("server = \"{server}\"")), "{file}");

        // An account kept before accounts remembered their server: the first
        // start that opens it makes the server it opened at its own.
        let older = file.replace(&format!("server = \"{server}\"\n"), "");
        assert_ne!(older, file);
        std::fs::write(paths.settings_file(), &older).unwrap();
        let pinned = Cloudpick::open(paths.clone()).unwrap();
        assert!(pinned.restore_accounts().await.is_empty());
        let now = std::fs::read_to_string(paths.settings_file()).unwrap();
        assert!(now.contains(&format!("server = \"{server}\"")), "{now}");

        // The server in Settings changes: the ticket is not sent there.
        let elsewhere = cloudpick_tests::receiver::Receiver::start(
            cloudpick_tests::receiver::Answer::Status(200),
        )
        .await;
        let other = format!("http://127.0.0.1:{}", elsewhere.port);
        let moved = file.replace(
            &format!("server_url = \"{server}\""),
            &format!("server_url = \"{other}\""),
        );
        std::fs::write(paths.settings_file(), &moved).unwrap();
        let third = Cloudpick::open(paths.clone()).unwrap();
        let problems = third.restore_accounts().await;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].1.message().contains("Sign in again"),
            "{}",
            problems[0].1.message()
        );
        assert!(
            elsewhere.received().is_empty(),
            "nothing went to the new server"
        );
        std::fs::write(paths.settings_file(), &file).unwrap();

        again.disconnect_account(&update.current).await.unwrap();
        assert!(entry.load().unwrap().is_none(), "the keyring entry is gone");
        assert!(Settings::load(&paths).unwrap().accounts.is_empty());
        let after = reqwest::Client::new()
            .get(format!(
                "{server}/alfresco/api/-default-/public/alfresco/versions/1/nodes/-my-"
            ))
            .basic_auth(ticket.expose(), None::<&str>)
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), 401, "the server ended the ticket");
    }
}
