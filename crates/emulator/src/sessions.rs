//! Upload sessions that requests take one at a time, as the providers'
//! servers do: while a chunk is being written to a session, a second
//! request for it (a status query from a restarted client, say) waits for
//! that chunk to be kept or rolled back, instead of finding no session.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

/// How long a request waits for a session another request holds.
const WAIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(20);

pub struct Sessions<T> {
    inner: Mutex<Inner<T>>,
}

struct Inner<T> {
    open: HashMap<String, T>,
    busy: HashSet<String>,
}

impl<T> Default for Sessions<T> {
    fn default() -> Self {
        Sessions {
            inner: Mutex::new(Inner {
                open: HashMap::new(),
                busy: HashSet::new(),
            }),
        }
    }
}

impl<T> Sessions<T> {
    pub fn insert(&self, id: String, session: T) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.open.insert(id, session);
        }
    }

    /// Takes session `id` for one request, waiting while another has it;
    /// `None` when there is no such session. It goes back when the `Held`
    /// is dropped, also when the request's future is (a client that went
    /// away), unless the request `finish`es it.
    pub async fn take(&self, id: &str) -> Option<Held<'_, T>> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            {
                let mut inner = self.inner.lock().ok()?;
                if let Some(session) = inner.open.remove(id) {
                    inner.busy.insert(id.to_owned());
                    return Some(Held {
                        sessions: self,
                        id: id.to_owned(),
                        session: Some(session),
                    });
                }
                if !inner.busy.contains(id) {
                    return None;
                }
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    fn release(&self, id: &str, session: Option<T>) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.busy.remove(id);
            if let Some(session) = session {
                inner.open.insert(id.to_owned(), session);
            }
        }
    }

    /// What `read` says of session `id`, once no request holds it.
    pub async fn read<R>(&self, id: &str, read: impl Fn(&T) -> R) -> Option<R> {
        let session = self.take(id).await?;
        Some(read(&session))
    }
}

/// Cuts a session's blob back to the bytes it has confirmed.
pub fn truncate(blob: &std::path::Path, len: u64) {
    if let Ok(file) = std::fs::OpenOptions::new().write(true).open(blob) {
        let _ = file.set_len(len);
    }
}

/// A session one request holds.
pub struct Held<'a, T> {
    sessions: &'a Sessions<T>,
    id: String,
    session: Option<T>,
}

impl<T> Held<'_, T> {
    /// The request ended the session: it does not go back.
    pub fn finish(mut self) -> T {
        let session = self.session.take().expect("a held session");
        self.sessions.release(&self.id, None);
        session
    }
}

impl<T> std::ops::Deref for Held<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.session.as_ref().expect("a held session")
    }
}

impl<T> std::ops::DerefMut for Held<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.session.as_mut().expect("a held session")
    }
}

impl<T> Drop for Held<'_, T> {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            self.sessions.release(&self.id, Some(session));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn a_second_request_waits_and_a_dropped_one_gives_the_session_back() {
        let sessions = Arc::new(Sessions::default());
        sessions.insert("s".into(), 1u32);
        let mut held = sessions.take("s").await.unwrap();
        let waiting = {
            let sessions = sessions.clone();
            tokio::spawn(async move { sessions.read("s", |n| *n).await })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        *held += 1;
        drop(held);
        assert_eq!(
            waiting.await.unwrap(),
            Some(2),
            "it saw the first request's outcome"
        );
        assert!(sessions.take("gone").await.is_none());
        let abandoned = {
            let sessions = sessions.clone();
            tokio::spawn(async move {
                let _held = sessions.take("s").await;
                tokio::time::sleep(Duration::from_secs(60)).await;
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        abandoned.abort();
        let _ = abandoned.await;
        assert_eq!(sessions.take("s").await.unwrap().finish(), 2);
        assert!(
            sessions.take("s").await.is_none(),
            "finished: no more session"
        );
    }
}
