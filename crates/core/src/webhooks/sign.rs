//! Filestack's webhook signature: `FS-Signature` is
//! hex(HMAC-SHA256(secret, "{FS-Timestamp}.{raw body}")).

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes a key of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_the_hmac_of_timestamp_dot_body() {
        // Python's hmac.new(b"s3cret", b'1700000000.{"id":1}', sha256).hexdigest()
        assert_eq!(
            super::signature("s3cret", 1_700_000_000, br#"{"id":1}"#),
            "ee0658aa4e37018df69c24227df01e0f680eb3b87c7f1f9bd936e283cfe01d9b"
        );
    }
}
