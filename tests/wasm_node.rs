//! The JavaScript bindings, tested through the wasm boundary in Node.
#![cfg(target_arch = "wasm32")]

mod wasm_suite;
