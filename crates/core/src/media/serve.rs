//! One file of a drive served on loopback, with byte ranges, for ffmpeg to
//! read the parts of a video it needs (the index, one frame) and for Quick
//! Look's player to play it as it arrives, and nothing else:
//! `http://127.0.0.1:{port}/{token}`. The token is random and the
//! server lives as long as the `Served` guard; every request closes its
//! connection.

use crate::drive::Drive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ByteRange, DriveItem};
use futures::TryStreamExt;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A served file; the server stops when this is dropped.
pub struct Served {
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How long a reader may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request head read.
const MAX_HEAD: usize = 8 * 1024;

/// Serves `item` of `drive` until the guard is dropped.
pub async fn serve(drive: Arc<dyn Drive>, item: DriveItem) -> Result<Served> {
    let size = item.size.ok_or_else(|| {
        Error::new(
            ErrorKind::Unsupported,
            format!("{} has no size, so it cannot be read in parts", item.name),
        )
    })?;
    let listener = listen()
        .map_err(|e| Error::new(ErrorKind::Io, format!("Could not listen on loopback: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::new(ErrorKind::Io, format!("No local address: {e}")))?
        .port();
    let token: String = (0..32)
        .map(|_| format!("{:x}", rand::random::<u8>() & 15))
        .collect();
    let url = format!("http://127.0.0.1:{port}/{token}");
    let task = tokio::spawn(async move {
        let item = Arc::new(item);
        while let Ok((stream, _)) = listener.accept().await {
            let (drive, item, token) = (drive.clone(), item.clone(), token.clone());
            tokio::spawn(async move {
                let _ = answer(stream, &*drive, &item, size, &token).await;
            });
        }
    });
    Ok(Served { url, task })
}

/// A loopback listener whose connections buffer little: what a reader
/// does not take stays on the drive, not in the kernel's buffers.
fn listen() -> std::io::Result<TcpListener> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.set_send_buffer_size(SEND_BUFFER)?;
    socket.bind((std::net::Ipv4Addr::LOCALHOST, 0).into())?;
    socket.listen(16)
}

/// The send buffer of each connection (accepted sockets inherit it).
const SEND_BUFFER: u32 = 64 * 1024;

/// What a request asks for: the whole file or one range of it.
#[derive(Debug, PartialEq, Eq)]
enum Asked {
    Whole,
    Range(u64, u64),
    Unsatisfiable,
}

/// `Range: bytes=a-b`, `bytes=a-` or `bytes=-n` against a file of `size`
/// bytes; anything else (several ranges) is answered whole.
fn asked(header: Option<&str>, size: u64) -> Asked {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Asked::Whole;
    };
    if spec.contains(',') {
        return Asked::Whole;
    }
    let Some((a, b)) = spec.split_once('-') else {
        return Asked::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(start), Ok(end)) => (start, end.min(size.saturating_sub(1))),
        (Ok(start), Err(_)) if b.is_empty() => (start, size.saturating_sub(1)),
        (Err(_), Ok(last)) if a.is_empty() => (size.saturating_sub(last), size.saturating_sub(1)),
        _ => return Asked::Whole,
    };
    if start >= size || start > end {
        return Asked::Unsatisfiable;
    }
    Asked::Range(start, end)
}

async fn answer(
    mut stream: TcpStream,
    drive: &dyn Drive,
    item: &DriveItem,
    size: u64,
    token: &str,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(REQUEST_TIMEOUT, async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        std::io::Result::Ok(())
    })
    .await;
    if !matches!(read, Ok(Ok(()))) {
        return Ok(());
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.lines();
    let request = lines.next().unwrap_or_default();
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let range = lines.find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim().eq_ignore_ascii_case("range").then_some(value)
    });
    if path.trim_start_matches('/') != token || !matches!(method, "GET" | "HEAD") {
        return stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
    }
    let (status, start, end) = match asked(range, size) {
        Asked::Whole => ("200 OK", 0, size.saturating_sub(1)),
        Asked::Range(start, end) => ("206 Partial Content", start, end),
        Asked::Unsatisfiable => {
            let reply = format!(
                "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{size}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            return stream.write_all(reply.as_bytes()).await;
        }
    };
    let len = if size == 0 { 0 } else { end - start + 1 };
    let mut reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {len}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n",
        item.mime_type.as_deref().unwrap_or("application/octet-stream")
    );
    if status.starts_with("206") {
        reply.push_str(&format!("Content-Range: bytes {start}-{end}/{size}\r\n"));
    }
    reply.push_str("\r\n");
    stream.write_all(reply.as_bytes()).await?;
    if method == "HEAD" || len == 0 {
        return Ok(());
    }
    let range = ByteRange {
        start,
        len: Some(len),
    };
    let Ok(mut body) = drive.read(&item.id, Some(range)).await else {
        return Ok(());
    };
    // The reader closes the connection when it has what it needs: stop then.
    while let Ok(Some(chunk)) = body.try_next().await {
        stream.write_all(&chunk).await?;
    }
    stream.flush().await
}

#[cfg(test)]
mod tests {
    use super::{asked, Asked};

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        assert_eq!(asked(None, 100), Asked::Whole);
        assert_eq!(asked(Some(" bytes=0-9"), 100), Asked::Range(0, 9));
        assert_eq!(asked(Some("bytes=90-"), 100), Asked::Range(90, 99));
        assert_eq!(asked(Some("bytes=-10"), 100), Asked::Range(90, 99));
        assert_eq!(asked(Some("bytes=50-1000"), 100), Asked::Range(50, 99));
        assert_eq!(asked(Some("bytes=100-"), 100), Asked::Unsatisfiable);
        assert_eq!(asked(Some("bytes=0-1,5-6"), 100), Asked::Whole);
        assert_eq!(asked(Some("items=0-1"), 100), Asked::Whole);
    }
}
