//! `Ocra`: any suite, and any inputs for the suites that parse. The first byte says which
//! inputs are given (bit 0 counter, 1 time, 2 PIN, 3 the PIN as a hash, 4 session) and the
//! windows (bits 5-7); then lines of text: the suite, the question (`|` between the mutual
//! mode's two), the PIN, the session, the counter and the time. A response that is made
//! verifies, at the inputs it was made with; nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp_wasm::otp::Secret;
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraSuite, Pin};

fuzz_target!(|data: &[u8]| {
    let Some((&given, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut lines = text.split('\n');
    let mut line = || lines.next().unwrap_or_default();
    let Ok(suite) = OcraSuite::parse(line()) else {
        return;
    };
    let question: Vec<&str> = line().split('|').collect();
    let (pin, session) = (line(), line());
    let (counter, unix_ms) = (
        line().parse().unwrap_or(u64::MAX),
        line().parse().unwrap_or(0),
    );
    let is = |bit: u8| given & (1 << bit) != 0;
    let input = OcraInput {
        question: &question,
        counter: is(0).then_some(counter),
        unix_ms: is(1).then_some(unix_ms),
        pin: match (is(2), is(3)) {
            (true, false) => Some(Pin::Text(pin)),
            (true, true) => Some(Pin::Hash(pin.as_bytes())),
            _ => None,
        },
        session: is(4).then_some(session.as_bytes()),
    };
    let ocra = Ocra::new(suite, &Secret::from_bytes(b"12345678901234567890").unwrap());
    let (counter_window, time_window) = (u32::from(given >> 5 & 1) * 3, u32::from(given >> 6));
    let verified = ocra.verify("00000000", &input, counter_window, time_window);
    match ocra.generate(&input) {
        Ok(response) => {
            assert!(verified.is_ok() || counter_window + time_window > 0);
            let matched = ocra
                .verify(&response, &input, 0, 0)
                .expect("the inputs were accepted");
            let matched = matched.expect("a response verifies at its own inputs");
            assert_eq!((matched.counter_delta, matched.step_delta), (0, 0));
        }
        Err(error) => assert!(verified.is_err(), "{error:?}"),
    }
});
