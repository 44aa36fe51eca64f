//! The WebAssembly API: `VaeSession`, a skin over [`Session`] that converts JS values to Rust
//! arguments and the results back. Every argument is taken as a `JsValue` and converted here with
//! a message that names it, so that `null`, a string or 2.5 where a count belongs is an error
//! with a reason, never a glue exception or a silently truncated number. What is checked and
//! refused beyond the types lives in the core (`input`, `config`, `session`).
//!
//! A refusal is thrown as a JS `Error` whose message is the crate's English and whose `refusal`
//! field is the same refusal as data — `{ kind, key, values, within }` (see [`Reason`]) — so
//! that the page can say it in its own language.

use js_sys::{Array, ArrayBuffer, Float32Array, JSON, Object, Reflect, Uint8Array, Uint32Array};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::backend::parse_choice;
use crate::config::VaeConfig;
use crate::data::{CLASSES, Levels};
use crate::dataset::{self, Inputs};
use crate::error::{Reason, VaeError, refusal};
use crate::images::{self, Preprocessing};
use crate::input::{self, Value};
use crate::session::{self, DATASET_IMAGES, IMAGES_PER_CALL, Session, Split};
use crate::weights::DatasetRecord;
use crate::{anomaly, kernels, mask, preprocess, weights};

/// `initThreadPool(n)`: starts the rayon pool of the threaded build (pkg/threads); the worker that
/// owns the session calls it once, before anything else.
#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// A `VaeError` is thrown as an `Error` with its `refusal` (`From<VaeError> for JsValue`, below).
type JsResult<T> = Result<T, JsValue>;

impl From<VaeError> for JsValue {
    fn from(error: VaeError) -> Self {
        let thrown = js_sys::Error::new(&error.to_string());
        // Fields of objects made here are always settable; were one not, the message alone still
        // says everything, in English.
        let _ = refusal_to_js(&error)
            .and_then(|refusal| Reflect::set(&thrown, &"refusal".into(), &refusal));
        thrown.into()
    }
}

/// `{ kind, key, values: { name: text }, within: [context] }`, the page's material to word a
/// refusal with.
fn refusal_to_js(error: &VaeError) -> JsResult<JsValue> {
    let Reason {
        key,
        values,
        within,
        ..
    } = error.reason();
    let named = values
        .iter()
        .try_fold(JsObject::new(), |named, (name, value)| {
            named.set(name, value.as_str())
        })?;
    let within: Array = within
        .iter()
        .map(|context| JsValue::from_str(context))
        .collect();
    Ok(JsObject::new()
        .set("kind", error.kind())?
        .set("key", *key)?
        .set("values", named)?
        .set("within", within)?
        .into())
}

#[wasm_bindgen(start)]
fn start() {
    crate::backend::run_static_constructors();
    console_error_panic_hook::set_once();
}

#[wasm_bindgen]
pub struct VaeSession {
    inner: Session,
}

#[wasm_bindgen]
impl VaeSession {
    /// A session with a freshly initialised model. `config` is a partial `VaeConfig` object
    /// (missing fields take defaults) or `undefined`; `backend` is "auto", "cpu"/"flex",
    /// "ndarray" or "webgpu".
    pub async fn create(config: JsValue, backend: JsValue) -> JsResult<VaeSession> {
        let config = to_config(&config)?;
        let backend = parse_choice(&to_string(&backend, "backend")?)?;
        Ok(VaeSession {
            inner: Session::new(config, backend).await?,
        })
    }

    /// Which backend runs this session: "flex", "ndarray" or "webgpu".
    pub fn backend(&self) -> String {
        self.inner.backend().name().to_string()
    }

    /// The current configuration as a plain object.
    pub fn config(&self) -> JsResult<JsValue> {
        to_js(self.inner.config())
    }

    #[wasm_bindgen(js_name = latentDim)]
    pub fn latent_dim(&self) -> usize {
        self.inner.latent_dim()
    }

    /// Loads MNIST from IDX files (raw or gzip) as the "train" or "test" split; `labels` may be
    /// `undefined` (a split without labels, which a conditional model cannot train on).
    #[wasm_bindgen(js_name = loadDataset)]
    pub fn load_dataset(
        &mut self,
        split: JsValue,
        images: JsValue,
        labels: JsValue,
    ) -> JsResult<usize> {
        let split = to_split(&split)?;
        let images = to_bytes(&images, "images")?;
        let labels = optional(&labels, |labels| to_bytes(labels, "labels"))?;
        Ok(self.inner.load_dataset(split, &images, labels.as_deref())?)
    }

