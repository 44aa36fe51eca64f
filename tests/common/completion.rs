//! Completion (inpainting) and its masks: the masked objective, its gradient, the completion's
//! independence from the missing pixels, the refusals, the presets.

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};
use vae_wasm::backend::{autodiff_device, read_floats};
use vae_wasm::completion::{
    PREDICTIVE_SAMPLES, missing_cross_entropies, missing_cross_entropy, observed_objective,
    observed_posterior, restarted_posteriors,
};
use vae_wasm::data::IMAGE_PIXELS;
use vae_wasm::inference::refine_posterior;
use vae_wasm::loss::{LossParts, bce_with_logits_per_pixel, kl_to_standard_normal};
use vae_wasm::mask::{self, Preset};
use vae_wasm::model::Posterior;
use vae_wasm::weights;

use super::{SHIPPED_MODEL, mnist_test, session_with_model};

fn rows(values: Vec<f32>, count: usize, device: &Device) -> Tensor<2> {
    Tensor::from_data(TensorData::new(values, [count, IMAGE_PIXELS]), device)
}

/// `image` with every missing pixel (where `observed` is 0) turned over: ink to paper and paper
/// to ink, the most a missing pixel can change.
fn turned_over_where_missing(image: &[f32], observed: &[f32]) -> Vec<f32> {
    image
        .iter()
        .zip(observed)
        .map(|(&x, &seen)| if seen == 0.0 { 1.0 - x } else { x })
        .collect()
}

/// With every pixel observed, completion's posterior is plain refinement's and its objective
/// the plain negative ELBO: the same numbers, not merely close ones.
pub async fn an_all_ones_mask_is_plain_refinement(device: &Device) {
    let (model, _) = weights::load(SHIPPED_MODEL, device).await.unwrap();
    let data = mnist_test();
    let images = data.batch(&[0, 1, 2], device);
    let ones = Tensor::<2>::ones([3, IMAGE_PIXELS], device);
    let plain = refine_posterior(&model, images.clone(), None, 20).unwrap();
    let masked = observed_posterior(&model, images.clone(), None, ones.clone(), 20).unwrap();
    assert_eq!(
        read_floats(masked.mean.clone()).await.unwrap(),
        read_floats(plain.mean.clone()).await.unwrap(),
        "means"
    );
    assert_eq!(
        read_floats(masked.log_var).await.unwrap(),
        read_floats(plain.log_var.clone()).await.unwrap(),
        "log-variances"
    );
    let noise = plain.standard_noise();
    let objective = observed_objective(&model, images.clone(), None, &plain, noise.clone(), ones);
    let elbo = LossParts::sampled(&model, images, None, &plain, noise).total();
    assert_eq!(
        read_floats(objective).await.unwrap(),
        read_floats(elbo).await.unwrap(),
        "objectives"
    );
}

/// The masked objective is the observed pixels' cross-entropy plus the KL, with the missing
/// pixels' cross-entropy left out (not counted as blank, nor as anything else).
pub async fn the_objective_counts_observed_pixels_only(device: &Device) {
    let (model, _) = weights::load(SHIPPED_MODEL, device).await.unwrap();
    let image = mnist_test().image(0).unwrap();
    let observed = Preset::TopHalf.mask(0);
    let images = rows(image, 1, device);
    let posterior = model
        .encode(images.clone(), None)
        .into_posterior("the test")
        .unwrap();
    let noise = posterior.standard_noise();
    let logits = model.decode_logits(posterior.reparameterise_with(noise.clone()), None);
    let per_pixel = read_floats(bce_with_logits_per_pixel(logits, images.clone()))
        .await
        .unwrap();
    let kl = read_floats(kl_to_standard_normal(&posterior))
        .await
        .unwrap()[0];
    let expected: f32 = per_pixel
        .iter()
        .zip(&observed)
        .filter(|(_, seen)| **seen == 1.0)
        .map(|(bce, _)| bce)
        .sum::<f32>()
        + kl;
    let got = read_floats(observed_objective(
        &model,
        images,
        None,
        &posterior,
        noise,
        rows(observed, 1, device),
    ))
    .await
    .unwrap()[0];
    assert!(
        (got - expected).abs() <= 1e-4 * expected.abs(),
        "masked objective {got}, observed pixels' cross-entropy + KL {expected}"
    );
}

