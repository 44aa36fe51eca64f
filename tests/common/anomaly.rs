//! "Is this a digit?": the percentile of an ELBO among the test digits', the AUROC of −ELBO.

use vae_wasm::anomaly::{auroc, percentile_rank};

/// Percentile ranks count what lies below, ties half.
pub fn percentile_ranks_count_ties_half() {
    let sorted = [1.0, 2.0, 2.0, 3.0];
    assert_eq!(percentile_rank(&sorted, 0.5), 0.0);
    assert_eq!(percentile_rank(&sorted, 2.0), 50.0);
    assert_eq!(percentile_rank(&sorted, 2.5), 75.0);
    assert_eq!(percentile_rank(&sorted, 3.0), 87.5);
    assert_eq!(percentile_rank(&sorted, 9.0), 100.0);
    assert!(percentile_rank(&[], 1.0).is_nan());
}

/// The AUROC of −ELBO: 1 for outliers all below the inliers, 0 for all above, ½ for the same
/// set, ties half, the Mann–Whitney count on a small case by hand; an empty set refused by name.
pub fn the_auroc_separates_known_sets() {
    let digits = [-90.0, -80.0, -100.0, -85.0];
    let letters = [-200.0, -150.0, -300.0];
    assert_eq!(auroc(&digits, &letters).unwrap(), 1.0);
    assert_eq!(auroc(&letters, &digits).unwrap(), 0.0);
    assert_eq!(auroc(&digits, &digits).unwrap(), 0.5);
    assert_eq!(auroc(&[1.0, 1.0], &[1.0]).unwrap(), 0.5);
    // Outliers −2 (below both inliers: 2), 0 (below 1, tied with 0: 1.5), 5 (below none: 0):
    // 3.5 of 3 × 2 pairs.
    assert_eq!(auroc(&[0.0, 1.0], &[-2.0, 0.0, 5.0]).unwrap(), 3.5 / 6.0);
    for (inliers, outliers, which) in [
        (&[][..], &[1.0][..], "inlier"),
        (&[1.0][..], &[][..], "outlier"),
    ] {
        let error = auroc(inliers, outliers).unwrap_err();
        assert_eq!(error.reason().key, "auroc-empty-set");
        assert!(
            error
                .to_string()
                .contains(&format!("the {which} set is empty")),
            "{error}"
        );
    }
}
