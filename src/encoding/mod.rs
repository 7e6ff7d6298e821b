//! Text encodings of binary data (RFC 4648): base32 for OTP secrets, base64url for WebAuthn.

pub mod base32;
pub mod base64url;

use alloc::vec::Vec;

/// Packs decoded symbols of a few bits each into bytes, most significant bit first, the way
/// RFC 4648 §3.5 lays the bit stream out. Bits left after the last whole byte are dropped.
struct BytePacker {
    out: Vec<u8>,
    buffer: u32,
    bit_count: u32,
}

impl BytePacker {
    fn with_capacity(bytes: usize) -> Self {
        BytePacker {
            out: Vec::with_capacity(bytes),
            buffer: 0,
            bit_count: 0,
        }
    }

    /// Appends the low `bits` bits of `symbol` (at most 8 bits at a time).
    fn push(&mut self, symbol: u8, bits: u32) {
        self.buffer = (self.buffer << bits) | u32::from(symbol);
        self.bit_count += bits;
        if self.bit_count >= 8 {
            self.bit_count -= 8;
            self.out.push((self.buffer >> self.bit_count) as u8);
            self.buffer &= (1 << self.bit_count) - 1;
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}
