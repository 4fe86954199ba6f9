//! A second process on the same Box account, as `cloudpick ls` beside the
//! app: it opens the account from the keyring, with the app's lock folder,
//! asks who is signed in (refreshing the expired token), and exits 0, or
//! prints the error and exits 1. Everything comes from `CP_*` variables.

use cloudpick_core::connect::account::{restore, AccountRecord};
use cloudpick_core::connect::keyring::Keeping;

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn main() {
    let setup = cloudpick_tests::box_setup(
        &var("CP_TOKEN_URL"),
        &var("CP_CLIENT_ID"),
        &var("CP_CLIENT_SECRET"),
        &var("CP_API"),
        &var("CP_UPLOAD"),
    );
    let record = AccountRecord {
        provider: "box".into(),
        key: var("CP_ACCOUNT"),
        sign_in: None,
        store: None,
        server: None,
    };
    let keeping = Keeping {
        locks: Some(var("CP_LOCKS").into()),
        warn: None,
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let asked = runtime.block_on(async {
        let http = cloudpick_core::drives::remote::http_client()?;
        let drive = restore(&setup, &record, &http, &keeping)?;
        drive.account().await
    });
    if let Err(err) = asked {
        eprintln!("{}", err.message());
        std::process::exit(1);
    }
}
