use cloudpick_core::app::Cloudpick;
use cloudpick_core::sources::Source;
use std::sync::Mutex;
use tauri::ipc::Channel;

#[tauri::command]
pub fn list_sources(app: tauri::State<'_, Cloudpick>) -> Vec<Source> {
    app.sources()
}

/// The window's subscription to changes of the sources that it did not ask
/// for: accounts opened again in the background after start-up.
#[derive(Default)]
pub struct SourcesWatch(Mutex<Option<Channel<Vec<Source>>>>);

impl SourcesWatch {
    pub fn send(&self, sources: Vec<Source>) {
        if let Ok(watch) = self.0.lock() {
            if let Some(channel) = watch.as_ref() {
                let _ = channel.send(sources);
            }
        }
    }
}

/// Subscribes the window to source changes; the current sources come at once.
#[tauri::command]
pub fn watch_sources(
    app: tauri::State<'_, Cloudpick>,
    watch: tauri::State<'_, SourcesWatch>,
    changes: Channel<Vec<Source>>,
) {
    let _ = changes.send(app.sources());
    if let Ok(mut current) = watch.0.lock() {
        *current = Some(changes);
    }
}
