//! `decodeQr` and `qrSvg` as flat functions; src/js/entry/qr_codes.js turns whatever image it is
//! given into RGBA pixels and reads the results ([`Tree`]).

use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::text;
use super::tree::Tree;
use crate::qr::{self, Correction};

/// The texts of every QR code in an RGBA image (as `ImageData` holds it): an array of strings.
/// Pixels are made grey by their luma (ITU-R BT.601) over white, as a transparent PNG shows.
#[wasm_bindgen]
pub fn decode_qr(rgba: &[u8], width: u32, height: u32) -> Vec<u8> {
    let luma: Vec<u8> = rgba
        .as_chunks::<4>()
        .0
        .iter()
        .map(|&[r, g, b, a]| {
            let grey = (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000;
            ((grey * u32::from(a) + 255 * (255 - u32::from(a))) / 255) as u8
        })
        .collect();
    let pixels = (width as usize).checked_mul(height as usize);
    if pixels.and_then(|n| n.checked_mul(4)) != Some(rgba.len()) {
        return Tree::error(crate::Error::InvalidArgument);
    }
    match qr::decode(&luma, width as usize, height as usize) {
        Ok(texts) => {
            let mut tree = Tree::new();
            tree.array(texts.len());
            for found in &texts {
                tree.string(found);
            }
            tree.finish()
        }
        Err(error) => Tree::error(error),
    }
}

/// `text` as an SVG QR code at correction level `correction` (0 L, 1 M, 2 Q, 3 H): a string.
#[wasm_bindgen]
pub fn qr_svg(input: &[u8], correction: u32, margin: u32) -> Vec<u8> {
    let correction = match correction {
        0 => Correction::Low,
        2 => Correction::Quartile,
        3 => Correction::High,
        _ => Correction::Medium,
    };
    match text(input).and_then(|input| qr::svg(input, correction, margin)) {
        Ok(svg) => {
            let mut tree = Tree::new();
            tree.string(&svg);
            tree.finish()
        }
        Err(error) => Tree::error(error),
    }
}
