//! Strict mode: requests the providers' specs do not allow are refused with
//! each provider's own error, and strict mode is on wherever the specs are.

use cloudpick_emulator::alfresco::PASSWORD;
use cloudpick_emulator::{specs, start, Config, Running};
use reqwest::header::CONTENT_TYPE;
use reqwest::RequestBuilder;
use serde_json::{json, Value};

struct Strict {
    emulator: Running,
    http: reqwest::Client,
}

/// A reply: status, `Content-Type` and body text.
struct Reply {
    status: u16,
    content_type: String,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

impl Strict {
    /// An emulator in strict mode, or `None` (the test skips) without the specs.
    async fn start() -> Option<Strict> {
        let Some(dir) = specs::dir() else {
            eprintln!(
                "SKIPPED: the providers' specs are not in ../shared/specs (set CLOUDPICK_SPECS)"
            );
            return None;
        };
        let config = Config {
            specs: Some(dir),
            ..Config::default()
        };
        let emulator = start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        assert!(emulator.info.strict);
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Some(Strict { emulator, http })
    }

    fn url(&self, provider: &str, base: &str, path: &str) -> String {
        format!(
            "{}{path}",
            self.emulator.info.providers[provider].base_urls[base]
        )
    }

    async fn send(&self, request: RequestBuilder) -> Reply {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = response.text().await.unwrap();
        Reply {
            status,
            content_type,
            text,
        }
    }

    fn dropbox(&self, route: &str) -> RequestBuilder {
        let token = self.emulator.dropbox.oauth.issue_tokens().access_token;
        self.http
            .post(self.url("dropbox", "api", &format!("/{route}")))
            .bearer_auth(token)
    }

    fn dropbox_content(&self, route: &str) -> RequestBuilder {
        let token = self.emulator.dropbox.oauth.issue_tokens().access_token;
        self.http
            .post(self.url("dropbox", "content", &format!("/{route}")))
            .bearer_auth(token)
    }

    fn boxcom(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        let token = self.emulator.boxcom.oauth.issue_tokens().access_token;
        self.http
            .request(method, self.url("box", "api", path))
            .bearer_auth(token)
    }

