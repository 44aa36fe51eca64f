//! Images a person brings (any size, light or dark paper) → the 28×28 inputs the model trains
//! on, the way they choose: "ink on paper" (crop to the ink and centre it, as MNIST's digits and
//! the drawings are: [`crate::preprocess::to_mnist`]) or "whole image" (resized to 28×28);
//! which side is ink (detected, or said); binarised at ½ as MNIST is, or grey levels kept. The
//! page decodes files to pixels in the browser and the CLI with the `image` crate; from the
//! pixels on, both run this code.

use resize::{Pixel, Type};
use rgb::FromSlice;
use serde::{Deserialize, Serialize};

use crate::data::{IMAGE_PIXELS, IMAGE_SIDE, Levels, MAX_IMAGES};
use crate::error::{Result, refusal};
use crate::preprocess;

/// The largest side of one image (the drawing pad's limit too): larger images are refused
/// from their header, before their pixels are decoded.
pub const MAX_SIDE: usize = *preprocess::SIDE.end();

/// The most pixels a brought dataset's images may hold in all (4,294,967,296: 60,000 images of
/// 267×267): decoding more would take the browser minutes for a 28×28 model. Counted from each
/// file's header before it is decoded.
pub const MAX_TOTAL_PIXELS: u64 = 1 << 32;
/// The files read as images, by extension (any case): what browsers and the `image` crate
/// both decode.
pub const EXTENSIONS: [&str; 4] = ["png", "jpg", "jpeg", "webp"];
/// Polarity is detected on the first images, at most this many holding at most
/// [`POLARITY_SAMPLE_PIXELS`] (at least one image): [`polarity_sample_len`]. The page and the
/// CLI detect it the same way before the rest are read.
pub const POLARITY_SAMPLE: usize = 64;
/// 16,777,216 pixels: 64 images of 512×512, or one of 4096×4096 (64 MiB decoded).
pub const POLARITY_SAMPLE_PIXELS: usize = 1 << 24;

/// How many of the first images (their `(width, height)`, in order) polarity is detected on.
pub fn polarity_sample_len(sizes: impl IntoIterator<Item = (usize, usize)>) -> usize {
    let mut pixels = 0usize;
    let mut count = 0;
    for (width, height) in sizes.into_iter().take(POLARITY_SAMPLE) {
        pixels = pixels.saturating_add(width.saturating_mul(height));
        if count > 0 && pixels > POLARITY_SAMPLE_PIXELS {
            break;
        }
        count += 1;
    }
    count
}

/// The width and height a PNG, JPEG or WebP file's header states, checked against
/// [`MAX_SIDE`]: what a file may be decoded to, known before decoding it.
pub fn header_size(bytes: &[u8]) -> Result<(usize, usize)> {
    let size = imagesize::blob_size(bytes).map_err(|e| {
        refusal!(
            Data,
            "not-an-image",
            "not a PNG, JPEG or WebP image, or a truncated one ({reason})",
            reason = e,
        )
    })?;
    check_side(size.width, size.height)?;
    Ok((size.width, size.height))
}

/// How an image becomes the model's 28×28 input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framing {
    /// Crop to the ink, fit it in 20×20 keeping its aspect ratio, centre its mass (as MNIST).
    Ink,
    /// The whole image, resized to 28×28 (aspect ratio not kept).
    Whole,
}

/// Which of an image's tones is the ink.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// Dark strokes on light paper (scans, photos of writing, most drawings).
    DarkOnLight,
    /// Light strokes on a dark ground (MNIST's own files).
    LightOnDark,
}

/// The person's choices; `polarity: None` detects it from the images' borders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Preprocessing {
    pub framing: Framing,
    pub polarity: Option<Polarity>,
    pub levels: Levels,
}

impl Default for Preprocessing {
    fn default() -> Self {
        Self {
            framing: Framing::Ink,
            polarity: None,
            levels: Levels::Binary,
        }
    }
}

/// One decoded image: grey levels (0 black, 255 white), row by row.
#[derive(Clone, Debug, PartialEq)]
pub struct Grey {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Grey {
    /// Checks the size against [`MAX_SIDE`] and the pixel count against the size.
    pub fn new(width: usize, height: usize, pixels: Vec<u8>) -> Result<Self> {
        check_side(width, height)?;
        if pixels.len() != width * height {
            return Err(refusal!(
                Data,
                "image-length",
                "a {width}×{height} image has {expected} pixels, got {got}",
                width = width,
                height = height,
                expected = width * height,
                got = pixels.len(),
            ));
        }
        Ok(Self {
            width,
            height,
            pixels,
        })
    }

