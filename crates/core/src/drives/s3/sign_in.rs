//! How an S3 account connects: an access key ID and its secret, an optional
//! endpoint for S3-compatible services, and the how-to Settings shows.

use crate::connect::guide::AppGuide;
use crate::drives::row::KeyRules;

pub const RULES: KeyRules = KeyRules {
    open: crate::drives::objects::open::<super::store::S3>,
    guide,
    default_host: super::store::AWS_HOST,
    identity: "Access key ID",
    secret: "Secret access key",
    sas: false,
    demo: "Demo · needs moto",
};

fn guide() -> AppGuide {
    AppGuide {
        register_at: "AWS IAM console".into(),
        register_url: Some("https://console.aws.amazon.com/iam/home#/users".into()),
        steps: AppGuide::steps(&[
            "Create a user for Cloudpick (or use yours), and give it a policy that allows s3:ListAllMyBuckets, s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on your buckets.",
            "Under Security credentials, create an access key and copy its ID and secret here. Cloudpick keeps the secret in the system keyring only.",
            "For MinIO, Ceph, Wasabi, R2 or another S3-compatible service, enter its address as Endpoint, and tick Path-style if its guide says so.",
            "If the keys may not list buckets, name the buckets to show.",
        ]),
        redirect_uri: String::new(),
        scopes: vec![],
    }
}
