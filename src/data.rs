//! The images the model trains on: MNIST's IDX files (gzip or raw), binarised, or a dataset
//! the person brought (already made into 28×28 inputs by [`crate::images`]), binarised or in
//! grey levels; labels; shuffled batches.

use std::borrow::Cow;
use std::io::Read;

use burn::tensor::{Device, Tensor, TensorData};
use flate2::read::GzDecoder;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::error::{Result, refusal};

/// Side of an MNIST image.
pub const IMAGE_SIDE: usize = 28;
/// Pixels in an MNIST image.
pub const IMAGE_PIXELS: usize = IMAGE_SIDE * IMAGE_SIDE;
/// The digits 0–9: what a label can be, and what a conditional model tells apart.
pub const CLASSES: usize = 10;

const IDX_IMAGES_MAGIC: u32 = 0x0000_0803;
const IDX_LABELS_MAGIC: u32 = 0x0000_0801;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The most images one dataset may hold: EMNIST's largest split (by class, 697,932 training
/// images) is beyond it; its letters (124,800) and every MNIST-like set are within.
pub const MAX_IMAGES: usize = 200_000;

/// What the model is asked to reconstruct.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Levels {
    /// Each pixel 0 or 1 (ink above ½), as binarised MNIST.
    Binary,
    /// Grey levels in [0, 1]: binary cross-entropy against soft targets.
    Grey,
}

/// Checks 28×28 grey levels and labels for a dataset: whole images, 1 to [`MAX_IMAGES`] of
/// them, one label each. Returns how many images there are.
pub fn check_images(pixels: &[u8], labels: Option<&[u8]>) -> Result<usize> {
    let count = pixels.len() / IMAGE_PIXELS;
    if !pixels.len().is_multiple_of(IMAGE_PIXELS) {
        return Err(refusal!(
            Data,
            "pixels-not-whole-images",
            "pixels: {got} values is not a whole number of 28×28 images",
            got = pixels.len(),
        ));
    }
    if count == 0 || count > MAX_IMAGES {
        return Err(refusal!(
            Data,
            "dataset-image-count",
            "a dataset holds 1 to {max} images, got {got}",
            max = MAX_IMAGES,
            got = count,
        ));
    }
    if let Some(labels) = labels
        && labels.len() != count
    {
        return Err(refusal!(
            Data,
            "label-count-mismatch",
            "{images} images but {labels} labels",
            images = count,
            labels = labels.len(),
        ));
    }
    Ok(count)
}

/// Binarisation at ½: whether a grey level (0–255) is ink.
pub fn is_ink(pixel: u8) -> bool {
    pixel > 127
}

impl Levels {
    /// Grey levels (0–255) as the model will see them, still as bytes: 0 or 255 when
    /// binarised (what the page previews).
    pub fn apply(self, pixels: &mut [u8]) {
        if self == Levels::Binary {
            for pixel in pixels {
                *pixel = if is_ink(*pixel) { 255 } else { 0 };
            }
        }
    }
}

/// The largest file a dataset may bring (an IDX file once decompressed, or an image file):
/// MNIST's training images are 47 MB, 200,000 images 157 MB.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// 28×28 images, binarised (each pixel 0 or 1, as in the reference: pixel/255 > 0.5) or in
/// grey levels, with their labels when there are some. Kept as bytes (0/1, or 0–255 for grey
/// levels): 60,000 images take 47 MB instead of 188 MB as floats.
#[derive(Clone, Debug)]
pub struct Mnist {
    pixels: Vec<u8>,
    labels: Option<Vec<u8>>,
    levels: Levels,
}

impl Mnist {
    /// MNIST: parses an IDX image file and, if given, its IDX label file (each raw or gzip),
    /// whose labels must be digits; binarised.
    pub fn from_idx(images: &[u8], labels: Option<&[u8]>) -> Result<Self> {
        let (pixels, labels) = read_idx(images, labels)?;
        if let Some(bad) = labels
            .iter()
            .flatten()
            .find(|&&label| usize::from(label) >= CLASSES)
        {
            return Err(refusal!(
                Data,
                "label-not-digit",
                "label {label} is not a digit",
                label = bad,
            ));
        }
        Self::from_pixels(pixels, labels, Levels::Binary)
    }

    /// Images from their 28×28 grey levels (`pixels.len() / 784` images, 0–255 per pixel, as
    /// in IDX files and as [`crate::images::to_inputs`] makes them) and labels (any value
    /// 0–255), binarised at ½ or kept as grey levels.
    pub fn from_pixels(
        mut pixels: Vec<u8>,
        labels: Option<Vec<u8>>,
        levels: Levels,
    ) -> Result<Self> {
        check_images(&pixels, labels.as_deref())?;
        if levels == Levels::Binary {
            // In place, as 0/1: the training split is 47 MB.
            for pixel in &mut pixels {
                *pixel = u8::from(is_ink(*pixel));
            }
        }
        Ok(Self {
            pixels,
            labels,
            levels,
        })
    }