    /// Loads a split of a dataset the person brought (see `preprocessImages` and `readIdxFiles`):
    /// `pixels` a Uint8Array of 784 grey levels per image, `labels` a Uint8Array (one byte per
    /// image) or `undefined`, `record` `{ name, images, preprocessing, labelNames }`: what the
    /// weights of a model trained on it keep (`images` becomes the split's size).
    #[wasm_bindgen(js_name = loadBrought)]
    pub fn load_brought(
        &mut self,
        split: JsValue,
        pixels: JsValue,
        labels: JsValue,
        record: JsValue,
    ) -> JsResult<usize> {
        let split = to_split(&split)?;
        let pixels = to_bytes(&pixels, "pixels")?;
        let labels = optional(&labels, |labels| to_bytes(labels, "labels"))?;
        let record: DatasetRecord = from_js(&record, "record")?;
        Ok(self.inner.load_brought(split, pixels, labels, record)?)
    }

    /// Replaces the model with a fresh random one under `config` (and forgets training state).
    pub fn reset(&mut self, config: JsValue) -> JsResult<()> {
        Ok(self.inner.reset(to_config(&config)?)?)
    }

    /// Changes β, its warm-up (`warmupSteps`), learning rate or batch size for the next training
    /// steps, keeping the weights.
    #[wasm_bindgen(js_name = setTrainingConfig)]
    pub fn set_training_config(&mut self, config: JsValue) -> JsResult<()> {
        Ok(self.inner.set_training_config(to_config(&config)?)?)
    }

    /// Runs `steps` Adam steps on the training split: the chunk's mean losses (`losses`:
    /// `{ reconstruction, kl, elbo }`, an autoencoder's `{ reconstruction }`), the objective and
    /// the β in effect at its last step (`beta`, absent for an autoencoder), progress and speed.
    #[wasm_bindgen(js_name = trainSteps)]
    pub async fn train_steps(&mut self, steps: JsValue) -> JsResult<JsValue> {
        let steps = to_count(&steps, "steps", session::STEPS_PER_CALL)?;
        to_js(&self.inner.train_steps(steps).await?)
    }

    /// One Adam step on the next batch, as `trainSteps(1)` takes it, with the batch before and
    /// after: `{ report, indices, labels, images, reconstructions, reconstructionTerms,
    /// klTerms, before, after, meansBefore, meansAfter }` (pixels for the first 64 images;
    /// no `klTerms` for an autoencoder).
    #[wasm_bindgen(js_name = trainOneStep)]
    pub async fn train_one_step(&mut self) -> JsResult<JsValue> {
        let step = self.inner.train_one_step().await?;
        let object = JsObject::new()
            .serialized("report", &step.report)?
            .serialized("indices", &step.indices)?
            .serialized("labels", &step.labels)?
            .floats("images", &step.images)?
            .floats("reconstructions", &step.reconstructions)?
            .floats("reconstructionTerms", &step.reconstruction_terms)?
            .serialized("before", &step.before)?
            .serialized("after", &step.after)?
            .floats("meansBefore", &step.means_before)?
            .floats("meansAfter", &step.means_after)?;
        Ok(match &step.kl_terms {
            Some(kl_terms) => object.floats("klTerms", kl_terms)?,
            None => object,
        }
        .into())
    }

    /// ELBO and its parts over the first `limit` test images (all of them when `limit` is 0):
    /// `{ reconstruction, kl, elbo }`, an autoencoder's `{ reconstruction }`.
    pub async fn evaluate(&self, limit: JsValue) -> JsResult<JsValue> {
        let limit = to_count(&limit, "limit", DATASET_IMAGES)?;
        to_js(&self.inner.evaluate(limit).await?)
    }

    /// A model card's figures over the first `limit` test images (all of them when `limit` is
    /// 0): `{ images, reconstruction, kl, elbo, klPerDim, sigmaPerDim, activeDims }`, an
    /// autoencoder's `{ images, reconstruction }` (no KL, no σ).
    #[wasm_bindgen(js_name = latentStatistics)]
    pub async fn latent_statistics(&self, limit: JsValue) -> JsResult<JsValue> {
        let limit = to_count(&limit, "limit", DATASET_IMAGES)?;
        to_js(&self.inner.latent_statistics(limit).await?)
    }

    /// Where the first `limit` test images' ELBOs lie (all of them when `limit` is 0):
    /// `{ images, percentiles: [p10, p25, median, p75, p90], widestIndex, widestSigma }`.
    #[wasm_bindgen(js_name = elboDistribution)]
    pub async fn elbo_distribution(&self, limit: JsValue) -> JsResult<JsValue> {
        let limit = to_count(&limit, "limit", DATASET_IMAGES)?;
        to_js(&self.inner.elbo_distribution(limit).await?)
    }

