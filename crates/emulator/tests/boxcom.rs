//! Box: OAuth with a client secret and single-use refresh tokens, marker
//! paging, multipart uploads, chunked sessions with part digests and a commit
//! that answers 202 first, the download redirect, shared links, thumbnails.

use base64::Engine;
use cloudpick_emulator::hashes::{of as digest, HashKind};
use cloudpick_emulator::{start, Config, Running};
use serde_json::{json, Value};

struct Api {
    emulator: Running,
    token: String,
    http: reqwest::Client,
}

impl Api {
    async fn new(seed: &std::path::Path) -> Api {
        let config = Config {
            seed: Some(seed.to_path_buf()),
            auto_approve: true,
            ..Config::default()
        };
        let emulator = start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let token = emulator.boxcom.oauth.issue_tokens().access_token;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Api {
            emulator,
            token,
            http,
        }
    }

    fn url(&self, host: &str, path: &str) -> String {
        format!(
            "{}{path}",
            self.emulator.info.providers["box"].base_urls[host]
        )
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(self.url("api", path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn sha1_b64(bytes: &[u8]) -> String {
    let hex = digest(HashKind::Sha1, bytes);
    let raw: Vec<u8> = (0..20)
        .map(|i| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).unwrap())
        .collect();
    base64::engine::general_purpose::STANDARD.encode(raw)
}

impl Api {
    /// Box's authorize endpoint, auto-approved, from a loopback port of the
    /// app's choosing: the status and the code in the redirect.
    async fn authorize(&self, state: &str) -> (u16, String) {
        let info = &self.emulator.info.providers["box"];
        let reply = self
            .http
            .get(&info.authorize_url)
            .query(&[
                ("client_id", info.client_id.as_str()),
                ("response_type", "code"),
                ("redirect_uri", "http://127.0.0.1:49200/callback"),
                ("state", state),
            ])
            .send()
            .await
            .unwrap();
        let location = url::Url::parse(reply.headers()["location"].to_str().unwrap()).unwrap();
        let code = location
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned();
        (reply.status().as_u16(), code)
    }
}

fn seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("Projects")).unwrap();
    for name in ["plan.docx", "budget.xlsx", "notes.md"] {
        std::fs::write(dir.path().join("Projects").join(name), name.as_bytes()).unwrap();
    }
    let image = image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([x as u8, 80, 160]));
    image.save(dir.path().join("logo.png")).unwrap();
    dir
}