    /// Whether pixels are 0/1 or grey levels.
    pub fn levels(&self) -> Levels {
        self.levels
    }

    /// One stored pixel as the model's target in [0, 1].
    fn value(&self, pixel: u8) -> f32 {
        match self.levels {
            Levels::Binary => f32::from(pixel),
            Levels::Grey => f32::from(pixel) / 255.0,
        }
    }

    pub fn len(&self) -> usize {
        self.pixels.len() / IMAGE_PIXELS
    }

    pub fn is_empty(&self) -> bool {
        self.pixels.is_empty()
    }

    /// Each image's digit, when the split was loaded with its labels.
    pub fn labels(&self) -> Option<&[u8]> {
        self.labels.as_deref()
    }

    /// The labels, which a conditional model cannot do without (each one of its ten classes).
    pub fn digit_labels(&self) -> Result<&[u8]> {
        let labels = self.labels().ok_or_else(|| {
            refusal!(
                Input,
                "split-without-labels",
                "this split was loaded without labels, and a conditional (cvae) model needs \
                 each image's digit: load its labels file too"
            )
        })?;
        if let Some(bad) = labels.iter().find(|&&label| usize::from(label) >= CLASSES) {
            return Err(refusal!(
                Input,
                "label-beyond-classes",
                "label {label}: a conditional (cvae) model tells {classes} classes apart, 0 to \
                 {max}",
                label = bad,
                classes = CLASSES,
                max = CLASSES - 1,
            ));
        }
        Ok(labels)
    }

    /// The first `count` images and labels (all of them if there are fewer).
    pub fn take(&self, count: usize) -> Self {
        let count = count.min(self.len());
        Self {
            pixels: self.pixels[..count * IMAGE_PIXELS].to_vec(),
            labels: self.labels.as_ref().map(|labels| labels[..count].to_vec()),
            levels: self.levels,
        }
    }

    /// One image's pixels in [0, 1] (0.0 / 1.0 when binarised), if there is an image at `index`.
    pub fn image(&self, index: usize) -> Option<Vec<f32>> {
        let start = index.checked_mul(IMAGE_PIXELS)?;
        let pixels = self.pixels.get(start..start.checked_add(IMAGE_PIXELS)?)?;
        Some(pixels.iter().map(|&p| self.value(p)).collect())
    }

    /// The one-hot labels of the images at `indices` (each below `len()`), `[indices.len(), 10]`,
    /// when the split has labels.
    pub fn one_hot(&self, indices: &[usize], device: &Device) -> Option<Tensor<2>> {
        let labels = self.labels()?;
        let picked: Vec<u8> = indices.iter().map(|&index| labels[index]).collect();
        Some(one_hot(&picked, device))
    }

    /// The images at `indices` (each below `len()`) as a `[indices.len(), 784]` tensor.
    pub fn batch(&self, indices: &[usize], device: &Device) -> Tensor<2> {
        let mut values = Vec::with_capacity(indices.len() * IMAGE_PIXELS);
        for &index in indices {
            let image = &self.pixels[index * IMAGE_PIXELS..(index + 1) * IMAGE_PIXELS];
            values.extend(image.iter().map(|&p| self.value(p)));
        }
        Tensor::from_data(
            TensorData::new(values, [indices.len(), IMAGE_PIXELS]),
            device,
        )
    }
}

/// One-hot rows `[labels.len(), 10]` for digits 0–9 (a value above 9, which parsing refuses,
/// would give a row of zeros).
pub fn one_hot(labels: &[u8], device: &Device) -> Tensor<2> {
    let mut rows = vec![0.0f32; labels.len() * CLASSES];
    for (row, &label) in labels.iter().enumerate() {
        let label = usize::from(label);
        if label < CLASSES {
            rows[row * CLASSES + label] = 1.0;
        }
    }
    Tensor::from_data(TensorData::new(rows, [labels.len(), CLASSES]), device)
}

