//! Fault injection: rules set per test, through `Running::faults` or
//! `POST /__admin/faults`, that make matching requests fail the way real
//! services fail: throttling, 5xx bursts, slow replies, connections cut
//! mid-body in either direction.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer with `status` instead of serving. `retry_after` goes in the
    /// `Retry-After` header; `body` (JSON) is sent as is, for providers that
    /// put the delay in the body.
    Status {
        status: u16,
        #[serde(default)]
        retry_after: Option<u64>,
        #[serde(default)]
        body: Option<serde_json::Value>,
    },
    /// Wait this long before serving.
    Delay { millis: u64 },
    /// Serve, but cut the connection after sending this many body bytes.
    CutResponse { after_bytes: u64 },
    /// Read this many bytes of the request body, then cut the connection.
    CutRequest { after_bytes: u64 },
    /// Serve, but with the byte at this offset of the body flipped, as a
    /// faulty proxy or disk would.
    CorruptResponse { at_byte: u64 },
    /// Take the request with the byte at this offset of its body flipped.
    CorruptRequest { at_byte: u64 },
    /// Take the request and never answer, as a server behind a connection
    /// that went dead (a laptop resumed from suspend).
    Hang,
    /// Serve, but stop sending after this many body bytes, the connection
    /// left open.
    StallResponse { after_bytes: u64 },
    /// Read this many bytes of the request body, then stop reading, the
    /// connection left open.
    StallRequest { after_bytes: u64 },
}

/// How long a hung request is held before the emulator lets it go.
const HANG: Duration = Duration::from_secs(600);

/// A fault for requests whose path contains `path_contains` (and whose
/// method is `method`, when set), applied `times` times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    pub path_contains: String,
    #[serde(default)]
    pub method: Option<String>,
    pub fault: Fault,
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

#[derive(Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
    /// Requests that matched a rule, oldest first: (method, path, fault).
    log: Mutex<Vec<(String, String, Fault)>>,
    /// Request body bytes received, cut requests included.
    received: std::sync::atomic::AtomicU64,
}

impl Faults {
    pub fn add(&self, rule: FaultRule) {
        if let Ok(mut rules) = self.rules.lock() {
            rules.push(rule);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut rules) = self.rules.lock() {
            rules.clear();
        }
    }

    /// Request body bytes the emulator has read so far, over all requests.
    pub fn bytes_received(&self) -> u64 {
        self.received.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn count(self: &Arc<Self>, request: Request) -> Request {
        let (parts, body) = request.into_parts();
        let faults = self.clone();
        let counted = body.into_data_stream().inspect(move |chunk| {
            if let Ok(bytes) = chunk {
                faults
                    .received
                    .fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::SeqCst);
            }
        });
        Request::from_parts(parts, Body::from_stream(counted))
    }

