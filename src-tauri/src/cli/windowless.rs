//! The script commands that need no window: `ls`, `accounts`, `convert`,
//! and `save` with a full `--to`. Each prints its result and returns the
//! exit code.

use super::output;
use super::Command;
use cloudpick_core::app::script::split_location;
use cloudpick_core::app::Cloudpick;

/// Whether `command` runs without opening the window.
pub fn wanted(command: &Command) -> bool {
    match command {
        Command::Pick(_) => false,
        // A drive and folder, or a folder of this computer; `--to dropbox`
        // alone leaves the folder to choose in the dialog.
        Command::Save(save) => save.to.as_deref().is_some_and(|to| {
            split_location(to).is_some()
                || std::path::Path::new(to).is_absolute()
                || std::path::Path::new(to).is_dir()
        }),
        Command::Convert(_) | Command::Ls(_) | Command::Accounts(_) => true,
    }
}

/// Runs `command` on `app`, whose kept accounts are opened first.
pub fn run(app: &Cloudpick, command: Command) -> i32 {
    let mut events = app.events();
    let code = tauri::async_runtime::block_on(async {
        for (source, err) in app.restore_accounts().await {
            eprintln!("cloudpick: {source} did not reconnect: {}", err.message());
        }
        let outcome = match command {
            Command::Accounts(args) => {
                let sources = app.connected_sources();
                Ok(if args.json {
                    output::json(&sources)
                } else {
                    output::sources(&sources)
                })
            }
            Command::Ls(args) => match app.locate(&args.location) {
                Ok(at) => app.list_at(&at).await.map(|items| {
                    if args.json {
                        output::json(&items)
                    } else {
                        output::items(&items)
                    }
                }),
                Err(err) => Err(err),
            },
            Command::Save(args) => app
                .save_paths(
                    &args.files,
                    args.to.as_deref().unwrap_or_default(),
                    args.name.as_deref(),
                    args.on_conflict,
                )
                .await
                .map(|result| output::result(&result)),
            Command::Convert(args) => app
                .convert_to(
                    &args.input,
                    &args.transform.transform(),
                    args.page,
                    &args.output,
                    args.on_conflict,
                )
                .await
                .map(|result| output::result(&result)),
            Command::Pick(_) => Ok(output::error("pick opens the window")),
        };
        let code = outcome.unwrap_or_else(|err| output::error(err.message()));
        // This command's webhook events go out before it exits, within
        // WEBHOOK_WAIT; the rest stay in the outbox for the app.
        let left = app.deliver_due(WEBHOOK_WAIT).await;
        if left > 0 {
            eprintln!(
                "cloudpick: {left} webhook {} could not be sent yet: Cloudpick sends {} when it next runs",
                if left == 1 { "event" } else { "events" },
                if left == 1 { "it" } else { "them" }
            );
        }
        code
    });
    // A sign-in renewed here but not saved is the user's to fix now.
    while let Ok(event) = events.try_recv() {
        if let cloudpick_core::events::Event::SignInNotSaved(message) = event {
            eprintln!("cloudpick: {message}");
        }
    }
    code
}

/// How long a command without a window waits for its webhook deliveries.
const WEBHOOK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
