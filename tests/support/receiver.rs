//! A webhook receiver on loopback: a plain HTTP/1.1 server that records
//! each request (headers and raw body) and answers as the test says: a
//! status, after a delay, or never.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Status(u16),
    /// This status, this long after the request.
    Late(u16, Duration),
    /// Take the request, never answer.
    Never,
    /// This 3xx status, with `Location` the same path on loopback `port`.
    Redirect(u16, u16),
    /// 200 with this JSON body (a fake API's reply).
    Json(&'static str),
}

#[derive(Debug, Clone)]
pub struct Received {
    /// Lower-case names.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

pub struct Receiver {
    pub url: String,
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    answer: Arc<Mutex<Answer>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start(answer: Answer) -> Receiver {
        Self::on(0, answer).await
    }

    /// On `port` (0: any free one).
    pub async fn on(port: u16, answer: Answer) -> Receiver {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("a port");
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(Mutex::new(answer));
        let (r, a) = (received.clone(), answer.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, r.clone(), a.clone()));
            }
        });
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            port,
            received,
            answer,
            task,
        }
    }

    pub fn answer(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until `count` requests have come, and returns them.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let now = self.received();
            if now.len() >= count {
                return now;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{count} requests expected, {} came",
                now.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops listening: the port refuses connections.
    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

async fn serve(
    mut stream: TcpStream,
    received: Arc<Mutex<Vec<Received>>>,
    answer: Arc<Mutex<Answer>>,
) {
    let mut data = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let head_end = loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let headers: HashMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    let body = data[head_end..head_end + length].to_vec();
    received.lock().unwrap().push(Received { headers, body });
    let answer = *answer.lock().unwrap();
    let mut location = String::new();
    let mut body = "";
    let status = match answer {
        Answer::Status(status) => status,
        Answer::Json(json) => {
            location = "content-type: application/json\r\n".to_owned();
            body = json;
            200
        }
        Answer::Redirect(status, port) => {
            location = format!("location: http://127.0.0.1:{port}/hooks\r\n");
            status
        }
        Answer::Late(status, after) => {
            tokio::time::sleep(after).await;
            status
        }
        Answer::Never => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
    };
    let reply = format!(
        "HTTP/1.1 {status} Answer\r\n{location}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}
