//! Opens a provider's drive client for a signed-in account: at the real
//! hosts, or at the ones `ApiHosts` names (the demo's emulator, tests).

use super::apps::AppSettings;
use crate::drive::Drive;
use crate::error::{Error, ErrorKind, Result};
use crate::remote::{RetryPolicy, TokenSource};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Base URLs by the emulator's names (`api`, `content`, `upload`,
/// `discovery`, `server`); an absent one means the real host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiHosts(pub BTreeMap<String, String>);

impl ApiHosts {
    fn get(&self, key: &str, real: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| real.to_owned())
    }
}

pub fn open_drive(
    provider: &str,
    hosts: &ApiHosts,
    app: &AppSettings,
    tokens: Arc<dyn TokenSource>,
    http: &reqwest::Client,
) -> Result<Arc<dyn Drive>> {
    let http = http.clone();
    let retry = RetryPolicy::default();
    Ok(match provider {
        "dropbox" => {
            let real = crate::dropbox::Endpoints::default();
            Arc::new(crate::dropbox::Dropbox::new(crate::dropbox::Client {
                http,
                endpoints: crate::dropbox::Endpoints {
                    api: hosts.get("api", &real.api),
                    content: hosts.get("content", &real.content),
                },
                tokens,
                retry,
            }))
        }
        "onedrive" => Arc::new(crate::onedrive::OneDrive::new(crate::onedrive::Client {
            http,
            api: hosts.get("api", "https://graph.microsoft.com/v1.0"),
            tokens,
            retry,
        })),
        "box" => {
            let real = crate::boxcom::Endpoints::default();
            Arc::new(crate::boxcom::BoxDrive::new(crate::boxcom::Client {
                http,
                endpoints: crate::boxcom::Endpoints {
                    api: hosts.get("api", &real.api),
                    upload: hosts.get("upload", &real.upload),
                },
                tokens,
                retry,
            }))
        }
        "clouddrive" => {
            let real = crate::amazon::Endpoints::default();
            let endpoints = crate::amazon::Endpoints {
                discovery: hosts.get("discovery", &real.discovery),
            };
            Arc::new(crate::amazon::AmazonDrive::new(crate::amazon::Client::new(
                http, endpoints, tokens, retry,
            )))
        }
        "alfresco" => {
            let server = hosts
                .0
                .get("server")
                .cloned()
                .or_else(|| app.server_url.clone())
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidInput,
                        "To connect Alfresco, enter its server URL in Settings",
                    )
                })?;
            Arc::new(crate::alfresco::Alfresco::new(crate::alfresco::Client {
                http,
                server: crate::alfresco::Server(server),
                auth: crate::alfresco::Auth::Bearer(tokens),
                retry,
            }))
        }
        other => {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("There is no drive called {other}"),
            ))
        }
    })
}
