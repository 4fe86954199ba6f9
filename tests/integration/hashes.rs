//! The emulator computes the providers' hashes with its own code, written
//! apart from Cloudpick's clients (so that a mistake on one side shows as a
//! mismatch instead of being shared). Both must agree on any data, fed in
//! any pieces.

use cloudpick_core::drives::hashes::{HashKind as ClientKind, Hasher as ClientHasher};
use cloudpick_emulator::hashes::{HashKind as EmulatorKind, Hasher as EmulatorHasher};

/// A repeatable stream of pseudo-random bytes (xorshift64*).
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.max(1);
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

const KINDS: [(ClientKind, EmulatorKind); 5] = [
    (ClientKind::QuickXor, EmulatorKind::QuickXor),
    (ClientKind::DropboxContent, EmulatorKind::DropboxContent),
    (ClientKind::Sha1, EmulatorKind::Sha1),
    (ClientKind::Md5, EmulatorKind::Md5),
    (ClientKind::Sha256, EmulatorKind::Sha256),
];

#[test]
fn emulator_and_client_hashes_agree_on_random_data() {
    // Lengths around the algorithms' edges: QuickXorHash's 160-bit register,
    // Dropbox's 4 MiB blocks.
    let block = 4 * 1024 * 1024;
    let lengths = [
        0,
        1,
        19,
        20,
        21,
        159,
        160,
        161,
        1000,
        block - 1,
        block,
        block + 1,
        2 * block + 12_345,
    ];
    for (seed, len) in lengths.into_iter().enumerate() {
        let data = random_bytes(seed as u64 + 1, len);
        // Pieces of an awkward size, as a network delivers them.
        let piece = 1 + (seed * 7919) % 65_537;
        for (client_kind, emulator_kind) in KINDS {
            let mut client = ClientHasher::new(client_kind);
            let mut emulator = EmulatorHasher::new(emulator_kind);
            for chunk in data.chunks(piece) {
                client.update(chunk);
                emulator.update(chunk);
            }
            assert_eq!(
                client.finish(),
                emulator.finish(),
                "{client_kind:?} of {len} random bytes in pieces of {piece}"
            );
        }
    }
}
