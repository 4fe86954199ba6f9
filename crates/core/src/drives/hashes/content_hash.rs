//! Dropbox's content_hash: SHA-256 of each 4 MiB block, the digests
//! concatenated, SHA-256 of that, in lower-case hex.

use sha2::{Digest, Sha256};

const BLOCK: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct DropboxContentHash {
    overall: Sha256,
    block: Sha256,
    in_block: usize,
}

impl DropboxContentHash {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let take = (BLOCK - self.in_block).min(bytes.len());
            self.block.update(&bytes[..take]);
            self.in_block += take;
            bytes = &bytes[take..];
            if self.in_block == BLOCK {
                let digest = std::mem::take(&mut self.block).finalize();
                self.overall.update(digest);
                self.in_block = 0;
            }
        }
    }

    pub fn finish_hex(mut self) -> String {
        if self.in_block > 0 {
            self.overall.update(self.block.finalize());
        }
        hex(&self.overall.finalize())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha256_hex(bytes: &[u8]) -> String {
        hex(&Sha256::digest(bytes))
    }

    #[test]
    fn empty_input_hashes_no_blocks() {
        assert_eq!(DropboxContentHash::new().finish_hex(), sha256_hex(b""));
    }

    #[test]
    fn blocks_are_hashed_then_the_digests() {
        let data: Vec<u8> = (0..(BLOCK + 10)).map(|i| (i % 251) as u8).collect();
        let mut expected = Sha256::digest(&data[..BLOCK]).to_vec();
        expected.extend_from_slice(&Sha256::digest(&data[BLOCK..]));
        let mut hash = DropboxContentHash::new();
        data.chunks(1_000_003).for_each(|c| hash.update(c));
        assert_eq!(hash.finish_hex(), sha256_hex(&expected));
    }
}
