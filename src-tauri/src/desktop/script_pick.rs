//! A pick a script waits for (`cloudpick pick`): asked of this process on
//! its command line, or handed over by a later `cloudpick pick` through the
//! instance socket. The answer goes to this process's stdout (and the app
//! ends with the exit code), or back down that socket.

use crate::cli::output;
use cloudpick_core::app::script::ScriptPick;
use cloudpick_core::app::Cloudpick;
use cloudpick_core::pick::PickResult;
use cloudpick_core::restrictions::Restrictions;
use cloudpick_core::window_events::WindowEvent;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::sync::Mutex;
use tauri::{AppHandle, Manager};

/// How a script's pick ended.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    Done(Box<PickResult>),
    Cancelled,
    Failed(String),
}

impl Answer {
    /// Prints it as the command line does: the result JSON on stdout, an
    /// error on stderr, nothing for a cancel. Returns the exit code.
    pub fn print(&self) -> i32 {
        match self {
            Answer::Done(result) => output::json(result),
            Answer::Cancelled => output::CANCELLED,
            Answer::Failed(message) => output::error(message),
        }
    }
}

enum Reply {
    /// This process was started for the pick: print, then end.
    Stdout,
    /// A later `cloudpick pick` waits on the socket.
    #[cfg(unix)]
    Socket(std::os::unix::net::UnixStream),
}

struct Waiting {
    options: ScriptPick,
    reply: Reply,
    /// To put back once the pick is over (a handed-over pick).
    rules_before: Option<Restrictions>,
    was_visible: bool,
}

/// The pick a script waits for, if any.
#[derive(Default)]
pub struct ScriptPicks(Mutex<Option<Waiting>>);

impl ScriptPicks {
    /// The pick this process was started for; its restrictions are the
    /// engine's already.
    pub fn own(options: ScriptPick) -> Self {
        ScriptPicks(Mutex::new(Some(Waiting {
            options,
            reply: Reply::Stdout,
            rules_before: None,
            was_visible: true,
        })))
    }

    pub fn options(&self) -> Option<ScriptPick> {
        self.0.lock().ok()?.as_ref().map(|w| w.options.clone())
    }

    fn take(&self) -> Option<Waiting> {
        self.0.lock().ok()?.take()
    }
}

/// A pick handed over by a later `cloudpick pick`: the window comes up with
/// its drives and restrictions. One at a time.
#[cfg(unix)]
pub fn arrive(handle: &AppHandle, options: ScriptPick, mut stream: std::os::unix::net::UnixStream) {
    let picks = handle.state::<ScriptPicks>();
    let Ok(mut slot) = picks.0.lock() else {
        return;
    };
    if slot.is_some() {
        let busy = Answer::Failed(
            "Cloudpick is showing another script's pick: finish that one first".into(),
        );
        let _ = writeln!(
            stream,
            "{}",
            serde_json::to_string(&busy).unwrap_or_default()
        );
        return;
    }
    let app = handle.state::<Cloudpick>();
    let rules_before = app.set_run_rules(options.rules.clone());
    // A script's pick opens the picker anew, even on a window already up,
    // offering the drives the script names.
    super::window::picker_opened(handle, &options.from);
    *slot = Some(Waiting {
        options,
        reply: Reply::Socket(stream),
        rules_before,
        was_visible: super::window::visible(handle),
    });
    drop(slot);
    super::window::tell(handle, WindowEvent::ScriptPick);
    super::window::bring_up(handle, "browse");
}

/// Whether a script waits for the pick on screen.
pub fn waiting(handle: &AppHandle) -> bool {
    handle.state::<ScriptPicks>().options().is_some()
}

/// Hands the script its answer. A process started for the pick ends with
/// the answer's exit code; a handed-over pick gives the window back as it was.
pub fn answer(handle: &AppHandle, answer: Answer) {
    let Some(waiting) = handle.state::<ScriptPicks>().take() else {
        return;
    };
    match waiting.reply {
        Reply::Stdout => {
            let code = answer.print();
            handle.exit(code);
        }
        #[cfg(unix)]
        Reply::Socket(mut stream) => {
            let line = serde_json::to_string(&answer).unwrap_or_default();
            // A script that gave up waiting has closed its end: nothing to tell.
            let _ = writeln!(stream, "{line}");
            handle
                .state::<Cloudpick>()
                .set_run_rules(waiting.rules_before);
            if !waiting.was_visible {
                if let Some(window) = handle.get_webview_window(super::window::MAIN) {
                    let _ = window.hide();
                }
            }
        }
    }
}

/// A later `cloudpick pick`: waits for the running instance's answer.
#[cfg(unix)]
pub fn wait_for_answer(stream: std::os::unix::net::UnixStream) -> Answer {
    use std::io::BufRead;
    let mut line = String::new();
    match std::io::BufReader::new(stream).read_line(&mut line) {
        Ok(n) if n > 0 => serde_json::from_str(&line).unwrap_or_else(|e| {
            Answer::Failed(format!("the running Cloudpick answered oddly: {e}"))
        }),
        _ => Answer::Failed("Cloudpick closed before the pick was done".into()),
    }
}
