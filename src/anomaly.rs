//! "Is this a digit?": where an image's ELBO lies among the test digits' (its percentile), and
//! how well −ELBO tells two sets of images apart (the AUROC). Plain numbers in, plain numbers
//! out: the ELBOs come from [`crate::eval::image_elbos`].
//!
//! The raw ELBO is not the only score: [`Score`] names the others `vae score --score` offers,
//! each a number per image where higher means more digit-like, so that the percentile and the
//! AUROC read every one the same way. The tighter bounds (refined q(z|x), importance-weighted)
//! take the encoder's noise out of the score; the complexity correction (Serrà et al., ICLR
//! 2020) adds back how many nats a lossless compressor needs for the image, so that an
//! image the model finds likely only because it is simple (a blank page, a dot: Nalisnick et
//! al., ICLR 2019) no longer outscores the digits.

use std::fmt;
use std::str::FromStr;

use burn::tensor::Device;

use crate::data::{IMAGE_SIDE, Mnist};
use crate::error::{Result, VaeError, refusal};
use crate::eval::{image_elbos, image_log_likelihoods, image_refined_elbos};
use crate::input;
use crate::model::Vae;

/// Adam steps of q(z|x) for [`Score::Refined`]: the page's drawing panel refines by as many.
pub const REFINE_STEPS: usize = 50;
/// Draws from q(z|x) per image for [`Score::ImportanceWeighted`].
pub const IW_SAMPLES: usize = 64;

/// A number per image that says how digit-like it is (higher: more), in nats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Score {
    /// The ELBO with the encoder's q(z|x), one fixed ε per image ([`image_elbos`]).
    Elbo,
    /// The ELBO with q(z|x) refined by [`REFINE_STEPS`] Adam steps, on the same ε.
    Refined,
    /// The importance-weighted bound on log p(x), [`IW_SAMPLES`] draws from the encoder's
    /// q(z|x) (Burda et al.).
    ImportanceWeighted,
    /// The ELBO plus the image's complexity in nats ([`complexity_bits`] × ln 2): Serrà et
    /// al.'s S(x) = −log p(x) − L(x), negated so that higher is more digit-like.
    Complexity,
    /// The importance-weighted bound plus the complexity.
    ImportanceWeightedComplexity,
}

impl Score {
    pub const ALL: [Score; 5] = [
        Score::Elbo,
        Score::Refined,
        Score::ImportanceWeighted,
        Score::Complexity,
        Score::ImportanceWeightedComplexity,
    ];

