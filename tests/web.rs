//! In-browser tests: `wasm-pack test --headless --chrome` (webdriver.json turns WebGPU on).
//! The core checks of `tests/common` run on every backend (Flex, ndarray, WebGPU), WebGPU is
//! compared with the CPU number by number, and the wasm API is exercised as the page uses it,
//! bad JS values included.

#![cfg(target_arch = "wasm32")]

mod common;

use burn::tensor::{Device, Tensor, TensorData};
use js_sys::{Array, Float32Array, JSON, Object, Reflect, Uint8Array};
use vae_wasm::backend::{self, BackendKind, read_floats};
use vae_wasm::classify::class_probabilities;
use vae_wasm::config::VaeConfig;
use vae_wasm::data::one_hot;
use vae_wasm::explain::explain;
use vae_wasm::model::Vae;
use vae_wasm::train::Trainer;
use vae_wasm::web::{VaeSession, config_limits, mask_preset, mask_presets, preprocess_drawing};
use vae_wasm::weights;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the browser run a task. On the CPU backends every `.await` here resolves at once, so
/// without this a test would hold the page's thread for long stretches; the runner polls the
/// page every few seconds and gives up on one that does not answer.
async fn yield_to_browser() {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("tests run in a page")
            .set_timeout_with_callback(&resolve)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(timer).await.unwrap();
}

/// WebGPU is part of the suite: webdriver.json starts Chromium with it (on SwiftShader where
/// there is no GPU).
async fn webgpu() -> Device {
    backend::device(BackendKind::WebGpu)
        .await
        .expect("WebGPU must be available: webdriver.json passes --enable-unsafe-webgpu")
}

#[wasm_bindgen_test]
async fn core_checks_on_every_backend() {
    #[allow(deprecated)] // ndarray is deprecated in burn 0.22 but stays a selectable backend
    let devices = [Device::flex(), Device::ndarray(), webgpu().await];
    for device in devices {
        common::shapes_follow_the_config(&device).await;
        yield_to_browser().await;
        common::kl_matches_the_closed_form(&device).await;
        common::bce_matches_the_reference_formula(&device).await;
        yield_to_browser().await;
        common::decoded_pixels_are_probabilities(&device).await;
        yield_to_browser().await;
        common::weights_round_trip(&device).await;
        yield_to_browser().await;
        common::explain_opens_up_the_forward_pass(&device).await;
        yield_to_browser().await;
        common::the_conditional_model_takes_the_label(&device).await;
        yield_to_browser().await;
    }
}

/// The crate's convolutions give burn's outputs and gradients in the browser too: within 1e-4 on
/// Flex (the crate's kernels), exactly on ndarray and WebGPU (burn's own operations).
#[wasm_bindgen_test]
async fn own_convolutions_agree_with_burns_in_the_browser() {
    #[allow(deprecated)]
    let exact = [Device::ndarray(), webgpu().await];
    for (case, seed) in common::kernels::cases(&[1, 32], 40) {
        yield_to_browser().await;
        common::kernels::agrees_with_burn(&case, &Device::flex(), seed, 1e-4).await;
    }
    for device in &exact {
        for (case, seed) in common::kernels::cases(&[3], 0) {
            yield_to_browser().await;
            common::kernels::agrees_with_burn(&case, device, seed, 0.0).await;
        }
    }
}

#[wasm_bindgen_test]
async fn training_lowers_the_loss_in_the_browser() {
    yield_to_browser().await;
    common::training_lowers_the_loss(&Device::flex(), vae_wasm::ModelKind::Conv).await;
}

#[wasm_bindgen_test]
async fn one_step_in_slow_motion_is_a_training_step_in_the_browser() {
    yield_to_browser().await;
    common::one_step_in_slow_motion_is_a_training_step(&Device::flex()).await;
}

#[wasm_bindgen_test]
async fn divergence_and_bad_weights_are_handled_in_the_browser() {
    yield_to_browser().await;
    common::a_diverging_step_is_undone_exactly(&Device::flex()).await;
    yield_to_browser().await;
    common::bad_weights_files_are_refused(&Device::flex()).await;
    yield_to_browser().await;
    common::weights_that_overflow_are_refused(&Device::flex()).await;
}

/// The largest |a − b| / (1 + |a|): absolute near zero, relative for large values.
fn worst_relative_difference(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs() / (1.0 + x.abs()))
        .fold(0.0, f32::max)
}

