//! `Session`: everything the page (and the CLI) does with a model, in plain Rust types. The wasm
//! layer (`web.rs`) only converts JS values to these arguments and the results back.
//!
//! Every method checks its arguments before it changes anything, so a failed call leaves the
//! model, the data and the training run as they were. Outputs are checked too: no NaN or
//! infinity ever leaves a session.

use std::ops::RangeInclusive;

use burn::tensor::{Device, Distribution, Tensor, TensorData};
use serde::Serialize;
use web_time::Instant;

use crate::anomaly;
use crate::backend::{self, BackendKind, read_floats};
use crate::classify;
use crate::completion::{self, Completion};
use crate::config::{Bounds, ConfigLimits, VaeConfig};
use crate::data::{CLASSES, IMAGE_PIXELS, Levels, Mnist, one_hot};
use crate::error::{Result, VaeError, refusal};
use crate::eval::{
    ElboDistribution, LatentStatistics, elbo_distribution, evaluate, image_elbos, latent_statistics,
};
use crate::explain::{self, Explanation};
use crate::inference::{self, Inference, MAX_REFINE_STEPS};
use crate::input::{self, count_in};
use crate::kernels;
use crate::loss::LossSummary;
use crate::mask;
use crate::model::{Labels, Vae, needs_posterior};
use crate::train::{ChunkReport, StepDetail, Trainer};
use crate::weights::{self, DatasetRecord};

/// Images (or latent points) one call may decode, sample or interpolate.
pub const IMAGES_PER_CALL: RangeInclusive<usize> = 1..=4096;
/// Optimiser steps one `train_steps` call may run; the page calls it in short chunks.
pub const STEPS_PER_CALL: RangeInclusive<usize> = 1..=100_000;
/// Images along an interpolation, both ends included.
pub const INTERPOLATION_STEPS: RangeInclusive<usize> = 2..=4096;
/// Refinement steps for one image's posterior.
pub const REFINE_STEPS: RangeInclusive<usize> = 0..=MAX_REFINE_STEPS;
/// How many images of a split to evaluate or encode (MNIST has 70,000); 0 evaluates them all.
pub const DATASET_IMAGES: RangeInclusive<usize> = 0..=1_000_000;
/// How many test images' ELBOs one `test_elbos` call gives at most (MNIST's test split): each
/// crosses to the page, which draws them all.
pub const ELBO_IMAGES: RangeInclusive<usize> = 1..=10_000;
/// Draws of ε per image and digit when a conditional model classifies a split.
pub const CLASSIFY_SAMPLES: RangeInclusive<usize> = 1..=64;
/// Draws from the refined q(z|x) one completion shows: enough to see the ways the missing part
/// could be, each one a decoder pass.
pub const COMPLETION_SAMPLES: RangeInclusive<usize> = 1..=64;
/// Images per batch when encoding a split for the latent map.
const ENCODE_BATCH: usize = 500;

/// Every default and range a caller of the session may need, as the page reads them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    #[serde(flatten)]
    pub config: ConfigLimits,
    pub images_per_call: Bounds<usize>,
    pub steps_per_call: Bounds<usize>,
    pub interpolation_steps: Bounds<usize>,
    pub refine_steps: Bounds<usize>,
    pub completion_samples: Bounds<usize>,
    pub max_latent_magnitude: f32,
    /// A latent dimension is active when its mean KL over the test images is above this (nats).
    pub active_kl_nats: f64,
    /// What a brought dataset may hold.
    pub dataset: crate::dataset::DatasetLimits,
}

pub fn limits() -> Limits {
    Limits {
        config: crate::config::limits(),
        images_per_call: IMAGES_PER_CALL.into(),
        steps_per_call: STEPS_PER_CALL.into(),
        interpolation_steps: INTERPOLATION_STEPS.into(),
        refine_steps: REFINE_STEPS.into(),
        completion_samples: COMPLETION_SAMPLES.into(),
        max_latent_magnitude: input::MAX_LATENT_MAGNITUDE,
        active_kl_nats: crate::eval::ACTIVE_KL_NATS,
        dataset: crate::dataset::limits(),
    }
}

