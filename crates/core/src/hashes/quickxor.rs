//! QuickXorHash, OneDrive's content hash: a 160-bit state into which byte `i`
//! is XORed at bit offset `(i * 11) mod 160`; the 64-bit little-endian length
//! is XORed into the last 8 bytes at the end. Written base64.

const WIDTH_BITS: usize = 160;
const SHIFT: usize = 11;
const CELLS: usize = 3;
const BITS_IN_LAST_CELL: usize = 32;

#[derive(Debug, Clone, Default)]
pub struct QuickXorHash {
    cells: [u64; CELLS],
    length: u64,
    shift_so_far: usize,
}

impl QuickXorHash {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        let mut index = self.shift_so_far / 64;
        let mut offset = self.shift_so_far % 64;
        for i in 0..bytes.len().min(WIDTH_BITS) {
            let last = index == CELLS - 1;
            let bits = if last { BITS_IN_LAST_CELL } else { 64 };
            // Every 160th byte lands on the same bit offset: fold them first.
            let folded = bytes[i..]
                .iter()
                .step_by(WIDTH_BITS)
                .fold(0u8, |acc, b| acc ^ b);
            if offset <= bits - 8 {
                self.cells[index] ^= u64::from(folded) << offset;
            } else {
                let next = if last { 0 } else { index + 1 };
                self.cells[index] ^= u64::from(folded) << offset;
                self.cells[next] ^= u64::from(folded) >> (bits - offset);
            }
            offset += SHIFT;
            while offset >= bits {
                index = if last { 0 } else { index + 1 };
                offset -= bits;
            }
        }
        self.shift_so_far = (self.shift_so_far + SHIFT * (bytes.len() % WIDTH_BITS)) % WIDTH_BITS;
        self.length += bytes.len() as u64;
    }

    /// The 20-byte digest.
    pub fn digest(&self) -> [u8; 20] {
        let mut out = [0u8; 20];
        out[0..8].copy_from_slice(&self.cells[0].to_le_bytes());
        out[8..16].copy_from_slice(&self.cells[1].to_le_bytes());
        out[16..20].copy_from_slice(&self.cells[2].to_le_bytes()[..4]);
        for (slot, byte) in out[12..].iter_mut().zip(self.length.to_le_bytes()) {
            *slot ^= byte;
        }
        out
    }

    /// The digest as OneDrive writes it: standard base64.
    pub fn finish_base64(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(self.digest())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    /// (input, digest), both base64: published vectors for the algorithm.
    const VECTORS: &[(&str, &str)] = &[
        ("", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        ("Sg==", "SgAAAAAAAAAAAAAAAQAAAAAAAAA="),
        ("tbQ=", "taAFAAAAAAAAAAAAAgAAAAAAAAA="),
        ("/aNzzCFPS/A=", "/RjFHJgRgicsAR4ACAAAAAAAAAA="),
        ("2fuxhBJXtpWFe8dOfdGeHw==", "O9tHLAghgSvYohKFyMMxnNCHaHg="),
        ("T6LYJIfDh81JrAK309H2JMJTXis=", "zBTHrspn3mEcohlJdIUAbjGNaNg="),
        (
            "Mb7EGva2rEE5fENDL85P+BsapHEEjv2/siVhKjvAQe02feExVOQSkfmuYzU/kTF1MaKjPmKF/w+cbvwfdWL8aQ==",
            "n1anP5NfvD4XDYWIeRPW3ZkPv1Y=",
        ),
        (
            "qwGf2ESubE5jOUHHyc94ORczFYYbc2OmEzo+hBIyzJiNwAzC8PvJqtTzwkWkSslgHFGWQZR2BV5+uYTrYT7HVwRM40vqfj0dBgeDENyTenIOL1LHkjtDKoXEnQ0mXAHoJ8PjbNC93zi5TovVRXTNzfGEs5dpWVqxUzb5lc7dwkyvOluBw482mQ4xrzYyIY1t+//OrNi1ObGXuUw2jBQOFfJVj2Y6BOyYmfB1y36eBxi3zxeG5d5NYjm2GSh6e08QMAwu3zrINcqIzLOuNIiGXBtl7DjKt7b5wqi4oFiRpZsCyx2smhSrdrtK/CkdU6nDN+34vSR/M8rZpWQdBE7a8g==",
            "WYT9JY3JIo/pEBp+tIM6Gt2nyTM=",
        ),
    ];

    fn decode(text: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap()
    }

    #[test]
    fn matches_the_published_vectors() {
        for (input, want) in VECTORS {
            let mut hash = QuickXorHash::new();
            hash.update(&decode(input));
            assert_eq!(hash.finish_base64(), *want, "input {input}");
        }
    }

    #[test]
    fn any_chunking_gives_the_same_digest() {
        for (input, want) in VECTORS {
            let bytes = decode(input);
            for block in [1, 2, 7, 64, 161] {
                let mut hash = QuickXorHash::new();
                bytes.chunks(block).for_each(|c| hash.update(c));
                assert_eq!(hash.finish_base64(), *want, "block {block}");
            }
        }
    }
}
