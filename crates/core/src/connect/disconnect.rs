//! Disconnect: the provider revokes the tokens where it can, then the
//! keyring entry goes. Microsoft, Amazon and Alfresco have no revocation
//! endpoint Cloudpick can call; their tokens simply leave the keyring.

use super::flow::{AppRegistration, OAuthProvider, Revoke};
use super::keyring::KeyringTokens;
use crate::drives::remote::Tokens;
use crate::error::{Error, ErrorKind, Result};

/// Revokes `tokens` at the provider; `Ok(false)` when it has no way to.
pub async fn revoke(
    provider: &OAuthProvider,
    app: &AppRegistration,
    tokens: &Tokens,
    http: &reqwest::Client,
) -> Result<bool> {
    let requests: Vec<reqwest::RequestBuilder> = match &provider.revoke {
        None => return Ok(false),
        Some(Revoke::Bearer(url)) => vec![http.post(url).bearer_auth(tokens.access.expose())],
        // Both tokens, the refresh token first: it outlives the access token.
        Some(Revoke::Rfc7009(url)) => tokens
            .refresh
            .iter()
            .chain(std::iter::once(&tokens.access))
            .map(|token| {
                let mut form = vec![
                    ("token", token.expose().to_owned()),
                    ("client_id", app.client_id.clone()),
                ];
                if let Some(secret) = &app.client_secret {
                    form.push(("client_secret", secret.expose().to_owned()));
                }
                http.post(url).form(&form)
            })
            .collect(),
    };
    for request in requests {
        let response = request
            .timeout(crate::drives::remote::deadline::metadata())
            .send()
            .await
            .map_err(|e| crate::drives::remote::transport_error(&provider.name, e))?;
        if !response.status().is_success() {
            return Err(Error::new(
                ErrorKind::Transient,
                format!(
                    "{} did not confirm that it revoked Cloudpick's access ({}); the sign-in was \
                     kept. Try again, or remove Cloudpick from your {} account's connected apps",
                    provider.name,
                    response.status(),
                    provider.name
                ),
            )
            .with_drive(&provider.name));
        }
    }
    Ok(true)
}

/// Revokes where possible, then deletes the keyring entry. A failed
/// revocation keeps the entry, so nothing is left half-done.
pub async fn disconnect(
    provider: &OAuthProvider,
    app: &AppRegistration,
    entry: &KeyringTokens,
    http: &reqwest::Client,
) -> Result<()> {
    if let Some(tokens) = entry.load()? {
        revoke(provider, app, &tokens, http).await?;
    }
    entry.delete()
}