/// Which part of MNIST.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Train,
    Test,
}

impl std::str::FromStr for Split {
    type Err = VaeError;

    fn from_str(name: &str) -> Result<Self> {
        match name {
            "train" => Ok(Split::Train),
            "test" => Ok(Split::Test),
            other => Err(refusal!(
                Input,
                "unknown-split",
                "split: expected \"train\" or \"test\", got {got}",
                got = format!("{other:?}"),
            )),
        }
    }
}

/// What one call to [`Session::train_steps`] did, and how fast.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainReport {
    #[serde(flatten)]
    pub chunk: ChunkReport,
    pub images_per_second: f64,
    pub milliseconds: f64,
}

/// What the encoder gives for one image: a VAE's q(z|x), its mean and log-variance; an
/// autoencoder's code as `mean`, with no log-variance (`None`: the key is absent in JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Encoding {
    pub mean: Vec<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_var: Option<Vec<f32>>,
}

/// One image of a split, and its label (when the split has labels).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatasetImage {
    pub pixels: Vec<f32>,
    pub label: Option<u8>,
}

/// Posterior means (an autoencoder's codes) of a split's first images, with their labels when
/// it has them (for the latent map).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EncodedSet {
    pub means: Vec<f32>,
    pub labels: Option<Vec<u8>>,
}

pub struct Session {
    backend: BackendKind,
    device: Device,
    config: VaeConfig,
    model: Vae,
    /// What the model in use was trained on: its weights file's record, or the training split
    /// once the session trains it.
    trained_on: DatasetRecord,
    /// What the training split is (the record a model trained on it gets).
    train_record: DatasetRecord,
    train_data: Option<Mnist>,
    test_data: Option<Mnist>,
    trainer: Option<Trainer>,
}

impl Session {
    /// A session with a freshly initialised model on `backend` (`None`: WebGPU where an adapter
    /// exists, else the default CPU backend).
    pub async fn new(config: VaeConfig, backend: Option<BackendKind>) -> Result<Self> {
        config.validate()?;
        let (backend, device) = match backend {
            None => backend::auto_device().await,
            Some(kind) => (kind, backend::device(kind).await?),
        };
        device.seed(config.seed);
        let model = Vae::new(&config, &device);
        Ok(Self {
            backend,
            device,
            config,
            model,
            trained_on: DatasetRecord::mnist(),
            train_record: DatasetRecord::mnist(),
            train_data: None,
            test_data: None,
            trainer: None,
        })
    }

    pub fn backend(&self) -> BackendKind {
        self.backend
    }

    pub fn config(&self) -> &VaeConfig {
        &self.config
    }

    pub fn latent_dim(&self) -> usize {
        self.config.latent_dim
    }

    /// How many optimiser steps the current training run has taken.
    pub fn trained_steps(&self) -> u64 {
        self.trainer.as_ref().map_or(0, Trainer::total_steps)
    }

    /// Loads MNIST from IDX files (raw or gzip) as a split, with its labels file or without;
    /// returns its size. A new training split starts a new training run.
    pub fn load_dataset(
        &mut self,
        split: Split,
        images: &[u8],
        labels: Option<&[u8]>,
    ) -> Result<usize> {
        let data = Mnist::from_idx(images, labels)?;
        Ok(self.use_split(split, data, DatasetRecord::mnist()))
    }

