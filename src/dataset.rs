//! A dataset the person brings, before a session loads it: IDX files sorted into their splits by
//! name, and a held-out test part when the data comes without one. The page and the CLI both
//! hand their files to this module (and images to [`crate::images`]).

use crate::data::{IMAGE_PIXELS, Levels, check_images, read_idx, shuffled};
use crate::error::{Result, refusal};
use crate::images::{self, Framing, Polarity, Preprocessing};

/// A dataset without a test split keeps one image in this many for testing.
pub const HELD_OUT_PARTS: usize = 10;

/// The limits on a brought dataset, as the page states them.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetLimits {
    pub max_images: usize,
    pub max_file_bytes: u64,
    pub max_side: usize,
    pub max_total_pixels: u64,
    pub max_classes: usize,
    pub held_out_parts: usize,
    /// At most this many first images are read for the polarity sample (`polarity_sample_len`).
    pub polarity_sample: usize,
    pub extensions: [&'static str; 4],
}

pub fn limits() -> DatasetLimits {
    DatasetLimits {
        max_images: crate::data::MAX_IMAGES,
        max_file_bytes: crate::data::MAX_FILE_BYTES,
        max_side: images::MAX_SIDE,
        max_total_pixels: images::MAX_TOTAL_PIXELS,
        max_classes: images::MAX_CLASSES,
        held_out_parts: HELD_OUT_PARTS,
        polarity_sample: images::POLARITY_SAMPLE,
        extensions: images::EXTENSIONS,
    }
}

/// A split's 28×28 inputs (784 grey levels each, 0–255) and its labels, if it has some: what
/// [`crate::data::Mnist::from_pixels`] takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    pub pixels: Vec<u8>,
    pub labels: Option<Vec<u8>>,
}

impl Inputs {
    pub fn len(&self) -> usize {
        self.pixels.len() / IMAGE_PIXELS
    }

    pub fn is_empty(&self) -> bool {
        self.pixels.is_empty()
    }

    /// Whole 28×28 images, 1 to [`MAX_IMAGES`], one label each when there are labels.
    pub fn check(&self) -> Result<usize> {
        check_images(&self.pixels, self.labels.as_deref())
    }

    /// (the rest, a held-out test part): the first `len / HELD_OUT_PARTS` images of a shuffle
    /// seeded with `seed`, so the same seed holds out the same images.
    pub fn hold_out(&self, seed: u64) -> Result<(Self, Self)> {
        let order = shuffled(self.len(), seed, 0);
        let held = order.len() / HELD_OUT_PARTS;
        if held == 0 {
            let count = self.len();
            // Two refusals rather than "image is"/"images are" as a value: each language words
            // its own number.
            return Err(if count == 1 {
                refusal!(
                    Data,
                    "one-image-to-hold-out",
                    "1 image is too few to hold out a tenth for testing: bring {min} or more, or a \
                     test split",
                    min = HELD_OUT_PARTS,
                )
            } else {
                refusal!(
                    Data,
                    "too-few-to-hold-out",
                    "{count} images are too few to hold out a tenth for testing: bring {min} or \
                     more, or a test split",
                    count = count,
                    min = HELD_OUT_PARTS,
                )
            });
        }
        let (test, train) = order.split_at(held);
        Ok((self.select(train), self.select(test)))
    }

    fn select(&self, indices: &[usize]) -> Self {
        let mut pixels = Vec::with_capacity(indices.len() * IMAGE_PIXELS);
        for &index in indices {
            pixels
                .extend_from_slice(&self.pixels[index * IMAGE_PIXELS..(index + 1) * IMAGE_PIXELS]);
        }
        Self {
            pixels,
            labels: self
                .labels
                .as_ref()
                .map(|labels| indices.iter().map(|&index| labels[index]).collect()),
        }
    }
}

