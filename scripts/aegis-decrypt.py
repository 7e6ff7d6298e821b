#!/usr/bin/env python3
"""Opens an encrypted Aegis vault file with an independent implementation: hashlib.scrypt for
the password slot's key and the cryptography package's AES-GCM, as Aegis's own format says
(header.slots[type 1]: scrypt(password, salt, n, r, p) seals the master key; header.params
seals the database). Prints the database's JSON.

  python3 scripts/aegis-decrypt.py FILE PASSWORD
"""
import base64
import hashlib
import json
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def open_sealed(key: bytes, params: dict, ciphertext: bytes) -> bytes:
    return AESGCM(key).decrypt(bytes.fromhex(params["nonce"]), ciphertext + bytes.fromhex(params["tag"]), None)


def main(path: str, password: str) -> None:
    vault = json.load(open(path, encoding="utf-8"))
    header = vault["header"]
    for slot in header["slots"]:
        if slot["type"] != 1:
            continue
        derived = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(slot["salt"]), n=slot["n"], r=slot["r"], p=slot["p"],
            maxmem=256 * 1024 * 1024, dklen=32,
        )
        master = open_sealed(derived, slot["key_params"], bytes.fromhex(slot["key"]))
        db = open_sealed(master, header["params"], base64.b64decode(vault["db"]))
        print(json.dumps(json.loads(db), indent=1))
        return
    sys.exit("no password slot")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
