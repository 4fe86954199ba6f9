//! The loopback listener the provider redirects the browser to (RFC 8252,
//! section 7.3): `http://127.0.0.1:{port}/callback`. It takes exactly one
//! callback that carries the expected `state`, answers the browser with a
//! page, and closes.

use crate::error::{Error, ErrorKind, Result};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

pub const PATH: &str = "/callback";

pub struct Listener {
    listener: TcpListener,
    port: u16,
}

impl Listener {
    /// Binds 127.0.0.1 on `port`, or on a free port for `None`.
    pub async fn bind(port: Option<u16>, drive: &str) -> Result<Listener> {
        let listener = TcpListener::bind(("127.0.0.1", port.unwrap_or(0)))
            .await
            .map_err(|e| {
                let message = match (port, e.kind()) {
                    (Some(port), std::io::ErrorKind::AddrInUse) => format!(
                        "Port {port} is in use by another program, so {drive} cannot send the \
                         sign-in back to Cloudpick. Close that program, or register another \
                         port with your {drive} app and enter it in Settings"
                    ),
                    _ => format!("Could not listen for the {drive} sign-in on this computer: {e}"),
                };
                Error::new(ErrorKind::Io, message).with_drive(drive)
            })?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::new(ErrorKind::Io, format!("No local address: {e}")))?
            .port();
        Ok(Listener { listener, port })
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{PATH}", self.port)
    }

    /// Waits for the callback and returns its `code`. Requests for other paths
    /// (a browser asks for `/favicon.ico`) get a 404 and the wait goes on.
    /// The listener closes when this returns, whatever the outcome.
    pub async fn wait(
        self,
        state: &str,
        timeout: Duration,
        cancel: &CancellationToken,
        drive: &str,
    ) -> Result<String> {
        let wait = async {
            loop {
                let (stream, _) = self.listener.accept().await.map_err(|e| {
                    Error::new(ErrorKind::Io, format!("The sign-in listener failed: {e}"))
                })?;
                if let Some(outcome) = answer(stream, state, drive).await {
                    return outcome;
                }
            }
        };
        tokio::select! {
            outcome = wait => outcome,
            () = tokio::time::sleep(timeout) => Err(Error::new(
                ErrorKind::Cancelled,
                format!(
                    "No answer came back from the browser within {}. If the {drive} page \
                     showed an error (an unknown client id, a redirect URI that does not match), \
                     check the app in Settings; then connect again",
                    humantime::format_duration(timeout)
                ),
            ).with_drive(drive)),
            () = cancel.cancelled() => Err(Error::new(ErrorKind::Cancelled, "Connecting was cancelled").with_drive(drive)),
        }
    }
}

/// Reads one request and answers it. `None` means "not the callback: keep waiting".
async fn answer(mut stream: TcpStream, state: &str, drive: &str) -> Option<Result<String>> {
    let target = read_target(&mut stream).await?;
    let Some(query) = target
        .strip_prefix(PATH)
        .and_then(|rest| rest.strip_prefix('?').or(rest.is_empty().then_some("")))
    else {
        respond(&mut stream, "404 Not Found", "Not found", "").await;
        return None;
    };
    let params: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
    if params.get("state").map(String::as_str) != Some(state) {
        // Not this sign-in's answer (a page polling the port, an old tab):
        // refused, and the wait goes on for the real one, until the timeout.
        let why = format!(
            "This answer did not carry the state Cloudpick sent, so it was ignored: it does not \
             come from your {drive} sign-in. Finish the sign-in in the tab Cloudpick opened"
        );
        respond(&mut stream, "400 Bad Request", "Not this sign-in", &why).await;
        return None;
    }
    let outcome = if let Some(error) = params.get("error") {
        Err(match error.as_str() {
            "access_denied" => Error::new(
                ErrorKind::PermissionDenied,
                format!("You did not allow Cloudpick to use your {drive}"),
            ),
            other => Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "{drive} refused the sign-in ({other}{})",
                    params
                        .get("error_description")
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                ),
            ),
        })
    } else {
        params.get("code").cloned().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{drive} sent the browser back without a code"),
            )
        })
    };
    let outcome = outcome.map_err(|e| e.with_drive(drive));
    match &outcome {
        Ok(_) => {
            respond(
                &mut stream,
                "200 OK",
                &format!("{drive} is connected"),
                "Cloudpick has the sign-in. You can close this tab.",
            )
            .await
        }
        Err(err) => {
            respond(
                &mut stream,
                "400 Bad Request",
                "Not connected",
                err.message(),
            )
            .await
        }
    }
    Some(outcome)
}

/// The request target of the first line, `GET /callback?... HTTP/1.1`.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
            .await
            .ok()?
            .ok()?;
        if read == 0 || head.len() > 16 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..read]);
    }
    let line = String::from_utf8_lossy(&head).lines().next()?.to_owned();
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Some(target.to_owned()),
        _ => None,
    }
}

async fn respond(stream: &mut TcpStream, status: &str, title: &str, text: &str) {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:30rem;margin:5rem auto;color:#1d2433\">\
         <h1 style=\"font-size:1.4rem\">{title}</h1><p>{text}</p></body></html>",
        title = escape(title),
        text = escape(text)
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
