//! In-browser tests: `wasm-pack test --headless --chrome` (or `./build.sh test`).
//! The core checks of `tests/common` run on every backend the browser offers (Flex, ndarray,
//! and WebGPU where an adapter exists), then the wasm API is exercised as the page uses it.

#![cfg(target_arch = "wasm32")]

mod common;

use burn::tensor::{Device, Tensor, TensorData};
use vae_wasm::backend::{self, BackendKind, read_floats};
use vae_wasm::config::{ModelKind, VaeConfig};
use vae_wasm::model::Vae;
use vae_wasm::train::Trainer;
use vae_wasm::web::{VaeSession, preprocess_drawing};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the browser run a task. On the CPU backends every `.await` here resolves at once, so
/// without this the whole suite would hold the page's thread for minutes; ChromeDriver gives
/// up on a renderer that does not answer for 30 s, and the runner loses the results.
async fn yield_to_browser() {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("tests run in a page")
            .set_timeout_with_callback(&resolve)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(timer).await.unwrap();
}

async fn webgpu() -> Option<Device> {
    match backend::device(BackendKind::WebGpu).await {
        Ok(device) => Some(device),
        Err(error) => {
            web_sys::console::log_1(&format!("skipping WebGPU checks: {error}").into());
            None
        }
    }
}

#[allow(deprecated)]
async fn all_devices() -> Vec<Device> {
    let mut devices = vec![Device::flex(), Device::ndarray()];
    devices.extend(webgpu().await);
    devices
}

#[wasm_bindgen_test]
async fn core_checks_on_every_backend() {
    for device in all_devices().await {
        common::shapes_follow_the_config(&device).await;
        yield_to_browser().await;
        common::kl_matches_the_closed_form(&device).await;
        common::bce_matches_the_reference_formula(&device).await;
        yield_to_browser().await;
        common::decoded_pixels_are_probabilities(&device).await;
        yield_to_browser().await;
        common::weights_round_trip(&device).await;
        yield_to_browser().await;
    }
}

#[wasm_bindgen_test]
async fn training_lowers_the_loss_in_the_browser() {
    yield_to_browser().await;
    common::training_lowers_the_loss(&Device::flex(), ModelKind::Conv).await;
}

#[wasm_bindgen_test]
async fn divergence_and_bad_weights_are_handled_in_the_browser() {
    yield_to_browser().await;
    common::divergence_restores_the_last_good_weights(&Device::flex()).await;
    yield_to_browser().await;
    common::bad_weights_files_are_refused(&Device::flex()).await;
}

/// The same weights give the same outputs on WebGPU as on the CPU, before and after a step.
#[wasm_bindgen_test]
async fn webgpu_agrees_with_the_cpu() {
    yield_to_browser().await;
    let Some(gpu) = webgpu().await else { return };
    let cpu = Device::flex();
    let config = VaeConfig {
        seed: 5,
        ..VaeConfig::default()
    };
    let file = vae_wasm::weights::save(&Vae::new(&config, &cpu), &config)
        .await
        .unwrap();
    let (cpu_model, _) = vae_wasm::weights::load(&file, &cpu).unwrap();
    let (gpu_model, _) = vae_wasm::weights::load(&file, &gpu).unwrap();

    let data = common::mnist_test().take(64);
    let indices: Vec<usize> = (0..8).collect();
    let on = |model: &Vae, device: &Device| model.encode(data.batch(&indices, device)).mean;
    let cpu_mean = read_floats(on(&cpu_model, &cpu)).await.unwrap();
    let gpu_mean = read_floats(on(&gpu_model, &gpu)).await.unwrap();
    close(&cpu_mean, &gpu_mean, 1e-3, "encoder means");
    let z = |device: &Device| {
        Tensor::<2>::from_data(TensorData::new(vec![0.5f32, -1.0], [1, 2]), device)
    };
    let cpu_pixels = read_floats(cpu_model.decode(z(&cpu))).await.unwrap();
    let gpu_pixels = read_floats(gpu_model.decode(z(&gpu))).await.unwrap();
    close(&cpu_pixels, &gpu_pixels, 1e-3, "decoded pixels");

    // One training step on each: the reported losses agree (the noise differs, so loosely)
    // and the GPU run stays finite.
    let mut trainers = Vec::new();
    for (model, device) in [(cpu_model, &cpu), (gpu_model, &gpu)] {
        let mut trainer = Trainer::new(config.clone(), model, device, data.len()).unwrap();
        let report = trainer.train_steps(&data, 2).await.unwrap();
        trainers.push(report.losses.reconstruction);
    }
    let (cpu_loss, gpu_loss) = (trainers[0], trainers[1]);
    assert!(gpu_loss.is_finite(), "GPU training loss {gpu_loss}");
    assert!(
        (cpu_loss - gpu_loss).abs() < 0.05 * cpu_loss,
        "CPU loss {cpu_loss} vs GPU {gpu_loss}"
    );
}

fn close(a: &[f32], b: &[f32], tolerance: f32, what: &str) {
    assert_eq!(a.len(), b.len());
    let worst = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max);
    assert!(
        worst <= tolerance,
        "{what}: CPU and WebGPU differ by up to {worst}"
    );
}

fn js_config(config: &VaeConfig) -> JsValue {
    serde_wasm_bindgen::to_value(config).unwrap()
}

fn message(error: wasm_bindgen::JsError) -> String {
    let value: JsValue = error.into();
    js_sys::Error::from(value).message().into()
}

