//! `normalizeCode`, `checkCode`, `extractCode`, `parseSmsMessage` and `checkOrigin` as flat
//! functions over UTF-8 text; src/js/entry/code_functions.js checks the arguments and reads the
//! results ([`Tree`]).

use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::text;
use super::tree::Tree;
use crate::code_entry as core;

/// The ASCII code in what a person typed or pasted: a string.
#[wasm_bindgen]
pub fn normalize_code(input: &[u8], digits: u32) -> Vec<u8> {
    match text(input).and_then(|input| core::normalize_code(input, digits)) {
        Ok(code) => {
            let mut tree = Tree::new();
            tree.string(code.as_str());
            tree.finish()
        }
        Err(error) => Tree::error(error),
    }
}

/// `{ state, code, error }` for live feedback while typing; never an error.
#[wasm_bindgen]
pub fn check_code(input: &[u8], digits: u32) -> Vec<u8> {
    let mut tree = Tree::new();
    tree.object(3).key("state");
    match text(input).and_then(|input| core::check_code(input, digits)) {
        Ok(check) => tree
            .string(check.state.name())
            .key("code")
            .string(check.code.as_str())
            .key("error")
            .optional_string(check.error.map(|error| error.code())),
        Err(error) => tree
            .string(core::CodeState::Invalid.name())
            .key("code")
            .string("")
            .key("error")
            .string(error.code()),
    };
    tree.finish()
}

/// The one-time code in a pasted message, or null.
#[wasm_bindgen]
pub fn extract_code(message: &[u8], digits: u32) -> Vec<u8> {
    match text(message).and_then(|message| core::extract_code(message, digits)) {
        Ok(code) => {
            let mut tree = Tree::new();
            tree.optional_string(code.as_ref().map(|code| code.as_str()));
            tree.finish()
        }
        Err(error) => Tree::error(error),
    }
}

fn sms(tree: &mut Tree, sms: Option<&core::SmsCode>) {
    let Some(sms) = sms else {
        tree.null();
        return;
    };
    tree.object(3)
        .key("code")
        .string(&sms.code)
        .key("domain")
        .string(&sms.domain)
        .key("embeddedDomain")
        .optional_string(sms.embedded_domain.as_deref());
}

/// `{ code, domain, embeddedDomain }` from an origin-bound SMS, or null.
#[wasm_bindgen]
pub fn parse_sms_message(message: &[u8]) -> Vec<u8> {
    let mut tree = Tree::new();
    let parsed = text(message).ok().and_then(core::parse_sms_message);
    sms(&mut tree, parsed.as_ref());
    tree.finish()
}

/// The origin-bound SMS in `message` when it is bound to this page (`top_hostname` only when
/// `framed`), null when the message is not origin-bound; `wrong_origin` when it is bound to
/// another site.
#[wasm_bindgen]
pub fn check_origin(message: &[u8], hostname: &[u8], top_hostname: &[u8], framed: bool) -> Vec<u8> {
    let (Ok(message), Ok(hostname), Ok(top_hostname)) =
        (text(message), text(hostname), text(top_hostname))
    else {
        return Tree::error(crate::Error::InvalidArgument);
    };
    let parsed = core::parse_sms_message(message);
    if let Some(found) = &parsed
        && let Err(error) = core::check_origin(found, hostname, framed.then_some(top_hostname))
    {
        return Tree::error(error);
    }
    let mut tree = Tree::new();
    sms(&mut tree, parsed.as_ref());
    tree.finish()
}