    /// Loads a split of a dataset the person brought: its 28×28 images as grey levels (784
    /// bytes each, as `images::to_inputs` or `data::read_idx` give them), binarised or not as
    /// `record.preprocessing` says, labels (0–255) or none, and `record`, which the weights of
    /// a model trained on the split keep. Returns its size; a new training split starts a new
    /// training run.
    pub fn load_brought(
        &mut self,
        split: Split,
        pixels: Vec<u8>,
        labels: Option<Vec<u8>>,
        record: DatasetRecord,
    ) -> Result<usize> {
        let levels = record
            .preprocessing
            .map_or(Levels::Binary, |how| how.levels);
        let data = Mnist::from_pixels(pixels, labels, levels)?;
        Ok(self.use_split(split, data, record))
    }

    fn use_split(&mut self, split: Split, data: Mnist, record: DatasetRecord) -> usize {
        let len = data.len();
        match split {
            Split::Train => {
                self.train_record = DatasetRecord {
                    images: len,
                    ..record
                };
                self.train_data = Some(data);
                self.trainer = None;
            }
            Split::Test => self.test_data = Some(data),
        }
        len
    }

    /// Replaces the model with a fresh random one under `config` and forgets the training run.
    pub fn reset(&mut self, config: VaeConfig) -> Result<()> {
        config.validate()?;
        self.device.seed(config.seed);
        self.model = Vae::new(&config, &self.device);
        self.config = config;
        self.trainer = None;
        Ok(())
    }

    /// Changes β, its warm-up, learning rate or batch size for the next training steps, keeping
    /// the weights.
    pub fn set_training_config(&mut self, config: VaeConfig) -> Result<()> {
        config.validate()?;
        self.config.check_same_architecture(&config)?;
        if let Some(trainer) = &mut self.trainer {
            trainer.update_config(config.clone())?;
        }
        self.config = config;
        Ok(())
    }

    /// Runs `steps` Adam steps on the training split. If a step diverges, the weights from
    /// before that step are kept and the error says so.
    pub async fn train_steps(&mut self, steps: usize) -> Result<TrainReport> {
        count_in(steps, "steps", STEPS_PER_CALL)?;
        let (trainer, data) = self.training_run()?;
        let (started, steps_before) = (Instant::now(), trainer.total_steps());
        let outcome = trainer.train_steps(data, steps).await;
        let seconds = started.elapsed().as_secs_f64();
        let stepped = trainer.total_steps() > steps_before;
        // After a divergence the trainer holds the last good weights: they are the model now.
        self.model = trainer.model();
        if stepped {
            self.trained_on = self.train_record.clone();
        }
        let chunk = outcome?;
        Ok(TrainReport {
            images_per_second: chunk.images as f64 / seconds.max(1e-3),
            milliseconds: seconds * 1000.0,
            chunk,
        })
    }

    /// One Adam step on the next batch of the training run, exactly as `train_steps` takes it,
    /// with that batch shown before and after the update (training in slow motion).
    pub async fn train_one_step(&mut self) -> Result<StepDetail> {
        let (trainer, data) = self.training_run()?;
        let steps_before = trainer.total_steps();
        let outcome = trainer.train_one_step(data).await;
        let stepped = trainer.total_steps() > steps_before;
        self.model = trainer.model();
        if stepped {
            self.trained_on = self.train_record.clone();
        }
        let detail = outcome?;
        let values_finite = [
            &detail.images,
            &detail.reconstructions,
            &detail.reconstruction_terms,
            &detail.means_before,
            &detail.means_after,
        ]
        .into_iter()
        .chain(&detail.kl_terms)
        .all(|v| v.iter().all(|x| x.is_finite()));
        if !(values_finite && detail.before.is_finite() && detail.after.is_finite()) {
            return Err(non_finite("the step's batch"));
        }
        Ok(detail)
    }

    /// The training run under way (one is started on the training split if there is none),
    /// and the split it trains on.
    fn training_run(&mut self) -> Result<(&mut Trainer, &Mnist)> {
        let data = self
            .train_data
            .as_ref()
            .ok_or_else(|| refusal!(Input, "no-training-data", "load the training data first"))?;
        let trainer = match self.trainer.take() {
            Some(trainer) => trainer,
            None => Trainer::new(
                self.config.clone(),
                self.model.clone(),
                &self.device,
                data.len(),
            )?,
        };
        Ok((self.trainer.insert(trainer), data))
    }

