//! Behaviour checks shared by the native tests (`tests/native.rs`, run with pollster) and the
//! in-browser tests (`tests/web.rs`, run by wasm-bindgen-test): each takes the device to run on,
//! so the same assertions cover Flex, ndarray and WebGPU.

#![allow(dead_code)] // each test binary uses its own subset

use burn::tensor::{Device, Tensor, TensorData};
use vae_wasm::backend::read_floats;
use vae_wasm::config::{ModelKind, VaeConfig};
use vae_wasm::data::Mnist;
use vae_wasm::error::VaeError;
use vae_wasm::inference::refine_posterior;
use vae_wasm::loss::{bce_with_logits, kl_to_standard_normal};
use vae_wasm::model::{IMAGE_PIXELS, Posterior, Vae};
use vae_wasm::train::{Trainer, evaluate, evaluate_refined};
use vae_wasm::weights;

/// The MNIST test split as shipped with the site (10,000 images, gzip).
pub const TEST_IMAGES: &[u8] = include_bytes!("../../www/data/t10k-images-idx3-ubyte.gz");
pub const TEST_LABELS: &[u8] = include_bytes!("../../www/data/t10k-labels-idx1-ubyte.gz");

pub fn mnist_test() -> Mnist {
    Mnist::from_idx(TEST_IMAGES, TEST_LABELS).expect("the shipped MNIST test files parse")
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

pub async fn shapes_follow_the_config(device: &Device) {
    for kind in [ModelKind::Conv, ModelKind::Mlp] {
        for latent_dim in [2, 16] {
            let config = VaeConfig {
                kind,
                latent_dim,
                ..VaeConfig::default()
            };
            let model = Vae::new(&config, device);
            let images = Tensor::<2>::zeros([3, IMAGE_PIXELS], device);
            let posterior = model.encode(images);
            assert_eq!(posterior.mean.dims(), [3, latent_dim], "{kind:?} mean");
            assert_eq!(
                posterior.log_var.dims(),
                [3, latent_dim],
                "{kind:?} log-variance"
            );
            let decoded = model.decode(posterior.reparameterise());
            assert_eq!(decoded.dims(), [3, IMAGE_PIXELS], "{kind:?} decoded");
            assert_eq!(model.latent_dim(), latent_dim);
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
    let pixels = read_floats(model.decode(latents)).await.unwrap();
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
    assert!(
        after.elbo > before.elbo + 100.0,
        "{kind:?}: ELBO went from {} to {} after 48 steps",
        before.elbo,
        after.elbo
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
    let amortised = evaluate(&model, &data, device).await.unwrap();
    let refined = evaluate_refined(&model, &data, 30, device).await.unwrap();
    assert!(
        refined.elbo > amortised.elbo + 1.0,
        "refined ELBO {} is not above the encoder's {}",
        refined.elbo,
        amortised.elbo
    );
    // The same image gets the same refined posterior every time (the page relies on it).
    let images = data.batch(&[0, 1, 2], device);
    let once = refine_posterior(&model, images.clone(), 10);
    let again = refine_posterior(&model, images, 10);
    assert_eq!(
        read_floats(once.mean).await.unwrap(),
        read_floats(again.mean).await.unwrap(),
        "refinement is not repeatable"
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
    let decoded_before = read_floats(model.decode(z.clone())).await.unwrap();
    let encoded_before = read_floats(model.encode(images.clone()).mean)
        .await
        .unwrap();
    let (trained, _) = briefly_trained(device, model.with_frozen_decoder(), config).await;
    assert_eq!(
        read_floats(trained.decode(z)).await.unwrap(),
        decoded_before,
        "the frozen decoder changed"
    );
    assert_ne!(
        read_floats(trained.encode(images).mean).await.unwrap(),
        encoded_before,
        "the encoder did not train"
    );
}

/// Saving and loading gives a model with identical outputs; the file records the config.
pub async fn weights_round_trip(device: &Device) {
    let config = VaeConfig {
        latent_dim: 3,
        seed: 11,
        ..VaeConfig::default()
    };
    let model = Vae::new(&config, device);
    let bytes = weights::save(&model, &config).await.unwrap();
    let (loaded, loaded_config) = weights::load(&bytes, device).unwrap();
    assert_eq!(loaded_config, config);
    let images = mnist_test().take(4).batch(&[0, 1, 2, 3], device);
    let original = read_floats(model.encode(images.clone()).mean)
        .await
        .unwrap();
    let reloaded = read_floats(loaded.encode(images).mean).await.unwrap();
    assert_eq!(original, reloaded, "encodings differ after save → load");
    let z = Tensor::<2>::ones([1, 3], device);
    assert_eq!(
        read_floats(model.decode(z.clone())).await.unwrap(),
        read_floats(loaded.decode(z)).await.unwrap(),
        "decodings differ after save → load"
    );
    // And the bytes themselves are stable: saving the loaded model gives the same file.
    assert_eq!(weights::save(&loaded, &config).await.unwrap(), bytes);
}

/// A diverging run (learning rate 10) stops with an error and keeps the last good weights.
pub async fn divergence_restores_the_last_good_weights(device: &Device) {
    let data = mnist_test().take(256);
    let config = VaeConfig {
        learning_rate: 10.0,
        seed: 3,
        ..VaeConfig::default()
    };
    let model = Vae::new(&config, device);
    let mut last_good = weights::save(&model, &config).await.unwrap();
    let mut trainer = Trainer::new(config.clone(), model, device, data.len()).unwrap();
    let mut error = None;
    for _ in 0..20 {
        match trainer.train_steps(&data, 4).await {
            Ok(_) => last_good = weights::save(&trainer.model(), &config).await.unwrap(),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let error = error.expect("a learning rate of 10 diverges within 80 steps");
    assert!(matches!(error, VaeError::Training(_)), "{error}");
    assert!(error.to_string().contains("learning rate"), "{error}");
    let now = weights::save(&trainer.model(), &config).await.unwrap();
    assert!(
        now == last_good,
        "the weights from before the diverging chunk were not restored"
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
        files.push(weights::save(&trainer.model(), &config).await.unwrap());
    }
    assert!(files[0] == files[1], "same seed, different weights");
}

/// Every kind of bad weights file is refused with a message; nothing is half-loaded.
pub async fn bad_weights_files_are_refused(device: &Device) {
    let config = VaeConfig::default();
    let good = weights::save(&Vae::new(&config, device), &config)
        .await
        .unwrap();
    let refuse = |bytes: &[u8], expect: &str| {
        let error = weights::load(bytes, device).expect_err("a bad file must be refused");
        assert!(matches!(error, VaeError::Weights(_)), "{error}");
        assert!(
            error.to_string().contains(expect),
            "'{error}' should mention '{expect}'"
        );
    };
    refuse(&[], "empty");
    refuse(b"PK\x03\x04 not weights at all", "magic");
    // Truncated anywhere: every prefix is refused.
    for len in (1..good.len())
        .step_by(997)
        .chain([good.len() - 1, 5, 9, 12])
    {
        let error =
            weights::load(&good[..len], device).expect_err("a truncated file must be refused");
        assert!(
            matches!(error, VaeError::Weights(_)),
            "prefix of {len} bytes: {error}"
        );
    }
    // A flipped bit in the values fails the checksum.
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    refuse(&flipped, "checksum");
    // Another format version.
    let mut other_version = good.clone();
    other_version[4] = 9;
    refuse(&other_version, "version");
    // Weights of another architecture under this config's header: the tensors do not match.
    let mlp = VaeConfig {
        kind: ModelKind::Mlp,
        ..VaeConfig::default()
    };
    let mlp_file = weights::save(&Vae::new(&mlp, device), &mlp).await.unwrap();
    refuse(
        &rewrite_config(&mlp_file, &config),
        "the file has 8 tensors",
    );
    let wider = VaeConfig {
        latent_dim: 3,
        ..VaeConfig::default()
    };
    let wider_file = weights::save(&Vae::new(&wider, device), &wider)
        .await
        .unwrap();
    refuse(&rewrite_config(&wider_file, &config), "expected tensor");
    // NaN values, with a valid checksum.
    let mut with_nan = good[..good.len() - 4].to_vec();
    let last_value = with_nan.len() - 4;
    with_nan[last_value..].copy_from_slice(&f32::NAN.to_le_bytes());
    refuse(&seal(with_nan), "non-finite");
    // An invalid config in the header.
    let invalid = VaeConfig {
        latent_dim: 0,
        ..VaeConfig::default()
    };
    refuse(&rewrite_config(&good, &invalid), "config");
}

/// Recomputes the trailing CRC-32 of a weights body.
fn seal(mut body: Vec<u8>) -> Vec<u8> {
    let checksum = crc32fast::hash(&body);
    body.extend_from_slice(&checksum.to_le_bytes());
    body
}

/// The same file with another config JSON in its header (and a valid checksum).
fn rewrite_config(file: &[u8], config: &VaeConfig) -> Vec<u8> {
    let old_len = u32::from_le_bytes(file[8..12].try_into().unwrap()) as usize;
    let json = serde_json::to_vec(config).unwrap();
    let mut body = file[..8].to_vec();
    body.extend_from_slice(&(json.len() as u32).to_le_bytes());
    body.extend_from_slice(&json);
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
