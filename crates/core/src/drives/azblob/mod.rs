//! Azure Blob Storage, through OpenDAL's `azblob` service.

mod sas;
mod sign_in;
mod store;
mod wire;

pub use sign_in::RULES;
pub use store::{Azure, DEFAULT_HOST, KIND, NAME};
