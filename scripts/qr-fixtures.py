#!/usr/bin/env python3
"""QR test images drawn by an independent encoder (segno), for the QR tests.

  python3 scripts/qr-fixtures.py OUT.json          the decodeQr cases (tests/node/qr.test.mjs):
      a JSON list of {name, width, height, luma (base64, a byte a pixel), texts}
  python3 scripts/qr-fixtures.py png OUT.png TEXT...  a screenshot-like PNG with one code a text
  python3 scripts/qr-fixtures.py y4m OUT.y4m TEXT     a short grey y4m video of the code (a fake
      camera for Chromium's --use-file-for-fake-video-capture)
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


def screenshot(out, texts):
    page = Image.new("L", (420 * len(texts) + 40, 520), 246)
    pen = ImageDraw.Draw(page)
    pen.rectangle((0, 0, page.width, 48), fill=40)
    for i, text in enumerate(texts):
        page.paste(draw(text, "m", 3), (40 + i * 420, 80))
    page.save(out)


def video(out, text, width=320, height=240, frames=10):
    code = draw(text, "m", 1)
    code = code.resize((code.width * (min(width, height) // code.width),) * 2, Image.NEAREST)
    frame = Image.new("L", (width, height), 235)
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    luma = frame.point(lambda v: 16 + v * 219 // 255).tobytes()
    chroma = bytes([128]) * (width // 2 * height // 2 * 2)
    with open(out, "wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            f.write(b"FRAME\n" + luma + chroma)


if __name__ == "__main__":
    if sys.argv[1] == "png":
        screenshot(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "y4m":
        video(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1])
