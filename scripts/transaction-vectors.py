#!/usr/bin/env python3
"""Transaction-binding vectors from an independent implementation of the encoding that
src/transaction/mod.rs documents (Python's hashlib, base64 and decimal): what a server in
another language computes, written from the documentation alone.

  python3 scripts/transaction-vectors.py > tests/vectors/transaction.json

`cases` are payments (as given and as written canonically) with their bytes, statement,
WebAuthn challenge and an OCRA question of each format; `refused` are payments each refused
with its error code.
"""
import base64
import decimal
import hashlib
import json
import struct
import sys

MINOR_UNITS = {"EUR": 2, "USD": 2, "JPY": 0, "KWD": 3, "CLF": 4, "GBP": 2, "CHF": 2}
NONCE = bytes(range(16))
LONG_NONCE = bytes(range(64))


def field(data):
    return struct.pack(">H", len(data)) + data


def canonical_amount(text, units):
    """The amount at the currency's precision, with decimal (not the core's string walk)."""
    value = decimal.Decimal(text)
    scaled = value.scaleb(units)
    assert scaled == scaled.to_integral_value() and value > 0
    return f"{value:.{units}f}"


def encode(amount, currency, payee, reference):
    data = b"OTPWASM-TX1"
    for part in (amount, currency, payee, reference):
        data += field(part.encode())
    return data


def derive(data, purpose, nonce):
    return hashlib.sha256(data + field(nonce) + field(purpose)).digest()


def question(data, fmt, length, nonce):
    digest = derive(data, b"ocra", nonce)
    if fmt == "N":
        return str(int.from_bytes(digest[:8], "big") % 10**length).zfill(length)
    if fmt == "A":
        return base64.b32encode(digest).decode().rstrip("=")[:length]
    return digest.hex()[:length]


def case(amount, currency, payee, reference=""):
    canonical = canonical_amount(amount, MINOR_UNITS[currency])
    data = encode(canonical, currency, payee, reference)
    statement = f"Pay {canonical} {currency} to {payee}" + (f" (reference: {reference})" if reference else "")
    return {
        "amount": amount,
        "currency": currency,
        "payee": payee,
        "reference": reference,
        "canonicalAmount": canonical,
        "minorAmount": int(decimal.Decimal(canonical).scaleb(MINOR_UNITS[currency])),
        "bytes": data.hex(),
        "statement": statement,
        "nonce": NONCE.hex(),
        "challenge": derive(data, b"webauthn", NONCE).hex(),
        "longNonce": LONG_NONCE.hex(),
        "longNonceChallenge": derive(data, b"webauthn", LONG_NONCE).hex(),
        "questions": {
            "N8": question(data, "N", 8, NONCE),
            "N19": question(data, "N", 19, NONCE),
            "N4": question(data, "N", 4, NONCE),
            "A10": question(data, "A", 10, NONCE),
            "A52": question(data, "A", 52, NONCE),
            "H8": question(data, "H", 8, NONCE),
            "H64": question(data, "H", 64, NONCE),
        },
    }


def main():
    cases = [
        case("42", "EUR", "Demo Shop Ltd"),
        case("42.00", "EUR", "Demo Shop Ltd"),
        case("42.01", "EUR", "Demo Shop Ltd"),
        case("42", "USD", "Demo Shop Ltd"),
        case("42", "EUR", "Demo Shop Ltd.", ""),
        case("42", "EUR", "Demo Shop Ltd", "order 17"),
        case("0.5", "EUR", "Bäckerei Müller"),
        case("1500", "JPY", "株式会社デモ"),
        case("12.345", "KWD", "متجر تجريبي", "INV-2026-0001"),
        case("0.0001", "CLF", "Ñandú S.A."),
        case("999999999999999.99", "CHF", "Z" * 70, "r" * 140),
        case("00000000000000000042.5000", "EUR", "Demo Shop Ltd"),
        case("7", "EUR", "Démo Étude"),
    ]
    refused = [
        {"amount": "42.001", "currency": "EUR", "payee": "Demo Shop Ltd", "code": "invalid_amount"},
        {"amount": "1.5", "currency": "JPY", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "0.00", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "-5", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "1,000", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": ".5", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "5.", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "1.2.3", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "٤٢", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "000", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "1000000000000000", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": " 5", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "1e3", "currency": "EUR", "payee": "Demo", "code": "invalid_amount"},
        {"amount": "42", "currency": "ED2", "payee": "Demo", "code": "unknown_currency"},
        {"amount": "42", "currency": "EURO", "payee": "Demo", "code": "unknown_currency"},
        {"amount": "42", "currency": "EUR", "payee": "Demo Shop", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo Shop", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo ", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "\u3164", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo\u00adShop", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo\U000E0041", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo\ufff9Shop", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo", "reference": "a  b", "code": "invalid_reference"},
        {"amount": "42", "currency": "eur", "payee": "Demo", "code": "unknown_currency"},
        {"amount": "42", "currency": "XAU", "payee": "Demo", "code": "unknown_currency"},
        {"amount": "42", "currency": "EUR", "payee": "", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": " Demo", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo  Shop", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo\tShop", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo\u202eptd", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo\u200bShop", "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Z" * 71, "code": "invalid_payee"},
        {"amount": "42", "currency": "EUR", "payee": "Demo", "reference": "r" * 141, "code": "invalid_reference"},
        {"amount": "42", "currency": "EUR", "payee": "Demo", "reference": "line\nbreak", "code": "invalid_reference"},
    ]
    json.dump({"cases": cases, "refused": refused}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
