"""The providers' content hashes, computed here from the bytes, independently
of the SDKs and of the emulator (so a test compares two implementations)."""

import base64
import hashlib

DROPBOX_BLOCK = 4 * 1024 * 1024


def dropbox_content_hash(data: bytes) -> str:
    """Dropbox `content_hash`: SHA-256 of each 4 MiB block, the digests
    concatenated, SHA-256 of that, hex."""
    blocks = b"".join(
        hashlib.sha256(data[i : i + DROPBOX_BLOCK]).digest()
        for i in range(0, len(data), DROPBOX_BLOCK)
    )
    return hashlib.sha256(blocks).hexdigest()


def box_sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


_WIDTH = 160
_SHIFT = 11
_MASK = (1 << _WIDTH) - 1


def quick_xor_hash(data: bytes) -> str:
    """Microsoft's QuickXorHash, base64. Byte i is XORed into a 160-bit state
    at bit offset (i * 11) mod 160 (wrapping round); then the 64-bit
    little-endian length is XORed into the last 8 of the 20 bytes.

    The offset repeats every 160 bytes, so the bytes are first folded into
    160 columns (XOR of every byte whose index is k mod 160); that makes 20 MiB
    take milliseconds in pure Python."""
    stride = _WIDTH * 1024  # a multiple of 160: folding keeps the columns
    folded = 0
    for start in range(0, len(data), stride):
        folded ^= int.from_bytes(data[start : start + stride], "little")
    wide = folded.to_bytes(stride, "little")
    columns = 0
    for start in range(0, stride, _WIDTH):
        columns ^= int.from_bytes(wide[start : start + _WIDTH], "little")
    column_bytes = columns.to_bytes(_WIDTH, "little")
    state = 0
    for k, byte in enumerate(column_bytes):
        if byte:
            shifted = byte << ((k * _SHIFT) % _WIDTH)
            state ^= (shifted | (shifted >> _WIDTH)) & _MASK
    out = bytearray(state.to_bytes(_WIDTH // 8, "little"))
    for i, b in enumerate(len(data).to_bytes(8, "little")):
        out[_WIDTH // 8 - 8 + i] ^= b
    return base64.b64encode(bytes(out)).decode()
