//! Signing in to Alfresco with a user name and password (the tickets API),
//! beside its OIDC sign-in, which goes through `connect_account`.

use crate::app::accounts::SourcesUpdate;
use crate::app::Cloudpick;
use crate::connect::apps;
use crate::connect::ticket;
use crate::drives::alfresco::KIND;
use crate::drives::remote::Secret;
use crate::error::{Error, ErrorKind, Result};

impl Cloudpick {
    /// The Alfresco server accounts sign in to: the demo's, or the one in
    /// Settings (or `CLOUDPICK_ALFRESCO_SERVER_URL`).
    pub fn alfresco_server(&self) -> Option<String> {
        let demo = self.setups.read().ok().and_then(|s| {
            s.get(KIND)
                .and_then(|setup| setup.hosts.0.get("server").cloned())
        });
        demo.or_else(|| {
            apps::effective(KIND, self.settings().apps.get(KIND), &apps::process_env)
                .ok()
                .and_then(|app| app.server_url)
        })
    }

    /// Signs in at `server` (empty: the one in Settings) with a user name and
    /// password. A server typed here becomes the one in Settings. A password
    /// goes over plain http (to another machine) only when `plain_http` says
    /// the user agreed to it.
    pub async fn connect_alfresco(
        &self,
        server: &str,
        user: &str,
        password: Secret,
        plain_http: bool,
    ) -> Result<SourcesUpdate> {
        let server = match server.trim() {
            "" => self.alfresco_server().ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "Enter the address of your Alfresco server",
                )
            })?,
            typed => crate::app::provider_apps::server_url(typed)?,
        };
        if !plain_http && readable_on_the_way(&server) {
            return Err(Error::new(
                ErrorKind::PermissionDenied,
                format!(
                    "{server} is plain http: anyone on the network between you could read your \
                     password. Use its https address, or tick “Send my password over http”"
                ),
            ));
        }
        let connected = ticket::sign_in(&server, user, password, &self.http).await?;
        if !self.is_demo() && self.alfresco_server().as_deref() != Some(server.as_str()) {
            self.update_settings_with(|settings| {
                settings.apps.entry(KIND.to_owned()).or_default().server_url = Some(server.clone());
            })?;
        }
        self.keep_connected(connected)
    }

    /// Alfresco's server, or the error that says to name one.
    pub(crate) fn required_alfresco_server(&self) -> Result<String> {
        self.alfresco_server().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                "To reach Alfresco, enter its server address in Settings",
            )
        })
    }
}

/// Whether a password sent to `server` crosses the network unencrypted:
/// plain http to anything but this machine.
pub fn readable_on_the_way(server: &str) -> bool {
    let Ok(url) = url::Url::parse(server) else {
        return false;
    };
    let local = match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    url.scheme() == "http" && !local
}
