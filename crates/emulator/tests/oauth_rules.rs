//! OAuth rules across providers: codes expire, Graph's refresh tokens rotate
//! and stay usable, and revocation (Dropbox, Box) ends a token's life.

use cloudpick_emulator::{start, Config};
use serde_json::Value;

async fn code_for(
    http: &reqwest::Client,
    info: &cloudpick_emulator::ProviderInfo,
    redirect: &str,
) -> String {
    let r = http
        .get(&info.authorize_url)
        .query(&[
            ("client_id", info.client_id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", redirect),
            ("state", "s"),
        ])
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn expired_codes_are_refused() {
    let emulator = start(
        Config {
            auto_approve: true,
            ..Config::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let info = &emulator.info.providers["box"];
    let http = client();
    let redirect = "http://127.0.0.1:5000/callback";
    let code = code_for(&http, info, redirect).await;
    let admin = format!("http://{}/__admin/box/expire-codes", emulator.info.addr);
    assert_eq!(http.post(admin).send().await.unwrap().status(), 204);
    let r = http
        .post(&info.token_url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect),
            ("client_id", info.client_id.as_str()),
            ("client_secret", info.client_secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("expired"));
}

#[tokio::test]
async fn graph_refresh_tokens_rotate() {
    let emulator = start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let info = &emulator.info.providers["onedrive"];
    let http = client();
    let first = emulator
        .onedrive
        .oauth
        .issue_tokens()
        .refresh_token
        .unwrap();
    let refresh = |token: String| {
        http.post(&info.token_url)
            .form(&[
                ("grant_type", "refresh_token".to_owned()),
                ("refresh_token", token),
                ("client_id", info.client_id.clone()),
            ])
            .send()
    };
    let reply: Value = refresh(first.clone()).await.unwrap().json().await.unwrap();
    let second = reply["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second, first, "a new refresh token on every refresh");
    let access = reply["access_token"].as_str().unwrap();
    let me = http
        .get(format!("{}/me", info.base_urls["api"]))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(refresh(second).await.unwrap().status(), 200);
}

#[tokio::test]
async fn revoked_tokens_stop_working() {
    let emulator = start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let http = client();

    let dropbox = &emulator.info.providers["dropbox"];
    let token = emulator.dropbox.oauth.issue_tokens().access_token;
    let revoke = http
        .post(dropbox.revoke_url.as_ref().unwrap())
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 200);
    let after = http
        .post(format!(
            "{}/users/get_current_account",
            dropbox.base_urls["api"]
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);

    let boxcom = &emulator.info.providers["box"];
    let pair = emulator.boxcom.oauth.issue_tokens();
    let revoke = http
        .post(boxcom.revoke_url.as_ref().unwrap())
        .form(&[
            ("token", pair.access_token.as_str()),
            ("client_id", boxcom.client_id.as_str()),
            ("client_secret", boxcom.client_secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 200);
    let after = http
        .get(format!("{}/users/me", boxcom.base_urls["api"]))
        .bearer_auth(&pair.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
}

/// The Microsoft identity platform on its login host: discovery for MSAL,
/// the tenant's v2.0 endpoints, and the reply's `scope` and `ext_expires_in`.
#[tokio::test]
async fn microsoft_login_host_has_discovery_and_v2_replies() {
    let emulator = start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let info = &emulator.info.providers["onedrive"];
    let http = client();
    let login = &info.base_urls["login"];
    let discovery: Value = http
        .get(format!(
            "{login}/consumers/v2.0/.well-known/openid-configuration"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token_url = discovery["token_endpoint"].as_str().unwrap().to_owned();
    assert_eq!(token_url, format!("{login}/consumers/oauth2/v2.0/token"));
    let authorize = discovery["authorization_endpoint"].as_str().unwrap();

    let r = http
        .get(authorize)
        .query(&[
            ("client_id", info.client_id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", "http://localhost:8400/callback"),
            ("scope", "Files.ReadWrite offline_access User.Read"),
            (
                "code_challenge",
                cloudpick_emulator::oauth::s256(VERIFIER).as_str(),
            ),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the consent page");
    let code = {
        let page = r.text().await.unwrap();
        let request = page
            .split("name=\"request\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let decide = authorize.replace("/authorize", "/decide");
        let allowed = http
            .post(decide)
            .form(&[("request", request.as_str()), ("decision", "allow")])
            .send()
            .await
            .unwrap();
        assert_eq!(allowed.status(), 302);
        let location = url::Url::parse(allowed.headers()["location"].to_str().unwrap()).unwrap();
        location
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned()
    };
    let exchanged: Value = http
        .post(&token_url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", "http://localhost:8400/callback"),
            ("client_id", info.client_id.as_str()),
            ("code_verifier", VERIFIER),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(exchanged["token_type"], "Bearer");
    assert_eq!(
        exchanged["scope"],
        "Files.ReadWrite offline_access User.Read"
    );
    assert_eq!(exchanged["ext_expires_in"], exchanged["expires_in"]);
    let refreshed: Value = http
        .post(&token_url)
        .form(&[
            ("grant_type", "refresh_token"),
            (
                "refresh_token",
                exchanged["refresh_token"].as_str().unwrap(),
            ),
            ("client_id", info.client_id.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refreshed["token_type"], "Bearer");
    assert!(refreshed["scope"]
        .as_str()
        .unwrap()
        .contains("Files.ReadWrite"));
    assert_ne!(refreshed["refresh_token"], exchanged["refresh_token"]);
}

const VERIFIER: &str = "a-verifier-of-forty-three-characters-or-more-0123";
