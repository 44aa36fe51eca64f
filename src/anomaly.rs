//! "Is this a digit?": where an image's ELBO lies among the test digits' (its percentile), and
//! how well −ELBO tells two sets of images apart (the AUROC). Plain numbers in, plain numbers
//! out: the ELBOs come from [`crate::eval::image_elbos`].

use crate::error::{Result, refusal};

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
