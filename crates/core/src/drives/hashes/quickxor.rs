//! QuickXorHash, OneDrive's content hash: a 160-bit state into which byte `i`
//! is XORed at bit offset `(i * 11) mod 160`; the 64-bit little-endian length
//! is XORed into the last 8 bytes at the end. Written base64.

const WIDTH_BITS: usize = 160;

fn xor_into(lanes: &mut [u8], bytes: &[u8]) {
    for (lane, byte) in lanes.iter_mut().zip(bytes) {
        *lane ^= byte;
    }
}
const SHIFT: usize = 11;
const CELLS: usize = 3;
const BITS_IN_LAST_CELL: usize = 32;

/// Bytes that land on the same bit offset (every 160th) are XOR-folded into
/// one of 160 lanes as they arrive; the lanes are shifted into place only once,
/// in `digest`. Folding is a plain XOR of slices, which the compiler vectorises.
#[derive(Debug, Clone)]
pub struct QuickXorHash {
    lanes: [u8; WIDTH_BITS],
    /// The lane the next byte goes to.
    position: usize,
    length: u64,
}

impl Default for QuickXorHash {
    fn default() -> Self {
        QuickXorHash {
            lanes: [0; WIDTH_BITS],
            position: 0,
            length: 0,
        }
    }
}

impl QuickXorHash {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        self.length += bytes.len() as u64;
        // Finish the current row of 160 lanes.
        if self.position != 0 {
            let take = (WIDTH_BITS - self.position).min(bytes.len());
            xor_into(
                &mut self.lanes[self.position..self.position + take],
                &bytes[..take],
            );
            self.position = (self.position + take) % WIDTH_BITS;
            bytes = &bytes[take..];
        }
        let mut rows = bytes.chunks_exact(WIDTH_BITS);
        for row in rows.by_ref() {
            xor_into(&mut self.lanes, row);
        }
        let rest = rows.remainder();
        xor_into(&mut self.lanes[..rest.len()], rest);
        self.position = (self.position + rest.len()) % WIDTH_BITS;
    }

    /// The 20-byte digest.
    pub fn digest(&self) -> [u8; 20] {
        let mut cells = [0u64; CELLS];
        for (lane, &byte) in self.lanes.iter().enumerate() {
            let bit = lane * SHIFT % WIDTH_BITS;
            let (index, offset) = (bit / 64, bit % 64);
            let width = if index == CELLS - 1 {
                BITS_IN_LAST_CELL
            } else {
                64
            };
            cells[index] ^= u64::from(byte) << offset;
            if offset + 8 > width {
                let next = if index == CELLS - 1 { 0 } else { index + 1 };
                cells[next] ^= u64::from(byte) >> (width - offset);
            }
        }
        let mut out = [0u8; 20];
        out[0..8].copy_from_slice(&cells[0].to_le_bytes());
        out[8..16].copy_from_slice(&cells[1].to_le_bytes());
        out[16..20].copy_from_slice(&cells[2].to_le_bytes()[..4]);
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
