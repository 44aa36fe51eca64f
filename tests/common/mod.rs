//! Behaviour checks shared by the native tests (`tests/native.rs`, run with pollster) and the
//! in-browser tests (`tests/web.rs`, run by wasm-bindgen-test): each takes the device to run on,
//! so the same assertions cover Flex, ndarray and WebGPU.

#![allow(dead_code)] // each test binary uses its own subset

use burn::tensor::{Device, Tensor, TensorData};
use vae_wasm::backend::{BackendKind, read_floats};
use vae_wasm::config::{ModelKind, VaeConfig};
use vae_wasm::data::IMAGE_PIXELS;
use vae_wasm::data::Mnist;
use vae_wasm::error::VaeError;
use vae_wasm::eval::{evaluate, evaluate_refined};
use vae_wasm::inference::refine_posterior;
use vae_wasm::loss::{bce_with_logits, kl_to_standard_normal};
use vae_wasm::model::{Posterior, Vae};
use vae_wasm::session::{Session, Split};
use vae_wasm::train::Trainer;
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
    let (loaded, loaded_config) = weights::load(&bytes, device).await.unwrap();
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

/// A fresh model for `config`, the same on every call (the device is seeded first).
fn seeded_model(config: &VaeConfig, device: &Device) -> Vae {
    device.seed(config.seed);
    Vae::new(config, device)
}

async fn save(trainer: &Trainer) -> Vec<u8> {
    weights::save(&trainer.model(), trainer.config())
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
    let mlp_file = weights::save(&Vae::new(&mlp, device), &mlp).await.unwrap();
    refuse(
        &rewrite_config(&mlp_file, &config),
        "the file has 8 tensors",
        device,
    )
    .await;
    let wider = VaeConfig {
        latent_dim: 3,
        ..VaeConfig::default()
    };
    let wider_file = weights::save(&Vae::new(&wider, device), &wider)
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
    let good = weights::save(&Vae::new(&config, device), &config)
        .await
        .unwrap();
    let config_len = u32::from_le_bytes(good[8..12].try_into().unwrap()) as usize;
    let mut body = good[..good.len() - 4].to_vec();
    // Walk the tensors and overwrite every value with ±3e38.
    let mut at = 12 + config_len + 4;
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

/// A CPU session with the shipped latent-2 model and the test split loaded as both splits.
pub async fn session_with_model() -> Session {
    let mut session = Session::new(VaeConfig::default(), Some(BackendKind::Flex))
        .await
        .unwrap();
    session.load_weights(SHIPPED_MODEL).await.unwrap();
    session
        .load_dataset(Split::Train, TEST_IMAGES, TEST_LABELS)
        .unwrap();
    session
        .load_dataset(Split::Test, TEST_IMAGES, TEST_LABELS)
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
    let decoded = session.decode(&z).await.unwrap();

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
            session.encode(&outside).await.err(),
            "image: pixels must be within [0, 1], got 3 at index 100",
        ),
        (
            session.infer(&with_nan, 0).await.err(),
            "got NaN at index 5",
        ),
        (
            session.infer(&image, 501).await.err(),
            "refineSteps: expected a whole number from 0 to 500, got 501",
        ),
        (
            session.reconstruct(&image[..100]).await.err(),
            "multiple of 784",
        ),
        (session.decode(&[3e38, 3e38]).await.err(), "within ±1000"),
        (
            session.decode(&[0.0; 3]).await.err(),
            "one point of 2 values",
        ),
        (session.decode_batch(&[]).await.err(), "multiple of 2"),
        (
            session.sample(0).await.err(),
            "count: expected a whole number from 1 to 4096, got 0",
        ),
        (
            session.interpolate(&image, &image, 1).await.err(),
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
            session.load_dataset(Split::Train, &[1, 2, 3], &[4]).err(),
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
    assert_eq!(session.decode(&z).await.unwrap(), decoded);
    // Outputs for accepted inputs are finite, at the edges of what is accepted too.
    let far = session.decode(&[1000.0, -1000.0]).await.unwrap();
    assert!(far.iter().all(|p| (0.0..=1.0).contains(p)));
    let blank = session.infer(&[0.0; 784], 5).await.unwrap();
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
                .load_dataset(split, &image_file, &label_file)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(expected),
                "'{error}' should say '{expected}'"
            );
        }
    }
    // The good splits are still there.
    assert!(session.evaluate(100).await.unwrap().elbo.is_finite());
    let encoded = session.encode_dataset(Split::Test, 10).await.unwrap();
    assert_eq!(encoded.labels, &mnist_test().labels()[..10]);
}
