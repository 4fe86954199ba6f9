use cloudpick_core::app::accounts::SourcesUpdate;
use cloudpick_core::app::{to_api, Cloudpick};
use cloudpick_core::ApiError;
use tauri::ipc::Channel;

/// Signs in to `provider` in the system browser. The sign-in URL goes to the
/// window too (`url`), for the Copy link button.
#[tauri::command]
pub async fn connect_account(
    app: tauri::State<'_, Cloudpick>,
    provider: String,
    url: Channel<String>,
) -> Result<SourcesUpdate, ApiError> {
    let present = move |link: &str| {
        let _ = url.send(link.to_owned());
        // No browser is not fatal: the window shows the link to copy.
        let _ = crate::opener::open(std::ffi::OsStr::new(link));
    };
    to_api(app.connect_account(&provider, &present).await)
}

#[tauri::command]
pub fn cancel_connect(app: tauri::State<'_, Cloudpick>) {
    app.cancel_connect();
}

#[tauri::command]
pub async fn disconnect_account(
    app: tauri::State<'_, Cloudpick>,
    source: String,
) -> Result<SourcesUpdate, ApiError> {
    to_api(app.disconnect_account(&source).await)
}

/// Signs in to Alfresco with a user name and password (its tickets API).
/// The password is dropped once the server answers.
#[tauri::command]
pub async fn connect_alfresco(
    app: tauri::State<'_, Cloudpick>,
    server: String,
    user: String,
    password: String,
    plain_http: bool,
) -> Result<SourcesUpdate, ApiError> {
    let password = cloudpick_core::drives::remote::Secret::new(password);
    to_api(
        app.connect_alfresco(&server, &user, password, plain_http)
            .await,
    )
}

/// Connects S3 or Azure Blob with keys from the form; the secret goes to
/// the keyring once the service accepted it.
#[tauri::command]
pub async fn connect_store(
    app: tauri::State<'_, Cloudpick>,
    provider: String,
    store: cloudpick_core::drives::objects::ObjectStore,
    secret: String,
    sas: bool,
) -> Result<SourcesUpdate, ApiError> {
    let keys = cloudpick_core::connect::keys::Keys {
        store,
        secret: cloudpick_core::drives::remote::Secret::new(secret),
        sas,
    };
    to_api(app.connect_store(&provider, keys).await)
}
