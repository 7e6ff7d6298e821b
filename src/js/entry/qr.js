// `otp-wasm/qr`: QR codes read from images (decodeQr) or the camera (scanQr) and drawn as SVG
// (qrSvg), from a .wasm of
// their own (`--features js-qr`): a page that does not import this entry loads none of it.
// `await init()` once, as with the other entries.
import { decode_qr, qr_svg } from "./web-qr/otp_wasm.js";
import { createQr } from "./qr_codes.js";

export { default, default as init, initSync } from "./web-qr/otp_wasm.js";
export { OtpError } from "./otp_error.js";
export const { decodeQr, qrSvg, scanQr } = createQr({ decode_qr, qr_svg });