    /// Each of the first `limit` test images' ELBO (1 to 10,000; fewer when the split is
    /// smaller), in the images' order, as a Float32Array: the encoder's q(z|x) with one fixed ε
    /// per image, as `elboDistribution` summarises them. Refused for an autoencoder.
    #[wasm_bindgen(js_name = testElbos)]
    pub async fn test_elbos(&self, limit: JsValue) -> JsResult<Vec<f32>> {
        let limit = to_count(&limit, "limit", session::ELBO_IMAGES)?;
        Ok(self.inner.test_elbos(limit).await?)
    }

    /// Each of the first `limit` test images' complexity in nats (1 to 10,000), as a
    /// Float32Array in their order: what the complexity-corrected score adds to `testElbos`
    /// (see `imageComplexity`).
    #[wasm_bindgen(js_name = testComplexities)]
    pub fn test_complexities(&self, limit: JsValue) -> JsResult<Vec<f32>> {
        let limit = to_count(&limit, "limit", session::ELBO_IMAGES)?;
        Ok(self.inner.test_complexities(limit)?)
    }

    /// A conditional model's test accuracy as a classifier, over the first `limit` test images
    /// (all of them when `limit` is 0), with `samples` draws of ε per image and digit.
    pub async fn accuracy(&self, limit: JsValue, samples: JsValue) -> JsResult<f64> {
        let limit = to_count(&limit, "limit", DATASET_IMAGES)?;
        let samples = to_count(&samples, "samples", session::CLASSIFY_SAMPLES)?;
        Ok(self.inner.accuracy(limit, samples).await?)
    }

    /// q(z|x) of one 28×28 image: `{ mean, logVar }`; an autoencoder's code: `{ mean }`.
    /// `label`: the digit a conditional model is told (required there, refused elsewhere).
    pub async fn encode(&self, image: JsValue, label: JsValue) -> JsResult<JsValue> {
        let image = to_floats(&image, "image")?;
        to_js(&self.inner.encode(&image, to_label(&label)?).await?)
    }

    /// 784 pixel probabilities of p(x|z) for one latent point (written as `label`).
    pub async fn decode(&self, latent: JsValue, label: JsValue) -> JsResult<Vec<f32>> {
        let latent = to_floats(&latent, "latent")?;
        Ok(self.inner.decode(&latent, to_label(&label)?).await?)
    }

    /// A conditional model writes one style z as each digit 0–9: `10 × 784` probabilities.
    #[wasm_bindgen(js_name = decodeAllClasses)]
    pub async fn decode_all_classes(&self, latent: JsValue) -> JsResult<Vec<f32>> {
        let latent = to_floats(&latent, "latent")?;
        Ok(self.inner.decode_all_classes(&latent).await?)
    }

    /// p(y|x) of one image under a conditional model: 10 probabilities that sum to 1.
    pub async fn classify(&self, image: JsValue) -> JsResult<Vec<f32>> {
        Ok(self.inner.classify(&to_floats(&image, "image")?).await?)
    }

    /// Decodes many latent points at once (`count × latentDim` values) into `count × 784`
    /// (each written as `label`).
    #[wasm_bindgen(js_name = decodeBatch)]
    pub async fn decode_batch(&self, latents: JsValue, label: JsValue) -> JsResult<Vec<f32>> {
        let latents = to_floats(&latents, "latents")?;
        Ok(self.inner.decode_batch(&latents, to_label(&label)?).await?)
    }

    /// decode(mean of q(z|x)) for one image.
    pub async fn reconstruct(&self, image: JsValue, label: JsValue) -> JsResult<Vec<f32>> {
        let image = to_floats(&image, "image")?;
        Ok(self.inner.reconstruct(&image, to_label(&label)?).await?)
    }

    /// What the drawing panel shows: `{ mean, logVar, reconstruction, elbo, encoderElbo }`. An
    /// autoencoder's has no `logVar`, its `elbo` and `encoderElbo` hold `{ reconstruction }`
    /// alone, and it refuses refinement steps.
    pub async fn infer(
        &self,
        image: JsValue,
        refine_steps: JsValue,
        label: JsValue,
    ) -> JsResult<JsValue> {
        let image = to_floats(&image, "image")?;
        let steps = to_count(&refine_steps, "refineSteps", session::REFINE_STEPS)?;
        to_js(&self.inner.infer(&image, steps, to_label(&label)?).await?)
    }

