//! Desktop notifications (freedesktop, through notify-rust): one per
//! finished batch, summed up by the engine; clicking one opens Activity.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::events::Event;
use cloudpick_core::notices::Notice;
use tauri::{AppHandle, Manager};

/// Listens to the engine's events for as long as the app runs.
pub fn start(handle: AppHandle) {
    let mut events = handle.state::<Cloudpick>().events();
    tauri::async_runtime::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match events.recv().await {
                Ok(Event::Finished(batch)) => {
                    let notice = handle.state::<Cloudpick>().notice(&batch);
                    let sent = notice.map(|notice| show(&handle, notice));
                    // An app hidden to the tray quits after its last batch, but
                    // only once that batch's notification has gone out.
                    let handle = handle.clone();
                    tauri::async_runtime::spawn_blocking(move || {
                        if let Some(sent) = sent {
                            let _ = sent.recv_timeout(std::time::Duration::from_secs(5));
                        }
                        super::window::quit_if_done(&handle);
                    });
                }
                Ok(Event::SignInNotSaved(message)) => {
                    let notice = Notice {
                        title: "Sign-in not saved".to_owned(),
                        body: message,
                        failed: true,
                    };
                    let _ = show(&handle, notice);
                }
                Ok(Event::SaveForAppFailed(message)) => {
                    show_failure(&handle, "Could not save to the drive", &message);
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// A notice that is not a batch's (the window hid to the tray).
pub fn show_text(handle: &AppHandle, title: &str, body: &str) {
    show_unless_off(handle, title, body, false);
}

/// A failure the user should hear of even with the window hidden.
pub fn show_failure(handle: &AppHandle, title: &str, body: &str) {
    show_unless_off(handle, title, body, true);
}

fn show_unless_off(handle: &AppHandle, title: &str, body: &str, failed: bool) {
    if handle.state::<Cloudpick>().settings_view().notifications {
        let notice = Notice {
            title: title.to_owned(),
            body: body.to_owned(),
            failed,
        };
        let _ = show(handle, notice);
    }
}

/// Shows `notice`, and waits (on a thread of its own) for a click on it.
/// The receiver hears once the notification server has it (or refused it).
fn show(handle: &AppHandle, notice: Notice) -> std::sync::mpsc::Receiver<()> {
    let handle = handle.clone();
    let (sent, told) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut note = notify_rust::Notification::new();
        note.appname("Cloudpick")
            .summary(&notice.title)
            // The body is markup to the notification server: a name with `<b>` is text.
            .body(&cloudpick_core::notices::markup_escaped(&notice.body))
            .icon("cloudpick")
            .action("default", "Show in Activity");
        #[cfg(all(unix, not(target_os = "macos")))]
        if notice.failed {
            note.urgency(notify_rust::Urgency::Critical);
        }
        let shown = note.show();
        let _ = sent.send(());
        match shown {
            #[cfg(all(unix, not(target_os = "macos")))]
            Ok(shown) => shown.wait_for_action(|action| {
                if action == "default" {
                    super::window::show(&handle, "activity");
                }
            }),
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            Ok(_) => {}
            // No notification server (a bare session): the window says it all.
            Err(err) => eprintln!("cloudpick: no desktop notification: {err}"),
        }
    });
    told
}
