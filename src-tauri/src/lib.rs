//! The desktop shell: a window hosting the service chooser, whose commands
//! call `cloudpick_core::app`. Everything testable without a window lives there.

mod cli;
mod commands;
mod demo;
mod demo_s3;
mod desktop;
mod folder_dialog;
mod opener;
mod thumbnails;

use cloudpick_core::app::Cloudpick;
use cloudpick_core::settings::AppPaths;

/// Starts the app. A broken settings file or a missing home folder stops it
/// with a message that says what to fix.
pub fn run() {
    let cli = <cli::Cli as clap::Parser>::parse();
    let paths = AppPaths::from_platform().unwrap_or_else(|err| fail(&err));
    let script = match cli.command {
        Some(command) if cli::windowless::wanted(&command) => {
            let (app, _demo) = engine(paths, cli.demo, None, None);
            std::process::exit(cli::windowless::run(&app, command));
        }
        Some(cli::Command::Pick(args)) => Some(args.script_pick().unwrap_or_else(|err| fail(&err))),
        Some(cli::Command::Save(args)) => Some(args.script_save().unwrap_or_else(|err| fail(&err))),
        // The others run without a window, above.
        Some(_) => None,
        None => None,
    };
    let rules = match &script {
        Some(pick) => pick.rules.clone(),
        None => cli.rules.restrictions().unwrap_or_else(|err| fail(&err)),
    };
    let request = match &script {
        Some(options) => desktop::instance::Request::Pick {
            options: Box::new(options.clone()),
        },
        None if cli.portal => desktop::instance::Request::Serve,
        None => desktop::instance::Request::Show,
    };
    if cli.portal {
        desktop::window::start_hidden();
    }
    let instance = match desktop::instance::claim(&paths.data_dir, &request) {
        // The running Cloudpick shows its window; this one has nothing to do.
        desktop::instance::Claim::Told => return,
        // It ran the script's pick.
        desktop::instance::Claim::Answered(answer) => std::process::exit(answer.print()),
        claim => claim,
    };
    let clock: desktop::instance::TestClock =
        desktop::instance::test_hooks().then(Default::default);
    let (app, demo) = engine(paths, cli.demo, rules, clock.clone());
    let picks = script.map_or_else(Default::default, desktop::script_pick::ScriptPicks::own);
    let result = tauri::Builder::default()
        .manage(app)
        .manage(demo)
        .manage(clock)
        .manage(picks)
        .manage(desktop::geometry::Geometry::default())
        .manage(commands::sources::SourcesWatch::default())
        .manage(desktop::window::WindowWatch::default())
        .on_window_event(desktop::window::on_event)
        .on_page_load(desktop::window::on_page_load)
        .register_asynchronous_uri_scheme_protocol(thumbnails::SCHEME, thumbnails::handle)
        .setup(|tauri_app| {
            let handle = tauri_app.handle().clone();
            use tauri::Manager;
            if let Some(window) = tauri_app.get_webview_window(desktop::window::MAIN) {
                desktop::geometry::restore(&window);
            }
            #[cfg(unix)]
            if let desktop::instance::Claim::First(listener) = instance {
                desktop::instance::serve(listener, handle.clone());
            }
            // A desktop without a tray (no StatusNotifier host) still works.
            if let Err(err) = desktop::tray::install(tauri_app) {
                eprintln!("cloudpick: no tray icon: {err}");
            }
            desktop::notify::start(handle.clone());
            // Other applications' Open and Save dialogs, when the desktop
            // asks Cloudpick for them.
            #[cfg(target_os = "linux")]
            desktop::portal::start(handle.clone());
            // Webhook deliveries, overdue ones first, for as long as the app runs.
            let hooks = handle.clone();
            tauri::async_runtime::spawn(async move {
                hooks.state::<Cloudpick>().deliver_webhooks().await;
            });
            tauri::async_runtime::spawn(restore_accounts(handle));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::sources::list_sources,
            commands::sources::watch_sources,
            commands::browse::open_folder,
            commands::browse::cancel_open_folder,
            commands::browse::more_items,
            commands::browse::search_drive,
            commands::browse::image_size,
            commands::browse::media_info,
            commands::browse::preview,
            commands::browse::media_stream,
            commands::browse::stop_media_stream,
            commands::pick::pick_files,
            commands::pick::cancel_pick,
            commands::pick::cancel_pick_file,
            commands::pick::script_pick,
            commands::pick::script_done,
            commands::portal::open_for_app,
            commands::portal::choose_folder_for_app,
            commands::portal::choose_filter,
            commands::portal::save_for_app,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::settings::open_storage_folder,
            commands::settings::open_stored_file,
            commands::settings::choose_folder,
            commands::settings::get_provider_apps,
            commands::settings::save_provider_app,
            commands::accounts::connect_account,
            commands::accounts::connect_alfresco,
            commands::accounts::connect_store,
            commands::accounts::cancel_connect,
            commands::accounts::disconnect_account,
            commands::activity::get_activity,
            commands::activity::get_recent,
            commands::activity::remove_stored,
            commands::activity::retry_save,
            commands::activity::stored_item,
            commands::activity::edit_stored,
            commands::export::export_files,
            commands::export::cancel_export,
            commands::export::create_folder,
            commands::export::stage_drag,
            commands::transfers::pause_pick_file,
            commands::transfers::resume_transfer,
            commands::transfers::cancel_transfer,
            commands::window::watch_window,
            commands::webhooks::signing_secret,
            commands::webhooks::rotate_signing_secret,
            commands::webhooks::send_test_event,
            commands::webhooks::webhook_deliveries,
            commands::webhooks::replay_delivery,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(err) = result {
        eprintln!("cloudpick: could not start the window: {err}");
        std::process::exit(2);
    }
}

/// The engine, on the demo drives if asked, with this run's restrictions
/// and (for tests) a clock to move.
fn engine(
    paths: AppPaths,
    demo_flag: bool,
    rules: Option<cloudpick_core::restrictions::Restrictions>,
    clock: desktop::instance::TestClock,
) -> (Cloudpick, Option<demo::Demo>) {
    let cache = paths.cache_dir.clone();
    let mut app = Cloudpick::open(paths).unwrap_or_else(|err| fail(&err));
    if let Some(rules) = rules {
        app = app.with_restrictions(rules);
    }
    if let Some(clock) = clock {
        app = app.with_webhook_clock(clock);
    }
    let demo = if demo::requested(demo_flag) {
        app = app.into_demo();
        Some(demo::start(&app, &cache).unwrap_or_else(|err| fail(&err)))
    } else {
        None
    };
    // Kept accounts show as "Reconnecting…" at once and open in the background.
    app.list_kept_accounts();
    (app, demo)
}

/// Opens the accounts connected in earlier runs, from the keyring, then
/// tells the window (one that cannot be opened shows why, in the window),
/// then goes on with the uploads the journal says were running.
async fn restore_accounts(handle: tauri::AppHandle) {
    use tauri::Manager;
    let app = handle.state::<Cloudpick>();
    for (source, err) in app.restore_accounts().await {
        eprintln!("cloudpick: {source}: {}", err.message());
    }
    handle
        .state::<commands::sources::SourcesWatch>()
        .send(app.sources());
    // Uploads cut short by the last stop go on, now that their drives are open.
    for (source, err) in app.resume_transfers().await {
        eprintln!(
            "cloudpick: an upload from {source} could not go on: {}",
            err.message()
        );
    }
}

fn fail(err: &cloudpick_core::Error) -> ! {
    eprintln!("cloudpick: {}", err.message());
    std::process::exit(2);
}