    /// One image completed from its observed pixels: `mask` 784 values, 1 observed and 0
    /// missing (see `maskPreset`), `steps` refinement steps on the observed pixels' ELBO
    /// (0–500; 0 is the encoder's q(z|x) of the masked image), `samples` draws (1–64), `label`
    /// the digit a conditional model completes it as. `{ completion, samples, spread, mean,
    /// logVar }`, Float32Arrays: p(x|μ) of the refined q(z|x) (784), p(x|z) of each draw
    /// (`samples × 784`), each pixel's standard deviation over the draws (784), and q(z|x).
    pub async fn complete(
        &self,
        image: JsValue,
        mask: JsValue,
        steps: JsValue,
        samples: JsValue,
        label: JsValue,
    ) -> JsResult<JsValue> {
        let image = to_floats(&image, "image")?;
        let mask = to_floats(&mask, "mask")?;
        let steps = to_count(&steps, "steps", session::REFINE_STEPS)?;
        let samples = to_count(&samples, "samples", session::COMPLETION_SAMPLES)?;
        let label = to_label(&label)?;
        let completed = self
            .inner
            .complete(&image, &mask, steps, samples, label)
            .await?;
        Ok(JsObject::new()
            .floats("completion", &completed.completion)?
            .floats("samples", &completed.samples)?
            .floats("spread", &completed.spread)?
            .floats("mean", &completed.mean)?
            .floats("logVar", &completed.log_var)?
            .into())
    }

    /// Every step of the model for one image (the Inside view): `{ layers: [{ name, shape,
    /// values }], mean, logVar, eps, z, logits, probabilities, bcePerPixel, klPerDim,
    /// reconstruction, kl, elbo }`, the arrays as Float32Arrays. `eps` is optional: when
    /// `undefined`, a fixed draw, so the same image always gets the same view. An autoencoder's
    /// has no `logVar`, `eps`, `klPerDim`, `kl` or `elbo` (its `reconstruction` is its loss),
    /// and refuses an `eps`.
    pub async fn explain(&self, image: JsValue, eps: JsValue, label: JsValue) -> JsResult<JsValue> {
        let image = to_floats(&image, "image")?;
        let eps = optional(&eps, |eps| to_floats(eps, "eps"))?;
        let label = to_label(&label)?;
        let explained = self.inner.explain(&image, eps.as_deref(), label).await?;
        let layers = Array::new();
        for layer in &explained.layers {
            layers.push(
                &JsObject::new()
                    .set("name", layer.name.as_str())?
                    .serialized("shape", &layer.shape)?
                    .floats("values", &layer.values)?
                    .into(),
            );
        }
        let object = JsObject::new()
            .set("layers", layers)?
            .floats("mean", &explained.mean)?
            .floats("z", &explained.z)?
            .floats("logits", &explained.logits)?
            .floats("probabilities", &explained.probabilities)?
            .floats("bcePerPixel", &explained.bce_per_pixel)?
            .set("reconstruction", explained.reconstruction)?;
        Ok(match (&explained.posterior, explained.elbo()) {
            (Some(posterior), Some(elbo)) => object
                .floats("logVar", &posterior.log_var)?
                .floats("eps", &posterior.eps)?
                .floats("klPerDim", &posterior.kl_per_dim)?
                .set("kl", posterior.kl)?
                .set("elbo", elbo)?,
            _ => object,
        }
        .into())
    }

    /// `count` images decoded from z ~ N(0, I): `count × 784` probabilities. A conditional
    /// model writes them as `label`, or without one as the digits in turn.
    pub async fn sample(&self, count: JsValue, label: JsValue) -> JsResult<Vec<f32>> {
        let count = to_count(&count, "count", IMAGES_PER_CALL)?;
        Ok(self.inner.sample(count, to_label(&label)?).await?)
    }

    /// `steps` images between the posterior means of images `a` and `b`: `steps × 784`.
    pub async fn interpolate(
        &self,
        a: JsValue,
        b: JsValue,
        steps: JsValue,
        label: JsValue,
    ) -> JsResult<Vec<f32>> {
        let (a, b) = (to_floats(&a, "a")?, to_floats(&b, "b")?);
        let steps = to_count(&steps, "steps", session::INTERPOLATION_STEPS)?;
        Ok(self
            .inner
            .interpolate(&a, &b, steps, to_label(&label)?)
            .await?)
    }

