//! QR codes (ISO/IEC 18004): read from images and drawn as SVG, for moving keys in and out of an
//! authenticator. Reading is the `quircs` crate (a port of quirc: finds every code in the
//! image, at any angle and scale, with small Reed-Solomon tables; `rqrr` carries 150 KB of
//! them); drawing takes the module matrix from the `qrcode` crate and writes one SVG path.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

use crate::error::{Error, Result};

/// The largest image read, in pixels (a 6K screenshot): bounds the memory a call takes.
pub const MAX_PIXELS: usize = 6144 * 4096;

/// The texts of every QR code in a greyscale image (`luma`, row by row, 0 black to 255 white).
/// Codes drawn light on dark are found too: when the image as it is holds none, its inverse is
/// searched. Codes that are found but cannot be read (damaged past their error correction, or
/// text that is not UTF-8) are left out. `InvalidArgument` when `luma` is not `width` × `height`
/// bytes or the image is larger than [`MAX_PIXELS`].
pub fn decode(luma: &[u8], width: usize, height: usize) -> Result<Vec<String>> {
    let pixels = width.checked_mul(height).filter(|&n| n <= MAX_PIXELS);
    if pixels != Some(luma.len()) {
        return Err(Error::InvalidArgument);
    }
    let found = find(luma, width, height, false);
    Ok(if found.is_empty() {
        find(luma, width, height, true)
    } else {
        found
    })
}

fn find(luma: &[u8], width: usize, height: usize, inverted: bool) -> Vec<String> {
    let image: Vec<u8> = if inverted {
        luma.iter().map(|value| 255 - value).collect()
    } else {
        luma.to_vec()
    };
    let mut decoder = quircs::Quirc::default();
    decoder
        .identify(width, height, &image)
        .filter_map(|code| code.ok()?.decode().ok())
        .filter_map(|data| String::from_utf8(data.payload).ok())
        .collect()
}

/// How much of a code may be damaged and still read (ISO/IEC 18004 §5.1): L 7%, M 15%,
/// Q 25%, H 30%.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Correction {
    Low,
    #[default]
    Medium,
    Quartile,
    High,
}

/// `text` as an SVG QR code: a square `viewBox` of modules with `margin` light modules around
/// (the standard's quiet zone is 4), one path for the dark ones, `role="img"` and a `<title>`
/// for assistive technology. `InvalidArgument` when the text does not fit in a QR code at this
/// correction level (2,953 bytes at L, the most).
pub fn svg(text: &str, correction: Correction, margin: u32) -> Result<String> {
    let level = match correction {
        Correction::Low => EcLevel::L,
        Correction::Medium => EcLevel::M,
        Correction::Quartile => EcLevel::Q,
        Correction::High => EcLevel::H,
    };
    let code =
        QrCode::with_error_correction_level(text, level).map_err(|_| Error::InvalidArgument)?;
    let modules = code.width();
    let size = modules as u64 + 2 * u64::from(margin);
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" shape-rendering="crispEdges"><title>QR code</title><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d=""##
    );
    // One horizontal run of dark modules per subpath: M x y, h run, v 1, h -run, z.
    let colors = code.to_colors();
    for (y, row) in colors.chunks(modules).enumerate() {
        let mut x = 0;
        while x < row.len() {
            let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
            if run > 0 {
                let (left, top) = (x as u64 + u64::from(margin), y as u64 + u64::from(margin));
                let _ = write!(out, "M{left} {top}h{run}v1h-{run}z");
            }
            x += run.max(1);
        }
    }
    out.push_str(r#""/></svg>"#);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The modules of an SVG from `svg`, read back from its path, as a greyscale image at
    /// `scale` pixels a module.
    fn rasterize(svg: &str, scale: usize) -> (Vec<u8>, usize) {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let side = size * scale;
        let mut luma = vec![255u8; side * side];
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for run in path.split('M').skip(1) {
            let numbers: Vec<usize> = run
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (x, y, length) = (numbers[0], numbers[1], numbers[2]);
            for row in y * scale..(y + 1) * scale {
                luma[row * side + x * scale..row * side + (x + length) * scale].fill(0);
            }
        }
        (luma, side)
    }

    #[test]
    fn what_svg_draws_decode_reads_back_at_every_level() {
        let uri = "otpauth://totp/Shop:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop";
        for correction in [
            Correction::Low,
            Correction::Medium,
            Correction::Quartile,
            Correction::High,
        ] {
            for text in [uri, "a", &"x".repeat(500)] {
                let svg = svg(text, correction, 4).unwrap();
                assert!(svg.contains(r#"role="img""#) && svg.contains("<title>QR code</title>"));
                let (luma, side) = rasterize(&svg, 3);
                assert_eq!(decode(&luma, side, side).unwrap(), [text], "{correction:?}");
                // Light on dark reads too.
                let inverted: Vec<u8> = luma.iter().map(|v| 255 - v).collect();
                assert_eq!(decode(&inverted, side, side).unwrap(), [text]);
            }
        }
    }

    #[test]
    fn bad_sizes_and_too_much_text_are_errors_and_blank_images_hold_nothing() {
        assert_eq!(decode(&[255; 10], 3, 3), Err(Error::InvalidArgument));
        assert_eq!(decode(&[], usize::MAX, 2), Err(Error::InvalidArgument));
        assert_eq!(decode(&[255; 100 * 80], 100, 80), Ok(Vec::new()));
        assert_eq!(decode(&[], 0, 0), Ok(Vec::new()));
        assert_eq!(
            svg(&"x".repeat(3000), Correction::Low, 4),
            Err(Error::InvalidArgument)
        );
    }
}
