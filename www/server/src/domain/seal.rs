//! Authenticator-app secrets sealed at rest. The server must be able to read a TOTP secret back
//! (it computes the codes), so it cannot store a hash as it does for everything else; it stores
//! the secret encrypted with AES-256-GCM under a key kept outside the database, in a file beside
//! it that only the server's user may read. A copy of the database alone (a backup, a dump, a
//! read through a query) then holds no usable secret. A real deployment would keep the key in
//! its secret manager instead of a file.

use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

use crate::domain::secrets::random_bytes;

const KEY_LEN: usize = 32;
/// 96-bit nonces, random per seal (NIST SP 800-38D §8.2.2): far below 2^32 seals per key here.
const NONCE_LEN: usize = 12;

pub struct Sealer(Aes256Gcm);

/// Writes a new key file atomically: the key goes to a temporary file (this user only), is
/// flushed to disk, then linked to `path`, which must not exist; a crash leaves either no key
/// file or a whole one, never a short one, and an existing key is never replaced.
fn write_new_key(path: &Path, key: &[u8]) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(key)?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    linked?;
    if let Some(directory) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(directory)?.sync_all()?;
    }
    Ok(())
}

impl Sealer {
    /// The key file of the database at `db` (`demo.sqlite` -> `demo.sqlite.key`).
    pub fn key_path(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".key");
        PathBuf::from(name)
    }

    /// Reads the key from `path`, or makes one there (readable by this user only) when the file
    /// does not exist and `may_create` (the database has nothing sealed yet).
    pub fn open_or_create(path: &Path, may_create: bool) -> io::Result<Sealer> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        match OpenOptions::new().read(true).open(path) {
            Ok(mut file) => {
                file.read_exact(key.as_mut())?;
                if file.read(&mut [0u8; 1])? != 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the key file is longer than a key",
                    ));
                }
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound && may_create => {
                *key = random_bytes::<KEY_LEN>();
                match write_new_key(path, key.as_ref()) {
                    // Another instance, started at the same time, made it first: its key is
                    // the one every instance seals with.
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                        return Sealer::open_or_create(path, false);
                    }
                    written => written?,
                }
            }
            Err(error) => return Err(error),
        }
        Ok(Sealer(Aes256Gcm::new(key.as_ref().into())))
    }

    /// `nonce || ciphertext+tag` of `secret`, bound to `user_id` (additional data), so a sealed
    /// secret copied to another account's row does not open there.
    pub fn seal(&self, user_id: i64, secret: &[u8]) -> Vec<u8> {
        let nonce = random_bytes::<NONCE_LEN>();
        let aad = user_id.to_be_bytes();
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: secret,
                    aad: &aad,
                },
            )
            .expect("AES-GCM seals any message shorter than 64 GiB");
        [nonce.as_slice(), &sealed].concat()
    }

    /// The secret, or `None` when `sealed` was not sealed by this key for this user.
    pub fn open(&self, user_id: i64, sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (nonce, ciphertext) = sealed.split_at_checked(NONCE_LEN)?;
        let aad = user_id.to_be_bytes();
        self.0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .ok()
            .map(Zeroizing::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> (Sealer, PathBuf) {
        let dir = std::env::temp_dir().join(format!("otp-wasm-seal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("demo.sqlite.key");
        (Sealer::open_or_create(&path, true).unwrap(), path)
    }

    #[test]
    fn a_sealed_secret_opens_with_the_same_key_and_user_only() {
        let (sealer, path) = sealer();
        let sealed = sealer.seal(7, b"12345678901234567890");
        assert!(!sealed.windows(20).any(|w| w == b"12345678901234567890"));
        assert_eq!(
            sealer.open(7, &sealed).unwrap().as_slice(),
            b"12345678901234567890"
        );
        assert!(sealer.open(8, &sealed).is_none(), "another user's row");
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(sealer.open(7, &tampered).is_none());
        assert!(sealer.open(7, &sealed[..5]).is_none());
        // The key file is read back on the next start; nobody else may read it.
        let again = Sealer::open_or_create(&path, false).unwrap();
        assert_eq!(
            again.open(7, &sealed).unwrap().as_slice(),
            b"12345678901234567890"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_ne!(
            sealer.seal(7, b"same").as_slice(),
            sealer.seal(7, b"same").as_slice()
        );
    }

    #[test]
    fn a_missing_key_is_not_replaced_when_secrets_depend_on_it() {
        let path =
            std::env::temp_dir().join(format!("otp-wasm-seal-missing-{}.key", std::process::id()));
        let _ = std::fs::remove_file(&path);
        assert!(Sealer::open_or_create(&path, false).is_err());
        assert!(!path.exists());
    }
}