    /// The name `vae score --score` takes.
    pub fn name(self) -> &'static str {
        match self {
            Score::Elbo => "elbo",
            Score::Refined => "refined",
            Score::ImportanceWeighted => "iw",
            Score::Complexity => "complexity",
            Score::ImportanceWeightedComplexity => "iw-complexity",
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Score {
    type Err = VaeError;

    fn from_str(name: &str) -> Result<Self> {
        Score::ALL
            .into_iter()
            .find(|score| score.name() == name)
            .ok_or_else(|| {
                refusal!(
                    Input,
                    "unknown-score",
                    "score: expected one of {scores}, got {got}",
                    scores = Score::ALL.map(Score::name).join(", "),
                    got = format!("{name:?}"),
                )
            })
    }
}

/// Each image's `score` (higher: more digit-like), in the images' order, the same on every
/// call. A conditional model is told each image's label; an autoencoder has no ELBO, and an
/// empty set none to give: both refused.
pub async fn image_scores(
    model: &Vae,
    data: &Mnist,
    score: Score,
    device: &Device,
) -> Result<Vec<f64>> {
    let values = match score {
        Score::Elbo | Score::Complexity => image_elbos(model, data, device).await?,
        Score::Refined => image_refined_elbos(model, data, REFINE_STEPS, device).await?,
        Score::ImportanceWeighted | Score::ImportanceWeightedComplexity => {
            image_log_likelihoods(model, data, IW_SAMPLES, device).await?
        }
    };
    if !matches!(
        score,
        Score::Complexity | Score::ImportanceWeightedComplexity
    ) {
        return Ok(values);
    }
    Ok(values
        .into_iter()
        .zip(complexities(data))
        .map(|(value, complexity)| value + complexity)
        .collect())
}

/// Each image's [`complexity_nats`], in the images' order.
pub fn complexities(data: &Mnist) -> Vec<f64> {
    (0..data.len())
        .map(|index| complexity_nats(&data.image(index).unwrap_or_default()))
        .collect()
}

/// An image's complexity in nats ([`complexity_bits`] × ln 2), the amount [`Score::Complexity`]
/// adds to the ELBO.
pub fn complexity_nats(image: &[f32]) -> f64 {
    std::f64::consts::LN_2 * complexity_bits(image)
}

/// [`complexity_nats`] of one image from outside: 784 pixels within [0, 1], refused by name
/// otherwise.
pub fn image_complexity(image: &[f32]) -> Result<f64> {
    input::image(image, "image")?;
    Ok(complexity_nats(image))
}

/// How many bits a lossless compressor for binary images needs for an image (784 values, ink
/// above ½): each pixel, in reading order, coded with the probability that its context — its
/// left, upper and upper-left neighbours (paper beyond the edge) — has shown for ink so far in
/// this image, (count + ½) / (seen + 1) (Krichevsky–Trofimov), as JBIG's adaptive context coder
/// does with an arithmetic coder. The sum of −log₂ of those probabilities is the code length to
/// within 2 bits. A blank image costs a few bits, a digit ~190, coin-flip noise more than a bit
/// a pixel. Serrà et al. measured complexity with PNG, JPEG 2000 and FLIF (itself a
/// context-adaptive coder); deflate (PNG's) separated letters worse here (docs/measurements.md).
pub fn complexity_bits(image: &[f32]) -> f64 {
    let ink = |row: usize, column: usize| usize::from(image[row * IMAGE_SIDE + column] > 0.5);
    let mut counts = [[0u32; 2]; 8];
    let mut bits = 0.0;
    for (index, &pixel) in image.iter().enumerate() {
        let (row, column) = (index / IMAGE_SIDE, index % IMAGE_SIDE);
        let left = if column > 0 { ink(row, column - 1) } else { 0 };
        let up = if row > 0 { ink(row - 1, column) } else { 0 };
        let up_left = if row > 0 && column > 0 {
            ink(row - 1, column - 1)
        } else {
            0
        };
        let seen = &mut counts[left << 2 | up << 1 | up_left];
        let value = usize::from(pixel > 0.5);
        let probability = (f64::from(seen[value]) + 0.5) / (f64::from(seen[0] + seen[1]) + 1.0);
        bits -= probability.log2();
        seen[value] += 1;
    }
    bits
}

/// The share (in per cent) of `sorted` (ascending) that lies below `value`, ties counted half:
/// 0.3 means the image is less digit-like than 99.7 % of the test digits. Half for ties, so that
/// an image scored against a set holding only its own ELBO lies at 50, not at 0 or 100.
pub fn percentile_rank(sorted: &[f64], value: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let (below, equal) = below_and_equal(sorted, value);
    100.0 * (below as f64 + 0.5 * equal as f64) / sorted.len() as f64
}

/// How many of `sorted` (ascending) lie below `value`, and how many equal it.
fn below_and_equal(sorted: &[f64], value: f64) -> (usize, usize) {
    let below = sorted.partition_point(|&v| v < value);
    let equal = sorted[below..].partition_point(|&v| v <= value);
    (below, equal)
}

/// The area under the ROC curve of −ELBO as a score that flags `outliers` against `inliers`
/// (their ELBOs): the chance that a random outlier has a lower ELBO than a random inlier, ties
/// counted half (the Mann–Whitney statistic). 1 separates them perfectly, 0.5 is chance, below
/// 0.5 the model finds the outliers *more* likely than the inliers (Nalisnick et al., 2019).
/// Either set empty is refused, naming it.
pub fn auroc(inliers: &[f64], outliers: &[f64]) -> Result<f64> {
    for (which, set) in [("inlier", inliers), ("outlier", outliers)] {
        if set.is_empty() {
            return Err(refusal!(
                Input,
                "auroc-empty-set",
                "AUROC: the {which} set is empty; two sets of at least one image each are needed",
                which = which,
            ));
        }
    }
    let mut sorted = inliers.to_vec();
    sorted.sort_by(f64::total_cmp);
    // For each outlier, the inliers above it (ties half): O((n + m) log n).
    // Counted in halves, so that the sum is exact whatever the sizes.
    let halves: u64 = outliers
        .iter()
        .map(|&elbo| {
            let (below, equal) = below_and_equal(&sorted, elbo);
            2 * (sorted.len() - below - equal) as u64 + equal as u64
        })
        .sum();
    Ok(halves as f64 / (2.0 * inliers.len() as f64 * outliers.len() as f64))
}
