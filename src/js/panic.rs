//! Panics in the npm package build.
//!
//! The package is built with `--no-default-features`, without the standard library, so that
//! std's panic hook and the `core::fmt` machinery it formats messages with stay out of the
//! `.wasm`. No input panics (every path returns an `OtpError`; the tests feed hostile input to
//! every export), so this handler is a last line: trap at once, as `panic = "abort"` would.

#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
