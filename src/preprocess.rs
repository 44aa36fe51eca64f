//! A drawing (any size) → the 28×28 input the model was trained on, made the way MNIST's
//! digits were: crop to the ink, scale to fit a 20×20 box keeping the aspect ratio
//! (anti-aliased), and place in 28×28 so that the centre of mass sits at the centre.

use std::ops::RangeInclusive;

use resize::{Pixel, Type};
use rgb::FromSlice;

use crate::data::{IMAGE_PIXELS, IMAGE_SIDE};
use crate::error::{Result, refusal};
use crate::input::count_in;

/// MNIST fits each digit into a box of this side before centring it.
const DIGIT_BOX: f32 = 20.0;
/// Ink below this is treated as paper when finding the digit's bounding box.
const INK_THRESHOLD: f32 = 0.05;
/// Accepted canvas sides: a canvas larger than this is not a drawing.
pub const SIDE: RangeInclusive<usize> = 1..=4096;

/// The MNIST-style 28×28 input of an RGBA drawing: [`ink_from_rgba`], then [`to_mnist`].
pub fn drawing_to_mnist(rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>> {
    to_mnist(&ink_from_rgba(rgba, width, height)?, width, height)
}

/// Ink per pixel of an RGBA image drawn with dark strokes on a light or transparent
/// background: opacity × darkness, in [0, 1].
pub fn ink_from_rgba(rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>> {
    check_size(width, height)?;
    if rgba.len() != width * height * 4 {
        return Err(refusal!(
            Input,
            "drawing-rgba-length",
            "RGBA data for {width}×{height} must be {expected} bytes, got {got}",
            width = width,
            height = height,
            expected = width * height * 4,
            got = rgba.len(),
        ));
    }
    Ok(rgba
        .chunks_exact(4)
        .map(|px| (f32::from(px[3]) / 255.0) * (1.0 - luminance(px) / 255.0))
        .collect())
}

/// The luminance (Rec. 601, 0–255) of an RGBA pixel's colour: how drawings and brought images
/// are read as grey.
pub fn luminance(px: &[u8]) -> f32 {
    0.299 * f32::from(px[0]) + 0.587 * f32::from(px[1]) + 0.114 * f32::from(px[2])
}

/// The MNIST-style 28×28 image (784 values in [0, 1]) of a drawing given as ink per pixel.
pub fn to_mnist(ink: &[f32], width: usize, height: usize) -> Result<Vec<f32>> {
    check_size(width, height)?;
    if ink.len() != width * height {
        return Err(refusal!(
            Input,
            "drawing-length",
            "a {width}×{height} drawing has {expected} pixels, got {got}",
            width = width,
            height = height,
            expected = width * height,
            got = ink.len(),
        ));
    }
    if ink.iter().any(|v| !v.is_finite()) {
        return Err(refusal!(
            Input,
            "drawing-not-finite",
            "the drawing contains NaN or infinite values"
        ));
    }
    let at = |x: usize, y: usize| ink[y * width + x].clamp(0.0, 1.0);

    // Bounding box of the ink.
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..height {
        for x in 0..width {
            if at(x, y) > INK_THRESHOLD {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    if x0 == usize::MAX {
        return Err(refusal!(Input, "drawing-empty", "the drawing is empty"));
    }
    let (crop_w, crop_h) = (x1 - x0 + 1, y1 - y0 + 1);
    let cropped: Vec<f32> = (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| at(x, y)))
        .collect();

    // Fit the longer side to 20 pixels; the triangle filter widens with the scale factor, so
    // downscaling averages (anti-aliases) rather than skipping strokes.
    let scale = DIGIT_BOX / crop_w.max(crop_h) as f32;
    let fit_w = ((crop_w as f32 * scale).round() as usize).clamp(1, DIGIT_BOX as usize);
    let fit_h = ((crop_h as f32 * scale).round() as usize).clamp(1, DIGIT_BOX as usize);
    let mut digit = vec![0.0f32; fit_w * fit_h];
    resize::new(crop_w, crop_h, fit_w, fit_h, Pixel::GrayF32, Type::Triangle)
        .and_then(|mut resizer| resizer.resize(cropped.as_gray(), digit.as_gray_mut()))
        .map_err(|e| {
            refusal!(
                Input,
                "drawing-resize-failed",
                "the drawing could not be resized: {reason}",
                reason = e,
            )
        })?;
    let pixels = || {
        digit
            .iter()
            .enumerate()
            .map(|(i, &value)| (i % fit_w, i / fit_w, value.clamp(0.0, 1.0)))
    };

    // Centre of mass, in continuous pixel coordinates (pixel i spans [i, i + 1)).
    let (mut mass, mut mx, mut my) = (0.0f32, 0.0f32, 0.0f32);
    for (x, y, m) in pixels() {
        mass += m;
        mx += m * (x as f32 + 0.5);
        my += m * (y as f32 + 0.5);
    }
    let centre = IMAGE_SIDE as f32 / 2.0;
    let (dx, dy) = if mass > 0.0 {
        (
            (centre - mx / mass).round() as i64,
            (centre - my / mass).round() as i64,
        )
    } else {
        (
            ((IMAGE_SIDE - fit_w) / 2) as i64,
            ((IMAGE_SIDE - fit_h) / 2) as i64,
        )
    };

    let mut out = vec![0.0f32; IMAGE_PIXELS];
    for (x, y, value) in pixels() {
        let (tx, ty) = (x as i64 + dx, y as i64 + dy);
        if (0..IMAGE_SIDE as i64).contains(&tx) && (0..IMAGE_SIDE as i64).contains(&ty) {
            out[ty as usize * IMAGE_SIDE + tx as usize] = value;
        }
    }
    Ok(out)
}

fn check_size(width: usize, height: usize) -> Result<()> {
    count_in(width, "width", SIDE)?;
    count_in(height, "height", SIDE)?;
    Ok(())
}
