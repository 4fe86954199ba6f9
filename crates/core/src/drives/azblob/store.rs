//! The Azure Blob account behind the drive: OpenDAL's operator for each
//! bucket, the list of buckets, links and hashes.

use crate::drives::hashes::HashKind;
use crate::drives::objects::{ObjectStore, Store, StoreSecret};
use crate::error::{Error, ErrorKind, Result};
use crate::item::{Account, ContentHash};
use async_trait::async_trait;
use base64::Engine;
use opendal::{Metadata, Operator};

pub const KIND: &str = "azblob";
pub const NAME: &str = "Azure Blob";
pub const DEFAULT_HOST: &str = "blob.core.windows.net";

/// An Azure storage account: where, who, and its key or SAS.
pub struct Azure {
    config: ObjectStore,
    secret: StoreSecret,
    http: reqwest::Client,
}

impl Azure {
    /// The blob service's address: the account's own, or the one set.
    fn endpoint(&self) -> String {
        match self.config.endpoint.as_str() {
            "" => format!("https://{}.blob.core.windows.net", self.config.identity),
            endpoint => endpoint.to_owned(),
        }
    }

    fn credential(&self) -> reqsign::AzureStorageCredential {
        if self.secret.sas {
            reqsign::AzureStorageCredential::SharedAccessSignature(self.secret.expose().to_owned())
        } else {
            reqsign::AzureStorageCredential::SharedKey(
                self.config.identity.clone(),
                self.secret.expose().to_owned(),
            )
        }
    }

    /// The blob's URL, without a query.
    fn blob_url(&self, container: &str, blob: &str) -> Result<url::Url> {
        let mut url = url::Url::parse(&self.endpoint()).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("The Azure endpoint is not a URL: {e}"),
            )
        })?;
        {
            let mut parts = url.path_segments_mut().map_err(|()| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "The Azure endpoint cannot take a path",
                )
            })?;
            parts.pop_if_empty();
            parts.push(container);
            parts.extend(blob.split('/'));
        }
        Ok(url)
    }
}

#[async_trait]
impl Store for Azure {
    const KIND: &'static str = KIND;
    const NAME: &'static str = NAME;

    fn new(config: ObjectStore, secret: StoreSecret, http: reqwest::Client) -> Self {
        Azure {
            config,
            secret,
            http,
        }
    }

    fn operator(&self, container: &str) -> opendal::Result<Operator> {
        let mut builder = opendal::services::Azblob::default()
            .container(container)
            .endpoint(&self.endpoint())
            .account_name(&self.config.identity);
        builder = if self.secret.sas {
            builder.sas_token(self.secret.expose())
        } else {
            builder.account_key(self.secret.expose())
        };
        crate::drives::objects::operator(builder, &self.http)
    }

    async fn buckets(&self) -> Result<Vec<String>> {
        if !self.config.buckets.is_empty() {
            return Ok(self.config.buckets.clone());
        }
        let mut names = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let mut url = url::Url::parse(&format!("{}/", self.endpoint())).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("The Azure endpoint is not a URL: {e}"),
                )
            })?;
            url.query_pairs_mut().append_pair("comp", "list");
            if let Some(marker) = &marker {
                url.query_pairs_mut().append_pair("marker", marker);
            }
            let mut request = reqwest::Request::new(reqwest::Method::GET, url);
            request.headers_mut().insert(
                "x-ms-version",
                reqwest::header::HeaderValue::from_static("2021-08-06"),
            );
            reqsign::AzureStorageSigner::new()
                .sign(&mut request, &self.credential())
                .map_err(|e| {
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!("Could not sign the request to Azure: {e}"),
                    )
                })?;
            let text = crate::drives::objects::fetch_listing(&self.http, request, NAME).await?;
            let listed: super::wire::EnumerationResults =
                quick_xml::de::from_str(&text).map_err(|e| {
                    Error::new(
                        ErrorKind::Io,
                        format!("Azure's list of containers cannot be read: {e}"),
                    )
                })?;
            names.extend(listed.containers.container.into_iter().map(|c| c.name));
            match listed.next_marker.filter(|m| !m.is_empty()) {
                Some(next) => marker = Some(next),
                None => return Ok(names),
            }
        }
    }

    async fn link(&self, _op: &Operator, container: &str, blob: &str) -> Result<String> {
        let mut url = self.blob_url(container, blob)?;
        if self.config.public {
            return Ok(url.to_string());
        }
        if self.secret.sas {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "A SAS token makes no links to single files: connect Azure Blob with the account key, or mark the container public",
            )
            .with_drive(NAME));
        }
        let http_allowed = url.scheme() == "http";
        let query = super::sas::read_only(
            &self.config.identity,
            self.secret.expose(),
            container,
            blob,
            self.config.link_life(),
            http_allowed,
        )
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("Could not make a link: {e}"),
            )
        })?;
        url.set_query(Some(&query));
        Ok(url.to_string())
    }

    fn address(&self, container: &str, blob: &str) -> Result<String> {
        self.blob_url(container, blob).map(String::from)
    }

    fn account(&self) -> Account {
        Account {
            display_name: self.config.identity.clone(),
            email: Some(self.config.account_key(DEFAULT_HOST)),
            quota_used: None,
            quota_total: None,
        }
    }

    /// Azure keeps a blob's MD5 (base64) when it was sent with one.
    fn hash(meta: &Metadata) -> Option<ContentHash> {
        let md5 = base64::engine::general_purpose::STANDARD
            .decode(meta.content_md5()?)
            .ok()
            .filter(|d| d.len() == 16)?;
        let hex: String = md5.iter().map(|b| format!("{b:02x}")).collect();
        Some(ContentHash::new(HashKind::Md5, hex))
    }
}
