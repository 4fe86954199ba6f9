//! The content hashes the providers report, computed while bytes stream:
//! QuickXorHash (OneDrive), content_hash (Dropbox), SHA-1 (Box), MD5 (Amazon).

mod content_hash;
mod quickxor;

pub use content_hash::DropboxContentHash;
pub use quickxor::QuickXorHash;

use sha1::Digest;

/// Which hash a provider uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export, export_to = "HashKind.ts")]
pub enum HashKind {
    #[serde(rename = "quickxorhash")]
    QuickXor,
    #[serde(rename = "dropbox_content_hash")]
    DropboxContent,
    #[serde(rename = "sha1")]
    Sha1,
    #[serde(rename = "md5")]
    Md5,
    /// Cloudpick's own, for files stored on this computer.
    #[serde(rename = "sha256")]
    Sha256,
}

impl HashKind {
    /// The name used in results and webhooks.
    pub fn name(self) -> &'static str {
        match self {
            HashKind::QuickXor => "quickxorhash",
            HashKind::DropboxContent => "dropbox_content_hash",
            HashKind::Sha1 => "sha1",
            HashKind::Md5 => "md5",
            HashKind::Sha256 => "sha256",
        }
    }
}

/// A running hash of one kind.
#[derive(Debug, Clone)]
pub enum Hasher {
    QuickXor(QuickXorHash),
    DropboxContent(DropboxContentHash),
    Sha1(sha1::Sha1),
    Md5(md5::Md5),
    Sha256(sha2::Sha256),
}

impl Hasher {
    pub fn new(kind: HashKind) -> Self {
        match kind {
            HashKind::QuickXor => Hasher::QuickXor(QuickXorHash::new()),
            HashKind::DropboxContent => Hasher::DropboxContent(DropboxContentHash::new()),
            HashKind::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            HashKind::Md5 => Hasher::Md5(md5::Md5::new()),
            HashKind::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::QuickXor(h) => h.update(bytes),
            Hasher::DropboxContent(h) => h.update(bytes),
            Hasher::Sha1(h) => h.update(bytes),
            Hasher::Md5(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
        }
    }

    /// The digest as the provider writes it: base64 for QuickXorHash, hex otherwise.
    pub fn finish(self) -> String {
        match self {
            Hasher::QuickXor(h) => h.finish_base64(),
            Hasher::DropboxContent(h) => h.finish_hex(),
            Hasher::Sha1(h) => content_hash::hex(&h.finalize()),
            Hasher::Md5(h) => content_hash::hex(&h.finalize()),
            Hasher::Sha256(h) => content_hash::hex(&h.finalize()),
        }
    }
}

/// Hashes a whole buffer.
pub fn digest(kind: HashKind, bytes: &[u8]) -> String {
    let mut hasher = Hasher::new(kind);
    hasher.update(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_and_md5_match_known_digests() {
        assert_eq!(
            digest(HashKind::Sha1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            digest(HashKind::Md5, b"abc"),
            "900150983cd24fb0d6963f7d28e17f72"
        );
    }
}