    /// Single-sample ELBO (with its parts) averaged over the first `limit` test images (all of
    /// them when `limit` is 0). A conditional model is told each image's label. An autoencoder's
    /// has its reconstruction term alone.
    pub async fn evaluate(&self, limit: usize) -> Result<LossSummary> {
        evaluate(&self.model, &self.test_images(limit)?, &self.device).await
    }

    /// The figures of a model card over the first `limit` test images (all of them when `limit`
    /// is 0): the reconstruction term and, for a VAE, the KL and ELBO, each latent dimension's
    /// mean KL and σ, and the active dimensions. An autoencoder has the reconstruction term
    /// alone.
    pub async fn latent_statistics(&self, limit: usize) -> Result<LatentStatistics> {
        let data = self.test_images(limit)?;
        let statistics = latent_statistics(&self.model, &data, &self.device).await?;
        let mut values = statistics
            .dimensions
            .iter()
            .flat_map(|d| d.kl_per_dim.iter().chain(&d.sigma_per_dim));
        if !(statistics.losses.is_finite() && values.all(|v| v.is_finite())) {
            return Err(non_finite("the statistics of the test images"));
        }
        Ok(statistics)
    }

    /// Where the first `limit` test images' ELBOs lie (all of them when `limit` is 0): their
    /// percentiles, and the image whose q(z|x) is widest ([`ElboDistribution`]). A drawing's
    /// score reads against them. An autoencoder has no ELBO: refused.
    pub async fn elbo_distribution(&self, limit: usize) -> Result<ElboDistribution> {
        if !self.config.kind.has_posterior() {
            return Err(needs_posterior("elboDistribution"));
        }
        let data = self.test_images(limit)?;
        let distribution = elbo_distribution(&self.model, &data, &self.device).await?;
        if !(distribution.percentiles.iter().all(|v| v.is_finite())
            && distribution.widest_sigma.is_finite())
        {
            return Err(non_finite("the ELBO distribution of the test images"));
        }
        Ok(distribution)
    }

    /// Each of the first `limit` test images' ELBO (all of them when the split has fewer), in
    /// the images' order, in nats: the encoder's q(z|x) with one fixed ε per image, the values
    /// [`Session::elbo_distribution`] summarises and `vae score` places an image among (the page's
    /// "Is this a digit?" histogram). A conditional model is told each image's label. `limit`
    /// is 1 to 10,000 ([`ELBO_IMAGES`]); an autoencoder has no ELBO: refused.
    pub async fn test_elbos(&self, limit: usize) -> Result<Vec<f32>> {
        count_in(limit, "limit", ELBO_IMAGES)?;
        if !self.config.kind.has_posterior() {
            return Err(needs_posterior("testElbos"));
        }
        let data = self.test_images(limit)?;
        let elbos = image_elbos(&self.model, &data, &self.device).await?;
        finite(
            elbos.into_iter().map(|elbo| elbo as f32).collect(),
            "the ELBOs of the test images",
        )
    }

    /// Each of the first `limit` test images' complexity in nats (1 to 10,000, in their order):
    /// what the complexity-corrected score ([`anomaly::Score::Complexity`]) adds to each of
    /// [`Session::test_elbos`]. The model plays no part, so an autoencoder has them too.
    pub fn test_complexities(&self, limit: usize) -> Result<Vec<f32>> {
        count_in(limit, "limit", ELBO_IMAGES)?;
        let data = self.test_images(limit)?;
        Ok(anomaly::complexities(&data)
            .into_iter()
            .map(|nats| nats as f32)
            .collect())
    }

