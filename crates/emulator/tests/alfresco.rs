//! Alfresco: Basic auth and tickets, paging with skipCount/maxItems, folders
//! and multipart uploads with autoRename, ranged content, search, renditions,
//! shared links and its error body.

use cloudpick_emulator::{alfresco::PASSWORD, start, Config, Running};
use serde_json::{json, Value};

struct Api {
    emulator: Running,
    http: reqwest::Client,
}

impl Api {
    async fn new(seed: &std::path::Path) -> Api {
        let config = Config {
            seed: Some(seed.to_path_buf()),
            ..Config::default()
        };
        let emulator = start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        Api {
            emulator,
            http: reqwest::Client::new(),
        }
    }

    fn core(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.emulator.info.providers["alfresco"].base_urls["core"]
        )
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(self.core(path))
            .basic_auth("demo", Some(PASSWORD))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("Contracts")).unwrap();
    for name in ["alpha.pdf", "beta.pdf", "gamma.pdf"] {
        std::fs::write(
            dir.path().join("Contracts").join(name),
            format!("contract {name}"),
        )
        .unwrap();
    }
    image::RgbImage::from_fn(400, 200, |_, y| image::Rgb([10, y as u8, 99]))
        .save(dir.path().join("diagram.png"))
        .unwrap();
    dir
}

#[tokio::test]
async fn tickets_log_in_and_out_and_bad_passwords_are_refused() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let auth = &api.emulator.info.providers["alfresco"].base_urls["auth"];
    let bad = api
        .http
        .post(format!("{auth}/tickets"))
        .json(&json!({"userId": "demo", "password": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 403);
    let r = api
        .http
        .post(format!("{auth}/tickets"))
        .json(&json!({"userId": "demo", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let ticket: Value = r.json().await.unwrap();
    let ticket = ticket["entry"]["id"].as_str().unwrap().to_owned();
    assert!(ticket.starts_with("TICKET_"));

    use base64::Engine;
    let as_basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(&ticket)
    );
    let me = api
        .http
        .get(api.core("/people/-me-"))
        .header("Authorization", &as_basic)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["entry"]["id"], "demo");

    let out = api
        .http
        .delete(format!("{auth}/tickets/-me-"))
        .header("Authorization", &as_basic)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = api
        .http
        .get(api.core("/people/-me-"))
        .header("Authorization", &as_basic)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
    let body: Value = after.json().await.unwrap();
    assert_eq!(body["error"]["statusCode"], 401);
    assert!(body["error"]["briefSummary"].is_string() && body["error"]["stackTrace"].is_string());
}

#[tokio::test]
async fn pages_children_of_my_home_and_includes_paths() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, home) = api.get("/nodes/-my-/children?include=path").await;
    assert_eq!(status, 200);
    let contracts = home["list"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entry"]["name"] == "Contracts")
        .unwrap()["entry"]
        .clone();
    assert_eq!(contracts["nodeType"], "cm:folder");
    assert_eq!(contracts["path"]["name"], "/Company Home/User Homes/demo");

    let id = contracts["id"].as_str().unwrap();
    let mut names = Vec::new();
    for skip in 0..3 {
        let (_, page) = api
            .get(&format!("/nodes/{id}/children?skipCount={skip}&maxItems=1"))
            .await;
        let pagination = &page["list"]["pagination"];
        assert_eq!(pagination["count"], 1);
        assert_eq!(pagination["totalItems"], 3);
        assert_eq!(pagination["hasMoreItems"], skip < 2);
        names.push(
            page["list"]["entries"][0]["entry"]["name"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(names, ["alpha.pdf", "beta.pdf", "gamma.pdf"]);
    assert_eq!(api.get("/nodes/-my-/children?maxItems=0").await.0, 400);
}

#[tokio::test]
async fn uploads_rename_on_request_and_content_serves_ranges() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let upload = |name: &str, bytes: &'static [u8], auto: bool| {
        let form = reqwest::multipart::Form::new()
            .part(
                "filedata",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            )
            .text("autoRename", auto.to_string());
        api.http
            .post(api.core("/nodes/-my-/children"))
            .basic_auth("demo", Some(PASSWORD))
            .multipart(form)
            .send()
    };
    let first = upload("memo.txt", b"first memo", false).await.unwrap();
    assert_eq!(first.status(), 201);
    let clash = upload("memo.txt", b"second", false).await.unwrap();
    assert_eq!(clash.status(), 409);
    let renamed: Value = upload("memo.txt", b"second", true)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["entry"]["name"], "memo-1.txt");
    assert_eq!(renamed["entry"]["content"]["sizeInBytes"], 6);
    let bad = upload("what?.txt", b"x", false).await.unwrap();
    assert_eq!(bad.status(), 422);

    let first: Value = first.json().await.unwrap();
    let id = first["entry"]["id"].as_str().unwrap();
    let r = api
        .http
        .get(api.core(&format!("/nodes/{id}/content")))
        .basic_auth("demo", Some(PASSWORD))
        .header("Range", "bytes=6-9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"memo");

    let folder = api
        .http
        .post(api.core("/nodes/-my-/children"))
        .basic_auth("demo", Some(PASSWORD))
        .json(&json!({"name": "Inbox", "nodeType": "cm:folder"}))
        .send()
        .await
        .unwrap();
    assert_eq!(folder.status(), 201);
}

#[tokio::test]
async fn search_renditions_and_shared_links() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let (status, found) = api.get("/queries/nodes?term=gamma").await;
    assert_eq!(status, 200);
    assert_eq!(found["list"]["entries"][0]["entry"]["name"], "gamma.pdf");
    assert_eq!(
        api.get("/queries/nodes?term=ab").await.0,
        400,
        "terms need three characters"
    );

    let (_, home) = api.get("/nodes/-my-/children").await;
    let diagram = home["list"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entry"]["name"] == "diagram.png")
        .unwrap()["entry"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = api
        .http
        .get(api.core(&format!("/nodes/{diagram}/renditions/doclib/content")))
        .basic_auth("demo", Some(PASSWORD))
        .send()
        .await
        .unwrap();
    let thumb = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (100, 50));

    let link: Value = api
        .http
        .post(api.core("/shared-links"))
        .basic_auth("demo", Some(PASSWORD))
        .json(&json!({"nodeId": diagram}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let public = api
        .http
        .get(api.core(&format!(
            "/shared-links/{}/content",
            link["entry"]["id"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 200, "no credentials needed");
    assert_eq!(
        public.bytes().await.unwrap().as_ref(),
        std::fs::read(dir.path().join("diagram.png")).unwrap()
    );
}
