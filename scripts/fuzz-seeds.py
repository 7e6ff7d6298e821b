#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from the test tables (tests/vectors/*.json): one file per
input, in OUT/<target>/. Usage: scripts/fuzz-seeds.py OUT"""
import base64
import hashlib
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
vectors = root / "tests" / "vectors"
out = pathlib.Path(sys.argv[1])


def load(name):
    return json.loads((vectors / name).read_text(encoding="utf-8"))


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


otp, messages, sms, webauthn, migration, ocra = (
    load(f) for f in ("otp.json", "messages.json", "sms.json", "webauthn.json", "migration.json", "ocra.json")
)
six = bytes([6])  # the digit-count byte the code-entry targets read first
seeds = {
    "key_uri": [c["uri"].encode() for c in otp["uris"] + otp["badUris"]],
    "base32": [c[k].encode() for c in otp["hotp"] + otp["totp"] for k in ("secret",)]
    + [c["encoded"].encode() for c in otp["base32"]],
    "base64url": [c[k].encode() for c in webauthn["authenticatorData"] for k in ("authData",)],
    "normalize_code": [six + c["code"].encode() for c in otp["hotp"] if len(c["code"]) == 6]
    + [six + "１２３ ４５６".encode(), six + "123-456".encode()],
    "extract_code": [bytes([m.get("digits", 6)]) + m["text"].encode() for m in messages],
    "sms_message": [c["message"].encode() for c in sms["parse"] + sms["origin"]],
    "authenticator_data": [b64url(c["authData"]) for c in webauthn["authenticatorData"]],
    "attestation_object": [b64url(c["attestationObject"]) for c in webauthn["attestationObjects"]],
    "client_data": [b64url(c["clientDataJSON"]) for c in webauthn["attestationObjects"]],
}
seeds["cbor"] = seeds["attestation_object"]
seeds["migration_uri"] = [c["uri"].encode() for c in migration]


def ocra_seed(case):
    """An OCRA case as the ocra target reads it: which inputs are given, then their lines."""
    question = case["question"]
    lines = [case["suite"], "|".join(question) if isinstance(question, list) else question]
    lines += [case.get("pin", ""), bytes.fromhex(case.get("session", "")).decode("latin-1")]
    lines += [case.get("counter", ""), str(case.get("timestampMs", ""))]
    given = sum(bit for name, bit in (("counter", 1), ("timestampMs", 2), ("pin", 4), ("session", 16)) if name in case)
    return bytes([given]) + "\n".join(lines).encode()


seeds["ocra"] = [ocra_seed(c) for c in ocra["rfc"] + ocra["cases"]] + [s.encode() for s in ocra["badSuites"]]
# The apps' own plain backup files (tests/vectors/backups).
seeds["backup_file"] = [
    f.read_bytes() for f in sorted((vectors / "backups").iterdir()) if "encrypted" not in f.name and f.suffix != ".md"
]


def qr_image(text, scale):
    """A QR code drawn by segno (setup.sh installs it) as the qr_image target reads images."""
    import segno

    rows = list(segno.make(text, micro=False).matrix_iter(scale=scale, border=2))
    return bytes([len(rows[0])]) + bytes(0 if dark else 255 for row in rows for dark in row)


seeds["qr_image"] = [qr_image(c["uri"], 2) for c in otp["uris"][:4]] + [qr_image("a", 1), qr_image("a", 3)]
for target, inputs in seeds.items():
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    for data in inputs:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(inputs)} seeds")