    /// A conditional model as a classifier: the share of the first `limit` test images (all when
    /// 0) whose most probable digit, argmax_y ELBO(x, y) with `samples` draws of ε per digit,
    /// is their label.
    pub async fn accuracy(&self, limit: usize, samples: usize) -> Result<f64> {
        count_in(samples, "samples", CLASSIFY_SAMPLES)?;
        let data = self.test_images(limit)?;
        classify::accuracy(&self.model, &data, samples, &self.device).await
    }

    /// The first `limit` test images (all of them when `limit` is 0).
    fn test_images(&self, limit: usize) -> Result<Mnist> {
        count_in(limit, "limit", DATASET_IMAGES)?;
        let data = self.data(Split::Test)?;
        Ok(if limit == 0 {
            data.clone()
        } else {
            data.take(limit)
        })
    }

    /// What the model is told about `count` images or points besides them: the digit `label`,
    /// which a conditional model needs and an unconditional one refuses.
    fn condition(&self, label: Option<u8>, count: usize) -> Result<Labels> {
        let kind = self.config.kind;
        match (kind.is_conditional(), label) {
            (true, Some(label)) => {
                count_in(usize::from(label), "label", 0..=CLASSES - 1)?;
                Ok(Some(one_hot(&vec![label; count], &self.device)))
            }
            (true, None) => Err(refusal!(
                Input,
                "label-needed",
                "label: this {kind} model needs the digit (0–9) to write or read",
                kind = kind.describe(),
            )),
            (false, None) => Ok(None),
            (false, Some(label)) => Err(refusal!(
                Input,
                "label-refused",
                "label: this {kind} model takes no label, got {label}",
                kind = kind.describe(),
                label = label,
            )),
        }
    }

    /// q(z|x) of one 28×28 image (q(z|x, y) for a conditional model, told `label`); an
    /// autoencoder's code, without a variance.
    pub async fn encode(&self, image: &[f32], label: Option<u8>) -> Result<Encoding> {
        input::image(image, "image")?;
        let code = self
            .model
            .encode(self.images(image, 1), self.condition(label, 1)?);
        let log_var = match code.posterior() {
            Some(posterior) => Some(finite(
                read_floats(posterior.log_var.clone()).await?,
                "log-variance",
            )?),
            None => None,
        };
        Ok(Encoding {
            mean: finite(read_floats(code.point()).await?, "mean")?,
            log_var,
        })
    }

    /// 784 pixel probabilities of p(x|z) (p(x|z, y) for a conditional model) for one point.
    pub async fn decode(&self, latent: &[f32], label: Option<u8>) -> Result<Vec<f32>> {
        self.check_point(latent, "latent")?;
        self.decode_batch(latent, label).await
    }

    /// One style z written as each digit 0–9 by a conditional model: `10 × 784`.
    pub async fn decode_all_classes(&self, latent: &[f32]) -> Result<Vec<f32>> {
        self.check_point(latent, "latent")?;
        if !self.config.kind.is_conditional() {
            return Err(refusal!(
                Input,
                "no-digits-to-write",
                "this {kind} model has no digits to write z as: only a conditional (cvae) model has",
                kind = self.config.kind.describe(),
            ));
        }
        let digits: Vec<u8> = (0..CLASSES as u8).collect();
        let latents = Tensor::<2>::from_data(
            TensorData::new(latent.to_vec(), [1, latent.len()]),
            &self.device,
        )
        .repeat_dim(0, CLASSES);
        let decoded = self
            .model
            .decode(latents, Some(one_hot(&digits, &self.device)));
        finite(read_floats(decoded).await?, "decoded digits")
    }

    /// p(y|x) of one image under a conditional model: ten probabilities that sum to 1, the
    /// softmax of its ELBOs told each digit ([`classify`]).
    pub async fn classify(&self, image: &[f32]) -> Result<Vec<f32>> {
        input::image(image, "image")?;
        if !self.config.kind.is_conditional() {
            return Err(classify::reads_no_digits(self.config.kind));
        }
        let probabilities = classify::class_probabilities(&self.model, self.images(image, 1))?;
        finite(read_floats(probabilities).await?, "class probabilities")
    }

