//! Dropbox's OAuth rules: consent page, PKCE, exact redirect URIs, single-use
//! codes, refresh tokens that do not rotate.

use cloudpick_emulator::{oauth::s256, start, Config};
use reqwest::redirect::Policy;
use std::collections::HashMap;

const VERIFIER: &str = "a-long-enough-pkce-verifier-0123456789-abcdefghijkl";

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

fn query_of(location: &str) -> HashMap<String, String> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

async fn consent(
    authorize: &str,
    client_id: &str,
    redirect: &str,
    challenge: &str,
) -> (String, String) {
    let page = client()
        .get(authorize)
        .query(&[
            ("client_id", client_id),
            ("response_type", "code"),
            ("redirect_uri", redirect),
            ("state", "st4te"),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let request = html
        .split("name=\"request\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    (html, request)
}

#[tokio::test]
async fn the_full_flow_with_pkce_and_its_refusals() {
    let emulator = start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let info = &emulator.info.providers["dropbox"];
    let decide = info.authorize_url.replace("/authorize", "/decide");
    let redirect = info.redirect_uri.clone();

    let (html, request) = consent(
        &info.authorize_url,
        &info.client_id,
        &redirect,
        &s256(VERIFIER),
    )
    .await;
    assert!(
        html.contains("Cloudpick (demo)") && html.contains("files.content.read"),
        "the consent page names the app and scopes"
    );
    let allowed = client()
        .post(&decide)
        .form(&[("request", request.as_str()), ("decision", "allow")])
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 302, "302 Found, as Dropbox answers");
    let back = query_of(allowed.headers()["location"].to_str().unwrap());
    assert_eq!(back["state"], "st4te");
    let code = back["code"].clone();

    let exchange = |verifier: &'static str, code: String| {
        let token_url = info.token_url.clone();
        let client_id = info.client_id.clone();
        let redirect = redirect.clone();
        async move {
            client()
                .post(token_url)
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("redirect_uri", redirect.as_str()),
                    ("client_id", client_id.as_str()),
                    ("code_verifier", verifier),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let wrong = exchange(
        "the-wrong-verifier-the-wrong-verifier-the-wrong-verifier",
        code.clone(),
    )
    .await;
    assert_eq!(wrong.status(), 400);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");

    // A code is single-use: the refused attempt above used it up, as Dropbox does.
    let again = exchange(VERIFIER, code).await;
    assert_eq!(again.status(), 400);

    let (_, request) = consent(
        &info.authorize_url,
        &info.client_id,
        &redirect,
        &s256(VERIFIER),
    )
    .await;
    let allowed = client()
        .post(&decide)
        .form(&[("request", request.as_str()), ("decision", "allow")])
        .send()
        .await
        .unwrap();
    let code = query_of(allowed.headers()["location"].to_str().unwrap())["code"].clone();
    let tokens: serde_json::Value = exchange(VERIFIER, code).await.json().await.unwrap();
    // Where the SDK looks for it: api.dropboxapi.com/oauth2/token.
    assert!(info.token_url.ends_with("/dropbox/api/oauth2/token"));
    assert!(info
        .authorize_url
        .ends_with("/dropbox/www/oauth2/authorize"));
    // Dropbox's reply, as the Python SDK's `DropboxOAuth2Flow.finish` reads it.
    assert_eq!(tokens["token_type"], "bearer");
    let account_id = tokens["account_id"].as_str().unwrap().to_owned();
    assert_eq!(
        account_id.len(),
        40,
        "AccountId is exactly 40 characters (users_common.stone)"
    );
    assert!(tokens["uid"].as_str().is_some_and(|u| !u.is_empty()));
    assert!(tokens["scope"]
        .as_str()
        .unwrap()
        .split(' ')
        .any(|s| s == "files.content.read"));
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();

    let account = client()
        .post(format!(
            "{}/users/get_current_account",
            info.base_urls["api"]
        ))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), 200);
    let account: serde_json::Value = account.json().await.unwrap();
    assert_eq!(account["account_id"], account_id.as_str());

    let refreshed: serde_json::Value = client()
        .post(&info.token_url)
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("client_id", info.client_id.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(refreshed["access_token"].as_str().is_some());
    assert!(
        refreshed.get("refresh_token").is_none(),
        "Dropbox refresh tokens do not rotate"
    );
}

#[tokio::test]
async fn deny_wrong_port_and_unknown_client_are_refused() {
    let emulator = start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let info = &emulator.info.providers["dropbox"];
    let decide = info.authorize_url.replace("/authorize", "/decide");

    let (_, request) = consent(
        &info.authorize_url,
        &info.client_id,
        &info.redirect_uri,
        &s256(VERIFIER),
    )
    .await;
    let denied = client()
        .post(&decide)
        .form(&[("request", request.as_str()), ("decision", "deny")])
        .send()
        .await
        .unwrap();
    let back = query_of(denied.headers()["location"].to_str().unwrap());
    assert_eq!(back["error"], "access_denied");
    assert_eq!(back["state"], "st4te");

    let other_port = info.redirect_uri.replace("53682", "53683");
    let page = client()
        .get(&info.authorize_url)
        .query(&[
            ("client_id", info.client_id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", other_port.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        400,
        "Dropbox matches redirect URIs exactly, port included"
    );
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("redirect_uri does not match"));

    let page = client()
        .get(&info.authorize_url)
        .query(&[
            ("client_id", "someone-else"),
            ("response_type", "code"),
            ("redirect_uri", info.redirect_uri.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
}
