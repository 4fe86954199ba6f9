//! Amazon S3 and S3-compatible services, through OpenDAL's `s3` service.

mod sign_in;
mod store;
mod wire;

pub use sign_in::RULES;
pub use store::{AWS_HOST, KIND, NAME, S3};
