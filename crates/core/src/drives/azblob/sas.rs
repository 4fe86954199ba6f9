//! A read-only link to one blob: a service SAS (`sr=b`, `sp=r`) signed with
//! the account key, as Microsoft's "Create a service SAS" describes.
//!
//! Made here because neither OpenDAL nor reqsign makes one: OpenDAL presigns
//! only by appending the account's own SAS token, and reqsign's query
//! signing makes an *account* SAS with every permission (`rwdlacu`) on every
//! service, which must never be handed out as a link.

use base64::Engine;
use hmac::{Hmac, Mac};
use std::time::{Duration, SystemTime};

/// The SAS version signed (its string-to-sign has the encryption scope).
const VERSION: &str = "2020-12-06";

/// The query string (`sv=…&sig=…`) that lets anyone read `container/blob`
/// of `account` for `life`.
pub fn read_only(
    account: &str,
    key_base64: &str,
    container: &str,
    blob: &str,
    life: Duration,
    http_allowed: bool,
) -> Result<String, String> {
    let key = base64::engine::general_purpose::STANDARD
        .decode(key_base64)
        .map_err(|_| "the account key is not base64: copy it again from the portal".to_owned())?;
    let expiry = humantime::format_rfc3339_seconds(SystemTime::now() + life).to_string();
    let protocol = if http_allowed { "https,http" } else { "https" };
    let resource = format!("/blob/{account}/{container}/{blob}");
    // sp, st, se, resource, si, sip, spr, sv, sr, snapshot, ses, rscc, rscd, rsce, rscl, rsct
    let to_sign = [
        "r", "", &expiry, &resource, "", "", protocol, VERSION, "b", "", "", "", "", "", "", "",
    ]
    .join("\n");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key)
        .map_err(|_| "the account key cannot sign".to_owned())?;
    mac.update(to_sign.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("sv", VERSION)
        .append_pair("spr", protocol)
        .append_pair("se", &expiry)
        .append_pair("sr", "b")
        .append_pair("sp", "r")
        .append_pair("sig", &signature)
        .finish();
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_reading_one_blob_only() {
        let key = base64::engine::general_purpose::STANDARD.encode(b"k");
        let query =
            read_only("acct", &key, "c", "a b.txt", Duration::from_secs(60), false).unwrap();
        let pairs: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
        assert_eq!(pairs["sp"], "r");
        assert_eq!(pairs["sr"], "b");
        assert_eq!(pairs["spr"], "https");
        assert!(!pairs.contains_key("srt"), "not an account SAS");
        assert!(read_only(
            "acct",
            "not base64!",
            "c",
            "b",
            Duration::from_secs(1),
            false
        )
        .is_err());
    }
}
