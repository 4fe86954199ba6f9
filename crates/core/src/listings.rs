//! The folder listings that stay open between the window's calls: each is a
//! channel a task fills one page ahead (`app/browse.rs` starts them).

use crate::error::{poisoned, Error, ErrorKind, Result};
use crate::item::Page;
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};

/// How many listings stay open; opening another closes the oldest.
const OPEN_LISTINGS: usize = 8;

pub type Pages = Arc<Mutex<mpsc::Receiver<Result<Page>>>>;

/// The open listings, oldest first.
#[derive(Default)]
pub struct Listings {
    next: std::sync::atomic::AtomicU64,
    open: std::sync::Mutex<VecDeque<(u64, Pages)>>,
}

impl Listings {
    /// Keeps `pages` open; returns its listing id.
    pub fn keep(&self, pages: Pages) -> Result<u64> {
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let mut open = self.open.lock().map_err(|_| poisoned())?;
        if open.len() == OPEN_LISTINGS {
            open.pop_front();
        }
        open.push_back((id, pages));
        Ok(id)
    }

    /// The pages of listing `id`.
    pub fn get(&self, id: u64) -> Result<Pages> {
        let open = self.open.lock().map_err(|_| poisoned())?;
        open.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, pages)| pages.clone())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    "That folder listing was closed. Open the folder again",
                )
            })
    }

    /// Closes listing `id` (its last page was read).
    pub fn close(&self, id: u64) {
        if let Ok(mut open) = self.open.lock() {
            open.retain(|(i, _)| *i != id);
        }
    }
}