/// Whatever a missing pixel holds, the objective, the refined posterior and everything the
/// session's completion returns are the same; and the mask matters (completing half an image
/// is not refining the whole).
pub async fn missing_pixels_never_change_the_completion() {
    let session = session_with_model().await;
    let data = mnist_test();
    for (index, preset) in [
        (0, Preset::BottomHalf),
        (7, Preset::Random(mask::RandomShare::ThreeQuarters)),
    ] {
        let image = data.image(index).unwrap();
        let observed = preset.mask(3);
        let altered = turned_over_where_missing(&image, &observed);
        assert_ne!(altered, image, "{preset}: nothing was turned over");
        let completed = session
            .complete(&image, &observed, 30, 4, None)
            .await
            .unwrap();
        let again = session
            .complete(&altered, &observed, 30, 4, None)
            .await
            .unwrap();
        assert_eq!(
            completed, again,
            "{preset}: a missing pixel changed the completion"
        );
        let whole = session
            .complete(&image, &[1.0; IMAGE_PIXELS], 30, 4, None)
            .await
            .unwrap();
        assert_ne!(
            completed.mean, whole.mean,
            "{preset}: the mask changed nothing"
        );
        assert_eq!(completed.samples.len(), 4 * IMAGE_PIXELS);
        assert!(completed.spread.iter().all(|s| (0.0..=0.5).contains(s)));
        assert!(
            completed.spread.iter().any(|&s| s > 0.0),
            "the samples all agree"
        );
    }

    let device = Device::flex();
    let (model, _) = weights::load(SHIPPED_MODEL, &device).await.unwrap();
    let image = data.image(0).unwrap();
    let observed = Preset::TopHalf.mask(0);
    let altered = turned_over_where_missing(&image, &observed);
    let posterior = model
        .encode(rows(image.clone(), 1, &device), None)
        .into_posterior("the test")
        .unwrap();
    let noise = posterior.standard_noise();
    let objective = |pixels: Vec<f32>| {
        observed_objective(
            &model,
            rows(pixels, 1, &device),
            None,
            &posterior,
            noise.clone(),
            rows(observed.clone(), 1, &device),
        )
    };
    assert_eq!(
        read_floats(objective(image)).await.unwrap(),
        read_floats(objective(altered)).await.unwrap(),
        "a missing pixel changed the objective"
    );
}

/// The masked objective's gradient with respect to the image is zero at every missing pixel and
/// not at the observed ones; its gradient with respect to q(z|x) is the same whatever the
/// missing pixels hold.
pub async fn the_gradient_flows_from_observed_pixels_only(device: &Device) {
    let grad_device = autodiff_device(device);
    let (model, _) = weights::load(SHIPPED_MODEL, device).await.unwrap();
    let model = model.to_device(&grad_device).no_grad();
    let data = mnist_test();
    let image = data.image(1).unwrap();
    let observed = Preset::CentreSquare.mask(0);
    let start = model
        .encode(rows(image.clone(), 1, &grad_device), None)
        .into_posterior("the test")
        .unwrap();
    let noise = start.standard_noise();
    let gradients = |pixels: Vec<f32>| {
        let images = rows(pixels, 1, &grad_device).require_grad();
        let mean = start.mean.clone().detach().require_grad();
        let log_var = start.log_var.clone().detach().require_grad();
        let posterior = Posterior {
            mean: mean.clone(),
            log_var: log_var.clone(),
        };
        let objective = observed_objective(
            &model,
            images.clone(),
            None,
            &posterior,
            noise.clone(),
            rows(observed.clone(), 1, &grad_device),
        );
        let grads = objective.sum().backward();
        let of = |leaf: &Tensor<2>| leaf.grad(&grads).expect("the leaf is an input");
        (of(&images), Tensor::cat(vec![of(&mean), of(&log_var)], 1))
    };
    let (of_image, of_posterior) = gradients(image.clone());
    let of_image = read_floats(of_image).await.unwrap();
    for (pixel, (&gradient, &seen)) in of_image.iter().zip(&observed).enumerate() {
        if seen == 0.0 {
            assert_eq!(gradient, 0.0, "missing pixel {pixel} has a gradient");
        }
    }
    assert!(
        of_image
            .iter()
            .zip(&observed)
            .any(|(&g, &seen)| seen == 1.0 && g != 0.0),
        "no observed pixel has a gradient"
    );
    let (_, altered) = gradients(turned_over_where_missing(&image, &observed));
    assert_eq!(
        read_floats(of_posterior).await.unwrap(),
        read_floats(altered).await.unwrap(),
        "a missing pixel changed the gradient of q(z|x)"
    );
}

