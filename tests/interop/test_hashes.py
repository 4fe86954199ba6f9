"""The suite's own hash implementations against published values, so a hash
test failing points at the emulator and not at the suite."""

import base64

import pytest

from interop_hashes import box_sha1, dropbox_content_hash, quick_xor_hash

# QuickXorHash vectors (input and hash base64), as published with rclone's
# quickxorhash package and used by crates/emulator/src/hashes.rs.
QUICK_XOR = [
    ("", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
    ("Sg==", "SgAAAAAAAAAAAAAAAQAAAAAAAAA="),
    ("tbQ=", "taAFAAAAAAAAAAAAAgAAAAAAAAA="),
    ("T6LYJIfDh81JrAK309H2JMJTXis=", "zBTHrspn3mEcohlJdIUAbjGNaNg="),
    ("DWAAX5/CIfrmErgZa8ot6ZraeSbu", "LR2Z0PjuRYGKQB/mhQAuMrAGZbQ="),
    (
        "jyibxJSzO6ZiZ0O1qe3tG/bvIAYssvukh9suIT5wEy1JBINVgPiqdsTW0cOpP0aUfP7mgqLfADkzI/m/"
        "GgCuVhr8oFLrOCoTx1/psBOWwhltCbhUx51Icm9aH8tY4Z3ccU+6BKpYQkLCy0B/A9Zc",
        "hZfLIilSITC6N3e3tQ/iSgEzkto=",
    ),
]


@pytest.mark.parametrize("data,expected", QUICK_XOR)
def test_quick_xor_hash_published_vectors(data, expected):
    assert quick_xor_hash(base64.b64decode(data)) == expected


def test_quick_xor_hash_matches_the_bytewise_definition():
    data = bytes((i * 7 + 3) % 256 for i in range(1000))
    state = 0
    for i, byte in enumerate(data):
        shifted = byte << ((i * 11) % 160)
        state ^= (shifted | (shifted >> 160)) & ((1 << 160) - 1)
    out = bytearray(state.to_bytes(20, "little"))
    for i, b in enumerate(len(data).to_bytes(8, "little")):
        out[12 + i] ^= b
    assert quick_xor_hash(data) == base64.b64encode(bytes(out)).decode()


def test_dropbox_content_hash_of_nothing_and_of_blocks():
    # Dropbox's published value for an empty file is SHA-256 of nothing.
    assert dropbox_content_hash(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    assert dropbox_content_hash(b"x" * (4 * 1024 * 1024 + 1)) != dropbox_content_hash(
        b"x" * (4 * 1024 * 1024)
    )


def test_box_sha1():
    assert box_sha1(b"abc") == "a9993e364706816aba3e25717850c26c9cd0d89d"
