//! Behaviour checks shared by the native tests (`tests/native.rs`, run with pollster) and the
//! in-browser tests (`tests/web.rs`, run by wasm-bindgen-test): each takes the device to run on,
//! so the same assertions cover Flex, ndarray and WebGPU.

#![allow(dead_code)] // each test binary uses its own subset

pub mod anomaly;
pub mod completion;
pub mod kernels;

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};
use vae_wasm::backend::{BackendKind, autodiff_device, read_floats};
use vae_wasm::classify::{accuracy as classify_accuracy, class_probabilities, most_probable};
use vae_wasm::config::{ModelKind, VaeConfig};
use vae_wasm::data::IMAGE_PIXELS;
use vae_wasm::data::Mnist;
use vae_wasm::data::one_hot;
use vae_wasm::error::VaeError;
use vae_wasm::eval::{
    ACTIVE_KL_NATS, active_dimensions, evaluate, evaluate_refined,
    importance_weighted_log_likelihood, latent_statistics,
};
use vae_wasm::explain::{Explanation, PosteriorSteps, explain};
use vae_wasm::inference::{self, refine_posterior};
use vae_wasm::loss::{LossParts, bce_with_logits, kl_per_dimension, kl_to_standard_normal};
use vae_wasm::model::{Code, Posterior, Vae};
use vae_wasm::session::{Session, Split};
use vae_wasm::train::{ChunkReport, Trainer};
use vae_wasm::weights::{self, DatasetRecord};

/// The MNIST test split as shipped with the site (10,000 images, gzip).
pub const TEST_IMAGES: &[u8] = include_bytes!("../../www/data/t10k-images-idx3-ubyte.gz");
pub const TEST_LABELS: &[u8] = include_bytes!("../../www/data/t10k-labels-idx1-ubyte.gz");

pub fn mnist_test() -> Mnist {
    Mnist::from_idx(TEST_IMAGES, Some(TEST_LABELS)).expect("the shipped MNIST test files parse")
}

fn assert_close(actual: &[f32], expected: &[f32], tolerance: f32, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths differ");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tolerance * (1.0 + e.abs()),
            "{what}[{i}]: got {a}, expected {e}"
        );
    }
}

/// Each unconditional kind's shapes: a VAE's posterior (mean and log-variance), the
/// autoencoder's one code per image; the kind read back from the parameters is the config's.
pub async fn shapes_follow_the_config(device: &Device) {
    for kind in [ModelKind::Conv, ModelKind::Mlp, ModelKind::Ae] {
        for latent_dim in [2, 16] {
            let config = VaeConfig {
                kind,
                latent_dim,
                ..VaeConfig::default()
            };
            let model = Vae::new(&config, device);
            let images = Tensor::<2>::zeros([3, IMAGE_PIXELS], device);
            let code = model.encode(images, None);
            assert_eq!(code.point().dims(), [3, latent_dim], "{kind:?} mean");
            match &code {
                Code::Posterior(posterior) => assert_eq!(
                    posterior.log_var.dims(),
                    [3, latent_dim],
                    "{kind:?} log-variance"
                ),
                Code::Point(_) => assert_eq!(kind, ModelKind::Ae, "a VAE gave a code"),
            }
            assert_eq!(code.posterior().is_some(), kind.has_posterior());
            let decoded = model.decode(code.latent(Posterior::standard_noise), None);
            assert_eq!(decoded.dims(), [3, IMAGE_PIXELS], "{kind:?} decoded");
            assert_eq!(model.latent_dim(), latent_dim);
            assert_eq!(model.kind(), kind);
        }
    }
}

pub async fn kl_matches_the_closed_form(device: &Device) {
    // μ = (1, 2), σ² = (1, 4): KL = ½ Σ (σ² + μ² − 1 − ln σ²) = ½ (1 + 7 − ln 4).
    let posterior = Posterior {
        mean: Tensor::from_data(TensorData::new(vec![1.0f32, 2.0, 0.0, 0.0], [2, 2]), device),
        log_var: Tensor::from_data(
            TensorData::new(vec![0.0f32, 4f32.ln(), 0.0, 0.0], [2, 2]),
            device,
        ),
    };
    let kl = read_floats(kl_to_standard_normal(&posterior))
        .await
        .unwrap();
    let expected = 0.5 * (8.0 - 4f32.ln());
    assert_close(&kl, &[expected, 0.0], 1e-5, "KL");
}

pub async fn bce_matches_the_reference_formula(device: &Device) {
    let logits = [-3.0f32, -0.5, 0.0, 0.7, 4.0, -1.5];
    let targets = [0.0f32, 1.0, 1.0, 0.0, 1.0, 0.3];
    let reference: f32 = logits
        .iter()
        .zip(&targets)
        .map(|(&x, &y)| {
            let p = 1.0 / (1.0 + (-f64::from(x)).exp());
            let y = f64::from(y);
            (-(y * p.ln() + (1.0 - y) * (1.0 - p).ln())) as f32
        })
        .sum();
    let tensor = |v: &[f32]| Tensor::<2>::from_data(TensorData::new(v.to_vec(), [1, 6]), device);
    let bce = read_floats(bce_with_logits(tensor(&logits), tensor(&targets)))
        .await
        .unwrap();
    assert_close(&bce, &[reference], 1e-5, "BCE");

    // Confident, wrong logits: the naive formula gives inf, this one the exact |x|.
    let extreme = read_floats(bce_with_logits(tensor(&[200.0; 6]), tensor(&[0.0; 6])))
        .await
        .unwrap();
    assert_close(&extreme, &[1200.0], 1e-5, "BCE at extreme logits");
}

pub async fn decoded_pixels_are_probabilities(device: &Device) {
    let model = Vae::new(&VaeConfig::default(), device);
    let latents = Tensor::<2>::random(
        [16, 2],
        burn::tensor::Distribution::Normal(0.0, 3.0),
        device,
    );
    let pixels = read_floats(model.decode(latents, None)).await.unwrap();
    assert_eq!(pixels.len(), 16 * IMAGE_PIXELS);
    assert!(
        pixels.iter().all(|p| (0.0..=1.0).contains(p)),
        "pixels outside [0, 1]"
    );
}

/// Trains on a few hundred real images and checks that the test ELBO improves clearly.
pub async fn training_lowers_the_loss(device: &Device, kind: ModelKind) {
    let data = mnist_test().take(512);
    let config = VaeConfig {
        kind,
        batch_size: 32,
        learning_rate: 1e-3,
        seed: 7,
        ..VaeConfig::default()
    };
    let model = Vae::new(&config, device);
    let before = evaluate(&model, &data, device).await.unwrap();
    let mut trainer = Trainer::new(config, model, device, data.len()).unwrap();
    let report = trainer.train_steps(&data, 48).await.unwrap();
    assert_eq!(report.images, 48 * 32);
    assert!(
        (report.epochs_done - 3.0).abs() < 1e-9,
        "48 batches of 32 over 512 images is 3 epochs"
    );
    let after = evaluate(&trainer.model(), &data, device).await.unwrap();
    let (before, after) = (before.elbo.unwrap(), after.elbo.unwrap());
    assert!(
        after > before + 100.0,
        "{kind:?}: ELBO went from {before} to {after} after 48 steps"
    );
}

/// A model after a few training steps, and the images it was trained on.
async fn briefly_trained(device: &Device, model: Vae, config: VaeConfig) -> (Vae, Mnist) {
    let data = mnist_test().take(256);
    let mut trainer = Trainer::new(config, model, device, data.len()).unwrap();
    trainer.train_steps(&data, 24).await.unwrap();
    (trainer.model(), data)
}

/// Per-image refinement of q(z|x) finds better posteriors than a barely trained encoder gives.
pub async fn refined_posteriors_raise_the_elbo(device: &Device) {
    let config = VaeConfig {
        seed: 5,
        ..VaeConfig::default()
    };
    let (model, data) = briefly_trained(device, Vae::new(&config, device), config).await;
    let amortised = evaluate(&model, &data, device).await.unwrap().elbo.unwrap();
    let refined = evaluate_refined(&model, &data, 30, device)
        .await
        .unwrap()
        .elbo
        .unwrap();
    assert!(
        refined > amortised + 1.0,
        "refined ELBO {refined} is not above the encoder's {amortised}"
    );
    // The same image gets the same refined posterior every time (the page relies on it).
    let images = data.batch(&[0, 1, 2], device);
    let once = refine_posterior(&model, images.clone(), None, 10).unwrap();
    let again = refine_posterior(&model, images, None, 10).unwrap();
    assert_eq!(
        read_floats(once.mean).await.unwrap(),
        read_floats(again.mean).await.unwrap(),
        "refinement is not repeatable"
    );
}

/// The drawing panel's scores are paired: the encoder's and the refined posterior are scored on
/// the same ε, so a refined score is never below the encoder's (when refinement finds nothing
/// better the encoder's posterior is kept, and said so), the encoder's score is the same with
/// and without refinement, and the same image always gets the same scores.
pub async fn refined_scores_are_never_below_the_encoders() {
    let session = session_with_model().await;
    let data = mnist_test();
    let mut gained = 0;
    for index in 0..8 {
        let image = data.image(index).unwrap();
        let refined = session.infer(&image, 50, None).await.unwrap();
        let encoder = session.infer(&image, 0, None).await.unwrap();
        let (refined_elbo, encoder_elbo) = (
            refined.elbo.elbo.unwrap(),
            refined.encoder_elbo.elbo.unwrap(),
        );
        assert!(
            refined_elbo >= encoder_elbo,
            "test digit {index}: refined {refined_elbo} below the encoder's {encoder_elbo}"
        );
        assert_eq!(
            encoder.elbo, refined.encoder_elbo,
            "test digit {index}: the encoder's score depends on refinement"
        );
        assert!(
            !encoder.refined,
            "test digit {index}: no steps, yet refined"
        );
        if refined.refined {
            gained += 1;
        } else {
            assert_eq!(
                refined.elbo, refined.encoder_elbo,
                "kept, but not the encoder's"
            );
            assert_eq!(
                refined.mean, encoder.mean,
                "kept, but not the encoder's mean"
            );
        }
        assert_eq!(refined.samples, Some(inference::SCORE_SAMPLES));
        let spread = refined.elbo_spread.unwrap();
        assert!(spread.is_finite() && spread >= 0.0, "spread {spread}");
        let again = session.infer(&image, 50, None).await.unwrap();
        assert_eq!(again, refined, "test digit {index}: scores not repeatable");
    }
    assert!(gained > 0, "refinement never beat the encoder on 8 digits");
}