    /// Every step of the model for one image, for the Inside view: each hidden layer's output,
    /// q(z|x), ε and z = μ + σ ⊙ ε, the logits and p(x|z), each pixel's cross-entropy and each
    /// latent dimension's KL, and the ELBO. `eps` of `None` is a fixed draw
    /// ([`explain::default_noise`]), so the same image always gets the same view. A conditional
    /// model is told `label`. An autoencoder's view has its code, its decoder and its
    /// reconstruction term, and no σ, ε or KL: an `eps` is refused.
    pub async fn explain(
        &self,
        image: &[f32],
        eps: Option<&[f32]>,
        label: Option<u8>,
    ) -> Result<Explanation> {
        input::image(image, "image")?;
        let noise = match eps {
            Some(_) if !self.config.kind.has_posterior() => return Err(needs_posterior("eps")),
            Some(eps) => {
                self.check_point(eps, "eps")?;
                let values = TensorData::new(eps.to_vec(), [1, eps.len()]);
                Some(Tensor::from_data(values, &self.device))
            }
            None => None,
        };
        let labels = self.condition(label, 1)?;
        let explanation =
            explain::explain(&self.model, self.images(image, 1), labels, noise).await?;
        if !explanation.is_finite() {
            return Err(non_finite("the explanation of this image"));
        }
        Ok(explanation)
    }

    /// One latent-sized point (a latent code, or ε): `latent_dim` finite values within range.
    fn check_point(&self, values: &[f32], name: &str) -> Result<()> {
        if values.len() != self.config.latent_dim {
            return Err(refusal!(
                Input,
                "not-one-point",
                "{name}: expected one point of {latent_dim} values, got {got} values",
                name = name,
                latent_dim = self.config.latent_dim,
                got = values.len(),
            ));
        }
        input::latents(values, self.config.latent_dim, name).map(|_| ())
    }

    /// Decodes many latent points at once (`count × latentDim` values) into `count × 784`, each
    /// written as digit `label` by a conditional model.
    pub async fn decode_batch(&self, latents: &[f32], label: Option<u8>) -> Result<Vec<f32>> {
        let dim = self.config.latent_dim;
        let count = input::latents(latents, dim, "latents")?;
        count_in(count, "the number of latent points", IMAGES_PER_CALL)?;
        let labels = self.condition(label, count)?;
        let latents = Tensor::from_data(
            TensorData::new(latents.to_vec(), [count, dim]),
            &self.device,
        );
        // One point on the CPU (a slider, a click on the map) shares its layers with a pool
        // thread; the crate's kernels are Flex's alone.
        let decode = || self.model.decode(latents, labels);
        let decoded = match self.backend {
            BackendKind::Flex => kernels::sharing_one_image(count, decode),
            _ => decode(),
        };
        finite(read_floats(decoded).await?, "decoded pixels")
    }

    /// decode(mean of q(z|x)) for one image: the reconstruction the page shows.
    pub async fn reconstruct(&self, image: &[f32], label: Option<u8>) -> Result<Vec<f32>> {
        input::image(image, "image")?;
        let labels = self.condition(label, 1)?;
        let mean = self
            .model
            .encode(self.images(image, 1), labels.clone())
            .point();
        finite(
            read_floats(self.model.decode(mean, labels)).await?,
            "reconstruction",
        )
    }