/// The session as the page drives it: every bad input is an error with a reason, and the
/// model survives each one.
#[wasm_bindgen_test]
async fn the_session_refuses_bad_input_and_keeps_its_model() {
    yield_to_browser().await;
    let mut session = VaeSession::create(JsValue::UNDEFINED, "cpu".into())
        .await
        .unwrap();
    assert_eq!(session.backend(), "flex");
    let z = vec![0.3f32, -0.7];
    let before = session.decode(z.clone()).await.unwrap();
    assert_eq!(before.len(), 784);

    let image = common::mnist_test().image(0);
    let bad_image = {
        let mut v = image.clone();
        v[100] = f32::NAN;
        v
    };
    let errors = [
        message(session.decode(vec![0.0; 3]).await.unwrap_err()),
        message(session.decode(vec![f32::INFINITY, 0.0]).await.unwrap_err()),
        message(session.reconstruct(vec![0.5; 100]).await.unwrap_err()),
        message(session.reconstruct(bad_image).await.unwrap_err()),
        message(session.infer(image.clone(), 10_000).await.unwrap_err()),
        message(session.sample(0).await.unwrap_err()),
        message(
            session
                .interpolate(image.clone(), image.clone(), 1)
                .await
                .unwrap_err(),
        ),
        message(session.train_steps(10).await.unwrap_err()),
        message(session.load_weights(&[1, 2, 3]).unwrap_err()),
        message(session.load_dataset("train", &[1, 2, 3], &[4]).unwrap_err()),
        message(
            session
                .reset(js_config(&VaeConfig {
                    latent_dim: 0,
                    ..VaeConfig::default()
                }))
                .unwrap_err(),
        ),
        message(preprocess_drawing(&[0; 16], 3, 3).unwrap_err()),
    ];
    for (error, expected) in errors.iter().zip([
        "2 values",
        "NaN",
        "multiple of 784",
        "NaN",
        "refineSteps",
        "between 1",
        "between 2",
        "training data",
        "magic",
        "IDX",
        "latentDim",
        "36 bytes",
    ]) {
        assert!(
            error.contains(expected),
            "'{error}' should mention '{expected}'"
        );
    }
    let bad_config = VaeSession::create(
        js_config(&VaeConfig {
            batch_size: 0,
            ..VaeConfig::default()
        }),
        "cpu".into(),
    )
    .await;
    assert!(message(bad_config.err().unwrap()).contains("batchSize"));
    let bad_backend = VaeSession::create(JsValue::UNDEFINED, "tpu".into()).await;
    assert!(message(bad_backend.err().unwrap()).contains("unknown backend"));

    assert_eq!(
        session.decode(z).await.unwrap(),
        before,
        "a failed call changed the model"
    );
}

/// Drawing → preprocess → reconstruct, sample, interpolate, train, save → load: the page's path.
#[wasm_bindgen_test]
async fn the_session_serves_the_page() {
    yield_to_browser().await;
    let mut session = VaeSession::create(JsValue::UNDEFINED, "auto".into())
        .await
        .unwrap();
    assert!(["flex", "webgpu"].contains(&session.backend().as_str()));
    let mut session_cpu = VaeSession::create(JsValue::UNDEFINED, "cpu".into())
        .await
        .unwrap();
    std::mem::swap(&mut session, &mut session_cpu);

    let count = session
        .load_dataset("train", common::TEST_IMAGES, common::TEST_LABELS)
        .unwrap();
    assert_eq!(count, 10_000);
    session
        .load_dataset("test", common::TEST_IMAGES, common::TEST_LABELS)
        .unwrap();

    // A drawn square of ink becomes a centred 28×28 input the model can reconstruct.
    let mut rgba = vec![0u8; 100 * 100 * 4];
    for y in 20..80 {
        for x in 40..60 {
            rgba[(y * 100 + x) * 4 + 3] = 255;
        }
    }
    let input = preprocess_drawing(&rgba, 100, 100).unwrap();
    assert_eq!(input.len(), 784);
    let reconstruction = session.reconstruct(input.clone()).await.unwrap();
    assert_eq!(reconstruction.len(), 784);
    assert_eq!(session.sample(9).await.unwrap().len(), 9 * 784);
    let strip = session
        .interpolate(input.clone(), common::mnist_test().image(1), 7)
        .await
        .unwrap();
    assert_eq!(strip.len(), 7 * 784);

    yield_to_browser().await;
    let before = session.evaluate(1000).await.unwrap();
    yield_to_browser().await;
    let elbo_before = js_sys::Reflect::get(&before, &"elbo".into())
        .unwrap()
        .as_f64()
        .unwrap();
    let report = session.train_steps(40).await.unwrap();
    let speed = js_sys::Reflect::get(&report, &"imagesPerSecond".into())
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(speed > 0.0);
    yield_to_browser().await;
    let after = session.evaluate(1000).await.unwrap();
    let elbo_after = js_sys::Reflect::get(&after, &"elbo".into())
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(
        elbo_after > elbo_before + 50.0,
        "ELBO {elbo_before} → {elbo_after}"
    );

    let file = session.save_weights().await.unwrap();
    let mut other = VaeSession::create(JsValue::UNDEFINED, "cpu".into())
        .await
        .unwrap();
    other.load_weights(&file).unwrap();
    assert_eq!(
        other.reconstruct(input.clone()).await.unwrap(),
        session.reconstruct(input).await.unwrap(),
        "weights moved between sessions give different reconstructions"
    );
}