/// Where test digits' ELBOs lie: percentiles in order around the test ELBO, the same on every
/// call, the widest posterior's σ the largest; refused for an autoencoder and for a limit out
/// of range, naming what was wrong, with the session working on.
pub async fn the_elbo_distribution_places_test_digits() {
    let mut session = session_with_model().await;
    let distribution = session.elbo_distribution(1000).await.unwrap();
    assert_eq!(distribution.images, 1000);
    assert_eq!(distribution.percentiles.len(), 5);
    assert!(
        distribution
            .percentiles
            .windows(2)
            .all(|pair| pair[0] <= pair[1]),
        "percentiles not ascending: {:?}",
        distribution.percentiles
    );
    let mean = session.evaluate(1000).await.unwrap().elbo.unwrap();
    let (p10, median, p90) = (
        distribution.percentiles[0],
        distribution.percentiles[2],
        distribution.percentiles[4],
    );
    assert!(
        p10 < mean && mean < p90,
        "test ELBO {mean} outside [{p10}, {p90}]"
    );
    assert!((median - mean).abs() < 30.0, "median {median}, mean {mean}");
    assert_eq!(session.elbo_distribution(1000).await.unwrap(), distribution);
    let data = mnist_test();
    let widest = session
        .encode(&data.image(distribution.widest_index).unwrap(), None)
        .await
        .unwrap();
    let sigma_of = |encoding: &vae_wasm::session::Encoding| {
        let log_var = encoding.log_var.as_ref().unwrap();
        log_var.iter().map(|v| (0.5 * v).exp() as f64).sum::<f64>() / log_var.len() as f64
    };
    assert_relative(
        sigma_of(&widest),
        distribution.widest_sigma,
        1e-3,
        "widest σ",
    );
    for index in 0..20 {
        let other = session
            .encode(&data.image(index).unwrap(), None)
            .await
            .unwrap();
        assert!(sigma_of(&other) <= distribution.widest_sigma * (1.0 + 1e-4));
    }

    let error = session
        .elbo_distribution(1_000_001)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("limit:"), "{error}");
    session.reset(autoencoder(2, 1)).unwrap();
    let error = session.elbo_distribution(10).await.unwrap_err().to_string();
    assert!(error.contains("elboDistribution: this ae"), "{error}");
    session.load_weights(SHIPPED_MODEL).await.unwrap();
    assert_eq!(session.elbo_distribution(1000).await.unwrap(), distribution);
}

/// The test digits' ELBOs one by one ("Is this a digit?"): as many as asked, in the images'
/// order, the very values the ELBO distribution summarises (its median is theirs), the same on
/// every call; a limit of 0 or above 10,000 refused by name, an autoencoder refused, the
/// session working on.
pub async fn the_test_elbos_are_the_distributions_own() {
    let mut session = session_with_model().await;
    let elbos = session.test_elbos(1000).await.unwrap();
    assert_eq!(elbos.len(), 1000);
    assert!(elbos.iter().all(|elbo| elbo.is_finite() && *elbo < 0.0));
    let distribution = session.elbo_distribution(1000).await.unwrap();
    let mut sorted: Vec<f64> = elbos.iter().map(|&elbo| f64::from(elbo)).collect();
    sorted.sort_by(f64::total_cmp);
    for (&p, &expected) in vae_wasm::eval::PERCENTILES
        .iter()
        .zip(&distribution.percentiles)
    {
        let got = vae_wasm::eval::percentile(&sorted, p);
        assert!(
            (got - expected).abs() < 1e-2,
            "p{p}: {got} against {expected}"
        );
    }
    // The first images' ELBOs do not depend on how many follow them (but for the order of a
    // batch's float sums).
    let first = session.test_elbos(10).await.unwrap();
    for (a, b) in first.iter().zip(&elbos) {
        assert!((a - b).abs() < 1e-3, "{a} alone, {b} among 1000");
    }
    assert_eq!(session.test_elbos(1000).await.unwrap(), elbos);
    for limit in [0, 10_001] {
        let error = session.test_elbos(limit).await.unwrap_err().to_string();
        assert!(
            error.contains(&format!(
                "limit: expected a whole number from 1 to 10000, got {limit}"
            )),
            "{error}"
        );
    }
    session.reset(autoencoder(2, 1)).unwrap();
    let error = session.test_elbos(10).await.unwrap_err().to_string();
    assert!(error.contains("testElbos: this ae"), "{error}");
    session.load_weights(SHIPPED_MODEL).await.unwrap();
    assert_eq!(session.test_elbos(1000).await.unwrap(), elbos);
}

/// The test digits' complexities (the complexity-corrected score's addition): one per image in
/// their order, each the complexity of that very image, digits costing more than a blank page;
/// the same for an autoencoder (the model plays no part); a limit out of range and an image that
/// is not one image of pixels within [0, 1] refused by name.
pub async fn the_test_complexities_are_each_images_own() {
    use vae_wasm::anomaly::{complexity_nats, image_complexity};
    let mut session = session_with_model().await;
    let complexities = session.test_complexities(100).unwrap();
    assert_eq!(complexities.len(), 100);
    let test = mnist_test();
    for (index, &value) in complexities.iter().enumerate() {
        let image = test.image(index).unwrap();
        assert_eq!(value, complexity_nats(&image) as f32);
        assert_eq!(image_complexity(&image).unwrap(), complexity_nats(&image));
    }
    let blank = image_complexity(&[0.0; 784]).unwrap();
    let mut sorted = complexities.clone();
    sorted.sort_by(f32::total_cmp);
    assert!(f64::from(sorted[0]) > 2.0 * blank, "{} {blank}", sorted[0]);
    assert!(
        f64::from(sorted[50]) > 10.0 * blank,
        "{} {blank}",
        sorted[50]
    );
    session.reset(autoencoder(2, 1)).unwrap();
    assert_eq!(session.test_complexities(100).unwrap(), complexities);
    let error = session.test_complexities(10_001).unwrap_err().to_string();
    assert!(
        error.contains("limit: expected a whole number from 1 to 10000, got 10001"),
        "{error}"
    );
    let error = image_complexity(&[0.0; 783]).unwrap_err().to_string();
    assert!(
        error.contains("image: expected a multiple of 784 pixels"),
        "{error}"
    );
    let error = image_complexity(&[f32::NAN; 784]).unwrap_err().to_string();
    assert!(
        error.contains("image: pixels must be within [0, 1], got NaN at index 0"),
        "{error}"
    );
}

/// Training with the decoder frozen moves the encoder and leaves every decoded image as it was.
pub async fn a_frozen_decoder_stays_fixed(device: &Device) {
    let config = VaeConfig {
        seed: 6,
        ..VaeConfig::default()
    };
    let model = Vae::new(&config, device);
    let z = Tensor::<2>::random([8, 2], burn::tensor::Distribution::Normal(0.0, 1.0), device);
    let images = mnist_test()
        .take(8)
        .batch(&[0, 1, 2, 3, 4, 5, 6, 7], device);
    let decoded_before = read_floats(model.decode(z.clone(), None)).await.unwrap();
    let encoded_before = read_floats(model.encode(images.clone(), None).point())
        .await
        .unwrap();
    let (trained, _) = briefly_trained(device, model.with_frozen_decoder(), config).await;
    assert_eq!(
        read_floats(trained.decode(z, None)).await.unwrap(),
        decoded_before,
        "the frozen decoder changed"
    );
    assert_ne!(
        read_floats(trained.encode(images, None).point())
            .await
            .unwrap(),
        encoded_before,
        "the encoder did not train"
    );
}

/// Saving and loading gives a model with identical outputs, a VAE's and an autoencoder's; the
/// file records the config.
pub async fn weights_round_trip(device: &Device) {
    // A VAE and an autoencoder: the same file format, one with a posterior and one without.
    let vae = VaeConfig {
        latent_dim: 3,
        seed: 11,
        ..VaeConfig::default()
    };
    for config in [vae, autoencoder(3, 13)] {
        let model = Vae::new(&config, device);
        let bytes = weights::save(&model, &config, &DatasetRecord::mnist())
            .await
            .unwrap();
        let (loaded, loaded_config) = weights::load(&bytes, device).await.unwrap();
        assert_eq!(loaded_config, config);
        assert_eq!(loaded.kind(), config.kind);
        let images = mnist_test().take(4).batch(&[0, 1, 2, 3], device);
        let codes = |model: &Vae| model.encode(images.clone(), None);
        assert_eq!(
            codes(&loaded).posterior().is_none(),
            config.kind == ModelKind::Ae,
            "only an ae has no posterior"
        );
        assert_eq!(
            read_floats(codes(&model).point()).await.unwrap(),
            read_floats(codes(&loaded).point()).await.unwrap(),
            "{:?}: encodings differ after save → load",
            config.kind
        );
        let z = Tensor::<2>::ones([2, 3], device);
        assert_eq!(
            read_floats(model.decode(z.clone(), None)).await.unwrap(),
            read_floats(loaded.decode(z, None)).await.unwrap(),
            "{:?}: decodings differ after save → load",
            config.kind
        );
        // And the bytes themselves are stable: saving the loaded model gives the same file.
        assert_eq!(
            weights::save(&loaded, &config, &DatasetRecord::mnist())
                .await
                .unwrap(),
            bytes
        );
    }
}

