// decodeQr and qrSvg over the .wasm's flat functions (src/js/qr.rs). decodeQr turns whatever
// image it is given into RGBA pixels (the browser decodes files with createImageBitmap), small
// images enlarged to a readable scale, and asks the browser's BarcodeDetector first where there
// is one; the Rust core reads the rest.
import { bytesIn } from "./utf8.js";
import { OtpError } from "./otp_error.js";
import { readResult } from "./tree.js";

const CORRECTION = { L: 0, M: 1, Q: 2, H: 3 };
const invalid = (message) => new OtpError("invalid_argument", message);

/** `{ data, width, height }` of RGBA pixels (ImageData, or an object shaped like it). */
function isPixels(image) {
  return (
    image !== null &&
    typeof image === "object" &&
    (image.data instanceof Uint8ClampedArray || image.data instanceof Uint8Array) &&
    Number.isInteger(image.width) &&
    Number.isInteger(image.height)
  );
}

/**
 * The reader needs a few pixels a module, and small images have fewer: qrSvg's SVG in an <img>
 * is as many pixels as modules in WebKit (its viewBox is its natural size), and so is a QR code
 * PNG drawn a pixel a module. An image whose shorter side is under MIN_SIDE is read enlarged by
 * a whole factor, to at least MIN_SIDE: 4 pixels a module for the largest code (version 40, 177
 * modules and a quiet zone of 4) at one pixel a module. The enlarged image stays under
 * MAX_ENLARGED pixels (the largest canvas every browser draws).
 */
const MIN_SIDE = 740;
const MAX_ENLARGED = 4096 * 4096;

function scaleFor(width, height) {
  const shorter = Math.min(width, height);
  if (!(shorter > 0) || shorter >= MIN_SIDE) return 1;
  return Math.max(1, Math.min(Math.ceil(MIN_SIDE / shorter), Math.floor(Math.sqrt(MAX_ENLARGED / (width * height)))));
}

/**
 * The pixels of a drawable (ImageBitmap, canvas, <img>, <video>'s current frame), drawn `scale`
 * times larger: a vector image (an SVG <img>) is rendered at that size, a bitmap's pixels are
 * repeated (no smoothing, so the modules stay sharp).
 */
