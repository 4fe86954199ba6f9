//! How an Azure Blob account connects: the storage account's name and its
//! key (or a SAS token), and the how-to Settings shows.

use crate::connect::guide::AppGuide;
use crate::drives::row::KeyRules;

pub const RULES: KeyRules = KeyRules {
    open: crate::drives::objects::open::<super::store::Azure>,
    guide,
    default_host: super::store::DEFAULT_HOST,
    identity: "Storage account",
    secret: "Account key or SAS token",
    sas: true,
    demo: "Not in the demo",
};

fn guide() -> AppGuide {
    AppGuide {
        register_at: "Azure portal".into(),
        register_url: Some("https://portal.azure.com/#browse/Microsoft.Storage%2FStorageAccounts".into()),
        steps: AppGuide::steps(&[
            "Open your storage account; its name goes in Storage account.",
            "Under Security + networking → Access keys, show and copy key1 here. Cloudpick keeps it in the system keyring only, and makes read-only links to single files with it.",
            "Or, under Shared access signature, make a SAS for the Blob service with Container and Object resources and Read, Write, Delete, List and Create permissions, and paste it with SAS ticked. A SAS makes no links: files stored there get one only if the container is public.",
            "For Azurite or another endpoint, enter its blob address as Endpoint (http://127.0.0.1:10000/devstoreaccount1).",
        ]),
        redirect_uri: String::new(),
        scopes: vec![],
    }
}
