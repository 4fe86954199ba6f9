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
    /// `None` when there is no such session. Give it back with `release`.
    pub async fn take(&self, id: &str) -> Option<T> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            {
                let mut inner = self.inner.lock().ok()?;
                if let Some(session) = inner.open.remove(id) {
                    inner.busy.insert(id.to_owned());
                    return Some(session);
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

    /// Ends a request that took session `id`: it goes back, unless the
    /// request finished it (`None`).
    pub fn release(&self, id: &str, session: Option<T>) {
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
        let answer = read(&session);
        self.release(id, Some(session));
        Some(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn a_second_request_waits_for_the_first_to_give_the_session_back() {
        let sessions = Arc::new(Sessions::default());
        sessions.insert("s".into(), 1u32);
        let held = sessions.take("s").await.unwrap();
        let waiting = {
            let sessions = sessions.clone();
            tokio::spawn(async move { sessions.read("s", |n| *n).await })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        sessions.release("s", Some(held + 1));
        assert_eq!(
            waiting.await.unwrap(),
            Some(2),
            "it saw the first request's outcome"
        );
        assert_eq!(sessions.take("gone").await, None);
        let last = sessions.take("s").await.unwrap();
        sessions.release("s", None);
        assert_eq!(
            (last, sessions.take("s").await),
            (2, None),
            "finished: no more session"
        );
    }
}
