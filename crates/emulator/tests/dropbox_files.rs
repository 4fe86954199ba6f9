//! The Dropbox files API: listing with pagination, metadata, ranged
//! downloads, uploads with conflicts, upload sessions and their offset rule,
//! hashes computed from the stored bytes, and token errors.

use cloudpick_emulator::faults::{Fault, FaultRule};
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
            ..Config::default()
        };
        let emulator = start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let token = emulator.dropbox.oauth.issue_tokens().access_token;
        Api {
            emulator,
            token,
            http: reqwest::Client::new(),
        }
    }

    fn url(&self, host: &str, route: &str) -> String {
        format!(
            "{}/{route}",
            self.emulator.info.providers["dropbox"].base_urls[host]
        )
    }

    async fn rpc(&self, route: &str, arg: Value) -> (u16, Value) {
        let response = self
            .http
            .post(self.url("api", route))
            .bearer_auth(&self.token)
            .json(&arg)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn content(&self, route: &str, arg: Value, body: Vec<u8>) -> reqwest::Response {
        self.http
            .post(self.url("content", route))
            .bearer_auth(&self.token)
            .header("Dropbox-API-Arg", ascii_json(&arg))
            .header("Content-Type", "application/octet-stream")
            .body(body)
            .send()
            .await
            .unwrap()
    }
}

/// JSON with non-ASCII characters escaped, as HTTP headers need it.
fn ascii_json(value: &Value) -> String {
    value
        .to_string()
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            }
        })
        .collect()
}

fn seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("Photos")).unwrap();
    for i in 0..5 {
        std::fs::write(
            dir.path().join(format!("Photos/img{i}.jpg")),
            vec![i as u8; 1000 + i],
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("Résumé.pdf"), b"%PDF-1.4 resume").unwrap();
    dir
}

#[tokio::test]
async fn lists_page_by_page_down_to_a_page_size_of_one() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, first) = api
        .rpc("files/list_folder", json!({"path": "/Photos", "limit": 1}))
        .await;
    assert_eq!(status, 200);
    let mut names = vec![first["entries"][0]["name"].as_str().unwrap().to_owned()];
    let mut page = first;
    while page["has_more"] == true {
        let (status, next) = api
            .rpc(
                "files/list_folder/continue",
                json!({"cursor": page["cursor"]}),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(next["entries"].as_array().unwrap().len(), 1);
        names.push(next["entries"][0]["name"].as_str().unwrap().to_owned());
        page = next;
    }
    assert_eq!(
        names,
        ["img0.jpg", "img1.jpg", "img2.jpg", "img3.jpg", "img4.jpg"]
    );

    let (status, root) = api.rpc("files/list_folder", json!({"path": ""})).await;
    assert_eq!(status, 200);
    let entry = root["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[".tag"] == "file")
        .unwrap();
    assert_eq!(entry["name"], "Résumé.pdf");
    assert_eq!(entry["path_lower"], "/résumé.pdf");
    assert_eq!(
        entry["content_hash"],
        digest(HashKind::DropboxContent, b"%PDF-1.4 resume")
    );

    let (status, _) = api
        .rpc("files/list_folder", json!({"path": "", "limit": 0}))
        .await;
    assert_eq!(status, 400, "limit must be 1..2000");
    let (status, missing) = api.rpc("files/list_folder", json!({"path": "/Nope"})).await;
    assert_eq!(status, 409);
    assert_eq!(missing["error_summary"], "path/not_found/..");
}

#[tokio::test]
async fn downloads_whole_and_ranged_with_the_metadata_header() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let whole = api
        .content("files/download", json!({"path": "/Résumé.pdf"}), vec![])
        .await;
    assert_eq!(whole.status(), 200);
    let result: Value =
        serde_json::from_str(whole.headers()["dropbox-api-result"].to_str().unwrap()).unwrap();
    assert_eq!(
        result["name"], "Résumé.pdf",
        "non-ASCII escaped in the header, intact once parsed"
    );
    assert_eq!(whole.bytes().await.unwrap().as_ref(), b"%PDF-1.4 resume");

    let ranged = api
        .http
        .post(api.url("content", "files/download"))
        .bearer_auth(&api.token)
        .header(
            "Dropbox-API-Arg",
            ascii_json(&json!({"path": "/Résumé.pdf"})),
        )
        .header("Range", "bytes=4-7")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.status(), 206);
    assert_eq!(ranged.headers()["content-range"], "bytes 4-7/15");
    assert_eq!(ranged.bytes().await.unwrap().as_ref(), b"-1.4");
}

