//! The WebAssembly API: one `VaeSession` per page or worker, a thin skin over the core
//! modules. Every input is checked here or in the core, and every failure comes back as a
//! `JsError` carrying the core's message; nothing panics across the boundary, and a failed
//! call leaves the session's model as it was.

use burn::tensor::{Device, Distribution, Tensor, TensorData};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::backend::{self, BackendKind, read_floats};
use crate::config::VaeConfig;
use crate::data::Mnist;
use crate::error::{Result, VaeError};
use crate::inference::{MAX_REFINE_STEPS, image_elbo, refine_posterior};
use crate::model::{IMAGE_PIXELS, Vae};
use crate::train::{self, Trainer};
use crate::{preprocess, weights};

/// Most images one call may ask for (samples, interpolation steps, decoded latents).
const MAX_IMAGES_PER_CALL: usize = 4096;
/// Most optimiser steps one `train_steps` call may run; the page calls it in short chunks.
const MAX_STEPS_PER_CALL: usize = 100_000;
/// Samples averaged for a drawing's ELBO: one sample is too noisy for a live score.
const SCORE_SAMPLES: usize = 32;

unsafe extern "C" {
    /// Runs the module's static constructors (cubecl registers its IR dialects through
    /// `inventory`); synthesised by the linker.
    fn __wasm_call_ctors();
}