    /// The grey levels of RGBA pixels (4 bytes each, as browsers and the `image` crate decode
    /// files), transparent parts counting as white paper: luminance (Rec. 601, as drawings are
    /// read) composited over white.
    pub fn from_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<Self> {
        check_side(width, height)?;
        if rgba.len() != width * height * 4 {
            return Err(refusal!(
                Data,
                "image-rgba-length",
                "a {width}×{height} image has {expected} RGBA bytes, got {got}",
                width = width,
                height = height,
                expected = width * height * 4,
                got = rgba.len(),
            ));
        }
        let pixels = rgba
            .chunks_exact(4)
            .map(|px| {
                let alpha = f32::from(px[3]) / 255.0;
                (alpha * preprocess::luminance(px) + (1.0 - alpha) * 255.0).round() as u8
            })
            .collect();
        Self::new(width, height, pixels)
    }

    /// The mean grey level of the image's outermost pixels: the paper's tone, where the ink
    /// rarely reaches.
    fn border_mean(&self) -> f64 {
        let (w, h) = (self.width, self.height);
        let row = |y: usize| &self.pixels[y * w..(y + 1) * w];
        // The first and last rows whole, then the first and last pixel of each row between.
        let ends = |y: usize| {
            let row = row(y);
            std::iter::once(row[0]).chain((w > 1).then_some(row[w - 1]))
        };
        let (top, bottom) = (row(0), if h > 1 { row(h - 1) } else { &[][..] });
        let sides = (1..h.saturating_sub(1)).flat_map(ends);
        let (sum, count) = top
            .iter()
            .chain(bottom)
            .copied()
            .chain(sides)
            .fold((0u64, 0u64), |(sum, count), p| {
                (sum + u64::from(p), count + 1)
            });
        sum as f64 / count as f64
    }
}

/// Refuses a side of 0 or above [`MAX_SIDE`] (a header can say anything).
pub fn check_side(width: usize, height: usize) -> Result<()> {
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(refusal!(
            Data,
            "image-side",
            "an image of {width}×{height} pixels: each side must be 1 to {max}",
            width = width,
            height = height,
            max = MAX_SIDE,
        ));
    }
    Ok(())
}

/// Light paper (dark ink) if most images' borders are lighter than mid-grey (of the first
/// images: [`polarity_sample_len`]).
pub fn detect_polarity(images: &[Grey]) -> Polarity {
    let sample =
        &images[..polarity_sample_len(images.iter().map(|image| (image.width, image.height)))];
    let light = sample
        .iter()
        .filter(|image| image.border_mean() >= 127.5)
        .count();
    if 2 * light >= sample.len() {
        Polarity::DarkOnLight
    } else {
        Polarity::LightOnDark
    }
}

/// The 28×28 input (784 values in [0, 1]) of one image: its ink, framed, then binarised or not.
pub fn to_input(
    image: &Grey,
    polarity: Polarity,
    framing: Framing,
    levels: Levels,
) -> Result<Vec<f32>> {
    let ink: Vec<f32> = image
        .pixels
        .iter()
        .map(|&p| match polarity {
            Polarity::DarkOnLight => 1.0 - f32::from(p) / 255.0,
            Polarity::LightOnDark => f32::from(p) / 255.0,
        })
        .collect();
    let mut input = match framing {
        Framing::Ink => preprocess::to_mnist(&ink, image.width, image.height)
            .map_err(|_| refusal!(Data, "image-blank", "the image has no ink (it is blank)"))?,
        Framing::Whole => {
            let mut out = vec![0.0f32; IMAGE_PIXELS];
            resize::new(
                image.width,
                image.height,
                IMAGE_SIDE,
                IMAGE_SIDE,
                Pixel::GrayF32,
                Type::Triangle,
            )
            .and_then(|mut resizer| resizer.resize(ink.as_gray(), out.as_gray_mut()))
            .map_err(|e| {
                refusal!(
                    Data,
                    "image-resize-failed",
                    "the image could not be resized: {reason}",
                    reason = e,
                )
            })?;
            out
        }
    };
    for value in &mut input {
        *value = match levels {
            Levels::Binary => f32::from(u8::from(*value > 0.5)),
            Levels::Grey => value.clamp(0.0, 1.0),
        };
    }
    Ok(input)
}

/// The inputs of many images, one after another (`images.len() × 784` grey levels, 0–255, as
/// IDX files hold them: what [`crate::data::Mnist::from_pixels`] takes), with the polarity
/// used (the person's, or the one detected). `names` name the images in messages.
pub fn to_inputs(
    images: &[Grey],
    names: &[String],
    choice: &Preprocessing,
) -> Result<(Vec<u8>, Polarity)> {
    let polarity = choice.polarity.unwrap_or_else(|| detect_polarity(images));
    let mut pixels = Vec::with_capacity(images.len() * IMAGE_PIXELS);
    for (index, image) in images.iter().enumerate() {
        let input = to_input(image, polarity, choice.framing, choice.levels).map_err(|error| {
            let name = names
                .get(index)
                .cloned()
                .unwrap_or_else(|| format!("image {}", index + 1));
            error.within(&name)
        })?;
        pixels.extend(input.iter().map(|&v| (v * 255.0).round() as u8));
    }
    Ok((pixels, polarity))
}

