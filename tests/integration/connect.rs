//! Connecting accounts: the OAuth flow against every emulated provider, with
//! a scripted browser in place of the system one, and each way it can fail.

use cloudpick_core::connect::flow::{authorize_url, exchange, token_http_client};
use cloudpick_core::connect::{connect, AppRegistration, OAuthProvider};
use cloudpick_core::drives::remote::{http_client, RetryPolicy, Secret, StaticTokens, Tokens};
use cloudpick_core::{Drive, ErrorKind};
use cloudpick_emulator::{ProviderInfo, Running};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The real provider's settings, at the emulator's addresses.
fn at_emulator(real: OAuthProvider, info: &ProviderInfo) -> OAuthProvider {
    OAuthProvider {
        authorize_url: info.authorize_url.clone(),
        token_url: info.token_url.clone(),
        ..real
    }
}

fn registration(info: &ProviderInfo, port: Option<u16>) -> AppRegistration {
    AppRegistration {
        client_id: info.client_id.clone(),
        client_secret: (!info.client_secret.is_empty())
            .then(|| Secret::new(info.client_secret.clone())),
        port,
    }
}

/// A browser that goes where it is sent and follows redirects, as a person
/// clicking through would; it keeps the last page it was shown.
#[derive(Clone, Default)]
struct Browser {
    pages: Arc<Mutex<Vec<String>>>,
    opened: Arc<Mutex<Vec<String>>>,
}