    /// Posterior means (an autoencoder's codes) of the first `count` images of a split, with
    /// labels: `{ means, labels }`.
    #[wasm_bindgen(js_name = encodeDataset)]
    pub async fn encode_dataset(&self, split: JsValue, count: JsValue) -> JsResult<JsValue> {
        let split = to_split(&split)?;
        let count = to_count(&count, "count", DATASET_IMAGES)?;
        to_js(&self.inner.encode_dataset(split, count).await?)
    }

    /// Image `index` of the "train" or "test" split as the model sees it: `{ pixels, label }`.
    #[wasm_bindgen(js_name = datasetImage)]
    pub fn dataset_image(&self, split: JsValue, index: JsValue) -> JsResult<JsValue> {
        let split = to_split(&split)?;
        let index = to_count(&index, "index", DATASET_IMAGES)?;
        let image = self.inner.dataset_image(split, index)?;
        Ok(JsObject::new()
            .floats("pixels", &image.pixels)?
            .set("label", image.label.map_or(JsValue::NULL, JsValue::from))?
            .into())
    }

    /// The model and its config in the versioned weights format.
    #[wasm_bindgen(js_name = saveWeights)]
    pub async fn save_weights(&self) -> JsResult<Vec<u8>> {
        Ok(self.inner.save_weights().await?)
    }

    /// Replaces the model with a weights file's; on any error the model is untouched. Returns
    /// the file's config.
    #[wasm_bindgen(js_name = loadWeights)]
    pub async fn load_weights(&mut self, bytes: JsValue) -> JsResult<JsValue> {
        let bytes = to_bytes(&bytes, "weights")?;
        to_js(self.inner.load_weights(&bytes).await?)
    }

    /// What the model in use was trained on: `{ name, images, preprocessing, labelNames }`
    /// (`preprocessing` null for IDX files used as they are).
    #[wasm_bindgen(js_name = trainedOn)]
    pub fn trained_on(&self) -> JsResult<JsValue> {
        to_js(self.inner.trained_on())
    }

    /// How many optimiser steps the current training run has taken.
    #[wasm_bindgen(js_name = trainedSteps)]
    pub fn trained_steps(&self) -> f64 {
        self.inner.trained_steps() as f64
    }
}

/// One image's complexity in nats (784 pixels within [0, 1]): the code length of a lossless
/// context-adaptive coder for its ink, which the complexity-corrected "Is this a digit?" score
/// adds to the ELBO (Serrà et al., ICLR 2020) so that a simple image (a dot) no longer outscores
/// the digits.
#[wasm_bindgen(js_name = imageComplexity)]
pub fn image_complexity(image: JsValue) -> JsResult<f64> {
    let image = to_floats(&image, "image")?;
    Ok(anomaly::image_complexity(&image)?)
}

/// Whether the CPU backend (Flex) runs the crate's own convolutions (`true`, the default) or
/// burn's (`false`), for every session of this module: the benchmark's alternating rounds.
#[wasm_bindgen(js_name = setOwnKernels)]
pub fn set_own_kernels(on: JsValue) -> JsResult<()> {
    let on = on
        .as_bool()
        .ok_or_else(|| type_error("on", "a boolean", &on))?;
    kernels::set_own_kernels(on);
    Ok(())
}

/// The MNIST-style 28×28 input (784 values in [0, 1]) of an RGBA drawing of `width × height`
/// pixels, dark ink on a light or transparent background.
#[wasm_bindgen(js_name = preprocessDrawing)]
pub fn preprocess_drawing(rgba: JsValue, width: JsValue, height: JsValue) -> JsResult<Vec<f32>> {
    let rgba = to_bytes(&rgba, "rgba")?;
    let width = to_count(&width, "width", preprocess::SIDE)?;
    let height = to_count(&height, "height", preprocess::SIDE)?;
    Ok(preprocess::drawing_to_mnist(&rgba, width, height)?)
}

/// The 28×28 inputs of images a person brought, decoded by the browser: `rgba` (Uint8Array)
/// their RGBA pixels one image after another, `sizes` (Uint32Array) a [width, height] pair per
/// image, `preprocessing` `{ framing: "ink"|"whole", polarity: "dark-on-light"|"light-on-dark"|
/// null (detect on the first images), levels: "binary"|"grey" }`, `names` the images' names for
/// messages (an array of strings, or `undefined`). Returns `{ pixels, polarity }`: 784 grey
/// levels per image as the model will see them (a Uint8Array, as `loadBrought` takes them) and
/// the polarity used.
#[wasm_bindgen(js_name = preprocessImages)]
pub fn preprocess_images(
    rgba: JsValue,
    sizes: JsValue,
    preprocessing: JsValue,
    names: JsValue,
) -> JsResult<JsValue> {
    let rgba = to_bytes(&rgba, "rgba")?;
    let sizes = sizes
        .dyn_ref::<Uint32Array>()
        .ok_or_else(|| type_error("sizes", "a Uint32Array", &sizes))?
        .to_vec();
    let preprocessing: Preprocessing = from_js(&preprocessing, "preprocessing")?;
    let names: Vec<String> = optional(&names, |names| from_js(names, "names"))?.unwrap_or_default();
    let images = images::split_images(&rgba, &sizes)?;
    let (inputs, polarity) = images::to_inputs(&images, &names, &preprocessing)?;
    Ok(JsObject::new()
        .set("pixels", Uint8Array::from(&inputs[..]))?
        .serialized("polarity", &polarity)?
        .into())
}

