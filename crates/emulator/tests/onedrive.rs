//! Microsoft Graph (OneDrive): addressing, paging, the download and upload
//! hosts, upload-session fragment rules, thumbnails, links, copy, quota.

use cloudpick_emulator::faults::{Fault, FaultRule};
use cloudpick_emulator::hashes::{of as digest, HashKind};
use cloudpick_emulator::{start, Config, Running};
use serde_json::{json, Value};

struct Api {
    emulator: Running,
    token: String,
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn new(seed: &std::path::Path) -> Api {
        let config = Config {
            seed: Some(seed.to_path_buf()),
            ..Config::default()
        };
        let emulator = start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let token = emulator.onedrive.oauth.issue_tokens().access_token;
        let base = emulator.info.providers["onedrive"].base_urls["api"].clone();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Api {
            emulator,
            token,
            http,
            base,
        }
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn put_bytes(&self, path: &str, bytes: Vec<u8>) -> (u16, Value) {
        let r = self
            .http
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("Documents/Tax 2024")).unwrap();
    std::fs::write(
        dir.path().join("Documents/Tax 2024/return.pdf"),
        b"%PDF-1.7 return",
    )
    .unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(dir.path().join("Documents").join(name), name.as_bytes()).unwrap();
    }
    let image = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    image.save(dir.path().join("photo.png")).unwrap();
    dir
}

#[tokio::test]
async fn pages_with_top_and_next_link_and_addresses_by_path() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, docs) = api.get("/me/drive/root:/Documents:").await;
    assert_eq!(status, 200);
    assert_eq!(docs["folder"]["childCount"], 4);
    assert_eq!(docs["parentReference"]["path"], "/drive/root:");

    let (_, mut page) = api
        .get(&format!(
            "/me/drive/items/{}/children?$top=1",
            docs["id"].as_str().unwrap()
        ))
        .await;
    let mut names = Vec::new();
    loop {
        assert_eq!(page["value"].as_array().unwrap().len(), 1);
        names.push(page["value"][0]["name"].as_str().unwrap().to_owned());
        let Some(next) = page["@odata.nextLink"].as_str() else {
            break;
        };
        let r = api
            .http
            .get(next)
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        page = r.json().await.unwrap();
    }
    assert_eq!(names, ["a.txt", "b.txt", "c.txt", "Tax 2024"]);

    let (status, ret) = api
        .get("/me/drive/root:/Documents/Tax%202024/return.pdf:")
        .await;
    assert_eq!(status, 200);
    assert_eq!(ret["file"]["mimeType"], "application/pdf");
    assert_eq!(
        ret["file"]["hashes"]["quickXorHash"],
        digest(HashKind::QuickXor, b"%PDF-1.7 return")
    );
    assert_eq!(
        ret["parentReference"]["path"],
        "/drive/root:/Documents/Tax 2024"
    );

    let (status, err) = api.get("/me/drive/root:/Nope:").await;
    assert_eq!(status, 404);
    assert_eq!(err["error"]["code"], "itemNotFound");
}

#[tokio::test]
async fn content_redirects_to_a_download_host_that_serves_ranges() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (_, item) = api
        .get("/me/drive/root:/Documents/Tax%202024/return.pdf:")
        .await;
    let r = api
        .http
        .get(format!(
            "{}/me/drive/items/{}/content",
            api.base,
            item["id"].as_str().unwrap()
        ))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302, "302 Found, as Graph answers");
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(!location.starts_with(&api.base), "a separate host");
    let ranged = api
        .http
        .get(&location)
        .header("Range", "bytes=9-14")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ranged.status(),
        206,
        "pre-authenticated: no Authorization sent"
    );
    assert_eq!(ranged.bytes().await.unwrap().as_ref(), b"return");
}