fn worst_difference(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// The shipped weights give the same numbers on WebGPU as on the CPU: decodes and encoder means
/// within 1e-4, every value the Inside view shows within 1e-4 (relative), and 20 training steps from the same weights, seed and batch order with losses
/// within 0.1 % at the first step and 1 % at every step.
#[wasm_bindgen_test]
async fn webgpu_agrees_with_the_cpu() {
    yield_to_browser().await;
    let (cpu, gpu) = (Device::flex(), webgpu().await);
    let (cpu_model, config) = weights::load(common::SHIPPED_MODEL, &cpu).await.unwrap();
    let (gpu_model, _) = weights::load(common::SHIPPED_MODEL, &gpu).await.unwrap();

    let data = common::mnist_test().take(160);
    let indices: Vec<usize> = (0..16).collect();
    let means =
        |model: &Vae, device: &Device| model.encode(data.batch(&indices, device), None).point();
    let worst = worst_difference(
        &read_floats(means(&cpu_model, &cpu)).await.unwrap(),
        &read_floats(means(&gpu_model, &gpu)).await.unwrap(),
    );
    assert!(worst <= 1e-4, "encoder means differ by up to {worst}");
    let points = vec![0.5f32, -1.0, 0.0, 0.0, -2.5, 2.0, 1.2, 0.3];
    let z =
        |device: &Device| Tensor::<2>::from_data(TensorData::new(points.clone(), [4, 2]), device);
    let worst = worst_difference(
        &read_floats(cpu_model.decode(z(&cpu), None)).await.unwrap(),
        &read_floats(gpu_model.decode(z(&gpu), None)).await.unwrap(),
    );
    assert!(worst <= 1e-4, "decoded pixels differ by up to {worst}");
    yield_to_browser().await;

    // The Inside view: every value of `explain`, layer by layer.
    let image = data.image(7).unwrap();
    let inputs = |device: &Device| {
        (
            Tensor::from_data(TensorData::new(image.clone(), [1, 784]), device),
            Tensor::from_data(TensorData::new(vec![0.8f32, -0.4], [1, 2]), device),
        )
    };
    let (images, noise) = inputs(&cpu);
    let on_cpu = explain(&cpu_model, images, None, Some(noise))
        .await
        .unwrap();
    let (images, noise) = inputs(&gpu);
    let on_gpu = explain(&gpu_model, images, None, Some(noise))
        .await
        .unwrap();
    let (cpu_steps, gpu_steps) = (common::steps_of(&on_cpu), common::steps_of(&on_gpu));
    let mut fields = vec![
        ("mean", &on_cpu.mean, &on_gpu.mean),
        ("logVar", &cpu_steps.log_var, &gpu_steps.log_var),
        ("z", &on_cpu.z, &on_gpu.z),
        ("logits", &on_cpu.logits, &on_gpu.logits),
        (
            "probabilities",
            &on_cpu.probabilities,
            &on_gpu.probabilities,
        ),
        ("bcePerPixel", &on_cpu.bce_per_pixel, &on_gpu.bce_per_pixel),
        ("klPerDim", &cpu_steps.kl_per_dim, &gpu_steps.kl_per_dim),
    ];
    for (cpu_layer, gpu_layer) in on_cpu.layers.iter().zip(&on_gpu.layers) {
        assert_eq!(cpu_layer.name, gpu_layer.name);
        fields.push((
            gpu_layer.name.as_str(),
            &cpu_layer.values,
            &gpu_layer.values,
        ));
    }
    assert_eq!(on_cpu.layers.len(), on_gpu.layers.len());
    for (name, a, b) in fields {
        let worst = worst_relative_difference(a, b);
        assert!(
            worst <= 1e-4,
            "explain's {name} differs by up to {worst} (relative)"
        );
    }
    for (name, a, b) in [
        (
            "reconstruction",
            on_cpu.reconstruction,
            on_gpu.reconstruction,
        ),
        ("kl", cpu_steps.kl, gpu_steps.kl),
        (
            "elbo",
            on_cpu.elbo().unwrap_or(f64::NAN),
            on_gpu.elbo().unwrap_or(f64::NAN),
        ),
    ] {
        assert!(
            (a - b).abs() <= 1e-4 * (1.0 + a.abs()),
            "explain's {name}: {a} on the CPU, {b} on WebGPU"
        );
    }
    yield_to_browser().await;

    // Batches of 8 keep this short on a software WebGPU adapter.
    let config = VaeConfig {
        batch_size: 8,
        seed: 21,
        ..config
    };
    let mut cpu_trainer = Trainer::new(config.clone(), cpu_model, &cpu, data.len()).unwrap();
    let mut gpu_trainer = Trainer::new(config, gpu_model, &gpu, data.len()).unwrap();
    for step in 1..=20 {
        let on_cpu = cpu_trainer.train_steps(&data, 1).await.unwrap().losses;
        let on_gpu = gpu_trainer.train_steps(&data, 1).await.unwrap().losses;
        let (a, b) = (-on_cpu.elbo.unwrap(), -on_gpu.elbo.unwrap());
        let tolerance = if step == 1 { 1e-3 } else { 1e-2 };
        assert!(
            (a - b).abs() <= tolerance * a.abs(),
            "step {step}: loss {a} on the CPU, {b} on WebGPU"
        );
        yield_to_browser().await;
    }
}

/// The shipped conditional model gives the same numbers on WebGPU as on the CPU: posterior
/// means told the true digits, each digit written from one style, and p(y|x), within 1e-4.
#[wasm_bindgen_test]
async fn webgpu_agrees_with_the_cpu_for_a_conditional_model() {
    yield_to_browser().await;
    let (cpu, gpu) = (Device::flex(), webgpu().await);
    let model = common::SHIPPED_CONDITIONAL_MODEL;
    let (cpu_model, _) = weights::load(model, &cpu).await.unwrap();
    let (gpu_model, _) = weights::load(model, &gpu).await.unwrap();
    let data = common::mnist_test().take(8);
    let indices: Vec<usize> = (0..8).collect();
    let labels = data.labels().unwrap();
    let means = |model: &Vae, device: &Device| {
        model
            .encode(data.batch(&indices, device), Some(one_hot(labels, device)))
            .point()
    };
    let worst = worst_relative_difference(
        &read_floats(means(&cpu_model, &cpu)).await.unwrap(),
        &read_floats(means(&gpu_model, &gpu)).await.unwrap(),
    );
    assert!(worst <= 1e-4, "conditional means differ by up to {worst}");
    let digits: Vec<u8> = (0..10).collect();
    let written = |model: &Vae, device: &Device| {
        let z = Tensor::<2>::from_data(TensorData::new(vec![0.4f32, -0.9], [1, 2]), device);
        model.decode(z.repeat_dim(0, 10), Some(one_hot(&digits, device)))
    };
    let worst = worst_relative_difference(
        &read_floats(written(&cpu_model, &cpu)).await.unwrap(),
        &read_floats(written(&gpu_model, &gpu)).await.unwrap(),
    );
    assert!(worst <= 1e-4, "the ten digits differ by up to {worst}");
    yield_to_browser().await;
    let probabilities = |model: &Vae, device: &Device| {
        class_probabilities(model, data.batch(&indices[..2], device)).unwrap()
    };
    let worst = worst_relative_difference(
        &read_floats(probabilities(&cpu_model, &cpu)).await.unwrap(),
        &read_floats(probabilities(&gpu_model, &gpu)).await.unwrap(),
    );
    assert!(worst <= 1e-4, "p(y|x) differs by up to {worst}");
}

/// A conditional session through the JS API: labels required and checked as JS values, ten
/// digits from one style, p(y|x), and no training on a split without labels.
#[wasm_bindgen_test]
async fn a_conditional_session_takes_labels_from_js() {
    yield_to_browser().await;
    let mut session = VaeSession::create(object(r#"{"kind": "cvae"}"#), "cpu".into())
        .await
        .unwrap();
    session
        .load_weights(bytes(common::SHIPPED_CONDITIONAL_MODEL))
        .await
        .unwrap();
    let image = pixels(&common::mnist_test().image(0).unwrap());
    let z = pixels(&[0.2, 0.1]);
    let probabilities = session.classify(image.clone()).await.unwrap();
    assert_eq!(probabilities.len(), 10);
    assert!((probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    assert_eq!(
        session.decode_all_classes(z.clone()).await.unwrap().len(),
        7840
    );
    assert_eq!(
        session.decode(z.clone(), num(4.0)).await.unwrap().len(),
        784
    );
    assert_eq!(
        session.sample(num(3.0), num(9.0)).await.unwrap().len(),
        3 * 784
    );
    let inferred = session
        .infer(image.clone(), num(0.0), num(7.0))
        .await
        .unwrap();
    assert!(number(&inferred, "elbo.elbo") < 0.0);
    let checks = [
        (
            message(session.decode(z.clone(), num(2.5)).await.unwrap_err()),
            "label: expected a whole number from 0 to 9, got 2.5",
        ),
        (
            message(session.decode(z.clone(), num(f64::NAN)).await.unwrap_err()),
            "label: expected a whole number from 0 to 9, got NaN",
        ),
        (
            message(session.decode(z.clone(), num(10.0)).await.unwrap_err()),
            "got 10",
        ),
        (
            message(session.decode(z.clone(), num(-1.0)).await.unwrap_err()),
            "got -1",
        ),
        (
            message(session.decode(z.clone(), "3".into()).await.unwrap_err()),
            "label: expected a whole number, got the string \"3\"",
        ),
        (
            message(session.decode(z.clone(), JsValue::NULL).await.unwrap_err()),
            "label: expected a whole number, got null",
        ),
        (
            message(
                session
                    .decode(z.clone(), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "label: this cvae (conditional) model needs the digit",
        ),
    ];
    for (error, expected) in &checks {
        assert!(
            error.contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    // Without labels there is nothing to train a conditional model on.
    session
        .load_dataset(
            "train".into(),
            bytes(common::TEST_IMAGES),
            JsValue::UNDEFINED,
        )
        .unwrap();
    let error = message(session.train_steps(num(1.0)).await.unwrap_err());
    assert!(error.contains("loaded without labels"), "{error}");
    session
        .load_dataset(
            "train".into(),
            bytes(common::TEST_IMAGES),
            bytes(common::TEST_LABELS),
        )
        .unwrap();
    assert_eq!(
        number(&session.train_steps(num(1.0)).await.unwrap(), "steps"),
        1.0
    );
    // An unconditional session refuses a label.
    let plain = VaeSession::create(JsValue::UNDEFINED, "cpu".into())
        .await
        .unwrap();
    let error = message(plain.decode(z, num(3.0)).await.unwrap_err());
    assert!(error.contains("takes no label, got 3"), "{error}");
}

fn field(object: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(object.clone(), |value, key| {
        Reflect::get(&value, &key.into()).unwrap()
    })
}

fn number(object: &JsValue, path: &str) -> f64 {
    field(object, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

fn message(error: JsValue) -> String {
    js_sys::Error::from(error).message().into()
}

fn object(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn pixels(values: &[f32]) -> JsValue {
    Float32Array::from(values).into()
}

fn bytes(values: &[u8]) -> JsValue {
    Uint8Array::from(values).into()
}

fn num(value: f64) -> JsValue {
    JsValue::from_f64(value)
}

/// The page's whole path on one backend: weights, encode, decode, sample, infer with refinement,
/// interpolate, the latent map, training, evaluation, save → load into another session.
async fn the_session_serves_the_page_on(backend: &str, train_steps: f64, eval_images: f64) {
    yield_to_browser().await;
    let mut session = VaeSession::create(JsValue::UNDEFINED, backend.into())
        .await
        .unwrap();
    let expected_backend = if backend == "cpu" { "flex" } else { backend };
    assert_eq!(session.backend(), expected_backend);
    session
        .load_weights(bytes(common::SHIPPED_MODEL))
        .await
        .unwrap();
    let small_config = object(r#"{"batchSize": 8, "seed": 4}"#);
    session.set_training_config(small_config).unwrap();
    let images = bytes(common::TEST_IMAGES);
    let labels = bytes(common::TEST_LABELS);
    let count = session
        .load_dataset("train".into(), images.clone(), labels.clone())
        .unwrap();
    assert_eq!(count, 10_000);
    session.load_dataset("test".into(), images, labels).unwrap();

    // A drawn bar of ink becomes a centred 28×28 input the model can reconstruct.
    let mut rgba = vec![0u8; 100 * 100 * 4];
    for y in 20..80 {
        for x in 45..55 {
            rgba[(y * 100 + x) * 4 + 3] = 255;
        }
    }
    let input = preprocess_drawing(bytes(&rgba), num(100.0), num(100.0)).unwrap();
    assert_eq!(input.len(), 784);
    let encoded = session
        .encode(pixels(&input), JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(Array::from(&field(&encoded, "mean")).length(), 2);
    let inferred = session
        .infer(pixels(&input), num(5.0), JsValue::UNDEFINED)
        .await
        .unwrap();
    assert!(number(&inferred, "elbo.elbo") < 0.0);
    assert!(number(&inferred, "encoderElbo.elbo") < 0.0);
    assert_eq!(
        Array::from(&field(&inferred, "reconstruction")).length(),
        784
    );
    assert_eq!(
        session
            .decode(pixels(&[0.5, -1.0]), JsValue::UNDEFINED)
            .await
            .unwrap()
            .len(),
        784
    );
    assert_eq!(
        session
            .sample(num(9.0), JsValue::UNDEFINED)
            .await
            .unwrap()
            .len(),
        9 * 784
    );
    let second = common::mnist_test().image(1).unwrap();
    let strip = session
        .interpolate(
            pixels(&input),
            pixels(&second),
            num(7.0),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap();
    assert_eq!(strip.len(), 7 * 784);
    let map = session
        .encode_dataset("test".into(), num(50.0))
        .await
        .unwrap();
    assert_eq!(Array::from(&field(&map, "means")).length(), 100);
    yield_to_browser().await;

    // The Inside view: one call, every step, as typed arrays; ε optional.
    let digit = session.dataset_image("test".into(), num(5.0)).unwrap();
    assert_eq!(
        number(&digit, "label"),
        f64::from(common::mnist_test().labels().unwrap()[5])
    );
    let explained = session
        .explain(
            field(&digit, "pixels"),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        )
        .await
        .unwrap();
    for (name, length) in [
        ("mean", 2),
        ("logVar", 2),
        ("eps", 2),
        ("z", 2),
        ("logits", 784),
        ("probabilities", 784),
        ("bcePerPixel", 784),
        ("klPerDim", 2),
    ] {
        let values: Float32Array = field(&explained, name).dyn_into().unwrap();
        assert_eq!(values.length(), length, "{name}");
    }
    let layers = Array::from(&field(&explained, "layers"));
    assert_eq!(layers.length(), 5);
    let first: Float32Array = field(&layers.get(0), "values").dyn_into().unwrap();
    assert_eq!(first.length(), 32 * 13 * 13);
    assert_eq!(
        field(&layers.get(0), "name").as_string().unwrap(),
        "encoder.conv1 · ReLU"
    );
    assert!(number(&explained, "elbo") < 0.0);
    let with_eps = session
        .explain(
            field(&digit, "pixels"),
            pixels(&[0.0, 0.0]),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap();
    let z: Float32Array = field(&with_eps, "z").dyn_into().unwrap();
    let mean: Float32Array = field(&with_eps, "mean").dyn_into().unwrap();
    assert_eq!(z.to_vec(), mean.to_vec(), "with ε = 0, z is the mean");
    yield_to_browser().await;

    // Training in slow motion: one step, with its batch.
    let before = session.trained_steps();
    let step = session.train_one_step().await.unwrap();
    assert_eq!(session.trained_steps(), before + 1.0);
    assert_eq!(number(&step, "report.totalSteps"), before + 1.0);
    let images: Float32Array = field(&step, "images").dyn_into().unwrap();
    assert_eq!(images.length(), 8 * 784);
    assert!(number(&step, "after.elbo") < 0.0);
    yield_to_browser().await;

    let report = session.train_steps(num(train_steps)).await.unwrap();
    assert_eq!(number(&report, "steps"), train_steps);
    assert!(number(&report, "imagesPerSecond") > 0.0);
    yield_to_browser().await;
    let test = session.evaluate(num(eval_images)).await.unwrap();
    assert!(number(&test, "elbo") < 0.0 && number(&test, "elbo") > -300.0);

    let file = session.save_weights().await.unwrap();
    let mut other = VaeSession::create(JsValue::UNDEFINED, backend.into())
        .await
        .unwrap();
    other.load_weights(bytes(&file)).await.unwrap();
    assert_eq!(
        other
            .reconstruct(pixels(&input), JsValue::UNDEFINED)
            .await
            .unwrap(),
        session
            .reconstruct(pixels(&input), JsValue::UNDEFINED)
            .await
            .unwrap(),
        "weights moved between sessions give different reconstructions"
    );
}

#[wasm_bindgen_test]
async fn the_session_serves_the_page_on_the_cpu() {
    the_session_serves_the_page_on("cpu", 40.0, 1000.0).await;
}

#[wasm_bindgen_test]
async fn the_session_serves_the_page_on_webgpu() {
    the_session_serves_the_page_on("webgpu", 3.0, 64.0).await;
}

/// JS values that are not what an argument needs are refused with the argument's name and the
/// value as given — never truncated, wrapped, or turned into a glue exception — and the session
/// works as before afterwards.
#[wasm_bindgen_test]
async fn bad_js_values_are_refused_by_name() {
    yield_to_browser().await;
    let mut session = VaeSession::create(JsValue::UNDEFINED, "cpu".into())
        .await
        .unwrap();
    session
        .load_weights(bytes(common::SHIPPED_MODEL))
        .await
        .unwrap();
    session
        .load_dataset(
            "train".into(),
            bytes(common::TEST_IMAGES),
            bytes(common::TEST_LABELS),
        )
        .unwrap();
    let before = session.save_weights().await.unwrap();
    let image = pixels(&common::mnist_test().image(0).unwrap());
    let z = pixels(&[0.3, -0.7]);

    let checks: Vec<(String, &str)> = vec![
        (
            message(session.train_steps(num(2.5)).await.unwrap_err()),
            "steps: expected a whole number from 1 to 100000, got 2.5",
        ),
        (
            message(session.train_steps(num(4_294_967_297.0)).await.unwrap_err()),
            "got 4294967297",
        ),
        (
            message(
                session
                    .sample(num(2.5), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "count:",
        ),
        (
            message(session.evaluate(num(-1.0)).await.unwrap_err()),
            "limit: expected a whole number from 0 to 1000000, got -1",
        ),
        (
            message(session.elbo_distribution(num(f64::NAN)).await.unwrap_err()),
            "limit: expected a whole number from 0 to 1000000, got NaN",
        ),
        (
            message(session.elbo_distribution(num(-1.0)).await.unwrap_err()),
            "limit: expected a whole number from 0 to 1000000, got -1",
        ),
        (
            message(session.elbo_distribution(num(2.5)).await.unwrap_err()),
            "limit: expected a whole number from 0 to 1000000, got 2.5",
        ),
        (
            message(session.test_elbos(num(0.0)).await.unwrap_err()),
            "limit: expected a whole number from 1 to 10000, got 0",
        ),
        (
            message(session.test_elbos(num(10_001.0)).await.unwrap_err()),
            "limit: expected a whole number from 1 to 10000, got 10001",
        ),
        (
            message(session.test_elbos(num(f64::NAN)).await.unwrap_err()),
            "limit: expected a whole number from 1 to 10000, got NaN",
        ),
        (
            message(session.test_complexities(num(2.5)).unwrap_err()),
            "limit: expected a whole number from 1 to 10000, got 2.5",
        ),
        (
            message(
                vae_wasm::web::image_complexity(Float32Array::new_with_length(3).into())
                    .unwrap_err(),
            ),
            "image: expected a multiple of 784 pixels (28×28 per image), got 3",
        ),
        (
            message(
                session
                    .elbo_distribution(num(1_000_001.0))
                    .await
                    .unwrap_err(),
            ),
            "limit: expected a whole number from 0 to 1000000, got 1000001",
        ),
        (
            message(
                session
                    .infer(image.clone(), num(f64::NAN), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "refineSteps: expected a whole number from 0 to 500, got NaN",
        ),
        (
            message(
                session
                    .infer(image.clone(), JsValue::NULL, JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "refineSteps: expected a whole number, got null",
        ),
        (
            message(
                session
                    .decode(JsValue::NULL, JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "latent: expected a Float32Array or an array of numbers, got null",
        ),
        (
            message(
                session
                    .decode(object(r#"[1, "x"]"#), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "latent[1]: expected a number, got the string \"x\"",
        ),
        (
            message(
                session
                    .decode(pixels(&[3e38, 3e38]), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "within ±1000",
        ),
        (
            message(
                session
                    .encode(pixels(&[2.0; 784]), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "within [0, 1]",
        ),
        (
            message(
                session
                    .explain(image.clone(), "x".into(), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "eps: expected a Float32Array or an array of numbers, got the string \"x\"",
        ),
        (
            message(
                session
                    .explain(image.clone(), JsValue::NULL, JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "eps: expected a Float32Array or an array of numbers, got null",
        ),
        (
            message(
                session
                    .explain(image.clone(), object("[0.5]"), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "eps: expected one point of 2 values, got 1 values",
        ),
        (
            message(
                session
                    .explain(image.clone(), object(r#"[1, "2"]"#), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "eps[1]: expected a number, got the string \"2\"",
        ),
        (
            message(
                session
                    .explain(image.clone(), pixels(&[f32::NAN, 0.0]), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "eps: latent values must be finite and within ±1000, got NaN at index 0",
        ),
        (
            message(
                session
                    .explain(
                        image.clone(),
                        pixels(&[0.0, f32::INFINITY]),
                        JsValue::UNDEFINED,
                    )
                    .await
                    .unwrap_err(),
            ),
            "got Infinity at index 1",
        ),
        (
            message(
                session
                    .explain(image.clone(), object("[0, 1e300]"), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "eps[1]: expected a number within ±3.4028235e38, got 1e+300",
        ),
        (
            message(
                session
                    .explain(object("{}"), JsValue::UNDEFINED, JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
            ),
            "image: expected a Float32Array or an array of numbers, got an object",
        ),
        (
            message(session.dataset_image("train".into(), num(1.5)).unwrap_err()),
            "index: expected a whole number from 0 to 1000000, got 1.5",
        ),
        (
            message(
                session
                    .dataset_image("train".into(), num(10_000.0))
                    .unwrap_err(),
            ),
            "index: expected a whole number from 0 to 9999, got 10000",
        ),
        (
            message(session.load_weights(JsValue::UNDEFINED).await.unwrap_err()),
            "weights: expected a Uint8Array or an ArrayBuffer, got undefined",
        ),
        (
            message(
                session
                    .load_dataset(JsValue::NULL, bytes(&[]), bytes(&[]))
                    .unwrap_err(),
            ),
            "split: expected a string, got null",
        ),
        (
            message(session.reset(object(r#"{"latentdim": 16}"#)).unwrap_err()),
            "unknown field \"latentdim\"",
        ),
        (
            message(
                session
                    .reset(object(r#"{"latentDim": 2, "evil": 1}"#))
                    .unwrap_err(),
            ),
            "\"evil\"",
        ),
        (
            message(session.reset(object("[]")).unwrap_err()),
            "config: expected a plain object or undefined, got an array",
        ),
        (
            message(session.reset(JsValue::NULL).unwrap_err()),
            "got null",
        ),
        (
            message(session.reset(object(r#"{"latentDim": -1}"#)).unwrap_err()),
            "latentDim: expected a whole number from 1 to 256, got -1",
        ),
        (
            message(
                session
                    .reset(object(r#"{"learningRate": 1e10}"#))
                    .unwrap_err(),
            ),
            "learningRate: expected a number from",
        ),
        (
            message(
                preprocess_drawing(bytes(&[0; 40]), num(4_294_967_306.0), num(1.0)).unwrap_err(),
            ),
            "width: expected a whole number from 1 to 4096, got 4294967306",
        ),
    ];
    for (error, expected) in &checks {
        assert!(
            error.contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    let bad_backend = VaeSession::create(JsValue::UNDEFINED, "tpu".into()).await;
    assert!(message(bad_backend.err().unwrap()).contains("backend: expected"));
    let bad_config = VaeSession::create(object(r#"["mlp", 8]"#), "cpu".into()).await;
    assert!(message(bad_config.err().unwrap()).contains("config: expected a plain object"));

    assert!(
        session.save_weights().await.unwrap() == before,
        "a refused call changed the model"
    );
    assert_eq!(
        session.decode(z, JsValue::UNDEFINED).await.unwrap().len(),
        784
    );
    assert_eq!(
        number(&session.train_steps(num(1.0)).await.unwrap(), "steps"),
        1.0
    );
    // The page's form reads its limits from here.
    let limits = config_limits().unwrap();
    assert_eq!(number(&limits, "latentDim.max"), 256.0);
    assert_eq!(number(&limits, "defaults.latentDim"), 2.0);
    assert!(field(&limits, "refineSteps").is_object());
    // The Compare view marks a dimension collapsed by the crate's own threshold.
    assert_eq!(
        number(&limits, "activeKlNats"),
        vae_wasm::eval::ACTIVE_KL_NATS
    );
    let _: &Object = limits.unchecked_ref();
}

/// A refusal crosses the boundary as data as well as English: the thrown `Error` keeps its message
/// and holds `refusal`, `{ kind, key, values, within }`, for the page to word it in its language.
#[wasm_bindgen_test]
fn a_refusal_reaches_js_with_its_key_and_values() {
    let refusal = |error: &JsValue| {
        assert!(error.is_instance_of::<js_sys::Error>(), "{error:?}");
        JSON::stringify(&field(error, "refusal"))
            .unwrap()
            .as_string()
            .unwrap()
    };
    let error = preprocess_drawing(bytes(&[0; 40]), num(4_294_967_306.0), num(1.0)).unwrap_err();
    assert_eq!(
        message(error.clone()),
        "invalid input: width: expected a whole number from 1 to 4096, got 4294967306"
    );
    assert_eq!(
        refusal(&error),
        r#"{"kind":"input","key":"whole-number","values":{"name":"width","min":"1","max":"4096","got":"4294967306"},"within":[]}"#
    );
    let header = [0, 0, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let error =
        vae_wasm::web::read_idx_files(idx_file("train-images-idx3-ubyte", &header)).unwrap_err();
    assert_eq!(
        message(error.clone()),
        "invalid dataset: train-images-idx3-ubyte: images: IDX magic 0x00000801, expected \
         0x00000803"
    );
    assert_eq!(
        refusal(&error),
        r#"{"kind":"data","key":"idx-magic","values":{"what":"images","got":"0x00000801","expected":"0x00000803"},"within":["train-images-idx3-ubyte"]}"#
    );
}

/// A brought dataset through the wasm API as the page hands it over (issue #26): images the
/// browser decoded, made into inputs by the crate, loaded as a split, trained on, and every
/// malformed value refused with its name while the session keeps working.
#[wasm_bindgen_test]
async fn a_brought_dataset_crosses_the_boundary_checked() {
    use js_sys::Uint32Array;
    use vae_wasm::web::{
        hold_out, idx_preprocessing, image_size, labels_from_paths, preprocess_images,
        read_idx_files,
    };

    // 40 images of 30×30 RGBA: a dark square on white.
    let side = 30;
    let one: Vec<u8> = (0..side * side)
        .flat_map(|i| {
            let grey = if (8..22).contains(&(i % side)) && (8..22).contains(&(i / side)) {
                0
            } else {
                255
            };
            [grey, grey, grey, 255]
        })
        .collect();
    let pixels = bytes(&one.repeat(40));
    let sizes: JsValue = Uint32Array::from(&[side as u32; 80][..]).into();
    let choice = object(r#"{"framing": "ink", "polarity": null, "levels": "grey"}"#);
    let made = preprocess_images(
        pixels.clone(),
        sizes.clone(),
        choice.clone(),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let inputs = Reflect::get(&made, &"pixels".into()).unwrap();
    assert_eq!(inputs.dyn_ref::<Uint8Array>().unwrap().length(), 40 * 784);
    assert_eq!(
        Reflect::get(&made, &"polarity".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "dark-on-light"
    );

    let mut session = VaeSession::create(JsValue::UNDEFINED, "cpu".into())
        .await
        .unwrap();
    let record = object(
        r#"{"name": "squares", "images": 0, "preprocessing": {"framing": "ink", "polarity": "dark-on-light", "levels": "grey"}, "labelNames": []}"#,
    );
    let loaded = session
        .load_brought(
            "train".into(),
            inputs.clone(),
            JsValue::UNDEFINED,
            record.clone(),
        )
        .unwrap();
    assert_eq!(loaded, 40);
    session
        .load_brought(
            "test".into(),
            inputs.clone(),
            JsValue::UNDEFINED,
            record.clone(),
        )
        .unwrap();
    session.train_steps(num(1.0)).await.unwrap();
    let trained_on = session.trained_on().unwrap();
    assert_eq!(
        Reflect::get(&trained_on, &"name".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "squares"
    );
    assert_eq!(number(&trained_on, "images"), 40.0);

    let checks = [
        (
            message(preprocess_images(pixels.clone(), sizes.clone(), object(r#"{"framing": "inky", "polarity": null, "levels": "grey"}"#), JsValue::UNDEFINED).unwrap_err()),
            "preprocessing: unknown variant `inky`",
        ),
        (
            message(preprocess_images(pixels.clone(), sizes.clone(), object(r#"{"framing": "ink", "polarity": null, "levels": "grey", "colour": 1}"#), JsValue::UNDEFINED).unwrap_err()),
            "preprocessing: unknown field `colour`",
        ),
        (
            message(preprocess_images(pixels.clone(), object("[30, 30]"), choice.clone(), JsValue::UNDEFINED).unwrap_err()),
            "sizes: expected a Uint32Array, got an array",
        ),
        (
            message(preprocess_images(bytes(&one), sizes.clone(), choice.clone(), JsValue::UNDEFINED).unwrap_err()),
            "rgba: 3600 bytes, but the sizes add up to 144000",
        ),
        (
            message(preprocess_images(bytes(&[255; 3600]), Uint32Array::from(&[30u32, 30][..]).into(), choice.clone(), object(r#"["blank.png"]"#)).unwrap_err()),
            "blank.png: the image has no ink",
        ),
        (message(read_idx_files(idx_file("train-images-idx3-ubyte", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])).unwrap_err()), "train-images-idx3-ubyte: images: IDX magic"),
        (message(read_idx_files(idx_file("notes.txt", &[0; 16])).unwrap_err()), "notes.txt: cannot tell images from labels"),
        (message(read_idx_files(object(r#"[{"name": 3, "bytes": []}]"#)).unwrap_err()), "files[0].name: expected a string, got 3"),
        (message(idx_preprocessing("blurry".into()).unwrap_err()), "levels: unknown variant `blurry`"),
        // A PNG header that says 20,000 × 20,000: refused before any decoding.
        (message(image_size(bytes(&png_header(20_000, 20_000))).unwrap_err()), "20000×20000"),
        (message(image_size(bytes(b"GIF89a......")).unwrap_err()), "not a PNG, JPEG or WebP"),
        (message(labels_from_paths(object(r#"["a/1.png", "2.png"]"#), "mine".into()).unwrap_err()), "mine has images both in it and in sub-folders"),
        (message(labels_from_paths(object(r#"["a/1.png", 2]"#), "mine".into()).unwrap_err()), "paths: "),
        (message(hold_out(bytes(&[0; 784 * 9]), JsValue::UNDEFINED, num(1.0)).unwrap_err()), "9 images are too few"),
        (message(hold_out(bytes(&[0; 784 * 20]), bytes(&[0; 19]), num(1.0)).unwrap_err()), "20 images but 19 labels"),
        (message(hold_out(bytes(&[0; 784 * 20]), JsValue::UNDEFINED, num(-1.0)).unwrap_err()), "seed"),
        (
            message(session.load_brought("train".into(), inputs.clone(), bytes(&[1; 39]), record.clone()).unwrap_err()),
            "40 images but 39 labels",
        ),
        (
            message(session.load_brought("train".into(), inputs.clone(), JsValue::UNDEFINED, object(r#"{"name": "x", "images": 2.5, "preprocessing": null, "labelNames": []}"#)).unwrap_err()),
            "record: ",
        ),
    ];
    for (error, expected) in &checks {
        assert!(
            error.contains(expected),
            "'{error}' should say '{expected}'"
        );
    }
    // Nothing refused changed the split: training goes on.
    session.train_steps(num(1.0)).await.unwrap();

    // What the browser reads of a good PNG header, the labels of a folder, a tenth held out.
    let size = image_size(bytes(&png_header(640, 480))).unwrap();
    assert_eq!(
        (number(&size, "width"), number(&size, "height")),
        (640.0, 480.0)
    );
    let labelled = labels_from_paths(object(r#"["b/1.png", "a/2.png"]"#), "mine".into()).unwrap();
    let labels = Reflect::get(&labelled, &"labels".into()).unwrap();
    assert_eq!(labels.dyn_ref::<Uint8Array>().unwrap().to_vec(), [1, 0]);
    let split = hold_out(bytes(&[0; 784 * 20]), bytes(&[3; 20]), num(7.0)).unwrap();
    let test = Reflect::get(&split, &"test".into()).unwrap();
    let test_labels = Reflect::get(&test, &"labels".into()).unwrap();
    assert_eq!(
        test_labels.dyn_ref::<Uint8Array>().unwrap().to_vec(),
        [3, 3]
    );
}

/// `[{ name, bytes }]`, one IDX file as the page hands it over.
fn idx_file(name: &str, contents: &[u8]) -> JsValue {
    let file = Object::new();
    Reflect::set(&file, &"name".into(), &name.into()).unwrap();
    Reflect::set(&file, &"bytes".into(), &bytes(contents)).unwrap();
    js_sys::Array::of1(&file).into()
}

/// The first bytes of a PNG file (signature and IHDR) stating `width × height`.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    header
}

/// An autoencoder through the JS API: its objects have no posterior keys at all (absent, not
/// zero or null), its model card has the reconstruction term alone, what needs a posterior is
/// refused by name, and the KL warm-up is checked as a whole number.
#[wasm_bindgen_test]
async fn an_autoencoder_session_has_no_posterior_keys() {
    yield_to_browser().await;
    let config = r#"{"kind": "ae", "batchSize": 8}"#;
    let mut session = VaeSession::create(object(config), "cpu".into())
        .await
        .unwrap();
    for split in ["train", "test"] {
        let images = bytes(common::TEST_IMAGES);
        let labels = bytes(common::TEST_LABELS);
        session.load_dataset(split.into(), images, labels).unwrap();
    }
    let image = pixels(&common::mnist_test().image(0).unwrap());
    let none = JsValue::UNDEFINED;
    let has = |object: &JsValue, key: &str| Reflect::has(object, &key.into()).unwrap();

    let encoded = session.encode(image.clone(), none.clone()).await.unwrap();
    assert!(has(&encoded, "mean") && !has(&encoded, "logVar"));
    let explained = session
        .explain(image.clone(), none.clone(), none.clone())
        .await
        .unwrap();
    for key in ["mean", "z", "logits", "bcePerPixel", "reconstruction"] {
        assert!(has(&explained, key), "explain has no {key}");
    }
    for key in ["logVar", "eps", "klPerDim", "kl", "elbo"] {
        assert!(
            !has(&explained, key),
            "an autoencoder's explanation has {key}"
        );
    }
    let inferred = session
        .infer(image.clone(), num(0.0), none.clone())
        .await
        .unwrap();
    assert!(!has(&inferred, "logVar"));
    assert!(!has(&field(&inferred, "elbo"), "kl") && !has(&field(&inferred, "elbo"), "elbo"));
    let report = session.train_steps(num(2.0)).await.unwrap();
    assert!(!has(&report, "beta") && !has(&field(&report, "losses"), "kl"));
    let step = session.train_one_step().await.unwrap();
    assert!(!has(&step, "klTerms") && !has(&field(&step, "before"), "elbo"));
    let statistics = session.latent_statistics(num(50.0)).await.unwrap();
    let keys: Vec<String> = Object::keys(statistics.unchecked_ref::<Object>())
        .iter()
        .filter_map(|key| key.as_string())
        .collect();
    assert_eq!(keys, ["images", "reconstruction"]);

    let needs = "this ae (autoencoder) model has no posterior";
    let refused = [
        (
            session
                .infer(image.clone(), num(5.0), none.clone())
                .await
                .err(),
            "refineSteps",
        ),
        (
            session
                .explain(image.clone(), pixels(&[0.0, 0.0]), none.clone())
                .await
                .err(),
            "eps",
        ),
        (
            session.elbo_distribution(num(50.0)).await.err(),
            "elboDistribution",
        ),
        (session.test_elbos(num(50.0)).await.err(), "testElbos"),
    ];
    for (error, what) in refused {
        let text = message(error.expect("refused for an autoencoder"));
        assert!(text.contains(&format!("{what}: {needs}")), "{text}");
    }
    let fractional = object(r#"{"kind": "ae", "batchSize": 8, "warmupSteps": 2.5}"#);
    let text = message(session.set_training_config(fractional).unwrap_err());
    assert!(
        text.contains("warmupSteps: expected a whole number"),
        "{text}"
    );
}

/// Completion through the wasm API as the page will call it: a preset's mask, a test digit
/// completed with its samples and their spread as Float32Arrays; a mask that observes nothing,
/// one with a value that is not 0 or 1, and an unknown preset refused by name and key; the
/// model untouched.
#[wasm_bindgen_test]
async fn a_completion_crosses_the_boundary() {
    yield_to_browser().await;
    let mut session = VaeSession::create(JsValue::UNDEFINED, "cpu".into())
        .await
        .unwrap();
    session
        .load_weights(bytes(common::SHIPPED_MODEL))
        .await
        .unwrap();
    let before = session.save_weights().await.unwrap();
    let image = pixels(&common::mnist_test().image(0).unwrap());
    assert_eq!(mask_presets().len(), 10);
    let mask = mask_preset("bottom-half".into(), num(0.0)).unwrap();
    assert_eq!(mask.len(), 784);
    let completed = session
        .complete(
            image.clone(),
            pixels(&mask),
            num(20.0),
            num(3.0),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap();
    let length = |key: &str| {
        field(&completed, key)
            .unchecked_into::<Float32Array>()
            .length()
    };
    assert_eq!(
        [
            length("completion"),
            length("samples"),
            length("spread"),
            length("mean"),
            length("logVar")
        ],
        [784, 3 * 784, 784, 2, 2]
    );
    let refusal_key = |error: &JsValue| field(error, "refusal.key").as_string().unwrap();
    let error = session
        .complete(
            image.clone(),
            pixels(&[0.0; 784]),
            num(20.0),
            num(3.0),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap_err();
    assert_eq!(refusal_key(&error), "mask-empty");
    assert!(message(error).contains("a sample from the prior"));
    let mut half = mask.clone();
    half[5] = 0.5;
    let error = session
        .complete(
            image.clone(),
            pixels(&half),
            num(20.0),
            num(3.0),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap_err();
    assert_eq!(refusal_key(&error), "mask-not-binary");
    assert_eq!(
        field(&error, "refusal.values.index").as_string().unwrap(),
        "5"
    );
    let error = session
        .complete(
            image,
            pixels(&mask),
            num(20.0),
            num(2.5),
            JsValue::UNDEFINED,
        )
        .await
        .unwrap_err();
    assert_eq!(
        message(error),
        "invalid input: samples: expected a whole number from 1 to 64, got 2.5"
    );
    let error = mask_preset("3x3".into(), num(0.0)).unwrap_err();
    assert_eq!(refusal_key(&error), "unknown-mask-preset");
    assert_eq!(session.save_weights().await.unwrap(), before);
}