/// `{ width, height }` as a PNG, JPEG or WebP file's header (`bytes`, a Uint8Array) states them,
/// refused when a side is 0 or above the limit: checked before the browser decodes the file.
#[wasm_bindgen(js_name = imageSize)]
pub fn image_size(bytes: JsValue) -> JsResult<JsValue> {
    let (width, height) = images::header_size(&to_bytes(&bytes, "bytes")?)?;
    Ok(JsObject::new()
        .set("width", width as u32)?
        .set("height", height as u32)?
        .into())
}

/// How many of the first images (`sizes`, a Uint32Array of [width, height] pairs, as their
/// headers state them) the polarity is detected on: the page decodes these first.
#[wasm_bindgen(js_name = polaritySampleLength)]
pub fn polarity_sample_length(sizes: JsValue) -> JsResult<usize> {
    let sizes = sizes
        .dyn_ref::<Uint32Array>()
        .ok_or_else(|| type_error("sizes", "a Uint32Array", &sizes))?
        .to_vec();
    Ok(images::polarity_sample_len(
        sizes
            .chunks_exact(2)
            .map(|pair| (pair[0] as usize, pair[1] as usize)),
    ))
}

/// The labels of a folder's images from their paths inside it (an array of strings such as
/// "circle/7.png"): `{ labels, names }`, `labels` a Uint8Array (null when the images are not in
/// sub-folders), `names` the classes' names by label; `folder` names the folder in messages.
#[wasm_bindgen(js_name = labelsFromPaths)]
pub fn labels_from_paths(paths: JsValue, folder: JsValue) -> JsResult<JsValue> {
    let paths: Vec<String> = from_js(&paths, "paths")?;
    let folder = to_string(&folder, "folder")?;
    let labelled = images::labels_from_paths(&paths, &folder)?;
    let labels = labelled
        .labels
        .map_or(JsValue::NULL, |labels| Uint8Array::from(&labels[..]).into());
    Ok(JsObject::new()
        .set("labels", labels)?
        .serialized("names", &labelled.names)?
        .into())
}

/// IDX files brought together, `files` an array of `{ name, bytes }` (bytes a Uint8Array, raw
/// or gzip), sorted into splits by their names (see `dataset::read_idx_files`): `{ train, test }`,
/// each split `{ pixels, labels }` (784 grey levels per image; labels a Uint8Array or null),
/// `test` null when not brought.
#[wasm_bindgen(js_name = readIdxFiles)]
pub fn read_idx_files(files: JsValue) -> JsResult<JsValue> {
    let list = files
        .dyn_ref::<Array>()
        .ok_or_else(|| type_error("files", "an array of { name, bytes }", &files))?;
    let files = list
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let field = |key: &str| Reflect::get(&file, &key.into()).unwrap_or(JsValue::UNDEFINED);
            let name = to_string(&field("name"), &format!("files[{index}].name"))?;
            let bytes = to_bytes(&field("bytes"), &format!("files[{index}].bytes"))?;
            Ok((name, bytes))
        })
        .collect::<Result<Vec<_>, VaeError>>()?;
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let splits = dataset::read_idx_files(&borrowed)?;
    let test = splits
        .test
        .as_ref()
        .map_or(Ok(JsValue::NULL), inputs_to_js)?;
    Ok(JsObject::new()
        .set("train", inputs_to_js(&splits.train)?)?
        .set("test", test)?
        .into())
}

/// What a weights file records of IDX files used with `levels` ("binary" or "grey"): null, as
/// MNIST, or `{ framing: "whole", polarity: "light-on-dark", levels: "grey" }`.
#[wasm_bindgen(js_name = idxPreprocessing)]
pub fn idx_preprocessing(levels: JsValue) -> JsResult<JsValue> {
    let levels: Levels = from_js(&levels, "levels")?;
    to_js(&dataset::idx_preprocessing(levels))
}