#[tokio::test]
async fn simple_uploads_replace_by_default_and_rename_with_a_number() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, _) = api
        .put_bytes(
            "/me/drive/root:/Documents/a.txt:/content",
            b"new a".to_vec(),
        )
        .await;
    assert_eq!(status, 200, "replaced");
    let (status, renamed) = api
        .put_bytes(
            "/me/drive/root:/Documents/a.txt:/content?@microsoft.graph.conflictBehavior=rename",
            b"x".to_vec(),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(renamed["name"], "a 1.txt");
    let (status, err) = api
        .put_bytes(
            "/me/drive/root:/Documents/a.txt:/content?@microsoft.graph.conflictBehavior=fail",
            b"x".to_vec(),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(err["error"]["code"], "nameAlreadyExists");
}

#[tokio::test]
async fn upload_sessions_take_320_kib_fragments_in_order() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let data: Vec<u8> = (0..1_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let (status, session) = api
        .send(
            reqwest::Method::POST,
            "/me/drive/root:/Big/data.bin:/createUploadSession",
            json!({"item": {"@microsoft.graph.conflictBehavior": "fail"}}),
        )
        .await;
    assert_eq!(status, 404, "the parent folder must exist");
    api.send(
        reqwest::Method::POST,
        "/me/drive/root/children",
        json!({"name": "Big", "folder": {}}),
    )
    .await;
    let (status, session) = if status == 404 {
        api.send(
            reqwest::Method::POST,
            "/me/drive/root:/Big/data.bin:/createUploadSession",
            json!({}),
        )
        .await
    } else {
        (status, session)
    };
    assert_eq!(status, 200);
    assert_eq!(session["nextExpectedRanges"], json!(["0-"]));
    let url = session["uploadUrl"].as_str().unwrap().to_owned();
    let put = |start: usize, end: usize| {
        let body = data[start..end].to_vec();
        let range = format!("bytes {}-{}/{}", start, end - 1, data.len());
        let client = api.http.clone();
        let url = url.clone();
        async move {
            client
                .put(url)
                .header("Content-Range", range)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let odd = put(0, 100_000).await;
    assert_eq!(odd.status(), 400, "not a multiple of 320 KiB");
    let first = put(0, 327_680).await;
    assert_eq!(first.status(), 202);
    let status: Value = api
        .http
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["nextExpectedRanges"], json!(["327680-"]));
    let again = put(0, 327_680).await;
    assert_eq!(again.status(), 416, "already received");
    let done = put(327_680, data.len()).await;
    assert_eq!(done.status(), 201);
    let item: Value = done.json().await.unwrap();
    assert_eq!(item["size"], 1_000_000);
    assert_eq!(
        item["file"]["hashes"]["quickXorHash"],
        digest(HashKind::QuickXor, &data)
    );
}

#[tokio::test]
async fn thumbnails_are_real_scaled_images() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (_, item) = api.get("/me/drive/root:/photo.png:").await;
    let (status, sets) = api
        .get(&format!(
            "/me/drive/items/{}/thumbnails",
            item["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200);
    let url = sets["value"][0]["small"]["url"].as_str().unwrap();
    let bytes = api
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let thumb = image::load_from_memory(&bytes).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (96, 72));
    let (_, none) = api.get("/me/drive/root:/Documents/a.txt:/thumbnails").await;
    assert_eq!(none["value"], json!([]));
}

#[tokio::test]
async fn links_copies_and_a_full_drive() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (_, item) = api.get("/me/drive/root:/Documents/b.txt:").await;
    let id = item["id"].as_str().unwrap();
    let (status, link) = api
        .send(
            reqwest::Method::POST,
            &format!("/me/drive/items/{id}/createLink"),
            json!({"type": "view", "scope": "anonymous"}),
        )
        .await;
    assert_eq!(status, 200);
    let shared = api
        .http
        .get(link["link"]["webUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(shared.bytes().await.unwrap().as_ref(), b"b.txt");

    let r = api
        .http
        .post(format!("{}/me/drive/items/{id}/copy", api.base))
        .bearer_auth(&api.token)
        .json(&json!({"name": "b copy.txt"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let monitor: Value = api
        .http
        .get(r.headers()["location"].to_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(monitor["status"], "completed");
    let (status, _) = api.get("/me/drive/root:/Documents/b copy.txt:").await;
    assert_eq!(status, 200);

    api.emulator
        .onedrive
        .store
        .lock()
        .unwrap()
        .set_quota(Some(100));
    let (status, err) = api
        .put_bytes("/me/drive/root:/big.bin:/content", vec![0; 5000])
        .await;
    assert_eq!(status, 507);
    assert_eq!(err["error"]["code"], "quotaLimitReached");
}

#[tokio::test]
async fn injected_faults_throttle_cut_and_expire() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    api.emulator.faults.add(FaultRule {
        path_contains: "/me/drive/root".into(),
        method: None,
        fault: Fault::Status {
            status: 429,
            retry_after: Some(3),
            body: None,
        },
        times: 2,
    });
    for _ in 0..2 {
        let r = api
            .http
            .get(format!("{}/me/drive/root", api.base))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "3");
    }
    let (status, _) = api.get("/me/drive/root").await;
    assert_eq!(status, 200, "the storm passes after the set count");

    let (_, item) = api.get("/me/drive/root:/photo.png:").await;
    api.emulator.faults.add(FaultRule {
        path_contains: "/graph-content/download/".into(),
        method: None,
        fault: Fault::CutResponse { after_bytes: 1000 },
        times: 1,
    });
    let response = api
        .http
        .get(item["@microsoft.graph.downloadUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert!(response.bytes().await.is_err(), "the body is cut mid-way");

    // Through the admin endpoint, as a script would.
    let admin = format!(
        "http://{}/__admin/onedrive/expire-tokens",
        api.emulator.info.addr
    );
    assert_eq!(api.http.post(admin).send().await.unwrap().status(), 204);
    let (status, err) = api.get("/me").await;
    assert_eq!(status, 401);
    assert_eq!(err["error"]["code"], "InvalidAuthenticationToken");
}

/// msgraph-sdk addresses everything by drive id: `/drives/{id}/items/{id}...`,
/// `root` as an item id, paths inside `items/root:/a/b:`, and a drive-wide search.
#[tokio::test]
async fn drives_by_id_address_items_as_the_sdk_does() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, drive) = api.get("/me/drive").await;
    assert_eq!(status, 200);
    let id = drive["id"].as_str().unwrap().to_owned();
    let drive_path = format!("/drives/{}", urlencode(&id));

    let (status, same) = api.get(&drive_path).await;
    assert_eq!((status, &same["id"]), (200, &drive["id"]));
    let (status, root) = api.get(&format!("{drive_path}/items/root/children")).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = root["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Documents", "photo.png"]);

    // The path the SDK escapes whole (`root%3A%2FDocuments%2Fa.txt%3A`).
    let (status, a) = api
        .get(&format!(
            "{drive_path}/items/root%3A%2FDocuments%2Fa.txt%3A"
        ))
        .await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["name"], "a.txt");
    let content = api
        .http
        .get(format!(
            "{}{drive_path}/items/{}/content",
            api.base,
            a["id"].as_str().unwrap()
        ))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(content.status(), 302);

    let (status, put) = api
        .put_bytes(
            &format!("{drive_path}/items/root:/Documents/Tax 2024/new.txt:/content"),
            b"new".to_vec(),
        )
        .await;
    assert_eq!(status, 201, "{put}");
    assert_eq!(
        put["parentReference"]["path"],
        "/drive/root:/Documents/Tax 2024"
    );

    let (status, found) = api.get(&format!("{drive_path}/search(q='return')")).await;
    assert_eq!(status, 200);
    assert_eq!(found["value"][0]["name"], "return.pdf");

    let (status, missing) = api.get("/drives/b!nosuchdrive/root").await;
    assert_eq!(status, 404);
    assert_eq!(missing["error"]["code"], "itemNotFound");
}

/// Every Graph error is JSON with `code`, `message` and `innerError`, even
/// for a URL Graph has no resource for.
#[tokio::test]
async fn unknown_routes_answer_graphs_json_error() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, body) = api.get("/me/nowhere").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "BadRequest");
    assert_eq!(
        body["error"]["message"],
        "Resource not found for the segment 'nowhere'."
    );
    assert!(body["error"]["innerError"]["request-id"].is_string());
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
