//! Bitwarden's exports, JSON and CSV: the `totp` field of each login that has one, which is a
//! Key URI, `steam://SECRET`, or a bare base32 secret (a default TOTP key). Logins without a
//! `totp` are passwords only, not entries here. Encrypted JSON exports are not read
//! (`UnknownFormat`): they are sealed under the Bitwarden account's own keys.

use alloc::vec::Vec;

use serde_json::Value;

use super::entry::{Entry, optional_text, text};
use super::{Format, Imported};
use crate::error::{Error, Result};
use crate::otp::Secret;
use crate::uri::{self, Otp};

/// The CSV header's column with the key.
const TOTP_COLUMN: &str = "login_totp";

pub(super) fn import_json(file: &Value) -> Result<Imported> {
    if file["encrypted"].as_bool() != Some(false) {
        return Err(Error::UnknownFormat);
    }
    let items = file["items"].as_array().ok_or(Error::UnknownFormat)?;
    let totps = items.iter().filter_map(|item| {
        let totp = optional_text(&item["login"], "totp")?;
        Some((totp, text(item, "name")))
    });
    Ok(collect(Format::Bitwarden, totps))
}

/// Whether `text` is a CSV file with Bitwarden's `login_totp` column.
pub(super) fn is_csv(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("");
    header.split(',').any(|column| column.trim() == TOTP_COLUMN)
}

pub(super) fn import_csv(text: &str) -> Result<Imported> {
    let rows = csv(text)?;
    let (header, rows) = rows.split_first().ok_or(Error::UnknownFormat)?;
    let column = |name: &str| header.iter().position(|column| column.trim() == name);
    let totp = column(TOTP_COLUMN).ok_or(Error::UnknownFormat)?;
    let name = column("name");
    let totps = rows.iter().filter_map(|row| {
        let key = row
            .get(totp)
            .map(|key| key.trim())
            .filter(|key| !key.is_empty())?;
        Some((
            key,
            name.and_then(|name| row.get(name))
                .map_or("", |name| name.as_str()),
        ))
    });
    Ok(collect(Format::BitwardenCsv, totps))
}

/// The keys of `(totp, item name)` pairs, numbered in order.
fn collect<'a>(format: Format, totps: impl Iterator<Item = (&'a str, &'a str)>) -> Imported {
    let mut imported = Imported::new(format);
    for (index, (totp, name)) in totps.enumerate() {
        imported.push(index, key(totp, name));
    }
    imported
}

fn key(totp: &str, name: &str) -> Result<Otp> {
    let lower = totp
        .get(..10)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if lower.starts_with("otpauth://") {
        return uri::parse(totp);
    }
    let (kind, secret, issuer) = match lower.starts_with("steam://") {
        true => ("steam", totp.get(8..).unwrap_or(""), "Steam"),
        false => ("totp", totp, ""),
    };
    Entry {
        kind,
        secret: Secret::from_base32(secret),
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
        issuer,
        label: name,
    }
    .key()
}

/// RFC 4180 CSV: fields separated by commas, rows by CRLF or LF; a quoted field may hold
/// commas, line breaks and doubled quotes. An unterminated quote is `UnknownFormat`.
fn csv(text: &str) -> Result<Vec<Vec<alloc::string::String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = alloc::string::String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(core::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(core::mem::take(&mut field));
                rows.push(core::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(Error::UnknownFormat);
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}