    /// What the drawing panel shows for one image: q(z|x) — the encoder's, refined by
    /// `refine_steps` gradient steps on the image's own ELBO when that is not 0 — the
    /// reconstruction decode(mean), and the image's ELBO under that posterior and under the
    /// encoder's, each averaged over several samples. A conditional model is told `label`. An
    /// autoencoder gives its code and its reconstruction term, and refuses refinement steps.
    pub async fn infer(
        &self,
        image: &[f32],
        refine_steps: usize,
        label: Option<u8>,
    ) -> Result<Inference> {
        input::image(image, "image")?;
        count_in(refine_steps, "refineSteps", REFINE_STEPS)?;
        let labels = self.condition(label, 1)?;
        let inference =
            inference::infer(&self.model, self.images(image, 1), labels, refine_steps).await?;
        let all_finite = [&inference.mean, &inference.reconstruction]
            .into_iter()
            .chain(&inference.log_var)
            .all(|values| values.iter().all(|v| v.is_finite()))
            && inference.elbo.is_finite()
            && inference.encoder_elbo.is_finite();
        if !all_finite {
            return Err(non_finite("the inference of this image"));
        }
        Ok(inference)
    }

    /// One image completed from the pixels `mask` says are observed (784 values, 1 observed and
    /// 0 missing; what the missing pixels hold is never read): q(z|x) from the encoder on the
    /// observed pixels, refined by `steps` gradient steps on their ELBO alone (0: the
    /// encoder's), its mean decoded (the completion), `samples` draws from it decoded, each
    /// pixel's spread over them, and the refined mean and log-variance ([`completion`]). A
    /// conditional model completes the image as the digit `label`. A mask that observes
    /// nothing, and an autoencoder (no posterior), are refused.
    pub async fn complete(
        &self,
        image: &[f32],
        mask: &[f32],
        steps: usize,
        samples: usize,
        label: Option<u8>,
    ) -> Result<Completion> {
        input::image(image, "image")?;
        mask::check(mask, "mask")?;
        count_in(steps, "steps", REFINE_STEPS)?;
        count_in(samples, "samples", COMPLETION_SAMPLES)?;
        if !self.config.kind.has_posterior() {
            return Err(needs_posterior("mask"));
        }
        let labels = self.condition(label, 1)?;
        let completion = completion::complete(
            &self.model,
            self.images(image, 1),
            labels,
            self.images(mask, 1),
            steps,
            samples,
        )
        .await?;
        if !completion.is_finite() {
            return Err(non_finite("the completion of this image"));
        }
        Ok(completion)
    }

    /// `count` images decoded from z ~ N(0, I): `count × 784` probabilities. A conditional
    /// model writes them as digit `label`, or, without one, as the digits in turn (0, 1, …, 9,
    /// 0, …). An autoencoder's decoder was never trained on the prior, and shows it.
    pub async fn sample(&self, count: usize, label: Option<u8>) -> Result<Vec<f32>> {
        count_in(count, "count", IMAGES_PER_CALL)?;
        let labels = match (self.config.kind.is_conditional(), label) {
            (true, None) => {
                let digits: Vec<u8> = (0..count).map(|i| (i % CLASSES) as u8).collect();
                Some(one_hot(&digits, &self.device))
            }
            _ => self.condition(label, count)?,
        };
        let latents = Tensor::<2>::random(
            [count, self.config.latent_dim],
            Distribution::Normal(0.0, 1.0),
            &self.device,
        );
        finite(
            read_floats(self.model.decode(latents, labels)).await?,
            "samples",
        )
    }

    /// `steps` images along the straight line between the posterior means (an autoencoder's
    /// codes) of images `a` and `b` (both ends included): `steps × 784`. A conditional model encodes and writes them all
    /// as digit `label`.
    pub async fn interpolate(
        &self,
        a: &[f32],
        b: &[f32],
        steps: usize,
        label: Option<u8>,
    ) -> Result<Vec<f32>> {
        input::image(a, "a")?;
        input::image(b, "b")?;
        count_in(steps, "steps", INTERPOLATION_STEPS)?;
        let ends = self.condition(label, 2)?;
        let along = self.condition(label, steps)?;
        let pair: Vec<f32> = a.iter().chain(b).copied().collect();
        let means = self.model.encode(self.images(&pair, 2), ends).point();
        let start = means.clone().narrow(0, 0, 1);
        let end = means.narrow(0, 1, 1);
        let fractions: Vec<f32> = (0..steps).map(|i| i as f32 / (steps - 1) as f32).collect();
        let t = Tensor::<2>::from_data(TensorData::new(fractions, [steps, 1]), &self.device);
        let latents = start.clone() + (end - start) * t;
        finite(
            read_floats(self.model.decode(latents, along)).await?,
            "interpolation",
        )
    }