/// Images given as RGBA pixels one after another (`rgba`, 4 bytes a pixel) and `[width,
/// height]` pairs (`sizes`), as the page hands over what the browser decoded; every size and
/// the total are checked before anything is copied.
pub fn split_images(rgba: &[u8], sizes: &[u32]) -> Result<Vec<Grey>> {
    if !sizes.len().is_multiple_of(2) {
        return Err(refusal!(
            Input,
            "sizes-not-pairs",
            "sizes: expected [width, height] pairs, got {got} numbers",
            got = sizes.len(),
        ));
    }
    let count = sizes.len() / 2;
    if count == 0 || count > MAX_IMAGES {
        return Err(refusal!(
            Input,
            "sizes-count",
            "sizes: 1 to {max} images, got {got}",
            max = MAX_IMAGES,
            got = count,
        ));
    }
    let mut total = 0usize;
    for pair in sizes.chunks_exact(2) {
        check_side(pair[0] as usize, pair[1] as usize)?;
        total = (pair[0] as usize * pair[1] as usize)
            .checked_mul(4)
            .and_then(|bytes| total.checked_add(bytes))
            .ok_or_else(|| {
                refusal!(
                    Input,
                    "sizes-overflow",
                    "sizes: more pixels than memory holds"
                )
            })?;
    }
    if total != rgba.len() {
        return Err(refusal!(
            Input,
            "rgba-length",
            "rgba: {got} bytes, but the sizes add up to {expected}",
            got = rgba.len(),
            expected = total,
        ));
    }
    let mut at = 0;
    sizes
        .chunks_exact(2)
        .map(|pair| {
            let (width, height) = (pair[0] as usize, pair[1] as usize);
            let bytes = width * height * 4;
            let image = Grey::from_rgba(width, height, &rgba[at..at + bytes]);
            at += bytes;
            image
        })
        .collect()
}

/// Labels are bytes (as in IDX files): at most 256 classes.
pub const MAX_CLASSES: usize = 256;

/// The labels of a brought folder's images, from where each is.
#[derive(Clone, Debug, PartialEq)]
pub struct Labelled {
    /// Each image's class, when the images are in sub-folders.
    pub labels: Option<Vec<u8>>,
    /// The classes' names (the sub-folders'), by label.
    pub names: Vec<String>,
}

/// Labels from each image's path inside the folder brought ("circle/7.png", or "7.png"):
/// images directly in the folder have none; images in sub-folders (at any depth) are labelled
/// by the sub-folder they are in at the top, classes in name order, the names kept (the map's
/// legend). Both layouts at once, a single class (it labels nothing) and more than
/// [`MAX_CLASSES`] classes are refused; `folder` names the folder in messages.
pub fn labels_from_paths(paths: &[String], folder: &str) -> Result<Labelled> {
    // Each image's class: the name of the sub-folder it is in at the top, if any.
    let class_of: Vec<Option<&str>> = paths
        .iter()
        .map(|path| path.split_once('/').map(|(class, _)| class))
        .collect();
    let classes: std::collections::BTreeSet<&str> = class_of.iter().flatten().copied().collect();
    let loose = class_of.iter().filter(|class| class.is_none()).count();
    if classes.is_empty() {
        return Ok(Labelled {
            labels: None,
            names: Vec::new(),
        });
    }
    if loose > 0 {
        return Err(refusal!(
            Data,
            "folder-mixed-layout",
            "{folder} has images both in it and in sub-folders: put every image in a sub-folder \
             named by its class, or all of them directly in the folder for no labels",
            folder = folder,
        ));
    }
    let names: Vec<String> = classes.into_iter().map(String::from).collect();
    if names.len() == 1 {
        return Err(refusal!(
            Data,
            "folder-single-class",
            "{folder} has a single class ({class}): labels need two sub-folders or more; for no \
             labels put the images directly in the folder",
            folder = folder,
            class = &names[0],
        ));
    }
    if names.len() > MAX_CLASSES {
        return Err(refusal!(
            Data,
            "folder-too-many-classes",
            "{folder} has {got} classes (sub-folders); labels go up to 255, so at most {max}",
            folder = folder,
            got = names.len(),
            max = MAX_CLASSES,
        ));
    }
    // Every image has a class here (none is loose), and the names are sorted.
    let labels = class_of
        .iter()
        .flatten()
        .map(|class| {
            names
                .binary_search_by(|name| name.as_str().cmp(class))
                .map_or(0, |label| label as u8)
        })
        .collect();
    Ok(Labelled {
        labels: Some(labels),
        names,
    })
}