/// A fresh model for `config`, the same on every call (the device is seeded first).
fn seeded_model(config: &VaeConfig, device: &Device) -> Vae {
    device.seed(config.seed);
    Vae::new(config, device)
}

async fn save(trainer: &Trainer) -> Vec<u8> {
    weights::save(&trainer.model(), trainer.config(), &DatasetRecord::mnist())
        .await
        .unwrap()
}

/// The largest learning rate the config accepts (1) diverges in a few dozen steps. The step that
/// diverges is undone: afterwards the weights are byte for byte those from before that step,
/// whether the steps ran one per call or many, and training can go on at a smaller rate.
pub async fn a_diverging_step_is_undone_exactly(device: &Device) {
    let data = mnist_test().take(256);
    let config = VaeConfig {
        learning_rate: 1.0,
        seed: 3,
        ..VaeConfig::default()
    };
    let trainer = || Trainer::new(config.clone(), seeded_model(&config, device), device, 256);
    let mut one_by_one = trainer().unwrap();
    let mut before = save(&one_by_one).await;
    let mut diverged = None;
    for step in 1..=200u64 {
        match one_by_one.train_steps(&data, 1).await {
            Ok(_) => before = save(&one_by_one).await,
            Err(error) => {
                diverged = Some((step, error));
                break;
            }
        }
    }
    let (step, error) = diverged.expect("a learning rate of 1 diverges within 200 steps");
    assert!(matches!(error, VaeError::Training(_)), "{error}");
    let message = error.to_string();
    assert!(
        message.contains(&format!("step {step} diverged")) && message.contains("learning rate"),
        "{message}"
    );
    assert_eq!(one_by_one.total_steps(), step - 1);
    assert!(
        save(&one_by_one).await == before,
        "the weights after the error are not those from before step {step}"
    );

    let mut in_one_call = trainer().unwrap();
    let error = in_one_call
        .train_steps(&data, step as usize + 10)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains(&format!("step {step} diverged")),
        "{error}"
    );
    assert!(
        save(&in_one_call).await == before,
        "undone in one call, the weights differ from the step-by-step run's"
    );

    // Training goes on from the last good weights at a sane rate.
    in_one_call
        .update_config(VaeConfig {
            learning_rate: 1e-3,
            ..config
        })
        .unwrap();
    let report = in_one_call.train_steps(&data, 3).await.unwrap();
    assert!(report.losses.is_finite() && report.total_steps == step + 2);
}

/// Two calls of 5 steps and one call of 10 take the same steps: the same batches, the same noise.
pub async fn chunking_does_not_change_training(device: &Device) {
    let data = mnist_test().take(256);
    let config = VaeConfig {
        seed: 8,
        ..VaeConfig::default()
    };
    let trainer = || Trainer::new(config.clone(), seeded_model(&config, device), device, 256);
    let mut halves = trainer().unwrap();
    halves.train_steps(&data, 5).await.unwrap();
    halves.train_steps(&data, 5).await.unwrap();
    let mut whole = trainer().unwrap();
    whole.train_steps(&data, 10).await.unwrap();
    assert!(
        save(&halves).await == save(&whole).await,
        "chunking changed the weights"
    );
}

/// Two runs from the same seed give bit-identical weights. (burn's CPU random generator is
/// process-wide, so the native tests run on one test thread: see build.sh.)
pub async fn training_is_deterministic_for_a_seed(device: &Device) {
    let data = mnist_test().take(256);
    let config = VaeConfig {
        seed: 42,
        ..VaeConfig::default()
    };
    let mut files = Vec::new();
    for _ in 0..2 {
        device.seed(config.seed);
        let model = Vae::new(&config, device);
        let mut trainer = Trainer::new(config.clone(), model, device, data.len()).unwrap();
        trainer.train_steps(&data, 5).await.unwrap();
        files.push(
            weights::save(&trainer.model(), &config, &DatasetRecord::mnist())
                .await
                .unwrap(),
        );
    }
    assert!(files[0] == files[1], "same seed, different weights");
}

/// Every kind of bad weights file is refused with a message; nothing is half-loaded.
pub async fn bad_weights_files_are_refused(device: &Device) {
    let config = VaeConfig::default();
    let good = weights::save(&Vae::new(&config, device), &config, &DatasetRecord::mnist())
        .await
        .unwrap();
    refuse(&[], "empty", device).await;
    refuse(b"PK\x03\x04 not weights at all", "magic", device).await;
    // Truncated anywhere: every prefix is refused.
    for len in (1..good.len())
        .step_by(997)
        .chain([good.len() - 1, 5, 9, 12])
    {
        let error = weights::load(&good[..len], device)
            .await
            .expect_err("a truncated file must be refused");
        assert!(
            matches!(error, VaeError::Weights(_)),
            "prefix of {len} bytes: {error}"
        );
    }
    // A flipped bit in the values fails the checksum.
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    refuse(&flipped, "checksum", device).await;
    // Another format version.
    let mut other_version = good.clone();
    other_version[4] = 9;
    refuse(&other_version, "version", device).await;
    // Weights of another architecture under this config's header: the tensors do not match.
    let mlp = VaeConfig {
        kind: ModelKind::Mlp,
        ..VaeConfig::default()
    };
    let mlp_file = weights::save(&Vae::new(&mlp, device), &mlp, &DatasetRecord::mnist())
        .await
        .unwrap();
    refuse(
        &rewrite_config(&mlp_file, &config),
        "this file holds the tensors of a model of kind mlp (unconditional), but its header says conv (unconditional)",
        device,
    )
    .await;
    let wider = VaeConfig {
        latent_dim: 3,
        ..VaeConfig::default()
    };
    let wider_file = weights::save(&Vae::new(&wider, device), &wider, &DatasetRecord::mnist())
        .await
        .unwrap();
    refuse(
        &rewrite_config(&wider_file, &config),
        "expected tensor",
        device,
    )
    .await;
    // NaN values, with a valid checksum.
    let mut with_nan = good[..good.len() - 4].to_vec();
    let last_value = with_nan.len() - 4;
    with_nan[last_value..].copy_from_slice(&f32::NAN.to_le_bytes());
    refuse(&seal(with_nan), "non-finite", device).await;
    // An invalid config in the header.
    let invalid = VaeConfig {
        latent_dim: 0,
        ..VaeConfig::default()
    };
    refuse(&rewrite_config(&good, &invalid), "config", device).await;
}

async fn refuse(bytes: &[u8], expect: &str, device: &Device) {
    let error = weights::load(bytes, device)
        .await
        .expect_err("a bad file must be refused");
    assert!(matches!(error, VaeError::Weights(_)), "{error}");
    assert!(
        error.to_string().contains(expect),
        "'{error}' should mention '{expect}'"
    );
}

/// Finite but enormous weights (±3e38, with a valid checksum) pass every per-value check and
/// would still make the outputs overflow: they are refused at load.
pub async fn weights_that_overflow_are_refused(device: &Device) {
    let config = VaeConfig::default();
    let good = weights::save(&Vae::new(&config, device), &config, &DatasetRecord::mnist())
        .await
        .unwrap();
    let config_len = u32::from_le_bytes(good[8..12].try_into().unwrap()) as usize;
    let record_at = 12 + config_len;
    let record_len =
        u32::from_le_bytes(good[record_at..record_at + 4].try_into().unwrap()) as usize;
    let mut body = good[..good.len() - 4].to_vec();
    // Walk the tensors (after the config, the record and the tensor count) and overwrite every
    // value with ±3e38.
    let mut at = record_at + 4 + record_len + 4;
    while at < body.len() {
        let path_len = u32::from_le_bytes(body[at..at + 4].try_into().unwrap()) as usize;
        at += 4 + path_len;
        let rank = u32::from_le_bytes(body[at..at + 4].try_into().unwrap()) as usize;
        at += 4;
        let mut count = 1;
        for _ in 0..rank {
            count *= u32::from_le_bytes(body[at..at + 4].try_into().unwrap()) as usize;
            at += 4;
        }
        for i in 0..count {
            let value: f32 = if i % 2 == 0 { 3e38 } else { -3e38 };
            body[at..at + 4].copy_from_slice(&value.to_le_bytes());
            at += 4;
        }
    }
    refuse(&seal(body), "overflow", device).await;
}

/// Recomputes the trailing CRC-32 of a weights body.
fn seal(mut body: Vec<u8>) -> Vec<u8> {
    let checksum = crc32fast::hash(&body);
    body.extend_from_slice(&checksum.to_le_bytes());
    body
}

/// The same file with another config in its header (and a valid checksum).
fn rewrite_config(file: &[u8], config: &VaeConfig) -> Vec<u8> {
    rewrite_config_json(file, &serde_json::to_string(config).unwrap())
}

/// The same file with another config JSON in its header (and a valid checksum).
fn rewrite_config_json(file: &[u8], json: &str) -> Vec<u8> {
    let old_len = u32::from_le_bytes(file[8..12].try_into().unwrap()) as usize;
    let mut body = file[..8].to_vec();
    body.extend_from_slice(&(json.len() as u32).to_le_bytes());
    body.extend_from_slice(json.as_bytes());
    body.extend_from_slice(&file[12 + old_len..file.len() - 4]);
    seal(body)
}

pub fn config_errors_name_the_field() {
    let bad = [
        (
            VaeConfig {
                latent_dim: 0,
                ..VaeConfig::default()
            },
            "latentDim",
        ),
        (
            VaeConfig {
                batch_size: 0,
                ..VaeConfig::default()
            },
            "batchSize",
        ),
        (
            VaeConfig {
                learning_rate: 0.0,
                ..VaeConfig::default()
            },
            "learningRate",
        ),
        (
            VaeConfig {
                learning_rate: f64::NAN,
                ..VaeConfig::default()
            },
            "learningRate",
        ),
        (
            VaeConfig {
                beta: -1.0,
                ..VaeConfig::default()
            },
            "beta",
        ),
    ];
    for (config, field) in bad {
        let error = config.validate().unwrap_err().to_string();
        assert!(error.contains(field), "{error} should name {field}");
    }
    assert!(VaeConfig::default().validate().is_ok());
}

