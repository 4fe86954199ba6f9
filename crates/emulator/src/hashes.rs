//! The providers' content hashes, written here from their published
//! descriptions and not shared with Cloudpick's clients: when the two sides
//! compute a hash independently, a mistake on either shows up as a mismatch.
//!
//! - SHA-1 (Box), MD5 (Amazon), SHA-256: the standard crates, hex.
//! - Dropbox's content hash: SHA-256 of each 4 MiB block, then SHA-256 of the
//!   concatenated digests, hex (<https://www.dropbox.com/developers/reference/content-hash>).
//! - Microsoft's QuickXorHash, base64: see [`QuickXor`].

use base64::Engine;
use sha1::Digest;

/// Which hash a provider reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashKind {
    Sha1,
    Md5,
    QuickXor,
    DropboxContent,
    Sha256,
}

/// One hash, fed in pieces of any size.
pub enum Hasher {
    Sha1(sha1::Sha1),
    Md5(md5::Md5),
    Sha256(sha2::Sha256),
    QuickXor(Box<QuickXor>),
    Dropbox(DropboxContent),
}

impl Hasher {
    pub fn new(kind: HashKind) -> Self {
        match kind {
            HashKind::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            HashKind::Md5 => Hasher::Md5(md5::Md5::new()),
            HashKind::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            HashKind::QuickXor => Hasher::QuickXor(Box::default()),
            HashKind::DropboxContent => Hasher::Dropbox(DropboxContent::default()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha1(h) => h.update(bytes),
            Hasher::Md5(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::QuickXor(h) => h.update(bytes),
            Hasher::Dropbox(h) => h.update(bytes),
        }
    }

    /// The hash as the provider writes it: hex, or base64 for QuickXorHash.
    pub fn finish(self) -> String {
        match self {
            Hasher::Sha1(h) => hex(&h.finalize()),
            Hasher::Md5(h) => hex(&h.finalize()),
            Hasher::Sha256(h) => hex(&h.finalize()),
            Hasher::QuickXor(h) => base64::engine::general_purpose::STANDARD.encode(h.finish()),
            Hasher::Dropbox(h) => h.finish(),
        }
    }
}

/// The hash of `bytes` in one call.
pub fn of(kind: HashKind, bytes: &[u8]) -> String {
    let mut hasher = Hasher::new(kind);
    hasher.update(bytes);
    hasher.finish()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Dropbox's block size for the content hash.
const DROPBOX_BLOCK: usize = 4 * 1024 * 1024;

#[derive(Default)]
pub struct DropboxContent {
    overall: sha2::Sha256,
    block: sha2::Sha256,
    in_block: usize,
}

impl DropboxContent {
    fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let take = (DROPBOX_BLOCK - self.in_block).min(bytes.len());
            self.block.update(&bytes[..take]);
            self.in_block += take;
            bytes = &bytes[take..];
            if self.in_block == DROPBOX_BLOCK {
                let digest = std::mem::take(&mut self.block).finalize();
                self.overall.update(digest);
                self.in_block = 0;
            }
        }
    }

    fn finish(mut self) -> String {
        if self.in_block > 0 {
            self.overall.update(self.block.finalize());
        }
        hex(&self.overall.finalize())
    }
}

/// Microsoft's QuickXorHash, from its description
/// (<https://learn.microsoft.com/onedrive/developer/code-snippets/quickxorhash>):
/// a 160-bit register, read as a little-endian number; input byte `i` is
/// XORed in at bit `(11 * i) mod 160`, its high bits wrapping round to bit 0;
/// at the end the input's length as a 64-bit little-endian number is XORed
/// into the register's last 8 bytes.
///
/// Every 160th byte lands on the same bit, and XOR is linear, so the bytes
/// are first XOR-folded into 160 columns (a plain slice XOR, fast), and each
/// column is placed in the register once, at the end.
pub struct QuickXor {
    columns: [u8; Self::WIDTH],
    /// The column the next byte goes to.
    column: usize,
    length: u64,
}

impl Default for QuickXor {
    fn default() -> Self {
        QuickXor {
            columns: [0; Self::WIDTH],
            column: 0,
            length: 0,
        }
    }
}

impl QuickXor {
    const WIDTH: usize = 160;
    const STEP: usize = 11;

