//! Which pixels of an image are observed: a mask of 784 values, 1 where a pixel is observed and
//! 0 where it is missing, as completion (inpainting) takes it; the check of a mask from outside;
//! and the presets the page and the CLI offer, defined once here so that both erase the same
//! pixels.

use std::fmt;
use std::str::FromStr;

use crate::data::{IMAGE_PIXELS, IMAGE_SIDE, shuffled};
use crate::error::{Result, VaeError, refusal};
use crate::input::JsNumber;

/// A mask from outside: exactly [`IMAGE_PIXELS`] values, each 0 (missing) or 1 (observed), at
/// least one of them observed. Returns how many pixels are observed.
///
/// Nothing observed is refused rather than completed: the masked reconstruction term is then 0,
/// the objective is the KL alone, and the "completion" would be the decoder at the prior's
/// mean, the same for every image.
pub fn check(mask: &[f32], name: &str) -> Result<usize> {
    if mask.len() != IMAGE_PIXELS {
        return Err(refusal!(
            Input,
            "mask-length",
            "{name}: expected {pixels} values (one per pixel of the 28×28 image), got {got}",
            name = name,
            pixels = IMAGE_PIXELS,
            got = mask.len(),
        ));
    }
    // NaN is neither 0 nor 1, so it is refused here with its index, as any other value is.
    if let Some((index, &value)) = mask
        .iter()
        .enumerate()
        .find(|&(_, &v)| v != 0.0 && v != 1.0)
    {
        return Err(refusal!(
            Input,
            "mask-not-binary",
            "{name}: expected 1 (observed) or 0 (missing) at each pixel, got {got} at index {index}",
            name = name,
            got = JsNumber(f64::from(value)),
            index = index,
        ));
    }
    let observed = mask.iter().filter(|&&v| v == 1.0).count();
    if observed == 0 {
        return Err(refusal!(
            Input,
            "mask-empty",
            "{name}: no pixel is observed (all {pixels} are 0): the completion would then be a \
             sample from the prior p(z), not a completion of this image",
            name = name,
            pixels = IMAGE_PIXELS,
        ));
    }
    Ok(observed)
}

/// The ways the page and the CLI erase part of an image: a half, the centre square, a share of
/// the pixels at random, or a lower resolution (one pixel observed per block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The top 14 rows missing.
    TopHalf,
    BottomHalf,
    /// The left 14 columns missing.
    LeftHalf,
    RightHalf,
    /// The central 14×14 square missing (rows and columns 7–20).
    CentreSquare,
    /// This many per cent of the pixels missing, chosen with a seed.
    Random(RandomShare),
    /// One pixel observed per block of `28 / side` × `28 / side`: the image at `side` × `side`
    /// (7 or 14), the rest to fill in (super-resolution as completion).
    Resolution(Resolution),
}

/// The shares of missing pixels the random presets offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RandomShare {
    Half,
    ThreeQuarters,
    NineTenths,
}

/// The lower resolutions the presets offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Seven,
    Fourteen,
}

impl RandomShare {
    pub fn percent(self) -> usize {
        match self {
            RandomShare::Half => 50,
            RandomShare::ThreeQuarters => 75,
            RandomShare::NineTenths => 90,
        }
    }
}

impl Resolution {
    pub fn side(self) -> usize {
        match self {
            Resolution::Seven => 7,
            Resolution::Fourteen => 14,
        }
    }
}

impl Preset {
    /// Every preset, in the order the page lists them.
    pub const ALL: [Preset; 10] = [
        Preset::TopHalf,
        Preset::BottomHalf,
        Preset::LeftHalf,
        Preset::RightHalf,
        Preset::CentreSquare,
        Preset::Random(RandomShare::Half),
        Preset::Random(RandomShare::ThreeQuarters),
        Preset::Random(RandomShare::NineTenths),
        Preset::Resolution(Resolution::Seven),
        Preset::Resolution(Resolution::Fourteen),
    ];

    /// The name the page, the CLI and the share link use.
    pub fn name(self) -> &'static str {
        match self {
            Preset::TopHalf => "top-half",
            Preset::BottomHalf => "bottom-half",
            Preset::LeftHalf => "left-half",
            Preset::RightHalf => "right-half",
            Preset::CentreSquare => "centre-square",
            Preset::Random(RandomShare::Half) => "random-50",
            Preset::Random(RandomShare::ThreeQuarters) => "random-75",
            Preset::Random(RandomShare::NineTenths) => "random-90",
            Preset::Resolution(Resolution::Seven) => "7x7",
            Preset::Resolution(Resolution::Fourteen) => "14x14",
        }
    }

    /// The mask: 784 values, 1 observed and 0 missing. `seed` chooses the random presets'
    /// pixels (the others ignore it), so the same seed erases the same pixels everywhere.
    pub fn mask(self, seed: u64) -> Vec<f32> {
        let half = IMAGE_SIDE / 2;
        let quarter = IMAGE_SIDE / 4;
        let observed_at = |row: usize, column: usize| match self {
            Preset::TopHalf => row >= half,
            Preset::BottomHalf => row < half,
            Preset::LeftHalf => column >= half,
            Preset::RightHalf => column < half,
            Preset::CentreSquare => {
                let centre = quarter..quarter + half;
                !(centre.contains(&row) && centre.contains(&column))
            }
            // The block's pixel nearest its centre (the lower-right of the middle four).
            Preset::Resolution(resolution) => {
                let block = IMAGE_SIDE / resolution.side();
                row % block == block / 2 && column % block == block / 2
            }
            // Filled in below: which pixels is not a function of the position alone.
            Preset::Random(_) => true,
        };
        let mut mask: Vec<f32> = (0..IMAGE_PIXELS)
            .map(|i| f32::from(u8::from(observed_at(i / IMAGE_SIDE, i % IMAGE_SIDE))))
            .collect();
        if let Preset::Random(share) = self {
            // Exactly this share, rounded to the nearest pixel, not each pixel with this
            // probability: every draw erases as much as the preset's name says.
            let missing = (IMAGE_PIXELS * share.percent() + 50) / 100;
            for index in shuffled(IMAGE_PIXELS, seed, 0).into_iter().take(missing) {
                mask[index] = 0.0;
            }
        }
        mask
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = VaeError;

    fn from_str(name: &str) -> Result<Self> {
        Preset::ALL
            .into_iter()
            .find(|preset| preset.name() == name)
            .ok_or_else(|| {
                refusal!(
                    Input,
                    "unknown-mask-preset",
                    "mask: expected one of {presets}, got {got}",
                    presets = Preset::ALL.map(Preset::name).join(", "),
                    got = format!("{name:?}"),
                )
            })
    }
}