    /// Posterior means (an autoencoder's codes) of the first `count` images of a split, with
    /// their labels (when the split has them). A conditional model is told each image's label:
    /// its means are styles.
    pub async fn encode_dataset(&self, split: Split, count: usize) -> Result<EncodedSet> {
        let count = count_in(count, "count", 1..=*DATASET_IMAGES.end())?;
        let data = self.data(split)?.take(count);
        let indices: Vec<usize> = (0..data.len()).collect();
        let means = indices
            .chunks(ENCODE_BATCH)
            .map(|chunk| {
                let labels = self.model.labels_for(&data, chunk, &self.device)?;
                Ok(self
                    .model
                    .encode(data.batch(chunk, &self.device), labels)
                    .point())
            })
            .collect::<Result<Vec<Tensor<2>>>>()?;
        // Never empty: a loaded split holds at least one image, and count is at least 1.
        let means = finite(read_floats(Tensor::cat(means, 0)).await?, "means")?;
        Ok(EncodedSet {
            means,
            labels: data.labels().map(<[u8]>::to_vec),
        })
    }

    /// Image `index` of a split (784 pixels, as the model sees it) and its label, if it has one.
    pub fn dataset_image(&self, split: Split, index: usize) -> Result<DatasetImage> {
        let data = self.data(split)?;
        // A loaded split is never empty (parsing refuses one).
        count_in(index, "index", 0..=data.len().saturating_sub(1))?;
        // Within range, so the image is there.
        let pixels = data.image(index).unwrap_or_default();
        let label = data.labels().and_then(|labels| labels.get(index).copied());
        Ok(DatasetImage { pixels, label })
    }

    /// The model, its config and what it was trained on, in the versioned weights format.
    pub async fn save_weights(&self) -> Result<Vec<u8>> {
        weights::save(&self.model, &self.config, &self.trained_on).await
    }

    /// Replaces the model (and config) with a weights file's and forgets the training run. On
    /// any error the current model is untouched. Returns the file's config.
    pub async fn load_weights(&mut self, bytes: &[u8]) -> Result<&VaeConfig> {
        let (model, config, trained_on) = weights::load_with_record(bytes, &self.device).await?;
        self.model = model;
        self.config = config;
        self.trained_on = trained_on;
        self.trainer = None;
        Ok(&self.config)
    }

    /// What the model in use was trained on.
    pub fn trained_on(&self) -> &DatasetRecord {
        &self.trained_on
    }

    fn data(&self, split: Split) -> Result<&Mnist> {
        let data = match split {
            Split::Train => self.train_data.as_ref(),
            Split::Test => self.test_data.as_ref(),
        };
        data.ok_or_else(|| match split {
            Split::Train => refusal!(Input, "no-training-data", "load the training data first"),
            Split::Test => refusal!(Input, "no-test-data", "load the test data first"),
        })
    }

    fn images(&self, pixels: &[f32], count: usize) -> Tensor<2> {
        Tensor::from_data(
            TensorData::new(pixels.to_vec(), [count, IMAGE_PIXELS]),
            &self.device,
        )
    }
}

fn non_finite(what: &str) -> VaeError {
    refusal!(
        Backend,
        "output-not-finite",
        "{what} is not finite: the model's weights overflow on this input",
        what = what,
    )
}

fn check_finite(values: &[f32], what: &str) -> Result<()> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(non_finite(what))
    }
}

fn finite(values: Vec<f32>, what: &str) -> Result<Vec<f32>> {
    check_finite(&values, what)?;
    Ok(values)
}
