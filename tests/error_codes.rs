//! One list of error codes: the Rust enum, the JavaScript side's own codes, the `OtpErrorCode`
//! union in the TypeScript declarations, and the error tables of the README and docs/api.md
//! all name the same codes.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use otp_wasm::Error;

const DECLARATIONS: &str = include_str!("../src/js/entry/otp.d.ts");
const README: &str = include_str!("../README.md");
const API: &str = include_str!("../docs/api.md");
const OTP_ERROR_JS: &str = include_str!("../src/js/entry/otp_error.js");
const TREE_JS: &str = include_str!("../src/js/entry/tree.js");
const TRANSACTION_JS: &str = include_str!("../src/js/entry/transaction.js");
const OCRA_JS: &str = include_str!("../src/js/entry/ocra.js");
/// Every JavaScript module of the package (src/js/entry/*.js): any of them may throw codes of
/// its own, and a module split off another must not take its codes out of this check.
fn javascript_sources() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/js/entry");
    let mut sources: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "js"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    assert!(sources.len() >= 20, "{} modules", sources.len());
    sources.sort();
    sources
}

/// The quoted words after each `|` of the `OtpErrorCode` union.
fn declared() -> BTreeSet<String> {
    let start = DECLARATIONS.find("export type OtpErrorCode =").unwrap();
    let union = &DECLARATIONS[start..];
    let union = &union[..union.find(';').unwrap()];
    union
        .split('|')
        .skip(1)
        .map(|item| item.trim().trim_matches('"').to_owned())
        .collect()
}

/// The backquoted codes in the first column of the table under `heading` in `document`.
fn tabled(document: &str, heading: &str) -> BTreeSet<String> {
    let section = &document[document.find(heading).unwrap()..];
    section
        .lines()
        .skip_while(|line| !line.starts_with("| code"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .flat_map(|line| {
            let cell = line.split('|').nth(1).unwrap();
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Codes the JavaScript side creates itself: `new OtpError("code"` and `error: "code"`.
fn thrown_in_javascript() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for source in javascript_sources() {
        for marker in ["new OtpError(\"", "error: \""] {
            for (at, _) in source.match_indices(marker) {
                let rest = &source[at + marker.len()..];
                codes.insert(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    }
    codes
}

#[test]
fn the_enum_the_declarations_and_the_documents_list_the_same_codes() {
    let rust: BTreeSet<String> = Error::ALL.iter().map(|e| e.code().to_owned()).collect();
    let declared = declared();
    assert!(declared.len() >= 25, "{declared:?}");
    let javascript = thrown_in_javascript();
    let from_rust_or_javascript: BTreeSet<String> = rust.union(&javascript).cloned().collect();
    assert_eq!(declared, from_rust_or_javascript, "the OtpErrorCode union");
    assert_eq!(
        tabled(README, "### Errors"),
        declared,
        "the README's error table"
    );
    assert_eq!(
        tabled(API, "## Errors"),
        declared,
        "docs/api.md's error table"
    );
}

/// The lines `code: "message",` of the object literal after `marker` in `source`.
fn messages(source: &str, marker: &str) -> Vec<(String, String)> {
    let table = &source[source.find(marker).unwrap() + marker.len()..];
    // The literal ends at its first `};` (a plain object) or `});` (an argument).
    let end = ["};", "});"]
        .iter()
        .filter_map(|end| table.find(end))
        .min()
        .unwrap();
    table[..end]
        .lines()
        .filter_map(|line| line.trim().split_once(": "))
        .map(|(code, message)| {
            let message = message.trim_end_matches(',').trim_matches('"');
            (code.to_owned(), message.to_owned())
        })
        .collect()
}

/// The `.wasm` reports an error by its number (1 + its index in `Error::ALL`,
/// src/js/error.rs), and the JavaScript throws it with the message it keeps: otp_error.js
/// holds the OTP ones, tree.js those of code entry, WebAuthn and the importers, ocra.js
/// OCRA's and transaction.js the payment's (both thrown by code only, never by number, so
/// only the entries that use them carry them, and loading order cannot shift the numbers): together
/// `Error::ALL` in its order, with the Rust messages word for word.
#[test]
fn the_javascript_tables_of_core_messages_are_the_rust_one() {
    let mut entries = messages(OTP_ERROR_JS, "const CORE_MESSAGES = {");
    assert_eq!(entries.len(), 12, "{entries:?}");
    entries.extend(messages(TREE_JS, "addCoreMessages({"));
    entries.extend(messages(OCRA_JS, "const OCRA_MESSAGES = {"));
    entries.extend(messages(TRANSACTION_JS, "const TRANSACTION_MESSAGES = {"));
    assert_eq!(entries.len(), Error::ALL.len(), "{entries:?}");
    for ((code, message), error) in entries.iter().zip(Error::ALL) {
        assert_eq!(
            (code.as_str(), message.as_str()),
            (error.code(), error.message())
        );
    }
}
