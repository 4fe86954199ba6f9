//! Every drive, each in its own folder with the same files (`api.rs`: the
//! provider's wire types; `client.rs`: its HTTP client; `list.rs`, `read.rs`,
//! `write.rs`; `mod.rs`: the `Drive`), what the cloud drives share
//! (`remote/`), what the object stores share (`objects/`), the content hashes (`hashes/`), and the registry.

pub mod alfresco;
pub mod azblob;
pub mod boxcom;
pub mod clouddrive;
pub mod dropbox;
pub mod hashes;
pub mod local;
pub mod objects;
pub mod onedrive;
pub mod registry;
pub mod remote;
pub mod row;
pub mod s3;
