//! The FileChooser interface, and the Request object each call exports at
//! its handle so that the portal can close the dialog (the application
//! went away, or gave up).

use super::options::{self, Options, Results};
use crate::desktop::script_pick::{self, Answer};
use cloudpick_core::app::script::ScriptPick;
use cloudpick_core::portal::{uri_of, PortalRequest};
use tauri::AppHandle;
use zbus::object_server::ObjectServer;
use zbus::OwnedObjectPath;

/// The portal's answers: the user chose, cancelled, or it failed.
const CHOSEN: u32 = 0;
const CANCELLED: u32 = 1;
const FAILED: u32 = 2;

pub struct FileChooser {
    handle: AppHandle,
}

impl FileChooser {
    pub fn new(handle: AppHandle) -> Self {
        FileChooser { handle }
    }

    /// Shows `request` in the window and waits for the user.
    async fn ask(
        &self,
        server: &ObjectServer,
        at: OwnedObjectPath,
        parent_window: &str,
        request: PortalRequest,
    ) -> (u32, Results) {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let close = Request {
            handle: self.handle.clone(),
        };
        // Without its Request object the dialog could not be closed by the
        // portal: refuse rather than show one that cannot be.
        if let Err(err) = server.at(&at, close).await {
            eprintln!("cloudpick: a file dialog could not be shown: {err}");
            return (FAILED, Results::default());
        }
        let options = ScriptPick {
            from: request.rules().from_sources.clone(),
            rules: Some(request.rules()),
            portal: Some(request.clone()),
            ..Default::default()
        };
        script_pick::arrive_for_app(&self.handle, options, reply);
        // Above the asking application's window, where it names one.
        let parent = crate::desktop::parent::x11_id(parent_window);
        if parent.is_some() {
            crate::desktop::parent::set(&self.handle, parent);
        }
        let (answer, chosen) = answer
            .await
            .unwrap_or_else(|_| (Answer::Failed("Cloudpick closed the dialog".into()), None));
        let _ = server.remove::<Request, _>(&at).await;
        if parent.is_some() {
            crate::desktop::parent::set(&self.handle, None);
        }
        super::linger(self.handle.clone());
        self.results(answer, &chosen.unwrap_or(request))
    }

    fn results(&self, answer: Answer, request: &PortalRequest) -> (u32, Results) {
        match answer {
            Answer::Chosen(paths) => {
                let uris = paths.iter().filter_map(|p| uri_of(p)).collect();
                let results = Results {
                    uris: Some(uris),
                    current_filter: options::chosen_filter(request),
                };
                (CHOSEN, results)
            }
            Answer::Cancelled => (CANCELLED, Results::default()),
            Answer::Failed(message) => {
                let what = match request.dialog {
                    cloudpick_core::portal::Dialog::Open { .. } => "open files",
                    _ => "save",
                };
                let title = format!("Could not {what} for {}", request.asker());
                crate::desktop::notify::show_failure(&self.handle, &title, &message);
                (FAILED, Results::default())
            }
            Answer::Done(_) => (FAILED, Results::default()),
        }
    }
}

#[zbus::interface(name = "org.freedesktop.impl.portal.FileChooser")]
impl FileChooser {
    #[zbus(out_args("response", "results"))]
    async fn open_file(
        &self,
        #[zbus(object_server)] server: &ObjectServer,
        handle: OwnedObjectPath,
        app_id: String,
        parent_window: String,
        title: String,
        options: Options,
    ) -> (u32, Results) {
        let dialog = options::open_dialog(&options);
        let request = options::request(app_id, title, dialog, options);
        self.ask(server, handle, &parent_window, request).await
    }

    #[zbus(out_args("response", "results"))]
    async fn save_file(
        &self,
        #[zbus(object_server)] server: &ObjectServer,
        handle: OwnedObjectPath,
        app_id: String,
        parent_window: String,
        title: String,
        options: Options,
    ) -> (u32, Results) {
        let dialog = options::save_dialog(&options);
        let request = options::request(app_id, title, dialog, options);
        self.ask(server, handle, &parent_window, request).await
    }

    #[zbus(out_args("response", "results"))]
    async fn save_files(
        &self,
        #[zbus(object_server)] server: &ObjectServer,
        handle: OwnedObjectPath,
        app_id: String,
        parent_window: String,
        title: String,
        options: Options,
    ) -> (u32, Results) {
        let dialog = options::save_files_dialog(&options);
        let request = options::request(app_id, title, dialog, options);
        self.ask(server, handle, &parent_window, request).await
    }
}

/// `org.freedesktop.impl.portal.Request` at a call's handle: `Close` ends
/// the dialog as a cancel.
struct Request {
    handle: AppHandle,
}

#[zbus::interface(name = "org.freedesktop.impl.portal.Request")]
impl Request {
    async fn close(&self) {
        if script_pick::waiting_for_app(&self.handle) {
            script_pick::give_up(&self.handle);
        }
    }
}