    fn fold(columns: &mut [u8], bytes: &[u8]) {
        columns.iter_mut().zip(bytes).for_each(|(c, b)| *c ^= b);
    }

    fn update(&mut self, mut bytes: &[u8]) {
        self.length += bytes.len() as u64;
        if self.column > 0 {
            let take = (Self::WIDTH - self.column).min(bytes.len());
            Self::fold(&mut self.columns[self.column..], &bytes[..take]);
            self.column = (self.column + take) % Self::WIDTH;
            bytes = &bytes[take..];
        }
        let mut rows = bytes.chunks_exact(Self::WIDTH);
        for row in rows.by_ref() {
            Self::fold(&mut self.columns, row);
        }
        let rest = rows.remainder();
        Self::fold(&mut self.columns, rest);
        self.column = (self.column + rest.len()) % Self::WIDTH;
    }

    fn finish(self) -> [u8; 20] {
        let mut register = [0u8; 20];
        for (column, &byte) in self.columns.iter().enumerate() {
            let bit = column * Self::STEP % Self::WIDTH;
            let (index, shift) = (bit / 8, bit % 8);
            let spread = u16::from(byte) << shift;
            register[index] ^= spread as u8;
            register[(index + 1) % 20] ^= (spread >> 8) as u8;
        }
        for (slot, byte) in register[12..].iter_mut().zip(self.length.to_le_bytes()) {
            *slot ^= byte;
        }
        register
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .expect("base64")
    }

    /// Published vectors (rclone's `backend/onedrive/quickxorhash/quickxorhash_test.go`,
    /// checked there against OneDrive): input and hash, both base64.
    const QUICKXOR_VECTORS: [(&str, &str); 6] = [
        ("", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        ("Sg==", "SgAAAAAAAAAAAAAAAQAAAAAAAAA="),
        ("tbQ=", "taAFAAAAAAAAAAAAAgAAAAAAAAA="),
        ("T6LYJIfDh81JrAK309H2JMJTXis=", "zBTHrspn3mEcohlJdIUAbjGNaNg="),
        ("DWAAX5/CIfrmErgZa8ot6ZraeSbu", "LR2Z0PjuRYGKQB/mhQAuMrAGZbQ="),
        (
            "jyibxJSzO6ZiZ0O1qe3tG/bvIAYssvukh9suIT5wEy1JBINVgPiqdsTW0cOpP0aUfP7mgqLfADkzI/m/GgCuVhr8oFLrOCoTx1/psBOWwhltCbhUx51Icm9aH8tY4Z3ccU+6BKpYQkLCy0B/A9Zc",
            "hZfLIilSITC6N3e3tQ/iSgEzkto=",
        ),
    ];

    #[test]
    fn quickxor_matches_published_values_whatever_the_pieces() {
        for (input, want) in QUICKXOR_VECTORS {
            let bytes = decode(input);
            assert_eq!(of(HashKind::QuickXor, &bytes), want, "{input}");
            for piece in [1, 3, 7, 64] {
                let mut hasher = Hasher::new(HashKind::QuickXor);
                bytes.chunks(piece).for_each(|c| hasher.update(c));
                assert_eq!(hasher.finish(), want, "{input} in pieces of {piece}");
            }
        }
    }

    #[test]
    fn dropbox_content_hash_matches_the_published_example() {
        // Dropbox's own example: the empty file, and the page's rule for blocks.
        assert_eq!(
            of(HashKind::DropboxContent, b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let data: Vec<u8> = (0..DROPBOX_BLOCK + 10).map(|i| (i % 251) as u8).collect();
        let mut blocks = sha2::Sha256::new();
        blocks.update(sha2::Sha256::digest(&data[..DROPBOX_BLOCK]));
        blocks.update(sha2::Sha256::digest(&data[DROPBOX_BLOCK..]));
        let mut hasher = Hasher::new(HashKind::DropboxContent);
        data.chunks(1_000_003).for_each(|c| hasher.update(c));
        assert_eq!(hasher.finish(), hex(&blocks.finalize()));
    }

    #[test]
    fn standard_hashes_are_hex() {
        assert_eq!(
            of(HashKind::Sha1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            of(HashKind::Md5, b"abc"),
            "900150983cd24fb0d6963f7d28e17f72"
        );
    }
}
