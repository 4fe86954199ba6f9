//! A pick a script waits for (`cloudpick pick`): asked of this process on
//! its command line, or handed over by a later `cloudpick pick` through the
//! instance socket; or an application's request through the desktop's file
//! dialog (`portal.rs`). The answer goes to this process's stdout (and the
//! app ends with the exit code), back down that socket, or to the portal.

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
use tokio_util::sync::CancellationToken;

/// How a script's pick ended.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    Done(Box<PickResult>),
    /// Paths on this computer for an application: the files or folder
    /// it opens, or where it saves.
    Chosen(Vec<std::path::PathBuf>),
    Cancelled,
    Failed(String),
}

impl Answer {
    /// Prints it as the command line does: the result JSON on stdout, an
    /// error on stderr, nothing for a cancel. Returns the exit code.
    pub fn print(&self) -> i32 {
        match self {
            Answer::Done(result) => output::json(result),
            Answer::Chosen(paths) => output::json(paths),
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
    /// An application waits through the desktop's file dialog.
    Portal(tokio::sync::oneshot::Sender<ForApp>),
}

/// An application's answer, with its request as the window left it (the
/// filter chosen there).
pub type ForApp = (Answer, Option<cloudpick_core::portal::PortalRequest>);

struct Waiting {
    options: ScriptPick,
    reply: Reply,
    /// To put back once the pick is over (a handed-over pick).
    rules_before: Option<Restrictions>,
    was_visible: bool,
    /// Cancelled once it is answered: what still runs for it stops.
    answered: CancellationToken,
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
            answered: CancellationToken::new(),
        })))
    }

    pub fn options(&self) -> Option<ScriptPick> {
        self.0.lock().ok()?.as_ref().map(|w| w.options.clone())
    }

    /// Cancelled once the pick on screen is answered, or at once when none is.
    pub fn answered(&self) -> CancellationToken {
        let waiting = self.0.lock().ok();
        match waiting.as_ref().and_then(|w| w.as_ref()) {
            Some(w) => w.answered.clone(),
            None => {
                let done = CancellationToken::new();
                done.cancel();
                done
            }
        }
    }

    fn take(&self) -> Option<Waiting> {
        self.0.lock().ok()?.take()
    }
}

/// A pick handed over by a later `cloudpick pick`: the window comes up with
/// its drives and restrictions. One at a time.
#[cfg(unix)]
pub fn arrive(handle: &AppHandle, options: ScriptPick, stream: std::os::unix::net::UnixStream) {
    if let Err(Reply::Socket(mut stream)) = wait_for(handle, options, Reply::Socket(stream)) {
        let busy = Answer::Failed(BUSY.into());
        let line = serde_json::to_string(&busy).unwrap_or_default();
        let _ = writeln!(stream, "{line}");
    }
}

/// An application's request: the window comes up with it, unless another
/// pick is on screen (then the application hears so at once).
pub fn arrive_for_app(
    handle: &AppHandle,
    options: ScriptPick,
    reply: tokio::sync::oneshot::Sender<ForApp>,
) {
    if let Err(Reply::Portal(reply)) = wait_for(handle, options, Reply::Portal(reply)) {
        let _ = reply.send((Answer::Failed(BUSY.into()), None));
    }
}

const BUSY: &str = "Cloudpick is showing another pick: finish that one first";

/// Puts `options` on screen, to be answered through `reply`; gives the
/// reply back when a pick is on screen already.
fn wait_for(handle: &AppHandle, options: ScriptPick, reply: Reply) -> Result<(), Reply> {
    let picks = handle.state::<ScriptPicks>();
    let Ok(mut slot) = picks.0.lock() else {
        return Err(reply);
    };
    if slot.is_some() {
        return Err(reply);
    }
    let app = handle.state::<Cloudpick>();
    let rules_before = app.set_run_rules(options.rules.clone());
    // A script's pick opens the picker anew, even on a window already up,
    // offering the drives the script names.
    super::window::picker_opened(handle, &options.from);
    if let Some(request) = &options.portal {
        super::window::set_title(handle, &request.title);
    }
    *slot = Some(Waiting {
        options,
        reply,
        rules_before,
        was_visible: super::window::visible(handle),
        answered: CancellationToken::new(),
    });
    drop(slot);
    super::window::tell(handle, WindowEvent::ScriptPick);
    super::window::bring_up(handle, "browse");
    Ok(())
}

/// Changes the pick on screen's restrictions (an application's filter
/// chosen in the window).
pub fn change_rules(handle: &AppHandle, change: impl FnOnce(&mut ScriptPick)) {
    let picks = handle.state::<ScriptPicks>();
    let Ok(mut slot) = picks.0.lock() else {
        return;
    };
    if let Some(waiting) = slot.as_mut() {
        change(&mut waiting.options);
        handle
            .state::<Cloudpick>()
            .set_run_rules(waiting.options.rules.clone());
    }
}

/// The pick on screen is given up by the window's close or, for an
/// application, by the portal: the waiting side hears "cancelled", and the
/// page goes back to the window as it was.
pub fn give_up(handle: &AppHandle) {
    if waiting(handle) {
        answer(handle, Answer::Cancelled);
        super::window::tell(handle, WindowEvent::ScriptPick);
    }
}

/// The application's request on screen, if one waits.
pub fn for_app(handle: &AppHandle) -> Option<cloudpick_core::portal::PortalRequest> {
    handle.state::<ScriptPicks>().options()?.portal
}

/// Cancelled once the pick on screen is answered (or at once when none is).
pub fn answered(handle: &AppHandle) -> CancellationToken {
    handle.state::<ScriptPicks>().answered()
}

/// Whether an application waits for the dialog on screen.
pub fn waiting_for_app(handle: &AppHandle) -> bool {
    for_app(handle).is_some()
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
    let Waiting {
        reply,
        options,
        rules_before,
        was_visible,
        answered,
    } = waiting;
    answered.cancel();
    let back = Back {
        rules_before,
        was_visible,
    };
    match reply {
        Reply::Stdout => {
            let code = answer.print();
            handle.exit(code);
        }
        #[cfg(unix)]
        Reply::Socket(mut stream) => {
            let line = serde_json::to_string(&answer).unwrap_or_default();
            // A script that gave up waiting has closed its end: nothing to tell.
            let _ = writeln!(stream, "{line}");
            give_back(handle, back);
        }
        Reply::Portal(reply) => {
            // An application that gave up (its request closed) hears nothing.
            let _ = reply.send((answer, options.portal));
            super::window::set_title(handle, "Cloudpick");
            give_back(handle, back);
        }
    }
}

/// What a handed-over pick changed, to put back.
struct Back {
    rules_before: Option<Restrictions>,
    was_visible: bool,
}

/// The window as it was before a handed-over pick.
fn give_back(handle: &AppHandle, back: Back) {
    handle.state::<Cloudpick>().set_run_rules(back.rules_before);
    if !back.was_visible {
        if let Some(window) = handle.get_webview_window(super::window::MAIN) {
            let _ = window.hide();
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