/// A CPU session with the shipped latent-2 model and the test split loaded as both splits.
pub async fn session_with_model() -> Session {
    let mut session = Session::new(VaeConfig::default(), Some(BackendKind::Flex))
        .await
        .unwrap();
    session.load_weights(SHIPPED_MODEL).await.unwrap();
    session
        .load_dataset(Split::Train, TEST_IMAGES, Some(TEST_LABELS))
        .unwrap();
    session
        .load_dataset(Split::Test, TEST_IMAGES, Some(TEST_LABELS))
        .unwrap();
    session
}

pub const SHIPPED_MODEL: &[u8] = include_bytes!("../../www/models/conv-latent2.vaew");

/// Every class of bad input is refused with a message naming the argument; after each error the
/// model is byte for byte what it was, and the next good call works.
pub async fn the_session_refuses_bad_input_and_keeps_working() {
    let mut session = session_with_model().await;
    let weights_before = session.save_weights().await.unwrap();
    let image = mnist_test().image(0).unwrap();
    let z = [0.3f32, -0.7];
    let decoded = session.decode(&z, None).await.unwrap();

    let outside = {
        let mut v = image.clone();
        v[100] = 3.0;
        v
    };
    let with_nan = {
        let mut v = image.clone();
        v[5] = f32::NAN;
        v
    };
    let errors = [
        (
            session.encode(&outside, None).await.err(),
            "image: pixels must be within [0, 1], got 3 at index 100",
        ),
        (
            session.infer(&with_nan, 0, None).await.err(),
            "got NaN at index 5",
        ),
        (
            session.infer(&image, 501, None).await.err(),
            "refineSteps: expected a whole number from 0 to 500, got 501",
        ),
        (
            session.reconstruct(&image[..100], None).await.err(),
            "multiple of 784",
        ),
        (
            session.decode(&[3e38, 3e38], None).await.err(),
            "within ±1000",
        ),
        (
            session.decode(&[0.0; 3], None).await.err(),
            "one point of 2 values",
        ),
        (session.decode_batch(&[], None).await.err(), "multiple of 2"),
        (
            session.sample(0, None).await.err(),
            "count: expected a whole number from 1 to 4096, got 0",
        ),
        (
            session.interpolate(&image, &image, 1, None).await.err(),
            "steps: expected a whole number from 2",
        ),
        (
            session.encode_dataset(Split::Test, 0).await.err(),
            "count: expected a whole number from 1",
        ),
        (session.evaluate(2_000_000).await.err(), "limit:"),
        (
            session.train_steps(0).await.err(),
            "steps: expected a whole number from 1",
        ),
        (session.load_weights(&[1, 2, 3]).await.err(), "magic"),
    ];
    for (error, expected) in errors {
        let error = error.expect("a bad call must fail").to_string();
        assert!(
            error.contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    let sync_errors = [
        (
            session
                .load_dataset(Split::Train, &[1, 2, 3], Some(&[4]))
                .err(),
            "IDX",
        ),
        (
            session
                .reset(VaeConfig {
                    latent_dim: 0,
                    ..VaeConfig::default()
                })
                .err(),
            "latentDim",
        ),
        (
            session
                .set_training_config(VaeConfig {
                    latent_dim: 3,
                    ..VaeConfig::default()
                })
                .err(),
            "reset the model",
        ),
        ("tpu".parse::<BackendKind>().err(), "backend: expected"),
        ("validation".parse::<Split>().err(), "split: expected"),
    ];
    for (error, expected) in sync_errors {
        let error = error.expect("a bad call must fail").to_string();
        assert!(
            error.contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    assert!(
        session.save_weights().await.unwrap() == weights_before,
        "a refused call changed the weights"
    );
    assert_eq!(session.decode(&z, None).await.unwrap(), decoded);
    // Outputs for accepted inputs are finite, at the edges of what is accepted too.
    let far = session.decode(&[1000.0, -1000.0], None).await.unwrap();
    assert!(far.iter().all(|p| (0.0..=1.0).contains(p)));
    let blank = session.infer(&[0.0; 784], 5, None).await.unwrap();
    assert!(blank.elbo.is_finite() && blank.reconstruction.iter().all(|p| p.is_finite()));
    // And the session still trains.
    assert_eq!(session.train_steps(2).await.unwrap().chunk.steps, 2);
}

/// IDX headers that lie (dimensions multiplying past any address space, or zero images) are
/// refused, and the split loaded before stays.
pub async fn lying_and_empty_idx_files_are_refused() {
    let mut session = session_with_model().await;
    let labels = |count: u32| {
        let mut bytes = vec![0u8, 0, 8, 1];
        bytes.extend(count.to_be_bytes());
        bytes.extend(std::iter::repeat_n(1u8, count as usize));
        bytes
    };
    let images = |dims: [u32; 3], payload: usize| {
        let mut bytes = vec![0u8, 0, 8, 3];
        for dim in dims {
            bytes.extend(dim.to_be_bytes());
        }
        bytes.extend(std::iter::repeat_n(0u8, payload));
        bytes
    };
    let cases = [
        (
            images([5_478_275, 28, 28], 300),
            labels(1),
            "header promises",
        ),
        (
            images([u32::MAX, u32::MAX, u32::MAX], 300),
            labels(1),
            "header promises",
        ),
        (images([0, 28, 28], 0), labels(0), "no images"),
    ];
    for (image_file, label_file, expected) in cases {
        for split in [Split::Train, Split::Test] {
            let error = session
                .load_dataset(split, &image_file, Some(&label_file))
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(expected),
                "'{error}' should say '{expected}'"
            );
        }
    }
    // The good splits are still there.
    assert!(session.evaluate(100).await.unwrap().is_finite());
    let encoded = session.encode_dataset(Split::Test, 10).await.unwrap();
    assert_eq!(
        encoded.labels.unwrap(),
        &mnist_test().labels().unwrap()[..10]
    );
}

/// The explanation of one image with a given ε, on `device`.
async fn explained(model: &Vae, image: &[f32], eps: &[f32], device: &Device) -> Explanation {
    let images = Tensor::from_data(TensorData::new(image.to_vec(), [1, IMAGE_PIXELS]), device);
    let noise = Tensor::from_data(TensorData::new(eps.to_vec(), [1, eps.len()]), device);
    explain(model, images, None, Some(noise)).await.unwrap()
}

/// A VAE's explanation's posterior steps.
pub fn steps_of(seen: &Explanation) -> &PosteriorSteps {
    seen.posterior
        .as_ref()
        .expect("a VAE's explanation has its posterior")
}

/// `explain` is the model's own forward pass, opened up: z = μ + exp(½ log σ²)·ε for the ε
/// given; with ε = 0, p(x|z) is decode(μ) and μ is encode's; the terms are `loss.rs`'s for the
/// same ε and the heat map and KL bars add up to them; each layer has its architecture's shape.
pub async fn explain_opens_up_the_forward_pass(device: &Device) {
    let (model, _) = weights::load(SHIPPED_MODEL, device).await.unwrap();
    let image = mnist_test().image(0).unwrap();
    let eps = [0.7f32, -1.3];
    let seen = explained(&model, &image, &eps, device).await;

    let images = Tensor::from_data(TensorData::new(image.clone(), [1, IMAGE_PIXELS]), device);
    let posterior = model
        .encode(images.clone(), None)
        .into_posterior("the test")
        .unwrap();
    let mean = read_floats(posterior.mean.clone()).await.unwrap();
    let log_var = read_floats(posterior.log_var.clone()).await.unwrap();
    let steps = steps_of(&seen);
    assert_close(&seen.mean, &mean, 1e-6, "mean");
    assert_close(&steps.log_var, &log_var, 1e-6, "log-variance");
    assert_eq!(steps.eps, eps);
    let z: Vec<f32> = (0..2)
        .map(|k| mean[k] + (0.5 * log_var[k]).exp() * eps[k])
        .collect();
    assert_close(&seen.z, &z, 1e-5, "z = μ + σ·ε");
    let sigmoid: Vec<f32> = seen
        .logits
        .iter()
        .map(|x| 1.0 / (1.0 + (-x).exp()))
        .collect();
    assert_close(
        &seen.probabilities,
        &sigmoid,
        1e-5,
        "p(x|z) = sigmoid(logits)",
    );

    // The terms are those training computes for the same image and ε.
    let noise = Tensor::from_data(TensorData::new(eps.to_vec(), [1, 2]), device);
    let parts = LossParts::sampled(&model, images, None, &posterior, noise);
    let reconstruction = f64::from(read_floats(parts.reconstruction).await.unwrap()[0]);
    let kl = f64::from(read_floats(parts.kl.unwrap()).await.unwrap()[0]);
    assert_relative(
        seen.reconstruction,
        reconstruction,
        1e-5,
        "reconstruction term",
    );
    assert_relative(steps.kl, kl, 1e-5, "KL term");
    assert_eq!(seen.elbo(), Some(-(seen.reconstruction + steps.kl)));
    // The heat map and the bars add up to the terms shown.
    let heat: f64 = seen.bce_per_pixel.iter().map(|&v| f64::from(v)).sum();
    let bars: f64 = steps.kl_per_dim.iter().map(|&v| f64::from(v)).sum();
    assert_relative(heat, seen.reconstruction, 1e-4, "Σ per-pixel cross-entropy");
    assert_relative(bars, steps.kl, 1e-4, "Σ per-dimension KL");
    assert_eq!(seen.bce_per_pixel.len(), IMAGE_PIXELS);
    assert!(seen.bce_per_pixel.iter().all(|&v| v >= 0.0));

    // With ε = 0, z is the mean and p(x|z) is what decode(mean) gives.
    let at_mean = explained(&model, &image, &[0.0, 0.0], device).await;
    assert_close(&at_mean.z, &mean, 1e-6, "z at ε = 0");
    let decoded = read_floats(model.decode(posterior.mean, None))
        .await
        .unwrap();
    assert_close(&at_mean.probabilities, &decoded, 1e-5, "p(x|z) at ε = 0");
    assert_close(&at_mean.mean, &seen.mean, 0.0, "μ does not move with ε");
    assert_close(
        &steps_of(&at_mean).log_var,
        &steps.log_var,
        0.0,
        "σ does not move with ε",
    );

    let conv_layers = [
        ("encoder.conv1 · ReLU", vec![32, 13, 13]),
        ("encoder.conv2 · ReLU", vec![64, 6, 6]),
        ("decoder.project · ReLU", vec![32, 7, 7]),
        ("decoder.deconv1 · ReLU", vec![64, 14, 14]),
        ("decoder.deconv2 · ReLU", vec![32, 28, 28]),
    ];
    assert_layers(&seen, &conv_layers);

    // The MLP, at another latent size.
    let config = VaeConfig {
        kind: ModelKind::Mlp,
        latent_dim: 5,
        seed: 3,
        ..VaeConfig::default()
    };
    let mlp = Vae::new(&config, device);
    let seen = explained(&mlp, &image, &[0.1, -0.2, 0.3, 1.5, -2.0], device).await;
    assert_eq!(seen.z.len(), 5);
    assert_eq!(steps_of(&seen).kl_per_dim.len(), 5);
    assert_layers(
        &seen,
        &[
            ("encoder.hidden · ReLU", vec![400]),
            ("decoder.hidden · ReLU", vec![400]),
        ],
    );
}

fn assert_layers(seen: &Explanation, expected: &[(&str, Vec<usize>)]) {
    let names: Vec<(&str, &[usize])> = seen
        .layers
        .iter()
        .map(|layer| (layer.name.as_str(), layer.shape.as_slice()))
        .collect();
    let wanted: Vec<(&str, &[usize])> = expected
        .iter()
        .map(|(name, shape)| (*name, shape.as_slice()))
        .collect();
    assert_eq!(
        names, wanted,
        "the layers, in the order of the forward pass"
    );
    for layer in &seen.layers {
        assert_eq!(layer.values.len(), layer.shape.iter().product::<usize>());
        // Each is a ReLU's output, and not all zero: the image went through it.
        assert!(layer.values.iter().all(|&v| v >= 0.0), "{}", layer.name);
        assert!(
            layer.values.iter().any(|&v| v > 0.0),
            "{} is all zero",
            layer.name
        );
    }
}

fn assert_relative(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance * expected.abs().max(1e-12),
        "{what}: got {actual}, expected {expected}"
    );
}

/// A slow-motion step is a training step: one step in detail and three more take exactly the
/// steps four ordinary ones take. The detail shows that step's own batch: its images, the
/// losses the step reported, each image's terms adding up to them, and the posterior means
/// before and after the update.
pub async fn one_step_in_slow_motion_is_a_training_step(device: &Device) {
    let data = mnist_test().take(256);
    let config = VaeConfig {
        batch_size: 16,
        seed: 9,
        ..VaeConfig::default()
    };
    let trainer = || Trainer::new(config.clone(), seeded_model(&config, device), device, 256);
    let mut slow = trainer().unwrap();
    let model_before = slow.model();
    let detail = slow.train_one_step(&data).await.unwrap();
    assert_eq!((detail.report.steps, detail.report.total_steps), (1, 1));
    assert_eq!(slow.total_steps(), 1);
    slow.train_steps(&data, 3).await.unwrap();
    let mut ordinary = trainer().unwrap();
    ordinary.train_steps(&data, 4).await.unwrap();
    assert!(
        save(&slow).await == save(&ordinary).await,
        "a step in slow motion is not the step training takes"
    );

    assert_eq!(detail.indices.len(), 16);
    let labels: Vec<u8> = detail
        .indices
        .iter()
        .map(|&i| data.labels().unwrap()[i])
        .collect();
    assert_eq!(detail.labels, Some(labels));
    let shown: Vec<f32> = detail
        .indices
        .iter()
        .flat_map(|&i| data.image(i).unwrap())
        .collect();
    assert_eq!(detail.images, shown, "the images are not the batch's");
    assert_eq!(detail.reconstructions.len(), 16 * IMAGE_PIXELS);
    assert!(
        detail
            .reconstructions
            .iter()
            .all(|p| (0.0..=1.0).contains(p))
    );
    assert_relative(
        detail.before.reconstruction,
        detail.report.losses.reconstruction,
        1e-5,
        "the batch's reconstruction term before the step",
    );
    let kl_before = detail.before.kl.unwrap();
    assert_relative(
        kl_before,
        detail.report.losses.kl.unwrap(),
        1e-5,
        "KL before",
    );
    let mean_of = |terms: &[f32]| terms.iter().map(|&t| f64::from(t)).sum::<f64>() / 16.0;
    assert_relative(
        mean_of(&detail.reconstruction_terms),
        detail.before.reconstruction,
        1e-4,
        "the images' reconstruction terms",
    );
    assert_relative(
        mean_of(detail.kl_terms.as_deref().unwrap()),
        kl_before,
        1e-4,
        "the images' KL",
    );
    assert!(detail.after.is_finite() && detail.after != detail.before);

    let batch = data.batch(&detail.indices, device);
    let means = |model: &Vae| model.encode(batch.clone(), None).point();
    let before = read_floats(means(&model_before)).await.unwrap();
    assert_close(&detail.means_before, &before, 1e-5, "means before the step");
    let after = read_floats(means(&trainer_after_one_step(&config, &data, device).await))
        .await
        .unwrap();
    assert_close(&detail.means_after, &after, 1e-5, "means after the step");
    assert_ne!(
        detail.means_after, detail.means_before,
        "the means did not move"
    );
}

async fn trainer_after_one_step(config: &VaeConfig, data: &Mnist, device: &Device) -> Vae {
    let mut trainer = Trainer::new(
        config.clone(),
        seeded_model(config, device),
        device,
        data.len(),
    )
    .unwrap();
    trainer.train_steps(data, 1).await.unwrap();
    trainer.model()
}

/// The session's `explain`: without ε it uses the same fixed draw every time (the same drawing
/// gets the same view); bad ε and images are refused by name, and nothing changes.
pub async fn the_session_explains_and_refuses_bad_eps() {
    let mut session = session_with_model().await;
    let weights_before = session.save_weights().await.unwrap();
    let image = mnist_test().image(3).unwrap();
    let first = session.explain(&image, None, None).await.unwrap();
    let again = session.explain(&image, None, None).await.unwrap();
    assert_eq!(first, again, "the same image gave two different views");
    assert_eq!(
        steps_of(&first).eps,
        vae_wasm::explain::default_noise(2).unwrap()
    );
    assert!(steps_of(&first).eps.iter().any(|&e| e != 0.0));
    let given = session
        .explain(&image, Some(&[1.0, 0.5]), None)
        .await
        .unwrap();
    assert_eq!(steps_of(&given).eps, [1.0, 0.5]);
    assert_eq!(
        (given.mean.clone(), steps_of(&given).log_var.clone()),
        (first.mean.clone(), steps_of(&first).log_var.clone())
    );
    assert_ne!(given.z, first.z, "another ε, the same z");
    assert_ne!(given.probabilities, first.probabilities);

    let errors = [
        (
            session
                .explain(&image, Some(&[1.0, 2.0, 3.0]), None)
                .await
                .err(),
            "eps: expected one point of 2 values, got 3 values",
        ),
        (
            session.explain(&image, Some(&[]), None).await.err(),
            "eps: expected one point of 2 values, got 0",
        ),
        (
            session
                .explain(&image, Some(&[f32::NAN, 0.0]), None)
                .await
                .err(),
            "eps: latent values must be finite and within ±1000, got NaN at index 0",
        ),
        (
            session
                .explain(&image, Some(&[0.0, f32::INFINITY]), None)
                .await
                .err(),
            "got Infinity at index 1",
        ),
        (
            session
                .explain(&image, Some(&[f32::NEG_INFINITY, 0.0]), None)
                .await
                .err(),
            "got -Infinity at index 0",
        ),
        (
            session.explain(&image, Some(&[0.0, 1e4]), None).await.err(),
            "got 10000 at index 1",
        ),
        (
            session.explain(&image[..783], None, None).await.err(),
            "image: expected a multiple of 784",
        ),
        (
            session.explain(&[0.5; 1568], None, None).await.err(),
            "image: expected one image (784 pixels), got 2 images",
        ),
        (
            session.explain(&[-0.1; 784], None, None).await.err(),
            "image: pixels must be within [0, 1], got -0.1",
        ),
    ];
    for (error, expected) in errors {
        let error = error.expect("a bad call must fail").to_string();
        assert!(
            error.contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    let index_error = session
        .dataset_image(Split::Test, 10_000)
        .unwrap_err()
        .to_string();
    assert!(
        index_error.contains("index: expected a whole number from 0 to 9999, got 10000"),
        "{index_error}"
    );
    let digit = session.dataset_image(Split::Test, 3).unwrap();
    assert_eq!(
        (digit.pixels, digit.label),
        (image.clone(), Some(mnist_test().labels().unwrap()[3]))
    );
    assert!(
        session.save_weights().await.unwrap() == weights_before,
        "a refused call changed the model"
    );
    assert_eq!(session.explain(&image, None, None).await.unwrap(), first);
    session.train_steps(1).await.unwrap();
    assert_ne!(
        session.explain(&image, None, None).await.unwrap(),
        first,
        "the view did not follow the weights"
    );
}

/// "Step" on the session: exactly one more optimiser step, and new weights that the session's
/// other calls use at once.
pub async fn a_step_advances_the_session_by_one() {
    let mut session = session_with_model().await;
    let image = mnist_test().image(0).unwrap();
    let weights_before = session.save_weights().await.unwrap();
    let decoded_before = session.decode(&[0.5, -0.5], None).await.unwrap();
    assert_eq!(session.trained_steps(), 0);
    let detail = session.train_one_step().await.unwrap();
    assert_eq!(session.trained_steps(), 1);
    assert_eq!(detail.report.total_steps, 1);
    assert!(
        session.save_weights().await.unwrap() != weights_before,
        "the weights did not change"
    );
    assert_ne!(
        session.decode(&[0.5, -0.5], None).await.unwrap(),
        decoded_before
    );
    assert_eq!(detail.images.len(), 32 * IMAGE_PIXELS);
    assert_eq!(detail.means_before.len(), 32 * 2);
    session.train_one_step().await.unwrap();
    assert_eq!(session.trained_steps(), 2);
    assert_eq!(session.train_steps(3).await.unwrap().chunk.total_steps, 5);
    assert!(session.explain(&image, None, None).await.is_ok());
}

fn conditional(latent_dim: usize, seed: u64) -> VaeConfig {
    VaeConfig {
        kind: ModelKind::Cvae,
        latent_dim,
        seed,
        ..VaeConfig::default()
    }
}

/// The conditional model is the conv model with the label joining the encoder's features and
/// z: its shapes, its label inputs, and what the label changes.
pub async fn the_conditional_model_takes_the_label(device: &Device) {
    let config = conditional(3, 2);
    let model = Vae::new(&config, device);
    assert!(model.is_conditional());
    assert_eq!((model.latent_dim(), model.classes()), (3, 10));
    assert!(!Vae::new(&VaeConfig::default(), device).is_conditional());
    let images = mnist_test().take(4).batch(&[0, 1, 2, 3], device);
    let labels = one_hot(&[7, 2, 1, 0], device);
    let posterior = model.encode(images.clone(), Some(labels.clone())).point();
    assert_eq!(posterior.dims(), [4, 3]);
    // The label is an input of the encoder: another label, another posterior.
    let relabelled = model.encode(images, Some(one_hot(&[1, 1, 1, 1], device)));
    assert_ne!(
        read_floats(posterior).await.unwrap(),
        read_floats(relabelled.point()).await.unwrap(),
        "the encoder ignores the label"
    );
    // And of the decoder: one z written as two digits differs.
    let z = Tensor::<2>::zeros([2, 3], device);
    let written = read_floats(model.decode(z, Some(one_hot(&[3, 8], device))))
        .await
        .unwrap();
    assert_eq!(written.len(), 2 * IMAGE_PIXELS);
    assert_ne!(
        written[..IMAGE_PIXELS],
        written[IMAGE_PIXELS..],
        "the decoder ignores the label"
    );
    assert!(written.iter().all(|p| (0.0..=1.0).contains(p)));
}

/// A conditional model trains (its ELBO, a bound on log p(x|y), rises), deterministically for
/// a seed, and its weights round-trip; a file whose header claims the other family (conv for
/// cvae tensors, or the reverse) is refused, saying which is which.
pub async fn a_conditional_model_trains_and_round_trips(device: &Device) {
    let data = mnist_test().take(512);
    let config = VaeConfig {
        batch_size: 32,
        ..conditional(2, 17)
    };
    let mut files = Vec::new();
    let mut gains = Vec::new();
    for _ in 0..2 {
        let model = seeded_model(&config, device);
        let before = evaluate(&model, &data, device).await.unwrap();
        let mut trainer = Trainer::new(config.clone(), model, device, data.len()).unwrap();
        trainer.train_steps(&data, 48).await.unwrap();
        let after = evaluate(&trainer.model(), &data, device).await.unwrap();
        gains.push(after.elbo.unwrap() - before.elbo.unwrap());
        files.push(save(&trainer).await);
    }
    assert!(
        gains[0] > 100.0,
        "the conditional ELBO rose by only {}",
        gains[0]
    );
    assert!(
        files[0] == files[1],
        "same seed, different conditional weights"
    );

    let (loaded, loaded_config) = weights::load(&files[0], device).await.unwrap();
    assert_eq!(loaded_config.kind, ModelKind::Cvae);
    assert!(loaded.is_conditional());
    assert!(
        weights::save(&loaded, &loaded_config, &DatasetRecord::mnist())
            .await
            .unwrap()
            == files[0]
    );

    let unconditional = VaeConfig::default();
    refuse(
        &rewrite_config(&files[0], &unconditional),
        "this file holds the tensors of a model of kind cvae (conditional), but its header says conv (unconditional)",
        device,
    )
    .await;
    let conv_file = weights::save(
        &Vae::new(&unconditional, device),
        &unconditional,
        &DatasetRecord::mnist(),
    )
    .await
    .unwrap();
    refuse(
        &rewrite_config(&conv_file, &config),
        "this file holds the tensors of a model of kind conv (unconditional), but its header says cvae (conditional)",
        device,
    )
    .await;
    // A conditional model cannot continue an unconditional run's settings, nor the reverse.
    let error = Trainer::new(unconditional, loaded, device, data.len())
        .err()
        .expect("a conditional model under an unconditional config is refused")
        .to_string();
    assert!(
        error.contains(
            "the model is of kind cvae (conditional), the config says conv (unconditional)"
        ),
        "{error}"
    );
}

/// The ELBO classifier: p(y|x) sums to 1, the same image always gets the same answer, and a
/// trained conditional model reads most of a handful of test digits right.
pub async fn the_conditional_model_classifies_by_its_elbo(device: &Device) {
    let (model, config) = weights::load(SHIPPED_CONDITIONAL_MODEL, device)
        .await
        .unwrap();
    assert!(config.kind.is_conditional());
    let data = mnist_test().take(40);
    let all = data.batch(&(0..40).collect::<Vec<_>>(), device);
    let probabilities = read_floats(class_probabilities(&model, all.clone()).unwrap())
        .await
        .unwrap();
    let again = read_floats(class_probabilities(&model, all).unwrap())
        .await
        .unwrap();
    assert_eq!(probabilities, again, "the same images, other probabilities");
    let labels = data.labels().unwrap();
    let mut right = 0;
    for (row, &label) in probabilities.chunks_exact(10).zip(labels) {
        let total: f32 = row.iter().sum();
        assert!((total - 1.0).abs() < 1e-4, "p(y|x) sums to {total}");
        right += usize::from(most_probable(row) == usize::from(label));
    }
    assert!(right >= 36, "only {right} of 40 test digits read right");
    let share = classify_accuracy(&model, &data, 4, device).await.unwrap();
    assert!(
        (share - right as f64 / 40.0).abs() <= 0.1,
        "accuracy {share} against {right}/40"
    );
}

pub const SHIPPED_CONDITIONAL_MODEL: &[u8] = include_bytes!("../../www/models/cvae-latent2.vaew");

/// A session's labels: a conditional model needs one and an unconditional one refuses one,
/// with a message; ten digits from one style; samples of a chosen digit; a conditional model
/// cannot train on a split without labels. No refused call changes anything.
pub async fn the_session_checks_labels() {
    let mut session = Session::new(conditional(2, 0), Some(BackendKind::Flex))
        .await
        .unwrap();
    session
        .load_weights(SHIPPED_CONDITIONAL_MODEL)
        .await
        .unwrap();
    let image = mnist_test().image(0).unwrap();
    let before = session.save_weights().await.unwrap();
    let needs = "label: this cvae (conditional) model needs the digit (0–9)";
    let errors = [
        (session.encode(&image, None).await.err(), needs),
        (session.decode(&[0.0, 0.0], None).await.err(), needs),
        (session.infer(&image, 0, None).await.err(), needs),
        (session.explain(&image, None, None).await.err(), needs),
        (session.reconstruct(&image, None).await.err(), needs),
        (
            session.decode(&[0.0, 0.0], Some(10)).await.err(),
            "label: expected a whole number from 0 to 9, got 10",
        ),
        (
            session.decode_all_classes(&[0.0]).await.err(),
            "latent: expected one point of 2 values, got 1 values",
        ),
    ];
    for (error, expected) in errors {
        let error = error.expect("a bad call must fail").to_string();
        assert!(
            error.contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    let digits = session.decode_all_classes(&[0.3, -0.2]).await.unwrap();
    assert_eq!(digits.len(), 10 * IMAGE_PIXELS);
    for digit in 0..10u8 {
        let one = session.decode(&[0.3, -0.2], Some(digit)).await.unwrap();
        let row = &digits[usize::from(digit) * IMAGE_PIXELS..][..IMAGE_PIXELS];
        assert_close(row, &one, 1e-5, "decodeAllClasses against decode");
    }
    let probabilities = session.classify(&image).await.unwrap();
    assert_eq!(probabilities.len(), 10);
    assert_eq!(
        most_probable(&probabilities),
        usize::from(mnist_test().labels().unwrap()[0])
    );
    assert_eq!(
        session.sample(5, Some(3)).await.unwrap().len(),
        5 * IMAGE_PIXELS
    );
    assert_eq!(
        session.sample(12, None).await.unwrap().len(),
        12 * IMAGE_PIXELS
    );

    // A split loaded without labels: nothing to condition on.
    session
        .load_dataset(Split::Train, TEST_IMAGES, None)
        .unwrap();
    let error = session.train_steps(1).await.unwrap_err().to_string();
    assert!(error.contains("loaded without labels"), "{error}");
    assert!(
        session.save_weights().await.unwrap() == before,
        "a refused call changed the model"
    );

    // And an unconditional model refuses labels.
    let mut plain = session_with_model().await;
    for error in [
        plain.decode(&[0.0, 0.0], Some(3)).await.err(),
        plain.encode(&image, Some(3)).await.err(),
        plain.sample(2, Some(1)).await.err(),
    ] {
        let error = error.expect("a label is refused").to_string();
        assert!(
            error.contains("label: this conv (unconditional) model takes no label, got"),
            "{error}"
        );
    }
    for error in [
        plain.classify(&image).await.err(),
        plain.decode_all_classes(&[0.0, 0.0]).await.err(),
    ] {
        let error = error.expect("no classes").to_string();
        assert!(error.contains("only a conditional (cvae) model"), "{error}");
    }
    let error = plain.accuracy(10, 1).await.unwrap_err().to_string();
    assert!(error.contains("only a conditional"), "{error}");
    let error = session.accuracy(10, 0).await.unwrap_err().to_string();
    assert!(
        error.contains("samples: expected a whole number from 1 to 64, got 0"),
        "{error}"
    );
    assert_eq!(plain.train_steps(1).await.unwrap().chunk.steps, 1);
}

fn autoencoder(latent_dim: usize, seed: u64) -> VaeConfig {
    VaeConfig {
        kind: ModelKind::Ae,
        latent_dim,
        seed,
        ..VaeConfig::default()
    }
}

/// The autoencoder trains on its reconstruction term alone, which falls over a few hundred
/// steps on MNIST; no KL, no ELBO and no β appear anywhere in its reports or its evaluation.
pub async fn an_autoencoder_trains(device: &Device) {
    let data = mnist_test().take(1024);
    let config = VaeConfig {
        batch_size: 32,
        ..autoencoder(8, 21)
    };
    let model = seeded_model(&config, device);
    let before = evaluate(&model, &data, device).await.unwrap();
    let mut trainer = Trainer::new(config, model, device, data.len()).unwrap();
    let early = trainer.train_steps(&data, 50).await.unwrap();
    let late = trainer.train_steps(&data, 250).await.unwrap();
    let after = evaluate(&trainer.model(), &data, device).await.unwrap();
    for summary in [before, after, early.losses, late.losses] {
        assert_eq!((summary.kl, summary.elbo), (None, None), "{summary:?}");
    }
    for report in [early, late] {
        assert_eq!(report.beta, None, "an autoencoder has no KL to weigh");
        assert_relative(
            report.objective,
            report.losses.reconstruction,
            1e-9,
            "an autoencoder's objective is its reconstruction term",
        );
    }
    assert!(
        late.losses.reconstruction < early.losses.reconstruction - 20.0,
        "the training reconstruction term went from {} to {} nats",
        early.losses.reconstruction,
        late.losses.reconstruction
    );
    assert!(
        after.reconstruction < 0.5 * before.reconstruction,
        "the reconstruction term went from {} to only {} nats after 300 steps",
        before.reconstruction,
        after.reconstruction
    );
}

/// An autoencoder's kind is checked (its round trip is weights_round_trip's): a file whose
/// header claims another kind than its tensors hold is refused naming both, and a
/// kind this build does not know is refused naming it; an autoencoder cannot take a VAE's
/// training settings.
pub async fn an_autoencoder_file_is_checked_for_its_kind(device: &Device) {
    let config = autoencoder(3, 13);
    let model = seeded_model(&config, device);
    let bytes = weights::save(&model, &config, &DatasetRecord::mnist())
        .await
        .unwrap();
    let (loaded, _) = weights::load(&bytes, device).await.unwrap();

    let conv = VaeConfig {
        latent_dim: 3,
        ..VaeConfig::default()
    };
    let conv_file = weights::save(&Vae::new(&conv, device), &conv, &DatasetRecord::mnist())
        .await
        .unwrap();
    refuse(
        &rewrite_config(&bytes, &conv),
        "this file holds the tensors of a model of kind ae (autoencoder), but its header says conv (unconditional)",
        device,
    )
    .await;
    refuse(
        &rewrite_config(&conv_file, &config),
        "this file holds the tensors of a model of kind conv (unconditional), but its header says ae (autoencoder)",
        device,
    )
    .await;
    let unknown = serde_json::to_string(&config)
        .unwrap()
        .replace("\"ae\"", "\"vq\"");
    refuse(
        &rewrite_config_json(&bytes, &unknown),
        "the recorded config is unreadable: unknown variant `vq`",
        device,
    )
    .await;
    let error = Trainer::new(conv, loaded, device, 64)
        .err()
        .expect("an autoencoder under a VAE's config is refused")
        .to_string();
    assert!(
        error.contains(
            "the model is of kind ae (autoencoder), the config says conv (unconditional)"
        ),
        "{error}"
    );
}

/// β = 0 leaves the KL out of the gradient: the objective's gradient with respect to the
/// encoder's outputs (mean and log-variance) is the reconstruction's alone, and one training
/// step at β = 0 moves the weights exactly as the first step of a KL warm-up (β in effect 0)
/// does, and unlike a step with β = 1. During a warm-up each chunk reports the β in effect, and
/// its objective weighs the KL by it.
pub async fn beta_zero_leaves_the_kl_out_of_the_gradient(device: &Device) {
    let config = VaeConfig {
        seed: 9,
        ..VaeConfig::default()
    };
    let data = mnist_test().take(64);
    let grad_device = autodiff_device(device);
    let model = seeded_model(&config, device)
        .to_device(&grad_device)
        .no_grad();
    let images = data.batch(&(0..16).collect::<Vec<_>>(), &grad_device);
    let posterior = model
        .encode(images.clone(), None)
        .into_posterior("the test")
        .unwrap();
    let noise = posterior.standard_noise();
    let gradient = |loss: &dyn Fn(&LossParts) -> Tensor<1>| {
        let mean = posterior.mean.clone().detach().require_grad();
        let log_var = posterior.log_var.clone().detach().require_grad();
        let leaves = Posterior {
            mean: mean.clone(),
            log_var: log_var.clone(),
        };
        let parts = LossParts::sampled(&model, images.clone(), None, &leaves, noise.clone());
        let grads = loss(&parts).backward();
        let of = |leaf: &Tensor<2>| leaf.grad(&grads).expect("the leaf is an input of the loss");
        Tensor::cat(vec![of(&mean), of(&log_var)], 1)
    };
    let at_zero = read_floats(gradient(&|parts| parts.objective(0.0)))
        .await
        .unwrap();
    let reconstruction_only = read_floats(gradient(&|parts| parts.reconstruction.clone().mean()))
        .await
        .unwrap();
    let at_one = read_floats(gradient(&|parts| parts.objective(1.0)))
        .await
        .unwrap();
    assert_eq!(
        at_zero, reconstruction_only,
        "at β = 0 the KL reaches the gradient"
    );
    assert_ne!(
        at_one, at_zero,
        "at β = 1 the KL does not reach the gradient"
    );

    let one_step = |config: VaeConfig| first_step_of(config, &data, device);
    let (zero, after_zero) = one_step(VaeConfig {
        beta: 0.0,
        ..config.clone()
    })
    .await;
    let (warming, after_warming) = one_step(VaeConfig {
        warmup_steps: 1000,
        ..config.clone()
    })
    .await;
    let (full, after_full) = one_step(config.clone()).await;
    assert_eq!(
        (zero.beta, warming.beta, full.beta),
        (Some(0.0), Some(0.0), Some(1.0))
    );
    assert_eq!(zero.objective, zero.losses.reconstruction);
    assert_eq!(
        after_zero, after_warming,
        "β = 0 and a warm-up's first step differ"
    );
    assert_ne!(after_zero, after_full, "β = 1 trained like β = 0");

    // A warm-up over 4 steps to β = 2, one step per chunk.
    let warm = VaeConfig {
        beta: 2.0,
        warmup_steps: 4,
        ..config
    };
    let mut trainer = Trainer::new(warm.clone(), seeded_model(&warm, device), device, 64).unwrap();
    let mut betas = Vec::new();
    for _ in 0..6 {
        let report = trainer.train_steps(&data, 1).await.unwrap();
        let beta = report.beta.unwrap();
        assert_relative(
            report.objective,
            report.losses.reconstruction + beta * report.losses.kl.unwrap(),
            1e-9,
            "the objective weighs the KL by the β in effect",
        );
        betas.push(beta);
    }
    assert_eq!(betas, [0.0, 0.5, 1.0, 1.5, 2.0, 2.0]);
}

/// One training step of a fresh model under `config`: its report, and the encoder's outputs
/// (means, then log-variances) for four images after it.
async fn first_step_of(
    config: VaeConfig,
    data: &Mnist,
    device: &Device,
) -> (ChunkReport, Vec<f32>) {
    let mut trainer = Trainer::new(
        config.clone(),
        seeded_model(&config, device),
        device,
        data.len(),
    )
    .unwrap();
    let report = trainer.train_steps(data, 1).await.unwrap();
    let posterior = trainer
        .model()
        .encode(data.batch(&[0, 1, 2, 3], device), None)
        .into_posterior("the test")
        .unwrap();
    let outputs = Tensor::cat(vec![posterior.mean, posterior.log_var], 1);
    (report, read_floats(outputs).await.unwrap())
}

/// Active dimensions are those whose mean KL over the images is above 0.01 nats: a hand-built
/// posterior whose answer is known, then the trained models, whose per-dimension figures match
/// a direct computation and add up to the KL the test ELBO reports.
pub async fn active_dimensions_come_from_the_kl_per_dimension(device: &Device) {
    // Two images, four dimensions: μ = (1, 1), (0, 0), (0.2, 0.2), (0.1, 0) with σ = 1 have
    // mean KLs 0.5, 0, 0.02 and 0.0025 nats: dimensions 0 and 2 are active.
    let posterior = Posterior {
        mean: Tensor::from_data(
            TensorData::new(vec![1.0f32, 0.0, 0.2, 0.1, 1.0, 0.0, 0.2, 0.0], [2, 4]),
            device,
        ),
        log_var: Tensor::<2>::zeros([2, 4], device),
    };
    let kl: Vec<f64> = read_floats(kl_per_dimension(&posterior).mean_dim(0))
        .await
        .unwrap()
        .into_iter()
        .map(f64::from)
        .collect();
    assert_close(
        &kl.iter().map(|&v| v as f32).collect::<Vec<_>>(),
        &[0.5, 0.0, 0.02, 0.0025],
        1e-6,
        "KL per dimension",
    );
    assert_eq!(active_dimensions(&kl), 2);
    assert_eq!(
        active_dimensions(&[ACTIVE_KL_NATS, 0.0, 3.0]),
        1,
        "0.01 itself is not above"
    );
    assert_eq!(active_dimensions(&[]), 0);

    let data = mnist_test().take(500);
    for file in [SHIPPED_MODEL, SHIPPED_LATENT16_MODEL] {
        let (model, config) = weights::load(file, device).await.unwrap();
        let statistics = latent_statistics(&model, &data, device).await.unwrap();
        let dimensions = statistics.dimensions.as_ref().expect("a VAE's dimensions");
        assert_eq!(statistics.images, 500);
        assert_eq!(dimensions.kl_per_dim.len(), config.latent_dim);
        assert_eq!(dimensions.sigma_per_dim.len(), config.latent_dim);
        // Against a direct computation over the same images.
        let encoded = model
            .encode(data.batch(&(0..500).collect::<Vec<_>>(), device), None)
            .into_posterior("the test")
            .unwrap();
        let direct_kl = read_floats(kl_per_dimension(&encoded).mean_dim(0))
            .await
            .unwrap();
        let direct_sigma = read_floats(encoded.log_var.mul_scalar(0.5).exp().mean_dim(0))
            .await
            .unwrap();
        let as_f32 = |values: &[f64]| values.iter().map(|&v| v as f32).collect::<Vec<_>>();
        assert_close(
            &as_f32(&dimensions.kl_per_dim),
            &direct_kl,
            1e-4,
            "mean KL per dimension",
        );
        assert_close(
            &as_f32(&dimensions.sigma_per_dim),
            &direct_sigma,
            1e-4,
            "mean σ per dimension",
        );
        let total: f64 = dimensions.kl_per_dim.iter().sum();
        assert_relative(
            total,
            statistics.losses.kl.unwrap(),
            1e-4,
            "Σ per-dimension KL",
        );
        let test_elbo = evaluate(&model, &data, device).await.unwrap();
        assert_relative(
            test_elbo.kl.unwrap(),
            statistics.losses.kl.unwrap(),
            1e-5,
            "the test ELBO's KL",
        );
        assert_eq!(
            dimensions.active_dims,
            active_dimensions(&dimensions.kl_per_dim)
        );
        // Both shipped models use every dimension (over a nat each, σ well below 1).
        assert_eq!(dimensions.active_dims, config.latent_dim);
    }
}

pub const SHIPPED_LATENT16_MODEL: &[u8] = include_bytes!("../../www/models/conv-latent16.vaew");

/// A session with an autoencoder: what needs no posterior works (encode gives a code with no
/// log-variance, explain has no σ, ε or KL, infer and evaluate give the reconstruction term,
/// the model card has no dimensions; decode, sample, interpolate, encode a split); what needs
/// one is refused naming it (refinement, an ε, importance sampling; classifying is for a
/// conditional model). No refusal, nor a failed load, changes the model.
pub async fn an_autoencoder_session_refuses_what_needs_a_posterior() {
    let mut session = Session::new(autoencoder(2, 4), Some(BackendKind::Flex))
        .await
        .unwrap();
    session
        .load_dataset(Split::Train, TEST_IMAGES, Some(TEST_LABELS))
        .unwrap();
    session
        .load_dataset(Split::Test, TEST_IMAGES, Some(TEST_LABELS))
        .unwrap();
    let report = session.train_steps(20).await.unwrap();
    assert_eq!((report.chunk.beta, report.chunk.losses.kl), (None, None));
    let weights_before = session.save_weights().await.unwrap();
    let image = mnist_test().image(0).unwrap();

    let encoding = session.encode(&image, None).await.unwrap();
    assert_eq!((encoding.mean.len(), encoding.log_var), (2, None));
    let json = serde_json::to_value(session.encode(&image, None).await.unwrap()).unwrap();
    assert!(
        json.get("mean").is_some() && json.get("logVar").is_none(),
        "{json}"
    );

    let explained = session.explain(&image, None, None).await.unwrap();
    assert!(explained.posterior.is_none() && explained.elbo().is_none());
    assert_eq!(
        explained.z, explained.mean,
        "an autoencoder decodes its code"
    );
    assert_close(
        &explained.mean,
        &encoding.mean,
        1e-6,
        "explain's code against encode's",
    );
    let heat: f64 = explained.bce_per_pixel.iter().map(|&v| f64::from(v)).sum();
    assert_relative(
        heat,
        explained.reconstruction,
        1e-4,
        "Σ per-pixel cross-entropy",
    );

    let inference = session.infer(&image, 0, None).await.unwrap();
    assert_eq!(inference.log_var, None);
    assert_eq!((inference.elbo.kl, inference.elbo.elbo), (None, None));
    assert_relative(
        inference.elbo.reconstruction,
        explained.reconstruction,
        1e-5,
        "infer's reconstruction term against explain's",
    );
    assert_close(
        &inference.reconstruction,
        &session.reconstruct(&image, None).await.unwrap(),
        1e-6,
        "infer's reconstruction against reconstruct's",
    );
    let json = serde_json::to_value(&inference).unwrap();
    assert!(
        json.get("logVar").is_none() && json["elbo"].get("kl").is_none(),
        "{json}"
    );

    let evaluated = session.evaluate(200).await.unwrap();
    let statistics = session.latent_statistics(200).await.unwrap();
    assert_eq!((evaluated.kl, evaluated.elbo), (None, None));
    assert!(statistics.dimensions.is_none());
    // Nothing is drawn: the card's reconstruction term is the evaluation's, exactly.
    assert_eq!(statistics.losses, evaluated);
    let json = serde_json::to_value(&statistics).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["images", "reconstruction"], "{json}");

    assert_eq!(
        session.decode(&[0.5, -0.5], None).await.unwrap().len(),
        IMAGE_PIXELS
    );
    assert_eq!(
        session.sample(3, None).await.unwrap().len(),
        3 * IMAGE_PIXELS
    );
    let b = mnist_test().image(1).unwrap();
    assert_eq!(
        session
            .interpolate(&image, &b, 4, None)
            .await
            .unwrap()
            .len(),
        4 * IMAGE_PIXELS
    );
    let encoded = session.encode_dataset(Split::Test, 10).await.unwrap();
    assert_close(
        &encoded.means[..2],
        &encoding.mean,
        1e-5,
        "a split's first code",
    );

    let needs = "this ae (autoencoder) model has no posterior q(z|x)";
    let errors = [
        (session.infer(&image, 5, None).await.err(), "refineSteps"),
        (
            session.explain(&image, Some(&[0.0, 0.0]), None).await.err(),
            "eps",
        ),
        (
            session.explain(&image, Some(&[0.0]), None).await.err(),
            "eps",
        ),
    ];
    for (error, what) in errors {
        let error = error.expect("a VAE's call must fail for an ae").to_string();
        assert!(
            error.contains(&format!("{what}: {needs}")),
            "'{error}' should say '{what}: {needs}'"
        );
    }
    for error in [
        session.classify(&image).await.err(),
        session.decode_all_classes(&[0.0, 0.0]).await.err(),
        session.accuracy(10, 1).await.err(),
    ] {
        let error = error.expect("an ae reads no digits").to_string();
        assert!(error.contains("only a conditional (cvae) model"), "{error}");
    }
    let error = session
        .encode(&image, Some(3))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("label: this ae (autoencoder) model takes no label"),
        "{error}"
    );

    // The crate's own functions refuse as the session does.
    let device = Device::flex();
    let (model, _) = weights::load(&weights_before, &device).await.unwrap();
    let data = mnist_test().take(20);
    let library_errors = [
        (
            evaluate_refined(&model, &data, 3, &device).await.err(),
            "refineSteps",
        ),
        (
            importance_weighted_log_likelihood(&model, &data, 4, &device)
                .await
                .err(),
            "importance-weighted log p(x)",
        ),
        (
            refine_posterior(&model, data.batch(&[0], &device), None, 0).err(),
            "refineSteps",
        ),
        (
            classify_accuracy(&model, &data, 1, &device).await.err(),
            "only a conditional",
        ),
    ];
    for (error, what) in library_errors {
        let error = error.expect("an ae is refused").to_string();
        assert!(error.contains(what), "'{error}' should say '{what}'");
    }
    let kept = evaluate_refined(&model, &data, 0, &device).await.unwrap();
    assert_eq!(kept.kl, None, "zero refinement steps is the encoder's code");

    // A file that lies about its kind leaves the autoencoder in use.
    let conv = VaeConfig::default();
    let conv_file = weights::save(&Vae::new(&conv, &device), &conv, &DatasetRecord::mnist())
        .await
        .unwrap();
    let lying = rewrite_config(&conv_file, &autoencoder(2, 0));
    let error = session.load_weights(&lying).await.unwrap_err().to_string();
    assert!(error.contains("header says ae (autoencoder)"), "{error}");
    assert_eq!(session.config().kind, ModelKind::Ae);
    assert!(
        session.save_weights().await.unwrap() == weights_before,
        "a refused call changed the autoencoder"
    );
    // And a VAE loaded in its place has its posterior back.
    session.load_weights(SHIPPED_MODEL).await.unwrap();
    assert!(
        session
            .encode(&image, None)
            .await
            .unwrap()
            .log_var
            .is_some()
    );
    assert!(
        session
            .latent_statistics(50)
            .await
            .unwrap()
            .dimensions
            .is_some()
    );
}
