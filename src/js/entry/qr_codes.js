// decodeQr and qrSvg over the .wasm's flat functions (src/js/qr.rs). decodeQr turns whatever
// image it is given into RGBA pixels (the browser decodes files with createImageBitmap) and
// asks the browser's BarcodeDetector first where there is one; the Rust core reads the rest.
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

/** The pixels of a drawable (ImageBitmap, canvas, <img>, <video>'s current frame). */
function draw(source, width, height) {
  if (!(width > 0 && height > 0)) throw invalid("the image has no pixels (not loaded yet?)");
  const canvas = typeof OffscreenCanvas === "function" ? new OffscreenCanvas(width, height) : Object.assign(document.createElement("canvas"), { width, height });
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(source, 0, 0);
  return context.getImageData(0, 0, width, height);
}

async function pixelsOf(image) {
  if (isPixels(image)) return image;
  if (typeof Blob === "function" && image instanceof Blob) {
    if (typeof createImageBitmap !== "function") throw new OtpError("unsupported", "decoding image files needs createImageBitmap (a browser)");
    let bitmap;
    try {
      bitmap = await createImageBitmap(image);
    } catch {
      throw invalid("the file is not an image this browser can decode (PNG, JPEG, WebP, GIF)");
    }
    try {
      return draw(bitmap, bitmap.width, bitmap.height);
    } finally {
      bitmap.close();
    }
  }
  const size = (w, h) => (w > 0 && h > 0 ? [w, h] : null);
  const dimensions =
    size(image?.videoWidth, image?.videoHeight) ?? size(image?.naturalWidth, image?.naturalHeight) ?? size(image?.width, image?.height);
  if (dimensions && typeof image === "object") return draw(image, ...dimensions);
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
