// Types of `otp-wasm/qr` (qr.js): QR codes read from images and drawn as SVG (docs/api.md).
export { default, init, InitInput, OtpError, OtpErrorCode } from "./otp.js";

/** RGBA pixels, row by row: an `ImageData`, or any object shaped like one (Node). */
export interface Pixels {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

export type QrImage = Pixels | Blob | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLImageElement | HTMLVideoElement;

/**
 * The texts of every QR code in `image` (possibly none), at any angle and scale, dark on light
 * or light on dark. Files (PNG, JPEG, WebP, GIF) are decoded by the browser; a `<video>` gives
 * its current frame. Rejects with `invalid_argument` for what is not an image, `unsupported`
 * for a file where there is no `createImageBitmap` (Node: pass pixels).
 */
export function decodeQr(image: QrImage): Promise<string[]>;

export interface QrSvgOptions {
  /** Error correction: L 7%, M 15% (default), Q 25%, H 30% of the code may be damaged. */
  ecc?: "L" | "M" | "Q" | "H";
  /** Light modules around the code, 0 to 100; the standard's quiet zone is 4 (default). */
  margin?: number;
}

/**
 * `text` as an SVG QR code: a square `viewBox` in modules (scale it with CSS), `role="img"`
 * and a `<title>`. `invalid_argument` when the text does not fit (2,953 bytes at L).
 */
export function qrSvg(text: string, options?: QrSvgOptions): string;

export interface ScanQrOptions {
  /** Aborts the scan: the promise rejects with `aborted` and the camera stops. */
  signal?: AbortSignal;
  /** Which camera: "environment" (the back one, default) or "user". */
  facingMode?: "environment" | "user";
}

/**
 * Opens the camera (`getUserMedia`) in `video`, reads its frames until one holds a QR code and
 * resolves that code's text. The camera stops on success, abort and error. Rejects with
 * `not_allowed` (camera refused), `unsupported` (no camera, or no camera API here), `aborted`.
 */
export function scanQr(video: HTMLVideoElement, options?: ScanQrOptions): Promise<string>;
