//! Criterion benchmarks of the native core: the floor the wasm build can approach.
//! `make bench` runs them and copies the medians into benches/RESULTS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use otp_wasm::code_entry::normalize_code;
use otp_wasm::otp::{Algorithm, Hotp, OtpKey, Secret, Totp};
use otp_wasm::uri;
use std::hint::black_box;

const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const URI: &str = "otpauth://totp/ACME%20Co:jane%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";
const T0: u64 = 1_700_000_000_000;

fn key() -> OtpKey {
    OtpKey::new(Secret::from_base32(SECRET).unwrap(), Algorithm::Sha1, 6).unwrap()
}

fn benches(c: &mut Criterion) {
    let totp = Totp::new(key(), 30).unwrap();
    let hotp = Hotp::new(key(), 0);
    let mut i = 0u64;
    let mut next = move || {
        i = i.wrapping_add(1);
        i
    };
    c.bench_function("Totp.generate", |b| {
        b.iter(|| totp.generate(black_box(T0 + (next() % 1_000_000) * 30_000)))
    });
    c.bench_function("Totp.verify, window 1, no match (3 HMACs)", |b| {
        b.iter(|| totp.verify(black_box("000000"), black_box(T0), 1, None))
    });
    c.bench_function("Hotp.generate, counter 2^40 + i", |b| {
        b.iter(|| hotp.generate(black_box((1 << 40) + next())))
    });
    c.bench_function("parseUri", |b| b.iter(|| uri::parse(black_box(URI))));
    c.bench_function("normalizeCode", |b| {
        b.iter(|| normalize_code(black_box(" 123-456 "), 6))
    });
}

criterion_group!(core, benches);
criterion_main!(core);