#[wasm_bindgen(start)]
fn start() {
    // Without this explicit call, wasm-ld treats the module as a "command" and wraps every
    // export in a call to the constructors: in the WebGPU build that made each call into the
    // module (a decode, a training chunk) ~10× slower. Called once here, at instantiation.
    // SAFETY: the linker's constructor function, run once before any other export.
    unsafe { __wasm_call_ctors() };
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(value: &T) -> std::result::Result<JsValue, JsError> {
    // JSON-compatible: maps (and flattened structs) become plain objects, not JS `Map`s.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn js_error(error: VaeError) -> JsError {
    JsError::new(&error.to_string())
}

/// A `VaeConfig` from a (partial) JS object, validated; `undefined` means the defaults.
fn parse_config(config: JsValue) -> std::result::Result<VaeConfig, JsError> {
    let config: VaeConfig = if config.is_undefined() || config.is_null() {
        VaeConfig::default()
    } else {
        serde_wasm_bindgen::from_value(config)
            .map_err(|e| js_error(VaeError::Config(e.to_string())))?
    };
    config.validate().map_err(js_error)?;
    Ok(config)
}

/// Images given as flat pixel arrays must be whole and finite.
fn check_images(pixels: &[f32], what: &str) -> Result<usize> {
    if pixels.is_empty() || !pixels.len().is_multiple_of(IMAGE_PIXELS) {
        return Err(VaeError::Input(format!(
            "{what} must hold a multiple of {IMAGE_PIXELS} pixels, got {}",
            pixels.len()
        )));
    }
    if pixels.iter().any(|p| !p.is_finite()) {
        return Err(VaeError::Input(format!(
            "{what} contains NaN or infinite pixels"
        )));
    }
    Ok(pixels.len() / IMAGE_PIXELS)
}

fn check_count(count: usize, what: &str) -> Result<()> {
    if !(1..=MAX_IMAGES_PER_CALL).contains(&count) {
        return Err(VaeError::Input(format!(
            "{what} must be between 1 and {MAX_IMAGES_PER_CALL}, got {count}"
        )));
    }
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PosteriorJs {
    mean: Vec<f32>,
    log_var: Vec<f32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InferenceJs {
    mean: Vec<f32>,
    log_var: Vec<f32>,
    reconstruction: Vec<f32>,
    elbo: train::LossSummary,
    encoder_elbo: train::LossSummary,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrainReportJs {
    #[serde(flatten)]
    report: train::ChunkReport,
    images_per_second: f64,
    milliseconds: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EncodedSetJs {
    means: Vec<f32>,
    labels: Vec<u8>,
}

#[wasm_bindgen]
pub struct VaeSession {
    backend: BackendKind,
    device: Device,
    config: VaeConfig,
    model: Vae,
    train_data: Option<Mnist>,
    test_data: Option<Mnist>,
    trainer: Option<Trainer>,
}

#[wasm_bindgen]
impl VaeSession {
    /// A session with a freshly initialised model. `config` is a partial `VaeConfig` object
    /// (missing fields take defaults); `backend` is "auto", "cpu"/"flex", "ndarray" or "webgpu".
    pub async fn create(
        config: JsValue,
        backend: String,
    ) -> std::result::Result<VaeSession, JsError> {
        let config = parse_config(config)?;
        let (backend, device) = if backend.eq_ignore_ascii_case("auto") {
            backend::auto_device().await
        } else {
            let kind: BackendKind = backend.parse().map_err(js_error)?;
            (kind, backend::device(kind).await.map_err(js_error)?)
        };
        device.seed(config.seed);
        let model = Vae::new(&config, &device);
        Ok(VaeSession {
            backend,
            device,
            config,
            model,
            train_data: None,
            test_data: None,
            trainer: None,
        })
    }

    /// Which backend runs this session: "flex", "ndarray" or "webgpu".
    pub fn backend(&self) -> String {
        self.backend.name().to_string()
    }

    /// The current configuration as a plain object.
    pub fn config(&self) -> std::result::Result<JsValue, JsError> {
        to_js(&self.config)
    }

    #[wasm_bindgen(js_name = latentDim)]
    pub fn latent_dim(&self) -> usize {
        self.config.latent_dim
    }

    /// Loads MNIST from IDX files (raw or gzip) as the "train" or "test" split.
    #[wasm_bindgen(js_name = loadDataset)]
    pub fn load_dataset(
        &mut self,
        split: &str,
        images: &[u8],
        labels: &[u8],
    ) -> std::result::Result<usize, JsError> {
        let data = Mnist::from_idx(images, labels).map_err(js_error)?;
        let len = data.len();
        match split {
            "train" => {
                self.train_data = Some(data);
                self.trainer = None;
            }
            "test" => self.test_data = Some(data),
            other => {
                return Err(js_error(VaeError::Input(format!(
                    "split must be \"train\" or \"test\", got \"{other}\""
                ))));
            }
        }
        Ok(len)
    }

    /// Replaces the model with a fresh random one under `config` (and forgets training state).
    pub fn reset(&mut self, config: JsValue) -> std::result::Result<(), JsError> {
        let config = parse_config(config)?;
        self.device.seed(config.seed);
        self.model = Vae::new(&config, &self.device);
        self.config = config;
        self.trainer = None;
        Ok(())
    }

    /// Changes β, learning rate or batch size for the next training steps, keeping the weights.
    #[wasm_bindgen(js_name = setTrainingConfig)]
    pub fn set_training_config(&mut self, config: JsValue) -> std::result::Result<(), JsError> {
        let config = parse_config(config)?;
        if !config.same_architecture(&self.config) {
            return Err(js_error(VaeError::Config(
                "kind and latentDim cannot change without a reset".into(),
            )));
        }
        if let Some(trainer) = &mut self.trainer {
            trainer.update_config(config.clone()).map_err(js_error)?;
        }
        self.config = config;
        Ok(())
    }

    /// Runs `steps` Adam steps on the training split. Returns the chunk's mean losses,
    /// progress and speed. If the loss diverges, the weights from before the chunk stay and
    /// the error says so.
    #[wasm_bindgen(js_name = trainSteps)]
    pub async fn train_steps(&mut self, steps: usize) -> std::result::Result<JsValue, JsError> {
        if !(1..=MAX_STEPS_PER_CALL).contains(&steps) {
            return Err(js_error(VaeError::Input(format!(
                "steps must be between 1 and {MAX_STEPS_PER_CALL}, got {steps}"
            ))));
        }
        let data = self
            .train_data
            .as_ref()
            .ok_or_else(|| js_error(VaeError::Input("load the training data first".into())))?;
        if self.trainer.is_none() {
            let trainer = Trainer::new(
                self.config.clone(),
                self.model.clone(),
                &self.device,
                data.len(),
            )
            .map_err(js_error)?;
            self.trainer = Some(trainer);
        }
        let trainer = self.trainer.as_mut().expect("set above");
        let started = js_sys::Date::now();
        let report = trainer.train_steps(data, steps).await.map_err(js_error)?;
        let milliseconds = js_sys::Date::now() - started;
        self.model = trainer.model();
        to_js(&TrainReportJs {
            images_per_second: report.images as f64 / (milliseconds.max(1.0) / 1000.0),
            milliseconds,
            report,
        })
    }

    /// Single-sample ELBO (with its parts) averaged over the first `limit` test images
    /// (all of them when `limit` is 0).
    pub async fn evaluate(&self, limit: usize) -> std::result::Result<JsValue, JsError> {
        let data = self
            .test_data
            .as_ref()
            .ok_or_else(|| js_error(VaeError::Input("load the test data first".into())))?;
        let data = if limit == 0 {
            data.clone()
        } else {
            data.take(limit)
        };
        let summary = train::evaluate(&self.model, &data, &self.device)
            .await
            .map_err(js_error)?;
        to_js(&summary)
    }

    /// q(z|x) of one 28×28 image: `{ mean, logVar }`.
    pub async fn encode(&self, image: Vec<f32>) -> std::result::Result<JsValue, JsError> {
        self.single_image(&image)?;
        let posterior = self.model.encode(self.images(image, 1));
        let mean = read_floats(posterior.mean).await.map_err(js_error)?;
        let log_var = read_floats(posterior.log_var).await.map_err(js_error)?;
        to_js(&PosteriorJs { mean, log_var })
    }

    /// 784 pixel probabilities of p(x|z) for one latent point.
    pub async fn decode(&self, latent: Vec<f32>) -> std::result::Result<Vec<f32>, JsError> {
        if latent.len() != self.config.latent_dim {
            return Err(js_error(VaeError::Input(format!(
                "a latent point has {} values, got {}",
                self.config.latent_dim,
                latent.len()
            ))));
        }
        self.decode_batch(latent).await
    }

    /// Decodes many latent points at once (`count × latentDim` values) into `count × 784`.
    #[wasm_bindgen(js_name = decodeBatch)]
    pub async fn decode_batch(&self, latents: Vec<f32>) -> std::result::Result<Vec<f32>, JsError> {
        let dim = self.config.latent_dim;
        if latents.is_empty() || !latents.len().is_multiple_of(dim) {
            return Err(js_error(VaeError::Input(format!(
                "latent points must hold a multiple of {dim} values, got {}",
                latents.len()
            ))));
        }
        if latents.iter().any(|v| !v.is_finite()) {
            return Err(js_error(VaeError::Input(
                "latent points contain NaN or infinite values".into(),
            )));
        }
        let count = latents.len() / dim;
        check_count(count, "the number of latent points").map_err(js_error)?;
        let latents = Tensor::from_data(TensorData::new(latents, [count, dim]), &self.device);
        read_floats(self.model.decode(latents))
            .await
            .map_err(js_error)
    }

    /// decode(mean of q(z|x)) for one image: the reconstruction the page shows.
    pub async fn reconstruct(&self, image: Vec<f32>) -> std::result::Result<Vec<f32>, JsError> {
        self.single_image(&image)?;
        let mean = self.model.encode(self.images(image, 1)).mean;
        read_floats(self.model.decode(mean)).await.map_err(js_error)
    }

    /// What the page shows for one drawn image: q(z|x) — the encoder's, refined by
    /// `refineSteps` gradient steps on the image's own ELBO when that is not 0 — the
    /// reconstruction decode(mean), and the image's ELBO under that posterior and under the
    /// encoder's, each averaged over several samples: how digit-like the image is.
    pub async fn infer(
        &self,
        image: Vec<f32>,
        #[wasm_bindgen(js_name = refineSteps)] refine_steps: usize,
    ) -> std::result::Result<JsValue, JsError> {
        self.single_image(&image)?;
        if refine_steps > MAX_REFINE_STEPS {
            return Err(js_error(VaeError::Input(format!(
                "refineSteps must be at most {MAX_REFINE_STEPS}, got {refine_steps}"
            ))));
        }
        let image = self.images(image, 1);
        let encoder_posterior = self.model.encode(image.clone());
        let encoder_elbo = image_elbo(
            &self.model,
            image.clone(),
            &encoder_posterior,
            SCORE_SAMPLES,
        )
        .await
        .map_err(js_error)?;
        let (posterior, elbo) = if refine_steps == 0 {
            (encoder_posterior, encoder_elbo)
        } else {
            let posterior = refine_posterior(&self.model, image.clone(), refine_steps);
            let elbo = image_elbo(&self.model, image, &posterior, SCORE_SAMPLES)
                .await
                .map_err(js_error)?;
            (posterior, elbo)
        };
        to_js(&InferenceJs {
            reconstruction: read_floats(self.model.decode(posterior.mean.clone()))
                .await
                .map_err(js_error)?,
            mean: read_floats(posterior.mean).await.map_err(js_error)?,
            log_var: read_floats(posterior.log_var).await.map_err(js_error)?,
            elbo,
            encoder_elbo,
        })
    }

    /// `count` images decoded from z ~ N(0, I): `count × 784` probabilities.
    pub async fn sample(&self, count: usize) -> std::result::Result<Vec<f32>, JsError> {
        check_count(count, "the number of samples").map_err(js_error)?;
        let latents = Tensor::<2>::random(
            [count, self.config.latent_dim],
            Distribution::Normal(0.0, 1.0),
            &self.device,
        );
        read_floats(self.model.decode(latents))
            .await
            .map_err(js_error)
    }

    /// `steps` images along the straight line between the posterior means of images `a` and
    /// `b` (both ends included): `steps × 784`.
    pub async fn interpolate(
        &self,
        a: Vec<f32>,
        b: Vec<f32>,
        steps: usize,
    ) -> std::result::Result<Vec<f32>, JsError> {
        self.single_image(&a)?;
        self.single_image(&b)?;
        if !(2..=MAX_IMAGES_PER_CALL).contains(&steps) {
            return Err(js_error(VaeError::Input(format!(
                "steps must be between 2 and {MAX_IMAGES_PER_CALL}, got {steps}"
            ))));
        }
        let pair: Vec<f32> = a.into_iter().chain(b).collect();
        let means = self.model.encode(self.images(pair, 2)).mean;
        let start = means.clone().narrow(0, 0, 1);
        let end = means.narrow(0, 1, 1);
        let fractions: Vec<f32> = (0..steps).map(|i| i as f32 / (steps - 1) as f32).collect();
        let t = Tensor::<2>::from_data(TensorData::new(fractions, [steps, 1]), &self.device);
        let latents = start.clone() + (end - start) * t;
        read_floats(self.model.decode(latents))
            .await
            .map_err(js_error)
    }

    /// Posterior means of the first `count` images of a split, with their labels, for the
    /// latent map.
    #[wasm_bindgen(js_name = encodeDataset)]
    pub async fn encode_dataset(
        &self,
        split: &str,
        count: usize,
    ) -> std::result::Result<JsValue, JsError> {
        let data = match split {
            "train" => self.train_data.as_ref(),
            "test" => self.test_data.as_ref(),
            _ => None,
        }
        .ok_or_else(|| js_error(VaeError::Input(format!("no \"{split}\" data loaded"))))?;
        let data = data.take(count.max(1));
        let indices: Vec<usize> = (0..data.len()).collect();
        let means: Vec<Tensor<2>> = indices
            .chunks(500)
            .map(|chunk| self.model.encode(data.batch(chunk, &self.device)).mean)
            .collect();
        let means = read_floats(Tensor::cat(means, 0)).await.map_err(js_error)?;
        to_js(&EncodedSetJs {
            means,
            labels: data.labels().to_vec(),
        })
    }

    /// The model and its config in the versioned weights format.
    #[wasm_bindgen(js_name = saveWeights)]
    pub async fn save_weights(&self) -> std::result::Result<Vec<u8>, JsError> {
        weights::save(&self.model, &self.config)
            .await
            .map_err(js_error)
    }

    /// Replaces the model (and config) with a weights file's. On any error the current model
    /// is untouched. Returns the file's config.
    #[wasm_bindgen(js_name = loadWeights)]
    pub fn load_weights(&mut self, bytes: &[u8]) -> std::result::Result<JsValue, JsError> {
        let (model, config) = weights::load(bytes, &self.device).map_err(js_error)?;
        self.model = model;
        self.config = config;
        self.trainer = None;
        to_js(&self.config)
    }

    /// How many optimiser steps the current training run has taken.
    #[wasm_bindgen(js_name = trainedSteps)]
    pub fn trained_steps(&self) -> f64 {
        self.trainer
            .as_ref()
            .map_or(0.0, |t| t.total_steps() as f64)
    }
}

impl VaeSession {
    fn single_image(&self, image: &[f32]) -> std::result::Result<(), JsError> {
        match check_images(image, "an image").map_err(js_error)? {
            1 => Ok(()),
            n => Err(js_error(VaeError::Input(format!(
                "expected one image, got {n}"
            )))),
        }
    }

    fn images(&self, pixels: Vec<f32>, count: usize) -> Tensor<2> {
        Tensor::from_data(TensorData::new(pixels, [count, IMAGE_PIXELS]), &self.device)
    }
}

/// The MNIST-style 28×28 input (784 values in [0, 1]) of an RGBA drawing of `width × height`
/// pixels, dark ink on a light or transparent background.
#[wasm_bindgen(js_name = preprocessDrawing)]
pub fn preprocess_drawing(
    rgba: &[u8],
    width: usize,
    height: usize,
) -> std::result::Result<Vec<f32>, JsError> {
    let ink = preprocess::ink_from_rgba(rgba, width, height).map_err(js_error)?;
    preprocess::to_mnist(&ink, width, height).map_err(js_error)
}

/// The config recorded in a weights file, without loading it.
#[wasm_bindgen(js_name = weightsConfig)]
pub fn weights_config(bytes: &[u8]) -> std::result::Result<JsValue, JsError> {
    to_js(&weights::read_config(bytes).map_err(js_error)?)
}