    /// What was injected so far.
    pub fn injected(&self) -> Vec<(String, String, Fault)> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut rules = self.rules.lock().ok()?;
        let index = rules.iter().position(|r| {
            r.times > 0
                && path.contains(&r.path_contains)
                && r.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let rule = &mut rules[index];
        rule.times -= 1;
        let fault = rule.fault.clone();
        if rule.times == 0 {
            rules.remove(index);
        }
        if let Ok(mut log) = self.log.lock() {
            log.push((method.to_owned(), path.to_owned(), fault.clone()));
        }
        Some(fault)
    }
}

/// The middleware: applies the first matching rule, if any.
pub async fn apply(State(faults): State<Arc<Faults>>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/__admin") {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let request = faults.count(request);
    match faults.take(&method, &path) {
        None => next.run(request).await,
        Some(Fault::Status {
            status,
            retry_after,
            body,
        }) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = match body {
                Some(json) => (code, Json(json)).into_response(),
                None => code.into_response(),
            };
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            response
        }
        Some(Fault::Delay { millis }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            next.run(request).await
        }
        Some(Fault::CutResponse { after_bytes }) => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(
                parts,
                Body::from_stream(cut_after(body.into_data_stream(), after_bytes)),
            )
        }
        Some(Fault::CorruptResponse { at_byte }) => {
            let (parts, body) = next.run(request).await.into_parts();
            Response::from_parts(
                parts,
                Body::from_stream(flip(body.into_data_stream(), at_byte)),
            )
        }
        Some(Fault::CorruptRequest { at_byte }) => {
            let (parts, body) = request.into_parts();
            let flipped = Body::from_stream(flip(body.into_data_stream(), at_byte));
            next.run(Request::from_parts(parts, flipped)).await
        }
        Some(Fault::Hang) => {
            tokio::time::sleep(HANG).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        Some(Fault::StallResponse { after_bytes }) => {
            let (mut parts, body) = next.run(request).await.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            let sent = cut_after(body.into_data_stream(), after_bytes)
                .take_while(|chunk| futures::future::ready(chunk.is_ok()));
            let stalled = sent.chain(futures::stream::once(async {
                tokio::time::sleep(HANG).await;
                Err::<bytes::Bytes, _>(std::io::Error::other("stalled by fault injection"))
            }));
            Response::from_parts(parts, Body::from_stream(stalled))
        }
        Some(Fault::StallRequest { after_bytes }) => {
            let (_parts, body) = request.into_parts();
            let mut stream = Box::pin(cut_after(body.into_data_stream(), after_bytes));
            while let Some(Ok(_)) = stream.next().await {}
            // Holds the connection (and the unread rest of the body) open.
            tokio::time::sleep(HANG).await;
            drop(stream);
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        Some(Fault::CutRequest { after_bytes }) => {
            let (parts, body) = request.into_parts();
            let mut stream = Box::pin(cut_after(body.into_data_stream(), after_bytes));
            // Read up to the cut, as the server would before the line drops.
            while let Some(Ok(_)) = stream.next().await {}
            drop(parts);
            // A body that fails at once makes the server drop the connection
            // without a complete response.
            let broken = futures::stream::once(async {
                Err::<bytes::Bytes, _>(std::io::Error::other("connection cut by fault injection"))
            });
            Response::new(Body::from_stream(broken))
        }
    }
}

/// Passes `limit` bytes through, then fails, so the connection drops mid-body.
/// A body shorter than `limit` ends normally.
fn cut_after<S>(
    stream: S,
    limit: u64,
) -> impl futures::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send
where
    S: futures::Stream<Item = Result<bytes::Bytes, axum::Error>> + Send + Unpin + 'static,
{
    enum Phase {
        Passing(u64),
        Failing,
        Done,
    }
    futures::stream::unfold(
        (stream, Phase::Passing(0)),
        move |(mut stream, phase)| async move {
            match phase {
                Phase::Done => None,
                Phase::Failing => {
                    // Let what was sent reach the client before the line drops.
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Some((
                        Err(std::io::Error::other("connection cut by fault injection")),
                        (stream, Phase::Done),
                    ))
                }
                Phase::Passing(sent) => match stream.next().await? {
                    Err(e) => Some((Err(std::io::Error::other(e)), (stream, Phase::Done))),
                    Ok(chunk) => {
                        let room = limit.saturating_sub(sent);
                        if (chunk.len() as u64) < room {
                            let sent = sent + chunk.len() as u64;
                            Some((Ok(chunk), (stream, Phase::Passing(sent))))
                        } else {
                            Some((Ok(chunk.slice(..room as usize)), (stream, Phase::Failing)))
                        }
                    }
                },
            }
        },
    )
}

pub async fn admin_add(
    State(faults): State<Arc<Faults>>,
    Json(rule): Json<FaultRule>,
) -> StatusCode {
    faults.add(rule);
    StatusCode::NO_CONTENT
}

pub async fn admin_clear(State(faults): State<Arc<Faults>>) -> StatusCode {
    faults.clear();
    StatusCode::NO_CONTENT
}

/// Passes the stream through with the byte at `offset` inverted.
fn flip<S>(
    stream: S,
    offset: u64,
) -> impl futures::Stream<Item = Result<bytes::Bytes, axum::Error>> + Send
where
    S: futures::Stream<Item = Result<bytes::Bytes, axum::Error>> + Send + 'static,
{
    let mut seen = 0u64;
    stream.map(move |chunk| {
        let chunk = chunk?;
        let start = seen;
        seen += chunk.len() as u64;
        if (start..seen).contains(&offset) {
            let mut bytes = chunk.to_vec();
            bytes[(offset - start) as usize] ^= 0xff;
            return Ok(bytes::Bytes::from(bytes));
        }
        Ok(chunk)
    })
}
