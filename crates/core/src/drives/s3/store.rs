//! The S3 account behind the drive: OpenDAL's operator for each
//! bucket, the list of buckets, links and hashes.

use crate::drives::hashes::HashKind;
use crate::drives::objects::{ObjectStore, Store, StoreSecret};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ContentHash};
use async_trait::async_trait;
use opendal::{Metadata, Operator};

pub const KIND: &str = "s3";
pub const NAME: &str = "Amazon S3";
pub const AWS_HOST: &str = "s3.amazonaws.com";
const DEFAULT_REGION: &str = "us-east-1";

/// An S3 account: where, who, and the secret.
pub struct S3 {
    config: ObjectStore,
    secret: StoreSecret,
    http: reqwest::Client,
}

impl S3 {
    fn region(&self) -> &str {
        match self.config.region.as_str() {
            "" => DEFAULT_REGION,
            region => region,
        }
    }

    /// The service's address, the regional AWS one when none is set.
    fn endpoint(&self) -> String {
        match self.config.endpoint.as_str() {
            "" => format!("https://s3.{}.amazonaws.com", self.region()),
            endpoint => endpoint.to_owned(),
        }
    }

    fn credential(&self) -> reqsign::AwsCredential {
        reqsign::AwsCredential {
            access_key_id: self.config.identity.clone(),
            secret_access_key: self.secret.expose().to_owned(),
            session_token: None,
            expires_in: None,
        }
    }

    /// The object's own URL.
    fn object_url(&self, bucket: &str, key: &str) -> Result<String> {
        let mut url = url::Url::parse(&self.endpoint()).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("The S3 endpoint is not a URL: {e}"),
            )
        })?;
        if !self.config.path_style {
            let host = url.host_str().unwrap_or(AWS_HOST).to_owned();
            url.set_host(Some(&format!("{bucket}.{host}")))
                .map_err(|e| {
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!("{bucket} cannot be a host name: {e}"),
                    )
                })?;
        }
        {
            let mut parts = url.path_segments_mut().map_err(|()| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "The S3 endpoint cannot take a path",
                )
            })?;
            parts.pop_if_empty();
            if self.config.path_style {
                parts.push(bucket);
            }
            parts.extend(key.split('/'));
        }
        Ok(url.to_string())
    }
}

#[async_trait]
impl Store for S3 {
    const KIND: &'static str = KIND;
    const NAME: &'static str = NAME;

    fn new(config: ObjectStore, secret: StoreSecret, http: reqwest::Client) -> Self {
        S3 {
            config,
            secret,
            http,
        }
    }

    fn operator(&self, bucket: &str) -> opendal::Result<Operator> {
        let mut builder = opendal::services::S3::default()
            .bucket(bucket)
            .region(self.region())
            .endpoint(&self.endpoint())
            .access_key_id(&self.config.identity)
            .secret_access_key(self.secret.expose())
            .disable_config_load()
            .disable_ec2_metadata();
        if !self.config.path_style {
            builder = builder.enable_virtual_host_style();
        }
        crate::drives::objects::operator(builder, &self.http)
    }

    async fn buckets(&self) -> Result<Vec<String>> {
        if !self.config.buckets.is_empty() {
            return Ok(self.config.buckets.clone());
        }
        let url = url::Url::parse(&format!("{}/", self.endpoint())).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("The S3 endpoint is not a URL: {e}"),
            )
        })?;
        let mut request = reqwest::Request::new(reqwest::Method::GET, url);
        reqsign::AwsV4Signer::new("s3", self.region())
            .sign(&mut request, &self.credential())
            .map_err(|e| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("Could not sign the request to S3: {e}"),
                )
            })?;
        let text = crate::drives::objects::fetch_listing(&self.http, request, NAME).await?;
        let listed: super::wire::ListAllMyBucketsResult =
            quick_xml::de::from_str(&text).map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!("S3's list of buckets cannot be read: {e}"),
                )
            })?;
        Ok(listed.buckets.bucket.into_iter().map(|b| b.name).collect())
    }

    async fn link(&self, op: &Operator, bucket: &str, key: &str) -> Result<String> {
        if self.config.public {
            return self.object_url(bucket, key);
        }
        let signed = op
            .presign_read(key, self.config.link_life())
            .await
            .map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!("Could not make a link to {key}: {e}"),
                )
            })?;
        Ok(signed.uri().to_string())
    }

    fn address(&self, bucket: &str, key: &str) -> Result<String> {
        self.object_url(bucket, key)
    }

    fn account(&self) -> Account {
        Account {
            display_name: self.config.identity.clone(),
            email: Some(self.config.account_key(AWS_HOST)),
            quota_used: None,
            quota_total: None,
        }
    }

    /// The ETag of an object sent in one part is its MD5; a multipart one
    /// (`…-N`) is not a hash of the bytes.
    fn hash(meta: &Metadata) -> Option<ContentHash> {
        let etag = meta.etag()?.trim_matches('"');
        let plain = etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit());
        plain.then(|| ContentHash::new(HashKind::Md5, etag.to_ascii_lowercase()))
    }
}
