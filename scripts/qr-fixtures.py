#!/usr/bin/env python3
"""QR test images drawn by an independent encoder (segno), for tests/node/qr.test.mjs.

Writes a JSON list of cases: {name, width, height, luma (base64, one byte a pixel, row by row),
texts (what the image holds)}. Usage: python3 scripts/qr-fixtures.py OUT.json
"""
import base64
import json
import random
import sys

import segno
from PIL import Image, ImageDraw, ImageFilter, ImageOps

URI = "otpauth://totp/Shop:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop"
MIGRATION = "otpauth-migration://offline?data=" + "CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZSABKAEwAhABGAEgAA%3D%3D" * 3


def draw(text, error="m", scale=4, border=4, version=None):
    code = segno.make(text, error=error, version=version, micro=False, boost_error=False)
    rows = list(code.matrix_iter(scale=scale, border=border))
    image = Image.new("L", (len(rows[0]), len(rows)), 255)
    image.putdata([0 if dark else 255 for row in rows for dark in row])
    return image


def case(name, image, texts):
    return {
        "name": name,
        "width": image.width,
        "height": image.height,
        "luma": base64.b64encode(image.tobytes()).decode(),
        "texts": texts,
    }


def main(out):
    rng = random.Random(2026)
    cases = []
    for error in "lmqh":
        for scale in (2, 4, 8):
            cases.append(case(f"Key URI, error {error}, scale {scale}", draw(URI, error, scale), [URI]))
    long_text = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(1200))
    for text, label in (("a", "version 1"), (MIGRATION, "migration URI"), (long_text, "1200 characters")):
        cases.append(case(label, draw(text, "m", 3), [text]))
    cases.append(case("non-ASCII text", draw("Straße · 東京 · ✓", "q", 4), ["Straße · 東京 · ✓"]))
    base = draw(URI, "m", 5)
    for angle in (90, 180, 270):
        cases.append(case(f"rotated {angle}°", base.rotate(angle, expand=True), [URI]))
    for angle in (7, -20, 45):
        rotated = base.rotate(angle, expand=True, fillcolor=255, resample=Image.BILINEAR)
        cases.append(case(f"rotated {angle}°", rotated, [URI]))
    cases.append(case("scaled by 1.7", base.resize((int(base.width * 1.7),) * 2, Image.BILINEAR), [URI]))
    # Sensor-like noise: every pixel off by up to 70 grey levels either way, and blurred.
    noise = bytes(min(255, max(0, v + rng.randint(-70, 70))) for v in base.tobytes())
    noisy = Image.frombytes("L", base.size, noise)
    cases.append(case("noise on every pixel", noisy, [URI]))
    cases.append(case("blurred", base.filter(ImageFilter.GaussianBlur(1.5)), [URI]))
    cases.append(case("low contrast (grey on grey)", base.point(lambda v: 90 if v < 128 else 160), [URI]))
    cases.append(case("inverted (light on dark)", ImageOps.invert(base), [URI]))
    # Several codes in one image, and a code inside a page-sized screenshot.
    texts = [URI, "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=7", "https://example.com/"]
    sheet = Image.new("L", (900, 360), 255)
    for i, text in enumerate(texts):
        sheet.paste(draw(text, "m", 3), (20 + i * 300, 20))
    cases.append(case("three codes in one image", sheet, texts))
    page = Image.new("L", (1280, 800), 236)
    pen = ImageDraw.Draw(page)
    pen.rectangle((0, 0, 1280, 64), fill=40)
    for row in range(12):
        pen.rectangle((80, 120 + row * 40, 80 + rng.randrange(300, 700), 136 + row * 40), fill=90)
    page.paste(draw(URI, "m", 4), (860, 300))
    cases.append(case("a page-sized screenshot", page, [URI]))
    # Nothing to find.
    blank = Image.new("L", (320, 240), 255)
    speckled = Image.frombytes("L", (320, 240), bytes(rng.randrange(256) for _ in range(320 * 240)))
    cases.append(case("a blank image", blank, []))
    cases.append(case("random noise", speckled, []))
    with open(out, "w") as f:
        json.dump(cases, f)


if __name__ == "__main__":
    main(sys.argv[1])