/// A dataset without a test split, split in two: `{ train, test }` (each `{ pixels, labels }`),
/// the test part a tenth chosen with `seed` (a whole number, 0 to 2^32 − 1). `pixels` 784 grey
/// levels per image (Uint8Array), `labels` a Uint8Array or `undefined`.
#[wasm_bindgen(js_name = holdOut)]
pub fn hold_out(pixels: JsValue, labels: JsValue, seed: JsValue) -> JsResult<JsValue> {
    let inputs = Inputs {
        pixels: to_bytes(&pixels, "pixels")?,
        labels: optional(&labels, |labels| to_bytes(labels, "labels"))?,
    };
    let seed = to_count(&seed, "seed", 0..=u32::MAX as usize)?;
    inputs.check()?;
    let (train, test) = inputs.hold_out(seed as u64)?;
    Ok(JsObject::new()
        .set("train", inputs_to_js(&train)?)?
        .set("test", inputs_to_js(&test)?)?
        .into())
}

/// 28×28 grey levels (a Uint8Array) as the model sees them under `levels` ("binary": 0 or 255),
/// for the page's preview.
#[wasm_bindgen(js_name = applyLevels)]
pub fn apply_levels(pixels: JsValue, levels: JsValue) -> JsResult<Uint8Array> {
    let mut pixels = to_bytes(&pixels, "pixels")?;
    let levels: Levels = from_js(&levels, "levels")?;
    levels.apply(&mut pixels);
    Ok(Uint8Array::from(&pixels[..]))
}

fn inputs_to_js(inputs: &Inputs) -> JsResult<JsValue> {
    let labels = inputs
        .labels
        .as_ref()
        .map_or(JsValue::NULL, |labels| Uint8Array::from(&labels[..]).into());
    Ok(JsObject::new()
        .set("pixels", Uint8Array::from(&inputs.pixels[..]))?
        .set("labels", labels)?
        .into())
}

/// The config recorded in a weights file, without loading it.
#[wasm_bindgen(js_name = weightsConfig)]
pub fn weights_config(bytes: JsValue) -> JsResult<JsValue> {
    to_js(&weights::read_config(&to_bytes(&bytes, "weights")?)?)
}

/// The names of the masks' presets, in the order the page lists them: "top-half",
/// "bottom-half", "left-half", "right-half", "centre-square", "random-50", "random-75",
/// "random-90", "7x7", "14x14".
#[wasm_bindgen(js_name = maskPresets)]
pub fn mask_presets() -> Vec<String> {
    mask::Preset::ALL
        .iter()
        .map(|preset| preset.name().to_string())
        .collect()
}

/// The mask of a preset (784 values, 1 observed and 0 missing, a Float32Array); `seed` (a
/// whole number, 0 to 2^32 − 1) chooses the random presets' pixels, as the CLI's `--seed` does.
#[wasm_bindgen(js_name = maskPreset)]
pub fn mask_preset(name: JsValue, seed: JsValue) -> JsResult<Vec<f32>> {
    let preset: mask::Preset = to_string(&name, "mask")?.parse()?;
    let seed = to_count(&seed, "seed", 0..=u32::MAX as usize)?;
    Ok(preset.mask(seed as u64))
}

/// Defaults and accepted ranges of every setting and count, for the page's form.
#[wasm_bindgen(js_name = configLimits)]
pub fn config_limits() -> JsResult<JsValue> {
    to_js(&session::limits())
}

/// A plain JS object built field by field: large float arrays go out as Float32Arrays (one copy,
/// and the workers hand them to the page without another), the rest through serde.
struct JsObject(Object);

impl JsObject {
    fn new() -> Self {
        Self(Object::new())
    }

    fn set(self, key: &str, value: impl Into<JsValue>) -> JsResult<Self> {
        Reflect::set(&self.0, &key.into(), &value.into())
            .map_err(|_| js_sys::Error::new(&format!("could not set the field {key}")))?;
        Ok(self)
    }

    fn floats(self, key: &str, values: &[f32]) -> JsResult<Self> {
        self.set(key, Float32Array::from(values))
    }

    fn serialized<T: Serialize>(self, key: &str, value: &T) -> JsResult<Self> {
        let value = to_js(value)?;
        self.set(key, value)
    }
}

impl From<JsObject> for JsValue {
    fn from(object: JsObject) -> Self {
        object.0.into()
    }
}

