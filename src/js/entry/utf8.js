// Text crosses into and out of the .wasm as UTF-8 bytes: the wasm-bindgen glue then needs no
// string code of its own.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 of `text`; ASCII (tokens, secrets, most URIs) copied directly, faster than encode(). */
export function bytesIn(text) {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 127) return encoder.encode(text);
    bytes[i] = unit;
  }
  return bytes;
}

export const textOut = (bytes) => decoder.decode(bytes);