function draw(source, width, height, scale = 1) {
  if (!(width > 0 && height > 0)) throw invalid("the image has no pixels (not loaded yet?)");
  const [w, h] = [width * scale, height * scale];
  const canvas = typeof OffscreenCanvas === "function" ? new OffscreenCanvas(w, h) : Object.assign(document.createElement("canvas"), { width: w, height: h });
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.imageSmoothingEnabled = false;
  context.drawImage(source, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

/** RGBA `pixels` with each pixel repeated `scale` × `scale` times. */
function enlarge({ data, width, height }, scale) {
  const out = new Uint8ClampedArray(data.length * scale * scale);
  const aligned = data.byteOffset % 4 === 0 ? data : Uint8Array.from(data);
  const source = new Uint32Array(aligned.buffer, aligned.byteOffset, data.length / 4);
  const target = new Uint32Array(out.buffer);
  const row = width * scale;
  for (let y = 0; y < height; y++) {
    const start = y * scale * row;
    for (let x = 0; x < width; x++) target.fill(source[y * width + x], start + x * scale, start + (x + 1) * scale);
    for (let copy = 1; copy < scale; copy++) target.copyWithin(start + copy * row, start, start + row);
  }
  // An ImageData where there is one, as the browser's BarcodeDetector takes.
  return typeof ImageData === "function" ? new ImageData(out, row, height * scale) : { data: out, width: row, height: height * scale };
}

/** RGBA pixels of `image`, small ones enlarged (scaleFor); a <video>'s frames as they come. */
async function pixelsOf(image) {
  if (isPixels(image)) {
    const { data, width, height } = image;
    if (data.length !== width * height * 4) throw invalid("data must hold width × height RGBA pixels");
    const scale = scaleFor(width, height);
    return scale > 1 ? enlarge(image, scale) : image;
  }
  if (typeof Blob === "function" && image instanceof Blob) {
    if (typeof createImageBitmap !== "function") throw new OtpError("unsupported", "decoding image files needs createImageBitmap (a browser)");
    let bitmap;
    try {
      bitmap = await createImageBitmap(image);
    } catch {
      throw invalid("the file is not an image this browser can decode (PNG, JPEG, WebP, GIF)");
    }
    try {
      return draw(bitmap, bitmap.width, bitmap.height, scaleFor(bitmap.width, bitmap.height));
    } finally {
      bitmap.close();
    }
  }
  const size = (w, h) => (w > 0 && h > 0 ? [w, h] : null);
  // A camera shows a code at many pixels a module or not readably at all: its frames are read as
  // they come, seven times a second, without the cost of enlarging them.
  const frame = size(image?.videoWidth, image?.videoHeight);
  if (frame && typeof image === "object") return draw(image, ...frame);
  const dimensions = size(image?.naturalWidth, image?.naturalHeight) ?? size(image?.width, image?.height);
  if (dimensions && typeof image === "object") return draw(image, ...dimensions, scaleFor(...dimensions));
  throw invalid("image must be an ImageData, a Blob, an ImageBitmap, a canvas, an <img> or a <video>");
}

/** The browser's own reader, when it has one that reads QR codes; null otherwise. */
async function detector() {
  try {
    if (typeof BarcodeDetector !== "function") return null;
    if (!(await BarcodeDetector.getSupportedFormats()).includes("qr_code")) return null;
    return new BarcodeDetector({ formats: ["qr_code"] });
  } catch {
    return null;
  }
}

export function createQr(wasm) {
  /** The texts of every QR code in `image`, possibly none. */
  async function decodeQr(image) {
    const pixels = await pixelsOf(image);
    const { data, width, height } = pixels;
    if (data.length !== width * height * 4) throw invalid("data must hold width × height RGBA pixels");
    const native = await detector();
    if (native) {
      try {
        const found = await native.detect(pixels);
        if (found.length > 0) return found.map((code) => code.rawValue);
      } catch {
        // Fall through to the core's reader.
      }
    }
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
    return readResult(wasm.decode_qr(bytes, width, height));
  }

  /** `text` as an accessible SVG QR code (a string). */
  function qrSvg(text, options) {
    if (typeof text !== "string") throw invalid("text must be a string");
    if (options !== undefined && options !== null && typeof options !== "object") throw invalid("options must be an object");
    let ecc, margin;
    try {
      ecc = options?.ecc ?? "M";
      margin = options?.margin ?? 4;
    } catch {
      throw invalid("an option could not be read");
    }
    if (!(ecc in CORRECTION)) throw invalid('ecc must be "L", "M", "Q" or "H"');
    if (!Number.isInteger(margin) || margin < 0 || margin > 100) throw invalid("margin must be a whole number from 0 to 100");
    try {
      return readResult(wasm.qr_svg(bytesIn(text), CORRECTION[ecc], margin));
    } catch (error) {
      if (error.code !== "invalid_argument") throw error;
      throw invalid(`text is too long for a QR code at error correction ${ecc}`);
    }
  }

  /**
   * Opens the camera in `video`, reads frames until one holds a QR code, and resolves its text;
   * the camera is stopped on success, abort and error alike.
   */
  async function scanQr(video, options) {
    if (typeof HTMLVideoElement !== "function" || !(video instanceof HTMLVideoElement)) throw invalid("video must be a <video> element");
    let signal, facingMode;
    try {
      ({ signal, facingMode = "environment" } = options ?? {});
    } catch {
      throw invalid("an option could not be read");
    }
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalid("signal must be an AbortSignal");
    const aborted = () => new OtpError("aborted", "the scan was aborted");
    if (signal?.aborted) throw aborted();
    if (!navigator.mediaDevices?.getUserMedia) throw new OtpError("unsupported", "there is no camera API here (a secure context is needed)");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode }, audio: false });
    } catch (error) {
      if (error?.name === "NotFoundError" || error?.name === "OverconstrainedError") {
        throw new OtpError("unsupported", "there is no camera to scan with");
      }
      throw OtpError.fromDomException(error); // NotAllowedError: not_allowed
    }
    const stop = () => {
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    };
    try {
      if (signal?.aborted) throw aborted();
      Object.assign(video, { srcObject: stream, muted: true, playsInline: true });
      await video.play();
      for (;;) {
        if (signal?.aborted) throw aborted();
        if (video.readyState >= 2) {
          const [text] = await decodeQr(video);
          if (text !== undefined) return text;
        }
        // About seven frames a second: enough to catch a code held up, light on the battery.
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    } finally {
      stop();
    }
  }

  return { decodeQr, qrSvg, scanQr };
}
