//! Checks for values that come from outside the crate (the page, a file, the command line):
//! counts, pixels and latent points. Each failure names the argument and the value as given.

use std::fmt;
use std::ops::RangeInclusive;

use crate::data::IMAGE_PIXELS;
use crate::error::{Result, refusal};

/// A JavaScript value reduced to what the checks need to tell apart; the wasm layer converts
/// to it, so that every rule about values is plain Rust (and tested by `cargo test`).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    String(String),
    Bool(bool),
    Null,
    Undefined,
    /// Anything else, by its kind ("an array", "an object", "a function", …).
    Other(&'static str),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => write!(f, "{}", JsNumber(*n)),
            Value::String(s) => write!(f, "the string {s:?}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Null => f.write_str("null"),
            Value::Undefined => f.write_str("undefined"),
            Value::Other(kind) => f.write_str(kind),
        }
    }
}

/// A number written as JavaScript writes it (NaN, Infinity, 4294967297, 2.5).
pub struct JsNumber(pub f64);

impl fmt::Display for JsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            n if n.is_nan() => f.write_str("NaN"),
            n if n == f64::INFINITY => f.write_str("Infinity"),
            n if n == f64::NEG_INFINITY => f.write_str("-Infinity"),
            // As JS writes them: 1e+300 and 1e-7, not 300 digits or a long run of zeros.
            n if n != 0.0 && !(1e-6..1e21).contains(&n.abs()) => {
                let text = format!("{n:e}");
                match text.split_once('e') {
                    Some((digits, exponent)) if !exponent.starts_with('-') => {
                        write!(f, "{digits}e+{exponent}")
                    }
                    _ => f.write_str(&text),
                }
            }
            n => write!(f, "{n}"),
        }
    }
}

/// The largest integer a JS number holds exactly; counts beyond it cannot be told apart.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `value` as a count within `range`: a finite, whole, non-negative number. Fractions, NaN,
/// ±Infinity and values beyond the range (2^32 included) are refused, never rounded or wrapped.
pub fn whole_number(value: f64, name: &str, range: RangeInclusive<usize>) -> Result<usize> {
    let wide = *range.start() as u64..=*range.end() as u64;
    // Within a usize range, so the conversion is exact on every target.
    whole_number_u64(value, name, wide).map(|n| n as usize)
}

/// [`whole_number`] for ranges beyond what a 32-bit `usize` holds (seeds).
pub fn whole_number_u64(value: f64, name: &str, range: RangeInclusive<u64>) -> Result<u64> {
    let whole = value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE_INTEGER;
    if whole && value >= *range.start() as f64 && value <= *range.end() as f64 {
        return Ok(value as u64);
    }
    Err(refusal!(
        Input,
        "whole-number",
        "{name}: expected a whole number from {min} to {max}, got {got}",
        name = name,
        min = range.start(),
        max = range.end(),
        got = JsNumber(value),
    ))
}

/// A JS number as a 32-bit float, which is what pixels and latent values are. A finite number
/// beyond f32's range is refused rather than turned into infinity.
pub fn float32(value: f64, name: &str) -> Result<f32> {
    let narrowed = value as f32;
    if value.is_finite() && !narrowed.is_finite() {
        return Err(refusal!(
            Input,
            "beyond-float32",
            "{name}: expected a number within ±{max}, got {got}",
            name = name,
            max = format!("{:e}", f32::MAX),
            got = JsNumber(value),
        ));
    }
    Ok(narrowed)
}

/// A count already held as an integer, checked against its range with the same message.
pub fn count_in(value: usize, name: &str, range: RangeInclusive<usize>) -> Result<usize> {
    whole_number(value as f64, name, range)
}

/// Images given as flat pixel rows: a whole number of 28×28 images, every pixel within [0, 1]
/// (the probabilities the model was trained on). Returns how many images there are.
pub fn images(pixels: &[f32], name: &str) -> Result<usize> {
    rows_within(pixels, IMAGE_PIXELS, 0.0..=1.0).map_err(|fault| match fault {
        RowsFault::Length => refusal!(
            Input,
            "pixels-length",
            "{name}: expected a multiple of {width} pixels (28×28 per image), got {got}",
            name = name,
            width = IMAGE_PIXELS,
            got = pixels.len(),
        ),
        RowsFault::Outside { index, value } => refusal!(
            Input,
            "pixel-out-of-range",
            "{name}: pixels must be within [0, 1], got {got} at index {index}",
            name = name,
            got = JsNumber(f64::from(value)),
            index = index,
        ),
    })
}

/// Exactly one image.
pub fn image(pixels: &[f32], name: &str) -> Result<()> {
    match images(pixels, name)? {
        1 => Ok(()),
        n => Err(refusal!(
            Input,
            "not-one-image",
            "{name}: expected one image ({pixels} pixels), got {count} images",
            name = name,
            pixels = IMAGE_PIXELS,
            count = n,
        )),
    }
}

/// How far from the origin a latent coordinate may be. The prior is N(0, I): the page's
/// sliders span ±3, and nothing meaningful lies beyond a few tens.
pub const MAX_LATENT_MAGNITUDE: f32 = 1000.0;

/// Latent points given as flat rows of `latent_dim` values, each finite and within
/// ±[`MAX_LATENT_MAGNITUDE`]. Returns how many points there are.
pub fn latents(values: &[f32], latent_dim: usize, name: &str) -> Result<usize> {
    let range = -MAX_LATENT_MAGNITUDE..=MAX_LATENT_MAGNITUDE;
    rows_within(values, latent_dim, range).map_err(|fault| match fault {
        RowsFault::Length => refusal!(
            Input,
            "latents-length",
            "{name}: expected a multiple of {width} values (the latent size), got {got}",
            name = name,
            width = latent_dim,
            got = values.len(),
        ),
        RowsFault::Outside { index, value } => refusal!(
            Input,
            "latent-out-of-range",
            "{name}: latent values must be finite and within ±{max}, got {got} at index {index}",
            name = name,
            max = MAX_LATENT_MAGNITUDE,
            got = JsNumber(f64::from(value)),
            index = index,
        ),
    })
}

/// What is wrong with flat rows of values, for the caller to say in its own words (each its own
/// refusal, so that the page can word pixels and latent values apart).
enum RowsFault {
    /// No values, or a row cut short.
    Length,
    /// The first value outside the range.
    Outside { index: usize, value: f32 },
}

/// Flat rows of `width` values, at least one, each value within `range` (NaN never is). Returns
/// how many rows there are.
fn rows_within(
    values: &[f32],
    width: usize,
    range: RangeInclusive<f32>,
) -> std::result::Result<usize, RowsFault> {
    if values.is_empty() || !values.len().is_multiple_of(width) {
        return Err(RowsFault::Length);
    }
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !range.contains(*v)) {
        return Err(RowsFault::Outside { index, value });
    }
    Ok(values.len() / width)
}
