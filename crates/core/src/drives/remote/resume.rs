//! Downloads that survive a cut connection: when the body breaks, the rest is
//! asked for again with `Range`, from the first byte not yet received.

use crate::drive::ByteStream;
use crate::drives::remote::RetryPolicy;
use crate::error::{Error, ErrorKind, Result};
use crate::item::{ByteRange, ItemId};
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};

/// How many times one download may be resumed.
pub const MAX_RESUMES: u32 = 5;

/// Opens the bytes from `offset` (absolute) to `end` (exclusive, if known).
pub type Opener = Box<dyn Fn(u64) -> BoxFuture<'static, Result<ByteStream>> + Send + Sync>;

/// A stream of `[start, end)` that reopens at the current offset after a
/// retryable failure, at most `MAX_RESUMES` times (and once for a drive that
/// stopped answering: each such try took the whole deadline).
pub fn resumable(first: ByteStream, start: u64, open: Opener) -> ByteStream {
    struct State {
        current: ByteStream,
        offset: u64,
        resumes: u32,
        stalled: bool,
        open: Opener,
        done: bool,
    }
    let state = State {
        current: first,
        offset: start,
        resumes: 0,
        stalled: false,
        open,
        done: false,
    };
    futures::stream::unfold(state, |mut s| async move {
        if s.done {
            return None;
        }
        loop {
            match s.current.next().await {
                None => return None,
                Some(Ok(bytes)) => {
                    s.offset += bytes.len() as u64;
                    return Some((Ok(bytes), s));
                }
                Some(Err(err))
                    if err.is_retryable()
                        && s.resumes < MAX_RESUMES
                        && !(s.stalled && err.kind() == ErrorKind::TimedOut) =>
                {
                    s.resumes += 1;
                    s.stalled |= err.kind() == ErrorKind::TimedOut;
                    match (s.open)(s.offset).await {
                        Ok(next) => s.current = next,
                        Err(e) => {
                            s.done = true;
                            return Some((Err(e), s));
                        }
                    }
                }
                Some(Err(err)) => {
                    s.done = true;
                    return Some((Err::<bytes::Bytes, Error>(err), s));
                }
            }
        }
    })
    .boxed()
}

/// A download of `range` (or the whole file) of item `id`: `open(client,
/// id, start, end)` asks for `[start, end)`. The first request is retried as
/// `retry` allows, and a cut later on resumes where the bytes stopped.
pub async fn ranged<C, F, Fut>(
    client: std::sync::Arc<C>,
    id: &ItemId,
    range: Option<ByteRange>,
    retry: RetryPolicy,
    open: F,
) -> Result<ByteStream>
where
    C: Send + Sync + 'static,
    F: Fn(std::sync::Arc<C>, ItemId, u64, Option<u64>) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = Result<ByteStream>> + Send + 'static,
{
    let start = range.map_or(0, |r| r.start);
    let end = range.and_then(|r| r.len.map(|len| r.start + len));
    let first = retry
        .run(|| open(client.clone(), id.clone(), start, end))
        .await?;
    let id = id.clone();
    let reopen: Opener =
        Box::new(move |offset| open(client.clone(), id.clone(), offset, end).boxed());
    Ok(resumable(first, start, reopen))
}
