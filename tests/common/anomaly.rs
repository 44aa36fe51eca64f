//! "Is this a digit?": the percentile of an ELBO among the test digits', the AUROC of −ELBO,
//! the other scores and the complexity they may add.

use burn::tensor::Device;
use vae_wasm::anomaly::{Score, auroc, complexity_bits, image_scores, percentile_rank};
use vae_wasm::data::{IMAGE_PIXELS, Levels, Mnist};
use vae_wasm::eval::image_elbos;
use vae_wasm::model::Vae;
use vae_wasm::weights;

use super::{SHIPPED_MODEL, mnist_test};

/// Pixels each ink with probability ½ from a fixed linear congruential stream, 0 or 255.
fn coin_pixels(count: usize) -> Vec<u8> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            if state >> 63 == 1 { 255 } else { 0 }
        })
        .collect()
}

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

/// Complexity is the adaptive context coder's code length of the binarised image: for a blank
/// image exactly Σ −log₂((n + ½) / (n + 1)) over its 784 pixels (one context, paper every
/// time), the same for a faint image (below ½); and it grows with what there is to say:
/// blank < a bar < coin-flip noise (more than 0.9 bit a pixel).
pub fn complexity_counts_what_there_is_to_say() {
    let blank = vec![0.0f32; IMAGE_PIXELS];
    let bits = complexity_bits(&blank);
    let expected: f64 = (0..IMAGE_PIXELS)
        .map(|n| -((n as f64 + 0.5) / (n as f64 + 1.0)).log2())
        .sum();
    assert!((bits - expected).abs() < 1e-9, "{bits} {expected}");
    assert!(bits > 0.0 && bits < 10.0, "{bits}");
    assert_eq!(complexity_bits(&[0.4f32; IMAGE_PIXELS]), bits);
    let mut bar = blank.clone();
    for row in 4..24 {
        bar[row * 28 + 13] = 1.0;
        bar[row * 28 + 14] = 1.0;
    }
    let noise: Vec<f32> = coin_pixels(IMAGE_PIXELS)
        .into_iter()
        .map(|p| f32::from(p) / 255.0)
        .collect();
    let (bar_bits, noise_bits) = (complexity_bits(&bar), complexity_bits(&noise));
    assert!(bits < bar_bits && bar_bits < 100.0, "{bits} {bar_bits}");
    assert!(noise_bits > 0.9 * IMAGE_PIXELS as f64, "{noise_bits}");
    assert_eq!(complexity_bits(&noise), noise_bits);
}

/// Every score's name reads back as the score; another name is refused, naming the choices.
pub fn score_names_read_back() {
    for score in Score::ALL {
        assert_eq!(score.name().parse::<Score>().unwrap(), score);
        assert_eq!(score.to_string(), score.name());
    }
    let error = "likelihood".parse::<Score>().unwrap_err();
    assert_eq!(error.reason().key, "unknown-score");
    let text = error.to_string();
    assert!(
        text.contains("expected one of elbo, refined, iw, complexity, iw-complexity")
            && text.contains("\"likelihood\""),
        "{text}"
    );
}

/// The scores on 20 test digits and 20 images of coin-flip noise with the shipped latent-2
/// model: `elbo` is `image_elbos`; the refined and the importance-weighted bounds are tighter
/// on average (higher); `complexity` is the ELBO plus ln 2 × the complexity bits, exactly;
/// every score ranks every digit above every noise image; the first images' scores do not
/// depend on the images after them.
pub async fn the_scores_tell_digits_from_noise(device: &Device) {
    let (model, _) = weights::load(SHIPPED_MODEL, device).await.unwrap();
    let digits = mnist_test().take(20);
    let noise = Mnist::from_pixels(coin_pixels(20 * IMAGE_PIXELS), None, Levels::Binary).unwrap();
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len() as f64;
    let elbos = scores(&model, &digits, Score::Elbo, device).await;
    assert_eq!(elbos, image_elbos(&model, &digits, device).await.unwrap());
    let refined = scores(&model, &digits, Score::Refined, device).await;
    let iw = scores(&model, &digits, Score::ImportanceWeighted, device).await;
    assert!(mean(&refined) > mean(&elbos) + 1.0, "{refined:?} {elbos:?}");
    assert!(mean(&iw) > mean(&elbos) + 1.0, "{iw:?} {elbos:?}");
    let complexity = scores(&model, &digits, Score::Complexity, device).await;
    let iw_complexity = scores(&model, &digits, Score::ImportanceWeightedComplexity, device).await;
    for index in 0..digits.len() {
        let bits = complexity_bits(&digits.image(index).unwrap());
        assert_eq!(
            complexity[index],
            elbos[index] + std::f64::consts::LN_2 * bits
        );
        assert_eq!(
            iw_complexity[index],
            iw[index] + std::f64::consts::LN_2 * bits
        );
    }
    for score in Score::ALL {
        let inliers = scores(&model, &digits, score, device).await;
        let outliers = scores(&model, &noise, score, device).await;
        assert!(
            inliers.iter().chain(&outliers).all(|v| v.is_finite()),
            "{score}"
        );
        assert_eq!(auroc(&inliers, &outliers).unwrap(), 1.0, "{score}");
    }
    let first = scores(&model, &digits.take(5), Score::ImportanceWeighted, device).await;
    for (a, b) in first.iter().zip(&iw) {
        assert!((a - b).abs() < 1e-3, "{first:?} {iw:?}");
    }
}

async fn scores(model: &Vae, set: &Mnist, score: Score, device: &Device) -> Vec<f64> {
    image_scores(model, set, score, device).await.unwrap()
}