#[tokio::test]
async fn uploads_follow_add_autorename_and_overwrite() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let added = api
        .content(
            "files/upload",
            json!({"path": "/notes.txt", "mode": "add"}),
            b"one".to_vec(),
        )
        .await;
    assert_eq!(added.status(), 200);
    let conflict = api
        .content(
            "files/upload",
            json!({"path": "/notes.txt", "mode": "add"}),
            b"two".to_vec(),
        )
        .await;
    assert_eq!(conflict.status(), 409);
    let body: Value = conflict.json().await.unwrap();
    assert_eq!(body["error_summary"], "path/conflict/file/..");
    let renamed: Value = api
        .content(
            "files/upload",
            json!({"path": "/notes.txt", "mode": "add", "autorename": true}),
            b"two".to_vec(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["name"], "notes (1).txt");
    let replaced: Value = api
        .content(
            "files/upload",
            json!({"path": "/notes.txt", "mode": {".tag": "overwrite"}}),
            b"three".to_vec(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(replaced["size"], 5);
    assert_eq!(
        replaced["content_hash"],
        digest(HashKind::DropboxContent, b"three")
    );
}

#[tokio::test]
async fn upload_sessions_enforce_offsets_and_commit_the_whole_file() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    let start: Value = api
        .content(
            "files/upload_session/start",
            json!({}),
            data[..1_000_000].to_vec(),
        )
        .await
        .json()
        .await
        .unwrap();
    let session = start["session_id"].as_str().unwrap().to_owned();

    let wrong = api
        .content(
            "files/upload_session/append_v2",
            json!({"cursor": {"session_id": session, "offset": 5}}),
            data[5..10].to_vec(),
        )
        .await;
    assert_eq!(wrong.status(), 409);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"][".tag"], "incorrect_offset");
    assert_eq!(body["error"]["correct_offset"], 1_000_000);

    api.emulator.faults.add(FaultRule {
        path_contains: "upload_session/append_v2".into(),
        method: None,
        fault: Fault::CutRequest { after_bytes: 4096 },
        times: 1,
    });
    let cut = api
        .http
        .post(api.url("content", "files/upload_session/append_v2"))
        .bearer_auth(&api.token)
        .header(
            "Dropbox-API-Arg",
            ascii_json(&json!({"cursor": {"session_id": session, "offset": 1_000_000}})),
        )
        .body(data[1_000_000..2_000_000].to_vec())
        .send()
        .await;
    assert!(
        cut.is_err() || !cut.unwrap().status().is_success(),
        "the connection drops mid-upload"
    );

    // Nothing of the cut request counts: the session still expects 1,000,000.
    let ok = api
        .content(
            "files/upload_session/append_v2",
            json!({"cursor": {"session_id": session, "offset": 1_000_000}}),
            data[1_000_000..2_000_000].to_vec(),
        )
        .await;
    assert_eq!(ok.status(), 200);
    let finished: Value = api
        .content(
            "files/upload_session/finish",
            json!({"cursor": {"session_id": session, "offset": 2_000_000}, "commit": {"path": "/Big/data.bin", "mode": "add"}}),
            data[2_000_000..].to_vec(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        finished["path_display"], "/Big/data.bin",
        "missing parent folders are created: {finished}"
    );
    assert_eq!(finished["size"], 3_000_000);
    assert_eq!(
        finished["content_hash"],
        digest(HashKind::DropboxContent, &data)
    );

    let start: Value = api
        .content("files/upload_session/start", json!({}), data.clone())
        .await
        .json()
        .await
        .unwrap();
    let taken = api
        .content(
            "files/upload_session/finish",
            json!({"cursor": {"session_id": start["session_id"], "offset": 3_000_000}, "commit": {"path": "/Big/data.bin"}}),
            vec![],
        )
        .await;
    assert_eq!(taken.status(), 409);
    let body: Value = taken.json().await.unwrap();
    assert_eq!(body["error_summary"], "path/conflict/file/..");
}

#[tokio::test]
async fn expired_and_missing_tokens_get_dropboxs_401() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, _) = api.rpc("users/get_space_usage", Value::Null).await;
    assert_eq!(status, 200);
    api.emulator.dropbox.oauth.expire_access_tokens();
    let (status, body) = api.rpc("users/get_space_usage", Value::Null).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"][".tag"], "expired_access_token");
    let anonymous = api
        .http
        .post(api.url("api", "users/get_space_usage"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn shared_links_copies_and_thumbnails() {
    let dir = seed();
    image::RgbImage::from_pixel(320, 240, image::Rgb([0, 120, 255]))
        .save(dir.path().join("Photos/blue.png"))
        .unwrap();
    let api = Api::new(dir.path()).await;
    let (status, link) = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({"path": "/Résumé.pdf"}),
        )
        .await;
    assert_eq!(status, 200);
    let url = link["url"]
        .as_str()
        .unwrap()
        .trim_end_matches("?dl=0")
        .to_owned();
    let public = api.http.get(&url).send().await.unwrap();
    assert_eq!(
        public.bytes().await.unwrap().as_ref(),
        b"%PDF-1.4 resume",
        "the link serves the file without a token"
    );
    let (status, again) = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({"path": "/Résumé.pdf"}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(again["error"][".tag"], "shared_link_already_exists");
    assert_eq!(
        again["error"]["shared_link_already_exists"]["metadata"]["url"],
        link["url"]
    );

    let (status, copied) = api
        .rpc(
            "files/copy_v2",
            json!({"from_path": "/Résumé.pdf", "to_path": "/Archive/cv.pdf"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        copied["metadata"]["content_hash"],
        digest(HashKind::DropboxContent, b"%PDF-1.4 resume")
    );
    let (status, _) = api
        .rpc(
            "files/copy_v2",
            json!({"from_path": "/Résumé.pdf", "to_path": "/Archive/cv.pdf"}),
        )
        .await;
    assert_eq!(status, 409);

    let thumb = api
        .content(
            "files/get_thumbnail_v2",
            json!({"resource": {".tag": "path", "path": "/Photos/blue.png"}, "size": "w128h128"}),
            vec![],
        )
        .await;
    assert_eq!(thumb.status(), 200);
    let result: Value =
        serde_json::from_str(thumb.headers()["dropbox-api-result"].to_str().unwrap()).unwrap();
    assert_eq!(result["file_metadata"]["name"], "blue.png");
    let image = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((image.width(), image.height()), (128, 96));
    let text = api
        .content(
            "files/get_thumbnail_v2",
            json!({"resource": {".tag": "path", "path": "/Résumé.pdf"}}),
            vec![],
        )
        .await;
    assert_eq!(text.status(), 409);
}

#[tokio::test]
async fn throttling_in_the_body_slow_replies_and_a_full_drive_via_admin() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let admin = format!("http://{}/__admin", api.emulator.info.addr);
    let rule = json!({
        "path_contains": "/files/list_folder",
        "fault": {"kind": "status", "status": 429, "body": {"error_summary": "too_many_requests/..", "error": {".tag": "too_many_requests", "retry_after": 2}}},
        "times": 1
    });
    assert_eq!(
        api.http
            .post(format!("{admin}/faults"))
            .json(&rule)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let (status, body) = api.rpc("files/list_folder", json!({"path": ""})).await;
    assert_eq!(status, 429);
    assert_eq!(
        body["error"]["retry_after"], 2,
        "Dropbox puts the delay in the body"
    );

    let slow = json!({"path_contains": "/users/get_space_usage", "fault": {"kind": "delay", "millis": 600}});
    api.http
        .post(format!("{admin}/faults"))
        .json(&slow)
        .send()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let (status, _) = api.rpc("users/get_space_usage", Value::Null).await;
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(600),
        "the reply was held back"
    );

    let quota = api
        .http
        .post(format!("{admin}/dropbox/quota"))
        .json(&json!({"bytes": 10}))
        .send()
        .await
        .unwrap();
    assert_eq!(quota.status(), 204);
    let full = api
        .content("files/upload", json!({"path": "/big.bin"}), vec![1; 1000])
        .await;
    assert_eq!(full.status(), 409);
    let body: Value = full.json().await.unwrap();
    assert_eq!(body["error_summary"], "path/insufficient_space/..");
    api.http
        .delete(format!("{admin}/faults"))
        .send()
        .await
        .unwrap();
}

/// Dropbox's content hash, computed here from its published rule: SHA-256 of
/// each 4 MiB block, then SHA-256 of the digests, hex.
fn content_hash(data: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut overall = Sha256::new();
    for block in data.chunks(4 * 1024 * 1024) {
        overall.update(Sha256::digest(block));
    }
    overall
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `content_hash` in an upload call's argument covers the bytes of that call;
/// a mismatch is refused and nothing of the call is kept (`files.stone`).
#[tokio::test]
async fn content_hashes_are_checked_call_by_call() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let data: Vec<u8> = (0..5_000_000u32).map(|i| (i % 241) as u8).collect();
    let wrong_hash = content_hash(b"something else");

    let refused = api
        .content(
            "files/upload",
            json!({"path": "/hashed.bin", "content_hash": wrong_hash}),
            data.clone(),
        )
        .await;
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error_summary"], "content_hash_mismatch/..");
    let (status, _) = api
        .rpc("files/get_metadata", json!({"path": "/hashed.bin"}))
        .await;
    assert_eq!(status, 409, "nothing was stored");

    let malformed = api
        .content(
            "files/upload",
            json!({"path": "/hashed.bin", "content_hash": "abc"}),
            data.clone(),
        )
        .await;
    assert_eq!(malformed.status(), 400);
    assert!(malformed
        .text()
        .await
        .unwrap()
        .starts_with("Error in call to API function \"files/upload\""));

    let stored: Value = api
        .content(
            "files/upload",
            json!({"path": "/hashed.bin", "content_hash": content_hash(&data)}),
            data.clone(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["content_hash"], content_hash(&data));

    let (first, rest) = data.split_at(4_194_304);
    let (middle, last) = rest.split_at(500_000);
    let start: Value = api
        .content(
            "files/upload_session/start",
            json!({"content_hash": content_hash(first)}),
            first.to_vec(),
        )
        .await
        .json()
        .await
        .unwrap();
    let session = start["session_id"].as_str().unwrap().to_owned();
    let cursor = |offset: usize| json!({"session_id": session, "offset": offset});
    let bad_append = api
        .content(
            "files/upload_session/append_v2",
            json!({"cursor": cursor(first.len()), "content_hash": wrong_hash}),
            middle.to_vec(),
        )
        .await;
    assert_eq!(bad_append.status(), 409);
    let body: Value = bad_append.json().await.unwrap();
    assert_eq!(body["error"][".tag"], "content_hash_mismatch");
    // The refused bytes are not the session's: it still stands at the first chunk's end.
    let good_append = api
        .content(
            "files/upload_session/append_v2",
            json!({"cursor": cursor(first.len()), "content_hash": content_hash(middle)}),
            middle.to_vec(),
        )
        .await;
    assert_eq!(good_append.status(), 200);

    let commit = json!({"path": "/session.bin", "mode": "add"});
    let bad_finish = api
        .content(
            "files/upload_session/finish",
            json!({"cursor": cursor(first.len() + middle.len()), "commit": commit, "content_hash": wrong_hash}),
            last.to_vec(),
        )
        .await;
    assert_eq!(bad_finish.status(), 409);
    let body: Value = bad_finish.json().await.unwrap();
    assert_eq!(body["error_summary"], "content_hash_mismatch/..");
    // finish nests a lookup error under `lookup_failed` (`UploadSessionFinishError`).
    let wrong_offset = api
        .content(
            "files/upload_session/finish",
            json!({"cursor": cursor(7), "commit": commit}),
            last.to_vec(),
        )
        .await;
    let body: Value = wrong_offset.json().await.unwrap();
    assert_eq!(body["error_summary"], "lookup_failed/incorrect_offset/..");
    assert_eq!(
        body["error"]["lookup_failed"]["correct_offset"],
        first.len() + middle.len()
    );
    let finished: Value = api
        .content(
            "files/upload_session/finish",
            json!({"cursor": cursor(first.len() + middle.len()), "commit": commit, "content_hash": content_hash(last)}),
            last.to_vec(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(finished["content_hash"], content_hash(&data));
}
