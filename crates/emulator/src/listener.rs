//! The emulator's own HTTP/1.1 server loop, rather than `axum::serve`, for two
//! things real services do that clients can tell:
//! - header names go out in title case (`Retry-After`, `Content-Type`), as the
//!   providers' servers write them; box-sdk-gen looks `Retry-After` up
//!   case-sensitively;
//! - optionally TLS, for SDKs that only speak `https://` (Dropbox's Python
//!   SDK, MSAL), with a CA made at start-up.
//!
//! Paths are tidied before routing the way Graph's front door does:
//! `/graph/v1.0//me` (kiota's base URL ends in `/`, its templates start with
//! one) is `/graph/v1.0/me`.

use axum::body::Body;
use axum::http::{Request, Uri};
use axum::Router;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Serves `app` on `listener` until `shutdown` fires; then every open
/// connection is closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<Arc<tokio_rustls::TlsAcceptor>>,
    mut shutdown: tokio::sync::oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => accepted,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        connections.spawn(async move {
            let service =
                hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
                    let mut request = request.map(Body::new);
                    tidy_path(request.uri_mut());
                    app.clone().oneshot(request)
                });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.title_case_headers(true);
            let _ = match tls {
                Some(acceptor) => match acceptor.accept(stream).await {
                    Ok(stream) => http.serve_connection(TokioIo::new(stream), service).await,
                    Err(_) => return,
                },
                None => http.serve_connection(TokioIo::new(stream), service).await,
            };
        });
    }
}

/// Collapses repeated slashes in Graph API paths.
fn tidy_path(uri: &mut Uri) {
    let path = uri.path();
    if !path.starts_with("/graph/v1.0/") || !path.contains("//") {
        return;
    }
    let mut tidy = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && tidy.ends_with('/')) {
            tidy.push(c);
        }
    }
    if let Some(query) = uri.query() {
        tidy.push('?');
        tidy.push_str(query);
    }
    let mut parts = uri.clone().into_parts();
    if let Ok(path_and_query) = tidy.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(tidied) = Uri::from_parts(parts) {
            *uri = tidied;
        }
    }
}

/// A CA made for this run and a certificate for `127.0.0.1`, `localhost`
/// and `::1` signed by it. Clients trust the CA's PEM (`tls_ca` in the JSON line).
pub struct Certificates {
    pub acceptor: Arc<tokio_rustls::TlsAcceptor>,
    pub ca_pem: String,
}

pub fn certificates() -> Result<Certificates, String> {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    };
    let fail = |e: &dyn std::fmt::Display| format!("could not make the TLS certificate: {e}");
    let mut ca = CertificateParams::new(Vec::new()).map_err(|e| fail(&e))?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "cloudpick-emulator local CA");
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().map_err(|e| fail(&e))?;
    let ca_cert = ca.self_signed(&ca_key).map_err(|e| fail(&e))?;
    let issuer = Issuer::new(ca, ca_key);

    let mut leaf = CertificateParams::new(vec![
        "127.0.0.1".to_owned(),
        "localhost".to_owned(),
        "::1".to_owned(),
    ])
    .map_err(|e| fail(&e))?;
    leaf.distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    let leaf_key = KeyPair::generate().map_err(|e| fail(&e))?;
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).map_err(|e| fail(&e))?;

    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into());
    let chain = vec![leaf_cert.der().clone(), ca_cert.der().clone()];
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(&e))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| fail(&e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Certificates {
        acceptor: Arc::new(tokio_rustls::TlsAcceptor::from(Arc::new(config))),
        ca_pem: ca_cert.pem(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_paths_lose_doubled_slashes_and_others_stay() {
        let tidied = |text: &str| {
            let mut uri: Uri = text.parse().unwrap();
            tidy_path(&mut uri);
            uri.to_string()
        };
        assert_eq!(tidied("/graph/v1.0//me?$top=2"), "/graph/v1.0/me?$top=2");
        assert_eq!(
            tidied("/graph/v1.0//drives/x//items/root"),
            "/graph/v1.0/drives/x/items/root"
        );
        assert_eq!(tidied("/dropbox/api/2//files"), "/dropbox/api/2//files");
    }
}