/// How IDX files' images become inputs, as a weights file records it: used as they are
/// (28×28, light ink on a dark ground), binarised (`None`, as MNIST) or in grey levels.
pub fn idx_preprocessing(levels: Levels) -> Option<Preprocessing> {
    (levels == Levels::Grey).then_some(Preprocessing {
        framing: Framing::Whole,
        polarity: Some(Polarity::LightOnDark),
        levels,
    })
}

/// IDX files read into splits: the training split, and the test split when it was brought.
#[derive(Clone, Debug, PartialEq)]
pub struct IdxSplits {
    pub train: Inputs,
    pub test: Option<Inputs>,
}

/// What an IDX file holds, from its name as MNIST, Fashion-MNIST, KMNIST and EMNIST name them
/// (`train-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte`, `emnist-letters-test-images-…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct IdxRole {
    test: bool,
    labels: bool,
}

fn idx_role(name: &str) -> Result<IdxRole> {
    let lower = name.to_ascii_lowercase();
    let labels = lower.contains("idx1") || lower.contains("labels");
    let images = lower.contains("idx3") || lower.contains("images");
    if labels == images {
        return Err(refusal!(
            Data,
            "idx-role-unknown",
            "{name}: cannot tell images from labels by the name (expected “images”/“idx3” or \
             “labels”/“idx1” in it, as in train-images-idx3-ubyte.gz)",
            name = name,
        ));
    }
    Ok(IdxRole {
        test: lower.contains("t10k") || lower.contains("test"),
        labels,
    })
}

/// Reads IDX files brought together (`(name, bytes)`, each raw or gzip): an images file and
/// optionally its labels file, and optionally a second such pair for testing ("t10k" or "test"
/// in its names). Each file's role comes from its name; its content is then checked as that.
pub fn read_idx_files(files: &[(&str, &[u8])]) -> Result<IdxSplits> {
    if files.is_empty() || files.len() > 4 {
        return Err(refusal!(
            Data,
            "idx-file-count",
            "IDX files: bring 1 to 4 (images, labels, and the same for testing), got {got}",
            got = files.len(),
        ));
    }
    // [train images, train labels, test images, test labels]
    let mut slots: [Option<(&str, &[u8])>; 4] = [None; 4];
    for &(name, bytes) in files {
        let role = idx_role(name)?;
        let slot = &mut slots[2 * usize::from(role.test) + usize::from(role.labels)];
        if let Some((other, _)) = slot {
            return Err(refusal!(
                Data,
                "idx-role-twice",
                "{other} and {name} both look like the {split} {role}",
                other = other,
                name = name,
                split = if role.test { "test" } else { "training" },
                role = if role.labels { "labels" } else { "images" },
            ));
        }
        *slot = Some((name, bytes));
    }
    let split = |images: Option<(&str, &[u8])>, labels: Option<(&str, &[u8])>, what: &str| {
        let Some((images_name, images)) = images else {
            return match labels {
                Some((name, _)) => Err(refusal!(
                    Data,
                    "idx-labels-alone",
                    "{name}: labels without the {split} images file they label",
                    name = name,
                    split = what,
                )),
                None => Ok(None),
            };
        };
        let named = match labels {
            Some((labels_name, _)) => format!("{images_name} + {labels_name}"),
            None => images_name.to_string(),
        };
        let (pixels, labels) =
            read_idx(images, labels.map(|(_, bytes)| bytes)).map_err(|e| e.within(&named))?;
        let inputs = Inputs { pixels, labels };
        inputs.check().map_err(|e| e.within(images_name))?;
        Ok(Some(inputs))
    };
    let train = split(slots[0], slots[1], "training")?.ok_or_else(|| {
        refusal!(
            Data,
            "idx-no-training-images",
            "IDX files: no training images file (train-images-idx3-ubyte…)"
        )
    })?;
    let test = split(slots[2], slots[3], "test")?;
    if let Some(test) = &test
        && test.labels.is_some() != train.labels.is_some()
    {
        return Err(refusal!(
            Data,
            "idx-labels-one-split",
            "IDX files: bring labels for both splits or for neither"
        ));
    }
    Ok(IdxSplits { train, test })
}