impl Browser {
    fn present(&self) -> impl Fn(&str) + Send + Sync + '_ {
        move |url: &str| {
            self.opened.lock().unwrap().push(url.to_owned());
            let (url, pages) = (url.to_owned(), self.pages.clone());
            tokio::spawn(async move {
                let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
                pages.lock().unwrap().push(page);
            });
        }
    }

    async fn last_page(&self) -> String {
        for _ in 0..100 {
            if let Some(page) = self.pages.lock().unwrap().last() {
                return page.clone();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the browser never got a page")
    }
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn run(
    provider: &OAuthProvider,
    app: &AppRegistration,
    present: &(dyn Fn(&str) + Send + Sync),
    timeout: Duration,
    cancel: &CancellationToken,
) -> cloudpick_core::Result<Tokens> {
    connect(
        provider,
        app,
        &token_http_client().unwrap(),
        present,
        timeout,
        cancel,
    )
    .await
}

/// Connects with the real provider settings and checks the tokens open the drive.
async fn connects(provider: OAuthProvider, info: &ProviderInfo, port: Option<u16>) -> Tokens {
    let browser = Browser::default();
    let tokens = run(
        &provider,
        &registration(info, port),
        &browser.present(),
        Duration::from_secs(20),
        &CancellationToken::new(),
    )
    .await
    .unwrap_or_else(|e| panic!("{}: {}", provider.name, e.message()));
    let url = browser.opened.lock().unwrap()[0].clone();
    let query: std::collections::HashMap<String, String> = url::Url::parse(&url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(query["response_type"], "code");
    assert!(query["state"].len() >= 16, "a random state");
    assert_eq!(
        query.get("code_challenge_method").map(String::as_str),
        provider.pkce.then_some("S256"),
        "{}: PKCE only where the provider takes it",
        provider.name
    );
    assert!(browser.last_page().await.contains("You can close this tab"));
    assert!(
        tokens.refresh.is_some(),
        "{}: a refresh token",
        provider.name
    );
    tokens
}

#[tokio::test]
async fn connects_every_provider_and_the_tokens_work() {
    let e = cloudpick_tests::emulator(true).await;
    let http = http_client().unwrap();
    let bearer = |t: &Tokens| Arc::new(StaticTokens(t.access.clone()));

    // Dropbox matches the registered redirect exactly, port included.
    let info = &e.info.providers["dropbox"];
    let port = url::Url::parse(&info.redirect_uri).unwrap().port();
    let tokens = connects(
        at_emulator(cloudpick_tests::real_oauth("dropbox"), info),
        info,
        port,
    )
    .await;
    let dropbox =
        cloudpick_core::drives::dropbox::Dropbox::new(cloudpick_core::drives::dropbox::Client {
            http: http.clone(),
            endpoints: cloudpick_core::drives::dropbox::Endpoints {
                api: info.base_urls["api"].clone(),
                content: info.base_urls["content"].clone(),
            },
            tokens: bearer(&tokens),
            retry: RetryPolicy::default(),
        });
    assert_eq!(dropbox.account().await.unwrap().display_name, "Demo User");

    let info = &e.info.providers["onedrive"];
    let tokens = connects(
        at_emulator(cloudpick_tests::real_oauth("onedrive"), info),
        info,
        None,
    )
    .await;
    let onedrive =
        cloudpick_core::drives::onedrive::OneDrive::new(cloudpick_core::drives::onedrive::Client {
            http: http.clone(),
            api: info.base_urls["api"].clone(),
            tokens: bearer(&tokens),
            retry: RetryPolicy::default(),
        });
    assert_eq!(onedrive.account().await.unwrap().display_name, "Demo User");

    let info = &e.info.providers["box"];
    let tokens = connects(
        at_emulator(cloudpick_tests::real_oauth("box"), info),
        info,
        None,
    )
    .await;
    let boxdrive =
        cloudpick_core::drives::boxcom::BoxDrive::new(cloudpick_core::drives::boxcom::Client {
            http: http.clone(),
            endpoints: cloudpick_core::drives::boxcom::Endpoints {
                api: info.base_urls["api"].clone(),
                upload: info.base_urls["upload"].clone(),
            },
            tokens: bearer(&tokens),
            retry: RetryPolicy::default(),
        });
    assert_eq!(boxdrive.account().await.unwrap().display_name, "Demo User");

    let info = &e.info.providers["clouddrive"];
    let tokens = connects(
        at_emulator(cloudpick_tests::real_oauth("clouddrive"), info),
        info,
        None,
    )
    .await;
    let amazon = cloudpick_core::drives::clouddrive::AmazonDrive::new(
        cloudpick_core::drives::clouddrive::Client::new(
            http.clone(),
            cloudpick_core::drives::clouddrive::Endpoints {
                discovery: info.base_urls["discovery"].clone(),
            },
            bearer(&tokens),
            RetryPolicy::default(),
        ),
    );
    assert!(amazon.account().await.unwrap().quota_total.is_some());

    // Alfresco's Identity Service, at the path Keycloak serves it on.
    let info = &e.info.providers["alfresco"];
    let server = info.base_urls["server"].clone();
    let tokens = connects(
        cloudpick_core::drives::alfresco::sign_in::identity_service(&server),
        info,
        None,
    )
    .await;
    let alfresco = cloudpick_core::drives::alfresco::Alfresco::new(
        cloudpick_core::drives::alfresco::Client::new(
            http,
            cloudpick_core::drives::alfresco::Server(server),
            cloudpick_core::drives::alfresco::Auth::Bearer(bearer(&tokens)),
            RetryPolicy::default(),
        ),
    );
    assert_eq!(alfresco.account().await.unwrap().display_name, "Demo User");
}

/// The flow for OneDrive (any loopback port), with `browse` in the browser's place.
async fn onedrive_with(
    e: &Running,
    browse: impl Fn(String) + Send + Sync,
    timeout: Duration,
    cancel: &CancellationToken,
) -> cloudpick_core::Error {
    let info = &e.info.providers["onedrive"];
    let present = move |url: &str| browse(url.to_owned());
    run(
        &at_emulator(cloudpick_tests::real_oauth("onedrive"), info),
        &registration(info, None),
        &present,
        timeout,
        cancel,
    )
    .await
    .unwrap_err()
}

#[tokio::test]
async fn ignores_a_callback_with_another_state_and_signs_in_with_the_real_one() {
    let e = cloudpick_tests::emulator(true).await;
    let info = &e.info.providers["onedrive"];
    let forged_said = std::sync::Arc::new(std::sync::Mutex::new(None));
    let said = forged_said.clone();
    let present = move |url: &str| {
        let url = url.to_owned();
        let said = said.clone();
        tokio::spawn(async move {
            let to = no_redirects().get(&url).send().await.unwrap();
            let callback = to.headers()["location"].to_str().unwrap().to_owned();
            // A page that polls the loopback port answers first, with its own state.
            let mut forged = url::Url::parse(&callback).unwrap();
            forged
                .query_pairs_mut()
                .clear()
                .extend_pairs([("code", "stolen"), ("state", "forged")]);
            let refused = reqwest::get(forged).await.unwrap();
            *said.lock().unwrap() =
                Some((refused.status().as_u16(), refused.text().await.unwrap()));
            // Then the user's own answer: the sign-in still takes it.
            reqwest::get(callback).await.unwrap();
        });
    };
    let tokens = run(
        &at_emulator(cloudpick_tests::real_oauth("onedrive"), info),
        &registration(info, None),
        &present,
        Duration::from_secs(20),
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert!(!tokens.access.expose().is_empty());
    let (status, page) = forged_said.lock().unwrap().clone().unwrap();
    assert_eq!(status, 400);
    assert!(page.contains("did not carry the state"), "{page}");
}

#[tokio::test]
async fn a_callback_with_another_state_alone_ends_only_at_the_timeout() {
    let e = cloudpick_tests::emulator(true).await;
    let started = std::time::Instant::now();
    let err = onedrive_with(
        &e,
        |url| {
            tokio::spawn(async move {
                let to = no_redirects().get(&url).send().await.unwrap();
                let callback = to.headers()["location"].to_str().unwrap().to_owned();
                let mut forged = url::Url::parse(&callback).unwrap();
                let pairs: Vec<(String, String)> = forged
                    .query_pairs()
                    .into_owned()
                    .map(|(k, v)| {
                        if k == "state" {
                            (k, "forged".into())
                        } else {
                            (k, v)
                        }
                    })
                    .collect();
                forged.query_pairs_mut().clear().extend_pairs(pairs);
                reqwest::get(forged).await.unwrap();
            });
        },
        Duration::from_secs(2),
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{}", err.message());
    assert!(
        err.message().contains("No answer came back"),
        "{}",
        err.message()
    );
    assert!(started.elapsed() >= Duration::from_secs(2));
}

#[tokio::test]
async fn takes_one_callback_then_closes() {
    let e = cloudpick_tests::emulator(true).await;
    let info = &e.info.providers["box"];
    let browser = Browser::default();
    run(
        &at_emulator(cloudpick_tests::real_oauth("box"), info),
        &registration(info, None),
        &browser.present(),
        Duration::from_secs(20),
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    let sent = browser.opened.lock().unwrap()[0].clone();
    let redirect = url::Url::parse(&sent)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .unwrap()
        .1
        .into_owned();
    let again = reqwest::get(format!("{redirect}?code=replayed&state=x")).await;
    assert!(
        again.unwrap_err().is_connect(),
        "the listener is closed after the one callback"
    );
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_refused() {
    let e = cloudpick_tests::emulator(true).await;
    let info = &e.info.providers["dropbox"];
    let provider = at_emulator(cloudpick_tests::real_oauth("dropbox"), info);
    let app = registration(info, None);
    let redirect = info.redirect_uri.clone();
    let (url, _, verifier) = authorize_url(&provider, &app, &redirect).unwrap();
    let to = no_redirects().get(&url).send().await.unwrap();
    let callback = url::Url::parse(to.headers()["location"].to_str().unwrap()).unwrap();
    let code = callback
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let http = token_http_client().unwrap();
    let wrong = Some("w".repeat(50));
    assert_ne!(wrong, verifier);
    let err = exchange(&provider, &app, &http, &redirect, &code, wrong)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert!(
        err.message().contains("refused the sign-in code"),
        "{}",
        err.message()
    );
}

#[tokio::test]
async fn says_when_consent_is_denied() {
    let e = cloudpick_tests::emulator(false).await;
    let err = onedrive_with(
        &e,
        |url| {
            tokio::spawn(async move {
                let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
                assert!(page.contains("Allow") && page.contains("Deny"));
                let request = page
                    .split("name=\"request\" value=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap()
                    .to_owned();
                let decide = url::Url::parse(&url).unwrap().join("decide").unwrap();
                reqwest::Client::new()
                    .post(decide)
                    .form(&[("request", request.as_str()), ("decision", "deny")])
                    .send()
                    .await
                    .unwrap();
            });
        },
        Duration::from_secs(20),
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert!(err.message().contains("did not allow"), "{}", err.message());
}

#[tokio::test]
async fn gives_up_after_the_timeout_and_on_cancel() {
    let e = cloudpick_tests::emulator(true).await;
    let err = onedrive_with(
        &e,
        |_| {},
        Duration::from_millis(300),
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(
        err.message().contains("No answer came back"),
        "{}",
        err.message()
    );

    let cancel = CancellationToken::new();
    let later = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        later.cancel();
    });
    let err = onedrive_with(&e, |_| {}, Duration::from_secs(60), &cancel).await;
    assert_eq!(err.message(), "Connecting was cancelled");
}

#[tokio::test]
async fn names_the_port_when_it_is_taken() {
    let e = cloudpick_tests::emulator(true).await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let info = &e.info.providers["onedrive"];
    let err = run(
        &at_emulator(cloudpick_tests::real_oauth("onedrive"), info),
        &registration(info, Some(port)),
        &|_: &str| {},
        Duration::from_secs(5),
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(
        err.message().contains(&format!("Port {port} is in use")),
        "{}",
        err.message()
    );
}

#[tokio::test]
async fn says_when_the_client_secret_is_wrong() {
    let e = cloudpick_tests::emulator(true).await;
    let info = &e.info.providers["box"];
    let browser = Browser::default();
    let app = AppRegistration {
        client_secret: Some(Secret::new("not-the-secret")),
        ..registration(info, None)
    };
    let err = run(
        &at_emulator(cloudpick_tests::real_oauth("box"), info),
        &app,
        &browser.present(),
        Duration::from_secs(20),
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(
        err.message()
            .contains("did not accept the app's client id or secret"),
        "{}",
        err.message()
    );
    assert!(
        !err.message().contains("not-the-secret"),
        "no secret in a message"
    );
}

/// A provider that does not know the client id shows an error page and never
/// comes back: Cloudpick finds out first and says so, without opening it.
#[tokio::test]
async fn names_a_wrong_client_id_without_opening_the_browser() {
    let e = cloudpick_tests::emulator(true).await;
    for (name, real) in [
        ("dropbox", cloudpick_tests::real_oauth("dropbox")),
        ("onedrive", cloudpick_tests::real_oauth("onedrive")),
        ("box", cloudpick_tests::real_oauth("box")),
    ] {
        let info = &e.info.providers[name];
        let browser = Browser::default();
        let app = AppRegistration {
            client_id: "not-our-app".into(),
            ..registration(info, None)
        };
        let started = std::time::Instant::now();
        let err = run(
            &at_emulator(real, info),
            &app,
            &browser.present(),
            Duration::from_secs(20),
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}");
        assert!(
            err.message()
                .contains("does not know the client id \"not-our-app\""),
            "{name}: {}",
            err.message()
        );
        assert!(
            browser.opened.lock().unwrap().is_empty(),
            "{name}: no browser"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{name}: no wait for the timeout"
        );
    }
}