/// A JS value as a core type with strict fields: read as JSON, so that serde refuses unknown
/// keys (`serde_wasm_bindgen` reads only the fields it knows) as well as wrong types.
fn from_js<T: DeserializeOwned>(value: &JsValue, name: &str) -> Result<T, VaeError> {
    let json = JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .ok_or_else(|| type_error(name, "a plain object", value))?;
    serde_json::from_str(&json).map_err(|error| {
        let reason = error.to_string();
        let reason = reason.split(" at line ").next().unwrap_or(&reason);
        refusal!(
            Input,
            "value-malformed",
            "{name}: {reason}",
            name = name,
            reason = reason,
        )
    })
}

fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    // JSON-compatible: maps (and flattened structs) become plain objects, not JS `Map`s.
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// A JS value as the core's [`Value`], for messages and checks.
fn describe(value: &JsValue) -> Value {
    if let Some(n) = value.as_f64() {
        Value::Number(n)
    } else if let Some(s) = value.as_string() {
        Value::String(s)
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if value.is_null() {
        Value::Null
    } else if value.is_undefined() {
        Value::Undefined
    } else if Array::is_array(value) {
        Value::Other("an array")
    } else if value.is_function() {
        Value::Other("a function")
    } else if value.is_bigint() {
        Value::Other("a BigInt")
    } else if value.is_symbol() {
        Value::Other("a symbol")
    } else {
        Value::Other("an object")
    }
}

fn type_error(name: &str, expected: &str, value: &JsValue) -> VaeError {
    refusal!(
        Input,
        "wrong-type",
        "{name}: expected {expected}, got {got}",
        name = name,
        expected = expected,
        got = describe(value),
    )
}

fn to_count(
    value: &JsValue,
    name: &str,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, VaeError> {
    match value.as_f64() {
        Some(n) => input::whole_number(n, name, range),
        None => Err(type_error(name, "a whole number", value)),
    }
}

/// An optional argument: `undefined` is "not given"; anything else must convert.
fn optional<T>(
    value: &JsValue,
    convert: impl FnOnce(&JsValue) -> Result<T, VaeError>,
) -> Result<Option<T>, VaeError> {
    if value.is_undefined() {
        Ok(None)
    } else {
        convert(value).map(Some)
    }
}

/// A digit label, 0–9, or `undefined` for none (the session says whether its model needs one).
fn to_label(value: &JsValue) -> Result<Option<u8>, VaeError> {
    optional(value, |value| {
        to_count(value, "label", 0..=CLASSES - 1).map(|label| label as u8)
    })
}

fn to_string(value: &JsValue, name: &str) -> Result<String, VaeError> {
    value
        .as_string()
        .ok_or_else(|| type_error(name, "a string", value))
}

fn to_split(value: &JsValue) -> Result<Split, VaeError> {
    to_string(value, "split")?.parse()
}

/// Pixel or latent values: a Float32Array, or an array of numbers.
fn to_floats(value: &JsValue, name: &str) -> Result<Vec<f32>, VaeError> {
    if let Some(array) = value.dyn_ref::<Float32Array>() {
        return Ok(array.to_vec());
    }
    let expected = "a Float32Array or an array of numbers";
    let array = value
        .dyn_ref::<Array>()
        .ok_or_else(|| type_error(name, expected, value))?;
    array
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let name = format!("{name}[{index}]");
            match item.as_f64() {
                Some(n) => input::float32(n, &name),
                None => Err(type_error(&name, "a number", &item)),
            }
        })
        .collect()
}

/// File contents: a Uint8Array or an ArrayBuffer.
fn to_bytes(value: &JsValue, name: &str) -> Result<Vec<u8>, VaeError> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    Err(type_error(name, "a Uint8Array or an ArrayBuffer", value))
}

/// A config object's own fields, checked by the core; `undefined` means every default.
fn to_config(value: &JsValue) -> Result<VaeConfig, VaeError> {
    if value.is_undefined() {
        return Ok(VaeConfig::default());
    }
    let plain_object = value.is_object()
        && !Array::is_array(value)
        && !value.is_function()
        && Object::get_prototype_of(value) == Object::get_prototype_of(&Object::new());
    if !plain_object {
        return Err(refusal!(
            Config,
            "config-not-object",
            "config: expected a plain object or undefined, got {got}",
            got = describe(value),
        ));
    }
    let fields = Object::entries(value.unchecked_ref())
        .into_iter()
        .map(|entry| {
            let pair: Array = entry.unchecked_into();
            (
                pair.get(0).as_string().unwrap_or_default(),
                describe(&pair.get(1)),
            )
        });
    VaeConfig::from_fields(fields)
}