    fn graph(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        let token = self.emulator.onedrive.oauth.issue_tokens().access_token;
        self.http
            .request(method, self.url("onedrive", "api", path))
            .bearer_auth(token)
    }
}

#[tokio::test]
async fn strict_mode_is_on_wherever_the_specs_are() {
    let emulator = start(Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        emulator.info.strict,
        specs::dir().is_some(),
        "Config::default() must turn strict mode on when the specs are at {:?}",
        specs::dir()
    );
    let off = Config {
        specs: None,
        ..Config::default()
    };
    let lenient = start(off, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    assert!(!lenient.info.strict);
}

/// Dropbox's 400: plain text naming the route.
fn assert_dropbox_refusal(reply: &Reply, route: &str, reason: &str) {
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert!(
        reply.content_type.starts_with("text/plain"),
        "{}",
        reply.content_type
    );
    assert_eq!(
        reply.text,
        format!("Error in call to API function \"{route}\": {reason}")
    );
}

#[tokio::test]
async fn dropbox_refuses_what_its_stone_types_do_not_allow() {
    let Some(s) = Strict::start().await else {
        return;
    };
    let route = "files/list_folder";
    let reply = s
        .send(
            s.dropbox(route)
                .header(CONTENT_TYPE, "text/plain")
                .body("{\"path\":\"\"}"),
        )
        .await;
    assert_dropbox_refusal(
        &reply,
        route,
        "Bad HTTP \"Content-Type\" header: \"text/plain\".  Expecting one of \"application/json\", \"application/json; charset=utf-8\", \"text/plain; charset=dropbox-cors-hack\".",
    );
    for (arg, reason) in [
        (json!({"path": "", "foo": 1}), "request body: unknown field 'foo'"),
        (json!({}), "request body: missing required field 'path'"),
        (json!({"path": 7}), "request body: path: '7' expected to be a string, got integer"),
        (json!({"path": "", "limit": 0}), "request body: limit: 0 is not within range [1, 2000]"),
        (json!({"path": "", "limit": "10"}), "request body: limit: expected integer, got string"),
        (
            json!({"path": "relative"}),
            "request body: path: 'relative' did not match pattern '(/(.|[\\r\\n])*)?|id:.*|(ns:[0-9]+(/(.|[\\r\\n])*)?)'",
        ),
    ] {
        let reply = s.send(s.dropbox(route).json(&arg)).await;
        assert_dropbox_refusal(&reply, route, reason);
    }
    let reply = s
        .send(
            s.dropbox("files/create_folder_v2")
                .body("{\"path\": ")
                .header(CONTENT_TYPE, "application/json"),
        )
        .await;
    assert_dropbox_refusal(
        &reply,
        "files/create_folder_v2",
        "request body: could not decode input as JSON",
    );
    // A union member that is not one: `mode` is add | overwrite | update.
    let upload = "files/upload";
    let reply = s
        .send(
            s.dropbox_content(upload)
                .header(
                    "Dropbox-API-Arg",
                    json!({"path": "/a.txt", "mode": "append"}).to_string(),
                )
                .header(CONTENT_TYPE, "application/octet-stream")
                .body("abc"),
        )
        .await;
    assert_dropbox_refusal(
        &reply,
        upload,
        "HTTP header \"Dropbox-API-Arg\": mode: unknown tag 'append'",
    );
    let reply = s
        .send(
            s.dropbox_content(upload)
                .header("Dropbox-API-Arg", json!({"path": "/a.txt"}).to_string())
                .header(CONTENT_TYPE, "application/json")
                .body("abc"),
        )
        .await;
    assert_dropbox_refusal(
        &reply,
        upload,
        "Bad HTTP \"Content-Type\" header: \"application/json\".  Expecting one of \"application/octet-stream\", \"text/plain; charset=dropbox-cors-hack\".",
    );
    let reply = s.send(s.dropbox_content("files/download")).await;
    assert_dropbox_refusal(
        &reply,
        "files/download",
        "Must provide HTTP header \"Dropbox-API-Arg\" or URL parameter \"arg\".",
    );
    // What the spec allows passes: a Void route with no body, a union as an
    // object, an upload with the right type.
    let reply = s.send(s.dropbox("users/get_current_account")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = s
        .send(
            s.dropbox_content(upload)
                .header(
                    "Dropbox-API-Arg",
                    json!({"path": "/a.txt", "mode": {".tag": "overwrite"}}).to_string(),
                )
                .header(CONTENT_TYPE, "application/octet-stream")
                .body("abc"),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = s
        .send(s.dropbox(route).json(&json!({"path": "", "limit": 2000})))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = s
        .send(
            s.dropbox(route)
                .header(CONTENT_TYPE, "text/plain; charset=dropbox-cors-hack")
                .body(json!({"path": ""}).to_string()),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

/// Box's 400 `bad_request`, naming the parameter in `context_info`.
fn assert_box_refusal(reply: &Reply, name: &str) {
    assert_eq!(reply.status, 400, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["type"], "error", "{body}");
    assert_eq!(body["status"], 400);
    assert_eq!(body["code"], "bad_request");
    assert!(
        body["message"].is_string() && body["request_id"].is_string(),
        "{body}"
    );
    assert_eq!(body["context_info"]["errors"][0]["name"], name, "{body}");
}

#[tokio::test]
async fn box_refuses_mistyped_parameters_and_bodies_but_ignores_unknown_parameters() {
    use reqwest::Method;
    let Some(s) = Strict::start().await else {
        return;
    };
    for (query, name) in [
        ("limit=abc", "limit"),
        ("direction=UP", "direction"),
        ("sort=foo", "sort"),
        ("usemarker=maybe", "usemarker"),
    ] {
        let reply = s
            .send(s.boxcom(Method::GET, &format!("/folders/0/items?{query}")))
            .await;
        assert_box_refusal(&reply, name);
    }
    // Box ignores parameters it does not know, and reads booleans in any case.
    let reply = s
        .send(s.boxcom(
            Method::GET,
            "/folders/0/items?foo=1&usemarker=True&limit=5&direction=DESC",
        ))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    for (body, name) in [
        (
            json!({"name": "A", "parent": {"id": "0"}, "colour": "red"}),
            "colour",
        ),
        (json!({"name": "A"}), "parent"),
        (json!({"name": 5, "parent": {"id": "0"}}), "name"),
    ] {
        let reply = s.send(s.boxcom(Method::POST, "/folders").json(&body)).await;
        assert_box_refusal(&reply, name);
    }
    let reply = s
        .send(
            s.boxcom(Method::POST, "/folders")
                .json(&json!({"name": "A", "parent": {"id": "0"}})),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}

/// Graph's 400: `{"error":{"code","message","innerError"}}`.
fn assert_graph_refusal(reply: &Reply, code: &str, words: &str) {
    assert_eq!(reply.status, 400, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["innerError"].is_object(), "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(words), "{message:?} should say {words:?}");
}

#[tokio::test]
async fn graph_refuses_unknown_query_options_properties_and_enum_values() {
    use reqwest::Method;
    let Some(s) = Strict::start().await else {
        return;
    };
    let children = "/me/drive/root/children";
    for (query, words) in [
        ("$foo=1", "'$foo'"),
        ("$top=abc", "'abc' for $top"),
        ("$top=0", "'0' for $top"),
        (
            "$select=id,colour",
            "'colour' on type 'microsoft.graph.driveItem'",
        ),
        ("$expand=friends", "'friends'"),
        ("$orderby=colour desc", "'colour'"),
    ] {
        let reply = s
            .send(s.graph(Method::GET, &format!("{children}?{query}")))
            .await;
        assert_graph_refusal(&reply, "BadRequest", words);
    }
    let reply = s
        .send(s.graph(
            Method::GET,
            &format!("{children}?$top=2&$select=id,name,file&$expand=thumbnails"),
        ))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    for body in [
        json!({"name": "A", "folder": {}, "colour": "red"}),
        json!({"name": "A", "folder": {}, "@microsoft.graph.conflictBehavior": "merge"}),
        json!({"name": 5, "folder": {}}),
    ] {
        let reply = s.send(s.graph(Method::POST, children).json(&body)).await;
        assert_graph_refusal(&reply, "invalidRequest", "");
    }
    let made = s
        .send(s.graph(Method::POST, children).json(
            &json!({"name": "A", "folder": {}, "@microsoft.graph.conflictBehavior": "rename"}),
        ))
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let id = made.json()["id"].as_str().unwrap().to_owned();
    let link = format!("/me/drive/items/{id}/createLink");
    for body in [
        json!({"type": "share", "scope": "anonymous"}),
        json!({"type": "view", "scope": "everyone"}),
        json!({"type": "view", "colour": "red"}),
    ] {
        let reply = s.send(s.graph(Method::POST, &link).json(&body)).await;
        assert_graph_refusal(&reply, "invalidRequest", "");
    }
    let session = "/me/drive/root:/big.bin:/createUploadSession";
    let reply = s
        .send(
            s.graph(Method::POST, session)
                .json(&json!({"item": {"@microsoft.graph.conflictBehavior": "overwrite"}})),
        )
        .await;
    assert_graph_refusal(&reply, "invalidRequest", "conflictBehavior");
    let reply = s
        .send(
            s.graph(Method::POST, session)
                .json(&json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn alfresco_refuses_negative_paging_but_ignores_unknown_parameters() {
    let Some(s) = Strict::start().await else {
        return;
    };
    let get = |query: &str| {
        s.http
            .get(s.url("alfresco", "core", &format!("/nodes/-my-/children?{query}")))
            .basic_auth("demo", Some(PASSWORD))
    };
    for query in ["skipCount=-1", "maxItems=abc", "maxItems=0"] {
        let reply = s.send(get(query)).await;
        assert_eq!(reply.status, 400, "{query}: {}", reply.text);
        let body = reply.json();
        assert_eq!(body["error"]["statusCode"], 400, "{body}");
        assert_eq!(
            body["error"]["errorKey"],
            "framework.exception.InvalidArgument"
        );
    }
    let reply = s.send(get("skipCount=0&maxItems=10&colour=red")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}