/// The pixels (0–255, 784 per image) of an IDX image file of 28×28 images and, if given, the
/// labels of its IDX label file (one per image, any byte), each raw or gzip-compressed.
pub fn read_idx(images: &[u8], labels: Option<&[u8]>) -> Result<(Vec<u8>, Option<Vec<u8>>)> {
    let images = decompress(images)?;
    let (image_dims, pixels) = parse_idx(&images, IDX_IMAGES_MAGIC, 3, "images")?;
    if image_dims[1..] != [IMAGE_SIDE, IMAGE_SIDE] {
        return Err(refusal!(
            Data,
            "idx-image-side",
            "images must be {side}×{side}, got {width}×{height}",
            side = IMAGE_SIDE,
            width = image_dims[1],
            height = image_dims[2],
        ));
    }
    if image_dims[0] == 0 {
        return Err(refusal!(
            Data,
            "idx-no-images",
            "images: the file holds no images"
        ));
    }
    let labels = match labels {
        None => None,
        Some(labels) => {
            let labels = decompress(labels)?;
            let (label_dims, labels) = parse_idx(&labels, IDX_LABELS_MAGIC, 1, "labels")?;
            if image_dims[0] != label_dims[0] {
                return Err(refusal!(
                    Data,
                    "label-count-mismatch",
                    "{images} images but {labels} labels",
                    images = image_dims[0],
                    labels = label_dims[0],
                ));
            }
            Some(labels.to_vec())
        }
    };
    Ok((pixels.to_vec(), labels))
}

fn decompress(bytes: &[u8]) -> Result<Cow<'_, [u8]>> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| refusal!(Data, "gzip-unreadable", "gzip: {reason}", reason = e))?;
    Ok(Cow::Owned(out))
}

/// Returns the dimensions and the payload of an IDX file of unsigned bytes.
fn parse_idx<'a>(
    bytes: &'a [u8],
    magic: u32,
    rank: usize,
    what: &str,
) -> Result<(Vec<usize>, &'a [u8])> {
    let header_len = 4 * (1 + rank);
    if bytes.len() < header_len {
        return Err(refusal!(
            Data,
            "idx-header-short",
            "{what}: {got} bytes is too short for an IDX header",
            what = what,
            got = bytes.len(),
        ));
    }
    let word = |i: usize| {
        let at = 4 * i;
        u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    };
    if word(0) != magic {
        return Err(refusal!(
            Data,
            "idx-magic",
            "{what}: IDX magic {got}, expected {expected}",
            what = what,
            got = format!("{:#010x}", word(0)),
            expected = format!("{magic:#010x}"),
        ));
    }
    let dims: Vec<usize> = (1..=rank).map(|i| word(i) as usize).collect();
    let payload = &bytes[header_len..];
    // Checked: a lying header can promise more than a 32-bit usize holds.
    let expected = dims
        .iter()
        .try_fold(1usize, |total, &dim| total.checked_mul(dim));
    if expected != Some(payload.len()) {
        let shape = || {
            dims.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" × ")
        };
        return Err(match expected {
            Some(expected) => refusal!(
                Data,
                "idx-payload-length",
                "{what}: header promises {expected} bytes of data ({shape}), file has {got}",
                what = what,
                expected = expected,
                shape = shape(),
                got = payload.len(),
            ),
            None => refusal!(
                Data,
                "idx-payload-overflow",
                "{what}: header promises more than 2^32 bytes of data ({shape}), file has {got}",
                what = what,
                shape = shape(),
                got = payload.len(),
            ),
        });
    }
    Ok((dims, payload))
}

/// Where training is in the data: a seeded shuffle per epoch, consumed in full batches (the
/// remainder of an epoch is dropped, so every step sees `batch_size` images).
#[derive(Clone, Debug)]
pub struct BatchOrder {
    seed: u64,
    order: Vec<usize>,
    position: usize,
    epoch: usize,
}

impl BatchOrder {
    pub fn new(len: usize, seed: u64) -> Self {
        Self {
            order: shuffled(len, seed, 0),
            seed,
            position: 0,
            epoch: 0,
        }
    }

    /// The indices of the next batch; starts a new, reshuffled epoch when this one runs out.
    pub fn next_batch(&mut self, batch_size: usize) -> &[usize] {
        if self.position + batch_size > self.order.len() {
            self.epoch += 1;
            self.order = shuffled(self.order.len(), self.seed, self.epoch);
            self.position = 0;
        }
        let batch = &self.order[self.position..self.position + batch_size];
        self.position += batch_size;
        batch
    }

    /// Completed epochs plus the fraction of the current one.
    pub fn epochs_done(&self) -> f64 {
        self.epoch as f64 + self.position as f64 / self.order.len().max(1) as f64
    }

    /// Images in the dataset this order walks through.
    pub fn dataset_len(&self) -> usize {
        self.order.len()
    }
}

/// The order of epoch `epoch`: a permutation that depends only on the seed and the epoch, so a
/// paused and resumed run sees exactly the batches an uninterrupted one would.
pub(crate) fn shuffled(len: usize, seed: u64, epoch: usize) -> Vec<usize> {
    let mut rng = StdRng::seed_from_u64(seed ^ (epoch as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(&mut rng);
    order
}