#[tokio::test]
async fn oauth_needs_the_secret_and_refresh_tokens_are_single_use() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let info = &api.emulator.info.providers["box"];
    let (status, code) = api.authorize("s1").await;
    assert_eq!(
        status, 302,
        "any loopback port, auto-approved: 302 Found, as Box answers"
    );
    let without_secret = api
        .http
        .post(&info.token_url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", "http://127.0.0.1:49200/callback"),
            ("client_id", info.client_id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        without_secret.status(),
        401,
        "Box requires the client secret"
    );

    // Box's token request has no redirect_uri (`PostOAuth2Token`): box-sdk-gen never sends one.
    assert!(
        info.token_url.ends_with("/box/api/oauth2/token"),
        "{{api}}/oauth2/token, where the SDK derives it"
    );
    let (_, code) = api.authorize("s2").await;
    let exchanged = api
        .http
        .post(&info.token_url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", info.client_id.as_str()),
            ("client_secret", info.client_secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(exchanged.status(), 200, "no redirect_uri needed");
    let reply: serde_json::Value = exchanged.json().await.unwrap();
    assert_eq!(reply["token_type"], "bearer");
    assert_eq!(reply["restricted_to"], serde_json::json!([]));
    assert_eq!(
        reply["issued_token_type"],
        "urn:ietf:params:oauth:token-type:access_token"
    );

    let tokens = api.emulator.boxcom.oauth.issue_tokens();
    let refresh = |token: String| {
        let http = api.http.clone();
        let url = info.token_url.clone();
        let (id, secret) = (info.client_id.clone(), info.client_secret.clone());
        async move {
            http.post(url)
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", token.as_str()),
                    ("client_id", id.as_str()),
                    ("client_secret", secret.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let first: Value = refresh(tokens.refresh_token.clone().unwrap())
        .await
        .json()
        .await
        .unwrap();
    let rotated = first["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rotated, tokens.refresh_token.clone().unwrap());
    assert_eq!(
        refresh(tokens.refresh_token.unwrap()).await.status(),
        400,
        "the old refresh token is spent"
    );
    assert_eq!(refresh(rotated).await.status(), 200);
}

#[tokio::test]
async fn lists_by_marker_and_names_conflicts() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (_, root) = api.get("/folders/0/items?limit=10").await;
    let projects = root["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Projects")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut names = Vec::new();
    let mut marker = String::new();
    loop {
        let (status, page) = api
            .get(&format!(
                "/folders/{projects}/items?limit=1&usemarker=true&marker={marker}"
            ))
            .await;
        assert_eq!(status, 200);
        names.push(page["entries"][0]["name"].as_str().unwrap().to_owned());
        match page["next_marker"].as_str() {
            Some(next) => marker = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(names, ["budget.xlsx", "notes.md", "plan.docx"]);

    // box-sdk-gen writes Python's booleans: `usemarker=True` is marker paging too.
    let (status, page) = api
        .get(&format!("/folders/{projects}/items?limit=1&usemarker=True"))
        .await;
    assert_eq!(status, 200);
    assert!(page["next_marker"].is_string(), "marker paging: {page}");
    assert!(
        page.get("total_count").is_none(),
        "marker pages carry no total_count"
    );
    let (status, refused) = api
        .get(&format!("/folders/{projects}/items?usemarker=maybe"))
        .await;
    assert_eq!(status, 400);
    assert_eq!(refused["code"], "bad_request");

    let conflict = api
        .http
        .post(api.url("api", "/folders"))
        .bearer_auth(&api.token)
        .json(&json!({"name": "projects", "parent": {"id": "0"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(conflict.status(), 409);
    let body: Value = conflict.json().await.unwrap();
    assert_eq!(body["code"], "item_name_in_use");
    assert_eq!(body["context_info"]["conflicts"][0]["id"], projects);
}

#[tokio::test]
async fn multipart_uploads_need_attributes_first_and_downloads_redirect() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let form = reqwest::multipart::Form::new()
        .text(
            "attributes",
            json!({"name": "hello.txt", "parent": {"id": "0"}}).to_string(),
        )
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"hello box".to_vec()).file_name("hello.txt"),
        );
    let r = api
        .http
        .post(api.url("upload", "/files/content"))
        .bearer_auth(&api.token)
        .header("Content-MD5", digest(HashKind::Sha1, b"hello box"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let file = &created["entries"][0];
    assert_eq!(file["sha1"], digest(HashKind::Sha1, b"hello box"));

    let wrong_order = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.txt"),
        )
        .text(
            "attributes",
            json!({"name": "x.txt", "parent": {"id": "0"}}).to_string(),
        );
    let r = api
        .http
        .post(api.url("upload", "/files/content"))
        .bearer_auth(&api.token)
        .multipart(wrong_order)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    let r = api
        .http
        .get(api.url(
            "api",
            &format!("/files/{}/content", file["id"].as_str().unwrap()),
        ))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&api.emulator.info.providers["box"].base_urls["download"]));
    let ranged = api
        .http
        .get(location)
        .header("Range", "bytes=6-")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.bytes().await.unwrap().as_ref(), b"box");
}

#[tokio::test]
async fn chunked_sessions_check_every_part_and_commit_after_a_202() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let size = 20_000_000usize;
    let data: Vec<u8> = (0..size).map(|i| (i % 241) as u8).collect();
    let r = api
        .http
        .post(api.url("upload", "/files/upload_sessions"))
        .bearer_auth(&api.token)
        .json(&json!({"folder_id": "0", "file_size": size, "file_name": "video.mp4"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let session: Value = r.json().await.unwrap();
    let part_size = session["part_size"].as_u64().unwrap() as usize;
    assert_eq!(session["total_parts"], size.div_ceil(part_size));
    let upload_url = session["session_endpoints"]["upload_part"]
        .as_str()
        .unwrap()
        .to_owned();

    let put = |start: usize, end: usize, digest_of: &[u8]| {
        let body = data[start..end].to_vec();
        api.http
            .put(&upload_url)
            .bearer_auth(&api.token)
            .header("Digest", format!("sha={}", sha1_b64(digest_of)))
            .header(
                "Content-Range",
                format!("bytes {}-{}/{size}", start, end - 1),
            )
            .body(body)
            .send()
    };
    let bad_digest = put(0, part_size, b"something else").await.unwrap();
    assert_eq!(bad_digest.status(), 412);
    let short = put(0, 1000, &data[..1000]).await.unwrap();
    assert_eq!(
        short.status(),
        416,
        "every part but the last is part_size long"
    );

    let mut parts = Vec::new();
    let mut start = 0;
    while start < size {
        let end = (start + part_size).min(size);
        let r = put(start, end, &data[start..end]).await.unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        parts.push(body["part"].clone());
        start = end;
    }
    let listed: Value = api
        .http
        .get(session["session_endpoints"]["list_parts"].as_str().unwrap())
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["entries"].as_array().unwrap().len(), parts.len());

    let commit = || {
        api.http
            .post(session["session_endpoints"]["commit"].as_str().unwrap())
            .bearer_auth(&api.token)
            .header("Digest", format!("sha={}", sha1_b64(&data)))
            .json(&json!({"parts": parts}))
            .send()
    };
    let first = commit().await.unwrap();
    assert_eq!(first.status(), 202);
    assert!(first.headers().contains_key("retry-after"));
    let second = commit().await.unwrap();
    assert_eq!(second.status(), 201);
    let file: Value = second.json().await.unwrap();
    assert_eq!(file["entries"][0]["size"], size);
    assert_eq!(file["entries"][0]["sha1"], digest(HashKind::Sha1, &data));
}

#[tokio::test]
async fn thumbnails_links_and_401s() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (_, root) = api.get("/folders/0/items").await;
    let logo = root["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "logo.png")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = api
        .http
        .get(api.url("api", &format!("/files/{logo}/thumbnail.png?min_width=64")))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    let thumb = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (64, 43));

    let shared: Value = api
        .http
        .put(api.url("api", &format!("/files/{logo}?fields=shared_link")))
        .bearer_auth(&api.token)
        .json(&json!({"shared_link": {"access": "open"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // `url` is the web page that shows the file; `download_url` its bytes.
    let page = api
        .http
        .get(shared["shared_link"]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("<h1>logo.png</h1>"));
    let link = shared["shared_link"]["download_url"].as_str().unwrap();
    assert!(link.ends_with(".png"), "{link}");
    let bytes = api
        .http
        .get(link)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        bytes.as_ref(),
        std::fs::read(dir.path().join("logo.png")).unwrap()
    );

    api.emulator.boxcom.oauth.revoke_everything();
    let r = api
        .http
        .get(api.url("api", "/users/me"))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));
}
