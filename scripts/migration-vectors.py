#!/usr/bin/env python3
"""Google Authenticator transfer payloads from an independent encoder: protobuf's own Python
library, with the message built from a descriptor written from the format (no protoc).

  python3 scripts/migration-vectors.py > tests/vectors/migration.json   the parse cases
  python3 scripts/migration-vectors.py decode URI...                     each URI's payload as
      JSON (what the node tests check toMigrationUris against)
"""
import base64
import json
import sys
import urllib.parse

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

F = descriptor_pb2.FieldDescriptorProto


def payload_class():
    fd = descriptor_pb2.FileDescriptorProto(name="migration.proto", package="googleauth", syntax="proto3")
    m = fd.message_type.add(name="MigrationPayload")
    enums = {
        "Algorithm": ["ALGORITHM_UNSPECIFIED", "SHA1", "SHA256", "SHA512", "MD5"],
        "DigitCount": ["DIGIT_COUNT_UNSPECIFIED", "SIX", "EIGHT"],
        "OtpType": ["OTP_TYPE_UNSPECIFIED", "HOTP", "TOTP"],
    }
    for name, values in enums.items():
        e = m.enum_type.add(name=name)
        for number, value in enumerate(values):
            e.value.add(name=value, number=number)
    p = m.nested_type.add(name="OtpParameters")

    def field(msg, name, number, kind, label=F.LABEL_OPTIONAL, type_name=None):
        f = msg.field.add(name=name, number=number, type=kind, label=label)
        if type_name:
            f.type_name = type_name

    field(p, "secret", 1, F.TYPE_BYTES)
    field(p, "name", 2, F.TYPE_STRING)
    field(p, "issuer", 3, F.TYPE_STRING)
    for name, number, enum in (("algorithm", 4, "Algorithm"), ("digits", 5, "DigitCount"), ("type", 6, "OtpType")):
        field(p, name, number, F.TYPE_ENUM, type_name=f".googleauth.MigrationPayload.{enum}")
    field(p, "counter", 7, F.TYPE_INT64)
    field(m, "otp_parameters", 1, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".googleauth.MigrationPayload.OtpParameters")
    for name, number in (("version", 2), ("batch_size", 3), ("batch_index", 4), ("batch_id", 5)):
        field(m, name, number, F.TYPE_INT32)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fd)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("googleauth.MigrationPayload"))


Payload = payload_class()


def uri(payload):
    data = base64.b64encode(payload.SerializeToString()).decode()
    return "otpauth-migration://offline?data=" + urllib.parse.quote(data, safe="")


def b32(secret):
    return base64.b32encode(secret).decode().rstrip("=")


def vectors():
    cases = []
    secret20 = bytes(range(1, 21))
    entries = []
    for algorithm in range(4):
        for digits in range(3):
            for kind in range(3):
                entries.append(dict(secret=secret20, name=f"a{algorithm}d{digits}t{kind}", issuer="Shop", algorithm=algorithm, digits=digits, type=kind, counter=7 if kind == 1 else 0))
    for counter in (0, 1, 2**32 + 5, 2**53 + 1, 2**63 - 1):
        entries.append(dict(secret=secret20, name=f"counter {counter}", issuer="Bank", algorithm=1, digits=1, type=1, counter=counter))
    entries.append(dict(secret=bytes(range(10)), name="eighty bits", issuer="Old", algorithm=1, digits=1, type=2))
    entries.append(dict(secret=bytes(range(64)), name="512 bits", issuer="New", algorithm=3, digits=2, type=2))
    entries.append(dict(secret=secret20, name="Café:zoë@exämple.com", issuer="Café", algorithm=1, digits=1, type=2))
    entries.append(dict(secret=secret20, name="東京:アカウント", issuer="", algorithm=1, digits=1, type=2))
    entries.append(dict(secret=secret20, name="md5 is skipped", issuer="X", algorithm=4, digits=1, type=2))
    entries.append(dict(secret=b"", name="no secret is skipped", issuer="X", algorithm=1, digits=1, type=2))
    # Batches of 10, as Google Authenticator splits a large transfer over several QR codes.
    batches = [entries[i:i + 10] for i in range(0, len(entries), 10)]
    for index, batch in enumerate(batches):
        payload = Payload(version=1, batch_size=len(batches), batch_index=index, batch_id=-123456789)
        expected = []
        for position, entry in enumerate(batch):
            payload.otp_parameters.add(**entry)
            skipped = entry["algorithm"] == 4 or not entry["secret"]
            name = entry["name"]
            issuer, label = entry["issuer"], name
            if ":" in name:
                prefix, rest = name.split(":", 1)
                if not issuer:
                    issuer = prefix
                if prefix == issuer:
                    label = rest
            expected.append({"index": position, "skipped": True} if skipped else {
                "index": position,
                "type": "hotp" if entry["type"] == 1 else "totp",
                "secret": b32(entry["secret"]),
                "algorithm": ["SHA1", "SHA1", "SHA256", "SHA512"][entry["algorithm"]],
                "digits": 8 if entry["digits"] == 2 else 6,
                "issuer": issuer,
                "label": label,
                "counter": str(entry.get("counter", 0)),
            })
        cases.append({"uri": uri(payload), "batchSize": len(batches), "batchIndex": index, "batchId": -123456789, "entries": expected})
    return cases


def decode(text):
    query = urllib.parse.urlparse(text).query
    data = urllib.parse.parse_qs(query)["data"][0]
    payload = Payload()
    payload.ParseFromString(base64.b64decode(data + "=" * (-len(data) % 4)))
    return {
        "batchSize": payload.batch_size,
        "batchIndex": payload.batch_index,
        "batchId": payload.batch_id,
        "version": payload.version,
        "entries": [
            {"secret": b32(p.secret), "name": p.name, "issuer": p.issuer, "algorithm": p.algorithm, "digits": p.digits, "type": p.type, "counter": str(p.counter)}
            for p in payload.otp_parameters
        ],
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "decode":
        print(json.dumps([decode(u) for u in sys.argv[2:]]))
    else:
        print(json.dumps(vectors(), ensure_ascii=False, indent=1))
