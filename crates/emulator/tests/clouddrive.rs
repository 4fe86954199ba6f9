//! Amazon Cloud Drive (legacy): endpoint discovery, root query, children with
//! nextToken, multipart uploads with the MD5 in contentProperties, conflicts,
//! ranged downloads, trash, and the client secret on refresh.

use cloudpick_emulator::hashes::{of as digest, HashKind};
use cloudpick_emulator::{start, Config, Running};
use serde_json::{json, Value};

struct Api {
    emulator: Running,
    token: String,
    http: reqwest::Client,
    meta: String,
    content: String,
}

impl Api {
    async fn new(seed: &std::path::Path) -> Api {
        let config = Config {
            seed: Some(seed.to_path_buf()),
            ..Config::default()
        };
        let emulator = start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let token = emulator.clouddrive.oauth.issue_tokens().access_token;
        let http = reqwest::Client::new();
        let discovery = &emulator.info.providers["clouddrive"].base_urls["discovery"];
        let endpoint: Value = http
            .get(format!("{discovery}/account/endpoint"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(endpoint["customerExists"], true);
        let meta = endpoint["metadataUrl"].as_str().unwrap().to_owned();
        let content = endpoint["contentUrl"].as_str().unwrap().to_owned();
        Api {
            emulator,
            token,
            http,
            meta,
            content,
        }
    }

    async fn get(&self, url: String) -> (u16, Value) {
        let r = self
            .http
            .get(url)
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("Pictures")).unwrap();
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("Pictures/p{i}.jpg")), vec![i; 10]).unwrap();
    }
    dir
}

#[tokio::test]
async fn discovers_lists_uploads_and_trashes() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    assert_ne!(
        api.meta, api.content,
        "metadata and content have their own URLs"
    );
    let (status, roots) = api
        .get(format!(
            "{}nodes?filters=kind:FOLDER AND isRoot:true",
            api.meta
        ))
        .await;
    assert_eq!(status, 200);
    let root = roots["data"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(roots["data"][0]["isRoot"], true);

    let (_, top) = api.get(format!("{}nodes/{root}/children", api.meta)).await;
    let pictures = top["data"][0]["id"].as_str().unwrap().to_owned();
    let (_, page) = api
        .get(format!("{}nodes/{pictures}/children?limit=2", api.meta))
        .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    let token = page["nextToken"].as_str().unwrap();
    let (_, rest) = api
        .get(format!(
            "{}nodes/{pictures}/children?limit=2&startToken={token}",
            api.meta
        ))
        .await;
    assert_eq!(rest["data"][0]["name"], "p2.jpg");
    assert!(rest.get("nextToken").is_none());

    let upload = |name: &str| {
        let form = reqwest::multipart::Form::new()
            .text(
                "metadata",
                json!({"name": name, "kind": "FILE", "parents": [root]}).to_string(),
            )
            .part(
                "content",
                reqwest::multipart::Part::bytes(b"cloud drive bytes".to_vec())
                    .file_name(name.to_owned()),
            );
        api.http
            .post(format!("{}nodes?suppress=deduplication", api.content))
            .bearer_auth(&api.token)
            .multipart(form)
            .send()
    };
    let created = upload("doc.txt").await.unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        created["contentProperties"]["md5"],
        digest(HashKind::Md5, b"cloud drive bytes")
    );
    let clash = upload("doc.txt").await.unwrap();
    assert_eq!(clash.status(), 409);
    let body: Value = clash.json().await.unwrap();
    assert_eq!(body["code"], "NAME_ALREADY_EXISTS");
    assert_eq!(body["info"]["nodeId"], created["id"]);

    let id = created["id"].as_str().unwrap();
    let part = api
        .http
        .get(format!("{}nodes/{id}/content", api.content))
        .bearer_auth(&api.token)
        .header("Range", "bytes=6-10")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap().as_ref(), b"drive");

    let trashed: Value = api
        .http
        .put(format!("{}trash/{id}", api.meta))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(trashed["status"], "TRASH");
    assert_eq!(api.get(format!("{}nodes/{id}", api.meta)).await.0, 404);
}

#[tokio::test]
async fn refresh_needs_the_client_secret() {
    let dir = seed();
    let api = Api::new(dir.path()).await;
    let info = &api.emulator.info.providers["clouddrive"];
    let refresh = api
        .emulator
        .clouddrive
        .oauth
        .issue_tokens()
        .refresh_token
        .unwrap();
    let without = api
        .http
        .post(&info.token_url)
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("client_id", info.client_id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 401);
    let with = api
        .http
        .post(&info.token_url)
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("client_id", info.client_id.as_str()),
            ("client_secret", info.client_secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 200);
}
