//! Text with one URI per line: Key URIs (`otpauth://`, Ente Auth's export among them) and
//! Google Authenticator's transfer URIs (`otpauth-migration://`). Blank lines are skipped;
//! any other line is an entry that makes no key (`InvalidUri`).

use super::{Format, Imported, Skipped};
use crate::error::{Error, Result};
use crate::{migration, uri};

const MIGRATION_SCHEME: &str = "otpauth-migration://";

pub(super) fn import(text: &str) -> Result<Imported> {
    let lines: alloc::vec::Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let starts = |line: &str, scheme: &str| {
        line.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    };
    let migrations = lines
        .iter()
        .filter(|line| starts(line, MIGRATION_SCHEME))
        .count();
    let keys = lines
        .iter()
        .filter(|line| starts(line, "otpauth://"))
        .count();
    let format = if keys == 0 && migrations == 0 {
        return Err(Error::UnknownFormat);
    } else if keys == 0 {
        Format::GoogleMigration
    } else if lines.iter().any(|line| line.contains("codeDisplay=")) {
        Format::Ente
    } else {
        Format::Uris
    };
    let mut imported = Imported::new(format);
    // Entries are numbered across the file: a transfer URI's entries each count as one.
    let mut index = 0;
    for line in lines {
        if starts(line, MIGRATION_SCHEME) {
            match migration::parse(line) {
                Ok(batch) => {
                    let entries = batch.keys.len() + batch.skipped.len();
                    imported.keys.extend(batch.keys);
                    let skipped = batch.skipped.into_iter();
                    imported
                        .skipped
                        .extend(skipped.map(|(entry, error)| Skipped {
                            index: index + entry,
                            error,
                        }));
                    index += entries;
                }
                Err(error) => {
                    imported.skipped.push(Skipped { index, error });
                    index += 1;
                }
            }
        } else {
            imported.push(index, uri::parse(line));
            index += 1;
        }
    }
    Ok(imported)
}
