//! The command line: `--help` lists every flag the server takes, and a wrong one is refused.

use std::process::Command;

const FLAGS: &[&str] = &[
    "--db",
    "--key-file",
    "--bind",
    "--port",
    "--www",
    "--pkg",
    "--host",
    "--rp-id",
    "--origin",
    "--related-origin",
    "--no-outbox",
    "--dev-clock",
    "--trust-proxy",
    "--list-routes",
    "--help",
];

#[test]
fn help_lists_every_flag_and_a_wrong_one_is_refused() {
    let help = Command::new(env!("CARGO_BIN_EXE_otp-wasm-demo"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for flag in FLAGS {
        assert!(text.contains(flag), "--help does not list {flag}:\n{text}");
    }
    let wrong = Command::new(env!("CARGO_BIN_EXE_otp-wasm-demo"))
        .args(["--port", "eighty"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--port"));
}