/// Bad masks and counts are refused by name, nothing panics, and the model is as it was.
pub async fn the_session_refuses_bad_masks() {
    let mut session = session_with_model().await;
    let before = session.save_weights().await.unwrap();
    let image = mnist_test().image(0).unwrap();
    let half = Preset::TopHalf.mask(0);
    let mut not_binary = half.clone();
    not_binary[300] = 0.5;
    let mut with_nan = half.clone();
    with_nan[12] = f32::NAN;
    let cases: [(&[f32], usize, usize, &str, &str); 7] = [
        (
            &half[..100],
            10,
            4,
            "mask-length",
            "mask: expected 784 values (one per pixel of the 28×28 image), got 100",
        ),
        (
            &not_binary,
            10,
            4,
            "mask-not-binary",
            "mask: expected 1 (observed) or 0 (missing) at each pixel, got 0.5 at index 300",
        ),
        (&with_nan, 10, 4, "mask-not-binary", "got NaN at index 12"),
        (
            &[0.0; IMAGE_PIXELS],
            10,
            4,
            "mask-empty",
            "the completion would then be a sample from the prior",
        ),
        (
            &half,
            501,
            4,
            "whole-number",
            "steps: expected a whole number from 0 to 500, got 501",
        ),
        (
            &half,
            10,
            0,
            "whole-number",
            "samples: expected a whole number from 1 to 64, got 0",
        ),
        (
            &half,
            10,
            65,
            "whole-number",
            "samples: expected a whole number from 1 to 64, got 65",
        ),
    ];
    for (observed, steps, samples, key, expected) in cases {
        let error = session
            .complete(&image, observed, steps, samples, None)
            .await
            .expect_err("a bad call must fail");
        assert_eq!(error.reason().key, key, "{error}");
        assert!(
            error.to_string().contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    let label = session
        .complete(&image, &half, 10, 4, Some(3))
        .await
        .unwrap_err();
    assert_eq!(label.reason().key, "label-refused");
    assert_eq!(
        session.save_weights().await.unwrap(),
        before,
        "a refused call changed the model"
    );
    assert!(session.complete(&image, &half, 10, 4, None).await.is_ok());

    // An autoencoder has no q(z|x) to complete from: refused, naming the mask.
    session
        .load_weights(include_bytes!("../../www/models/ae-latent2.vaew"))
        .await
        .unwrap();
    let error = session
        .complete(&image, &half, 10, 4, None)
        .await
        .unwrap_err();
    assert_eq!(error.reason().key, "needs-posterior");
    assert!(
        error.to_string().starts_with("invalid input: mask:"),
        "{error}"
    );
}

/// A conditional model completes the same half digit as the digit it is told: the label
/// changes the completion, and a missing label is refused.
pub async fn a_conditional_model_completes_as_the_chosen_digit() {
    let mut session = session_with_model().await;
    session
        .load_weights(include_bytes!("../../www/models/cvae-latent2.vaew"))
        .await
        .unwrap();
    let image = mnist_test().image(0).unwrap();
    let observed = Preset::BottomHalf.mask(0);
    let as_seven = session
        .complete(&image, &observed, 20, 2, Some(7))
        .await
        .unwrap();
    let as_one = session
        .complete(&image, &observed, 20, 2, Some(1))
        .await
        .unwrap();
    assert_ne!(as_seven.completion, as_one.completion);
    let error = session
        .complete(&image, &observed, 20, 2, None)
        .await
        .unwrap_err();
    assert_eq!(error.reason().key, "label-needed");
}

/// Each preset erases what its name says: the halves and the centre square by position, the
/// random ones their share exactly (the seed choosing which), the resolutions one pixel per block.
pub fn the_presets_have_their_shapes() {
    let missing = |mask: &[f32]| mask.iter().filter(|&&v| v == 0.0).count();
    let at = |mask: &[f32], row: usize, column: usize| mask[row * 28 + column];
    for preset in Preset::ALL {
        let mask = preset.mask(1);
        assert_eq!(mask.len(), IMAGE_PIXELS, "{preset}");
        assert!(mask::check(&mask, "mask").is_ok(), "{preset}");
        assert_eq!(preset.name().parse::<Preset>().unwrap(), preset);
    }
    let top = Preset::TopHalf.mask(0);
    assert_eq!(missing(&top), 392);
    assert!((0..28).all(|c| at(&top, 13, c) == 0.0 && at(&top, 14, c) == 1.0));
    let bottom = Preset::BottomHalf.mask(0);
    assert!((0..28).all(|c| at(&bottom, 13, c) == 1.0 && at(&bottom, 14, c) == 0.0));
    let left = Preset::LeftHalf.mask(0);
    assert_eq!(missing(&left), 392);
    assert!((0..28).all(|r| at(&left, r, 13) == 0.0 && at(&left, r, 14) == 1.0));
    let right = Preset::RightHalf.mask(0);
    assert!((0..28).all(|r| at(&right, r, 13) == 1.0 && at(&right, r, 14) == 0.0));
    let centre = Preset::CentreSquare.mask(0);
    assert_eq!(missing(&centre), 196);
    assert_eq!((at(&centre, 7, 7), at(&centre, 20, 20)), (0.0, 0.0));
    assert_eq!((at(&centre, 6, 7), at(&centre, 21, 20)), (1.0, 1.0));
    for (share, count) in [
        (mask::RandomShare::Half, 392),
        (mask::RandomShare::ThreeQuarters, 588),
        (mask::RandomShare::NineTenths, 706),
    ] {
        let preset = Preset::Random(share);
        assert_eq!(missing(&preset.mask(5)), count, "{preset}");
        assert_eq!(preset.mask(5), preset.mask(5), "{preset}: not repeatable");
        assert_ne!(
            preset.mask(5),
            preset.mask(6),
            "{preset}: the seed changes nothing"
        );
    }
    let seven = Preset::Resolution(mask::Resolution::Seven).mask(0);
    assert_eq!(IMAGE_PIXELS - missing(&seven), 49);
    assert_eq!(
        (at(&seven, 2, 2), at(&seven, 2, 6), at(&seven, 26, 26)),
        (1.0, 1.0, 1.0)
    );
    assert_eq!((at(&seven, 0, 0), at(&seven, 3, 3)), (0.0, 0.0));
    let fourteen = Preset::Resolution(mask::Resolution::Fourteen).mask(0);
    assert_eq!(IMAGE_PIXELS - missing(&fourteen), 196);
    assert_eq!(
        (
            at(&fourteen, 1, 1),
            at(&fourteen, 27, 27),
            at(&fourteen, 0, 1)
        ),
        (1.0, 1.0, 0.0)
    );
    let error = "3x3".parse::<Preset>().unwrap_err();
    assert_eq!(error.reason().key, "unknown-mask-preset");
    assert!(error.to_string().contains("got \"3x3\""), "{error}");
}

/// The missing pixels' cross-entropy counts the missing pixels alone, with the textbook formula.
pub fn the_missing_cross_entropy_counts_missing_pixels_only() {
    let image = [1.0f32, 0.0, 1.0, 0.0];
    let predicted = [0.9f32, 0.2, 0.5, 0.5];
    let observed = [0.0f32, 0.0, 1.0, 1.0];
    let expected = -(0.9f64.ln() + 0.8f64.ln());
    let got = missing_cross_entropy(&predicted, &image, &observed);
    assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
    assert_eq!(missing_cross_entropy(&predicted, &image, &[1.0; 4]), 0.0);
    // A confident wrong pixel costs −ln 1e-7, not infinity.
    let wrong = missing_cross_entropy(&[0.0], &[1.0], &[0.0]);
    assert!((wrong - 16.118).abs() < 1e-2, "{wrong}");
}

/// A completion's starts: one start is [`observed_posterior`] exactly; several are refined each
/// on its own (the encoder's answer first, the others from the prior) and end apart, so that
/// the completion's draws visit more than one optimum of the observed pixels' ELBO.
pub async fn restarts_begin_with_the_encoders_answer(device: &Device) {
    use rand::SeedableRng;
    let (model, _) = weights::load(SHIPPED_MODEL, device).await.unwrap();
    let image = rows(mnist_test().image(0).unwrap(), 1, device);
    let observed = rows(Preset::RightHalf.mask(0), 1, device);
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let one = restarted_posteriors(
        &model,
        image.clone(),
        None,
        observed.clone(),
        20,
        1,
        &mut rng,
    )
    .unwrap();
    let alone = observed_posterior(&model, image.clone(), None, observed.clone(), 20).unwrap();
    assert_eq!(
        read_floats(one.mean).await.unwrap(),
        read_floats(alone.mean).await.unwrap()
    );
    assert_eq!(
        read_floats(one.log_var).await.unwrap(),
        read_floats(alone.log_var).await.unwrap()
    );
    let several = restarted_posteriors(&model, image, None, observed, 20, 4, &mut rng).unwrap();
    let means = read_floats(several.mean).await.unwrap();
    let latent = means.len() / 4;
    for (k, other) in means.chunks(latent).enumerate().skip(1) {
        let apart: f32 = other
            .iter()
            .zip(&means[..latent])
            .map(|(a, b)| (a - b).powi(2))
            .sum();
        assert!(
            apart.sqrt() > 0.1,
            "start {k} ended where the encoder's did"
        );
    }
}

/// The measurement's completion is the session's, exactly, for an image alone; its one-start
/// guesses are the same in a batch up to the steps' noise (a batch draws each step's ε for all
/// its images from one stream, so an image's ε there are not those it gets alone); and
/// refinement beats the encoder's reconstruction of the masked image on the missing pixels.
pub async fn the_measurement_completes_as_the_session_does() {
    let session = session_with_model().await;
    let device = Device::flex();
    let (model, _) = weights::load(SHIPPED_MODEL, &device).await.unwrap();
    let data = mnist_test().take(12);
    let preset = Preset::Random(mask::RandomShare::Half);
    let measure = |data: vae_wasm::data::Mnist, steps: usize| {
        let (model, device) = (&model, &device);
        async move {
            missing_cross_entropies(model, &data, preset, steps, device)
                .await
                .unwrap()
        }
    };
    let refined = measure(data.clone(), 30).await;
    let encoder = measure(data.clone(), 0).await;
    assert_eq!((refined.at_mean.len(), refined.predictive.len()), (12, 12));
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len() as f64;
    assert!(
        mean(&refined.at_mean) < mean(&encoder.at_mean),
        "refined {} vs the encoder's {}",
        mean(&refined.at_mean),
        mean(&encoder.at_mean)
    );
    let image = data.image(0).unwrap();
    let observed = preset.mask(0);
    let alone = session
        .complete(&image, &observed, 30, PREDICTIVE_SAMPLES, None)
        .await
        .unwrap();
    let expected = missing_cross_entropy(&alone.completion, &image, &observed);
    let single = measure(data.take(1), 30).await;
    assert_eq!(single.restarted, vec![expected]);
    let (batched, alone) = (refined.at_mean[0], single.at_mean[0]);
    assert!(
        (batched - alone).abs() <= 0.05 * alone,
        "in a batch {batched}, alone {alone}"
    );
}
