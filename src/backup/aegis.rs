//! Aegis Authenticator's vault files, plain and encrypted, read and written.
//!
//! `{ version: 1, header: { slots, params }, db }`: plain, `db` is `{ version, entries }`;
//! encrypted, `db` is that JSON sealed with AES-256-GCM under a random master key
//! (`header.params`: nonce and tag), and each password slot (type 1) holds the master key
//! sealed under scrypt(password, salt, N, r, p).

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::crypto::{self, hex, to_hex};
use super::entry::{Entry, base32_secret, number, optional_text, parse_json, text};
use super::{Format, Imported};
use crate::encoding::base64url;
use crate::error::{Error, Result};
use crate::otp::CodeEncoding;
use crate::uri::Otp;

/// Password slots, as Aegis numbers them.
const PASSWORD_SLOT: u64 = 1;
/// Aegis's own scrypt parameters for new password slots.
const SCRYPT_N: u64 = 1 << 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;

pub(super) fn import(file: &Value, passphrase: Option<&str>) -> Result<Imported> {
    let db = &file["db"];
    let plaintext;
    let db = if let Some(sealed) = db.as_str() {
        let passphrase = passphrase.ok_or(Error::PassphraseRequired)?;
        plaintext = decrypt(&file["header"], sealed, passphrase)?;
        &parse_json(&plaintext)?
    } else {
        db
    };
    let entries = db["entries"].as_array().ok_or(Error::UnknownFormat)?;
    let mut imported = Imported::new(Format::Aegis);
    for (index, entry) in entries.iter().enumerate() {
        let info = &entry["info"];
        let key = Entry {
            kind: text(entry, "type"),
            secret: base32_secret(info, "secret"),
            algorithm: optional_text(info, "algo"),
            digits: number(info, "digits"),
            period: number(info, "period"),
            counter: number(info, "counter"),
            issuer: text(entry, "issuer"),
            label: text(entry, "name"),
        };
        imported.push(index, key.key());
    }
    Ok(imported)
}

/// The master key from the first password slot `passphrase` opens, then the database.
fn decrypt(header: &Value, sealed_db: &str, passphrase: &str) -> Result<Zeroizing<Vec<u8>>> {
    let slots = header["slots"].as_array().ok_or(Error::UnknownFormat)?;
    let mut master = None;
    for slot in slots
        .iter()
        .filter(|slot| number(slot, "type") == Some(PASSWORD_SLOT))
    {
        let number32 = |name| {
            number(slot, name)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or(Error::UnknownFormat)
        };
        let n = number(slot, "n").ok_or(Error::UnknownFormat)?;
        let derived = crypto::scrypt(
            passphrase,
            &hex(text(slot, "salt"))?,
            n,
            number32("r")?,
            number32("p")?,
        )?;
        match open_sealed(&derived[..], &slot["key_params"], &hex(text(slot, "key"))?) {
            Ok(key) => {
                master = Some(key);
                break;
            }
            Err(Error::WrongPassphrase) => continue,
            Err(other) => return Err(other),
        }
    }
    let master = master.ok_or(Error::WrongPassphrase)?;
    let sealed_db = base64url::decode(sealed_db).map_err(|_| Error::UnknownFormat)?;
    open_sealed(&master, &header["params"], &sealed_db)
}

/// Opens `ciphertext` whose nonce and tag are in `params` (hex).
fn open_sealed(key: &[u8], params: &Value, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let mut sealed = ciphertext.to_vec();
    sealed.extend_from_slice(&hex(text(params, "tag"))?);
    crypto::open(key, &hex(text(params, "nonce"))?, &sealed)
}

/// An Aegis vault file holding `keys`: plain JSON, or encrypted under `passphrase` with one
/// password slot (Aegis's scrypt parameters). It carries the secrets: wiped when dropped.
pub fn write(keys: &[Otp], passphrase: Option<&str>) -> Result<Zeroizing<String>> {
    let entries: Vec<Value> = keys.iter().map(entry).collect::<Result<_>>()?;
    let db = json!({ "version": 2, "entries": entries });
    let file = match passphrase {
        None => json!({
            "version": 1,
            "header": { "slots": null, "params": null },
            "db": db,
        }),
        Some(passphrase) => {
            let db = Zeroizing::new(serde_json::to_vec(&db).map_err(|_| Error::InvalidArgument)?);
            let master = crypto::random::<32>()?;
            let salt = crypto::random::<32>()?;
            let derived = crypto::scrypt(passphrase, &salt[..], SCRYPT_N, SCRYPT_R, SCRYPT_P)?;
            let (slot_key, slot_params) = seal(&derived, &master[..])?;
            let (sealed_db, db_params) = seal(&master, &db)?;
            json!({
                "version": 1,
                "header": {
                    "slots": [{
                        "type": PASSWORD_SLOT,
                        "uuid": uuid()?,
                        "key": to_hex(&slot_key),
                        "key_params": slot_params,
                        "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                        "salt": to_hex(&salt[..]),
                        "repaired": true,
                        "is_backup": false,
                    }],
                    "params": db_params,
                },
                "db": base64url::encode_standard(&sealed_db),
            })
        }
    };
    let file = serde_json::to_string(&file).map_err(|_| Error::InvalidArgument)?;
    Ok(Zeroizing::new(file))
}

/// One key as an Aegis entry.
fn entry(otp: &Otp) -> Result<Value> {
    let key = otp.key();
    let mut info = json!({
        "secret": key.secret().to_base32().as_str(),
        "algo": key.algorithm().name(),
        "digits": key.digits(),
    });
    let kind = match otp {
        Otp::Hotp(hotp) => {
            info["counter"] = hotp.counter().into();
            "hotp"
        }
        Otp::Totp(totp) => {
            info["period"] = totp.period().into();
            match key.encoding() {
                CodeEncoding::Steam => "steam",
                CodeEncoding::Decimal => "totp",
            }
        }
    };
    Ok(json!({
        "type": kind,
        "uuid": uuid()?,
        "name": key.label(),
        "issuer": key.issuer(),
        "note": "",
        "favorite": false,
        "icon": null,
        "info": info,
        "groups": [],
    }))
}

/// AES-256-GCM under `key` with a fresh nonce: the ciphertext, and `{ nonce, tag }` in hex.
fn seal(key: &[u8; 32], plaintext: &[u8]) -> Result<(Vec<u8>, Value)> {
    let nonce = crypto::random::<12>()?;
    let mut sealed = crypto::seal(key, &nonce, plaintext)?;
    let tag = sealed.split_off(sealed.len() - 16);
    Ok((
        sealed,
        json!({ "nonce": to_hex(&nonce[..]), "tag": to_hex(&tag) }),
    ))
}

/// A random (version 4) UUID, as Aegis names entries and slots.
fn uuid() -> Result<String> {
    let mut bytes = *crypto::random::<16>()?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = to_hex(&bytes);
    Ok(alloc::format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}
