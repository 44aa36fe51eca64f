//! Training and evaluation: the same code natively (CLI, tests) and in the browser (worker).

use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Tensor};

use crate::backend::{autodiff_device, read_floats};
use crate::config::VaeConfig;
use crate::data::{BatchOrder, Mnist};
use crate::error::{Result, VaeError};
use crate::inference::refine_posterior;
use crate::loss::ElboParts;
use crate::model::Vae;

/// Per-image averages of the negative-ELBO parts over some images.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LossSummary {
    /// Mean −log p(x|z) (nats per image).
    pub reconstruction: f64,
    /// Mean KL(q(z|x) ‖ p(z)).
    pub kl: f64,
    /// Mean ELBO = −(reconstruction + KL): higher is better.
    pub elbo: f64,
}

impl LossSummary {
    /// From `[Σ reconstruction, Σ KL]` over `images` images.
    pub(crate) async fn from_sums(sums: Tensor<1>, images: usize) -> Result<Self> {
        let sums = read_floats(sums).await?;
        let n = images.max(1) as f64;
        let (reconstruction, kl) = (f64::from(sums[0]) / n, f64::from(sums[1]) / n);
        Ok(Self {
            reconstruction,
            kl,
            elbo: -(reconstruction + kl),
        })
    }

    pub fn is_finite(&self) -> bool {
        self.reconstruction.is_finite() && self.kl.is_finite()
    }
}

/// What a call to [`Trainer::train_steps`] did.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChunkReport {
    pub steps: usize,
    pub images: usize,
    /// Training losses averaged over this chunk's images.
    pub losses: LossSummary,
    /// The objective that was minimised: reconstruction + β·KL.
    pub objective: f64,
    /// Completed epochs, with the fraction of the current one.
    pub epochs_done: f64,
    /// Optimiser steps since training began.
    pub total_steps: u64,
}

/// Holds the model under training, its Adam state and the data order.
#[derive(Clone)]
pub struct Trainer {
    config: VaeConfig,
    device: Device,
    model: Vae,
    optimizer: ModuleOptimizer,
    order: BatchOrder,
    total_steps: u64,
}

impl Trainer {
    /// Starts training `model` (whatever device it was on) on `device` over `dataset_len`
    /// training images.
    pub fn new(config: VaeConfig, model: Vae, device: &Device, dataset_len: usize) -> Result<Self> {
        config.validate()?;
        if model.latent_dim() != config.latent_dim {
            return Err(VaeError::Config(format!(
                "the model has latent size {}, the config says {}",
                model.latent_dim(),
                config.latent_dim
            )));
        }
        if dataset_len < config.batch_size {
            return Err(VaeError::Config(format!(
                "batchSize {} is larger than the {dataset_len} training images",
                config.batch_size
            )));
        }
        let device = autodiff_device(device);
        device.seed(config.seed);
        Ok(Self {
            order: BatchOrder::new(dataset_len, config.seed),
            model: model.to_device(&device).train(),
            optimizer: AdamConfig::new().init(),
            device,
            config,
            total_steps: 0,
        })
    }

    pub fn config(&self) -> &VaeConfig {
        &self.config
    }

    /// Changes the hyper-parameters that can change mid-run (β, learning rate, batch size),
    /// keeping weights, optimiser state and data order.
    pub fn update_config(&mut self, config: VaeConfig) -> Result<()> {
        config.validate()?;
        if !config.same_architecture(&self.config) {
            return Err(VaeError::Config(
                "kind and latentDim cannot change during training; reset instead".into(),
            ));
        }
        if config.batch_size > self.order.dataset_len() {
            return Err(VaeError::Config(format!(
                "batchSize {} is larger than the {} training images",
                config.batch_size,
                self.order.dataset_len()
            )));
        }
        self.config = config;
        Ok(())
    }

    /// The current weights, detached from autodiff (on the inner device).
    pub fn model(&self) -> Vae {
        self.model.valid()
    }

    pub fn total_steps(&self) -> u64 {
        self.total_steps
    }

    /// Runs `steps` Adam steps and reads the losses back once at the end (one device sync per
    /// chunk, not per step). If the loss stops being finite — a learning rate of 10 does that —
    /// everything is put back as it was before the chunk and an error says why.
    pub async fn train_steps(&mut self, data: &Mnist, steps: usize) -> Result<ChunkReport> {
        if data.len() != self.order.dataset_len() {
            return Err(VaeError::Input(format!(
                "the trainer was set up for {} images, got a dataset of {}",
                self.order.dataset_len(),
                data.len()
            )));
        }
        let before = self.clone();
        let batch_size = self.config.batch_size;
        let mut totals = Tensor::<1>::zeros([2], &self.device);
        for _ in 0..steps {
            let images = data.batch(self.order.next_batch(batch_size), &self.device);
            let parts = negative_elbo(&self.model, images);
            let grads = parts.objective(self.config.beta).backward();
            let grads = GradientsParams::from_grads(grads, &self.model);
            self.model = self
                .optimizer
                .step(self.config.learning_rate, self.model.clone(), grads);
            totals = totals + parts.sums().detach();
            self.total_steps += 1;
        }
        let images = steps * batch_size;
        let losses = LossSummary::from_sums(totals, images).await?;
        if !losses.is_finite() {
            let step = self.total_steps;
            *self = before;
            return Err(VaeError::Training(format!(
                "the loss became {} by step {step} (learning rate {}); the weights from step {} \
                 were restored — try a smaller learning rate",
                losses.reconstruction + losses.kl,
                self.config.learning_rate,
                self.total_steps
            )));
        }
        Ok(ChunkReport {
            steps,
            images,
            objective: losses.reconstruction + self.config.beta * losses.kl,
            losses,
            epochs_done: self.order.epochs_done(),
            total_steps: self.total_steps,
        })
    }
}

/// The negative-ELBO parts of a batch, with one reparameterised sample per image.
pub fn negative_elbo(model: &Vae, images: Tensor<2>) -> ElboParts {
    let posterior = model.encode(images.clone());
    let logits = model.decode_logits(posterior.reparameterise());
    ElboParts::new(logits, images, &posterior)
}

/// Images per evaluation batch: large enough to amortise dispatch, small enough for a tab.
const EVAL_BATCH: usize = 500;

/// Single-sample ELBO averaged over `data` (the reference's "test ELBO"), with β = 1.
pub async fn evaluate(model: &Vae, data: &Mnist, device: &Device) -> Result<LossSummary> {
    evaluate_refined(model, data, 0, device).await
}

/// Single-sample ELBO over `data`, as [`evaluate`], but with each image's q(z|x) refined by
/// `steps` gradient steps ([`refine_posterior`]; 0 is the encoder's q). The difference to
/// [`evaluate`] is the amortisation gap: how much better a Gaussian posterior exists for these
/// images than the one the encoder produced. The estimate draws fresh noise, not the noise the
/// steps were taken on.
pub async fn evaluate_refined(
    model: &Vae,
    data: &Mnist,
    steps: usize,
    device: &Device,
) -> Result<LossSummary> {
    if data.is_empty() {
        return Err(VaeError::Input(
            "cannot evaluate on an empty dataset".into(),
        ));
    }
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut totals = Tensor::<1>::zeros([2], device);
    for chunk in indices.chunks(EVAL_BATCH) {
        let images = data.batch(chunk, device);
        let posterior = refine_posterior(model, images.clone(), steps);
        let logits = model.decode_logits(posterior.reparameterise());
        totals = totals + ElboParts::new(logits, images, &posterior).sums();
    }
    LossSummary::from_sums(totals, data.len()).await
}

/// Importance-weighted estimate of the mean log p(x) over `data` with `samples` draws from
/// q(z|x) per image (Burda et al.'s IWAE bound; tighter than the ELBO as `samples` grows):
/// log p(x) ≈ logsumexp_i [log p(x|z_i) + log p(z_i) − log q(z_i|x)] − log k.
pub async fn importance_weighted_log_likelihood(
    model: &Vae,
    data: &Mnist,
    samples: usize,
    device: &Device,
) -> Result<f64> {
    if data.is_empty() || samples == 0 {
        return Err(VaeError::Input(
            "need at least one image and one sample".into(),
        ));
    }
    let images_per_chunk = (EVAL_BATCH / samples).max(1);
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut total = Tensor::<1>::zeros([1], device);
    for chunk in indices.chunks(images_per_chunk) {
        let repeated: Vec<usize> = chunk
            .iter()
            .flat_map(|&i| std::iter::repeat_n(i, samples))
            .collect();
        let images = data.batch(&repeated, device);
        let posterior = model.encode(images.clone());
        let noise = posterior.standard_noise();
        let z = posterior.reparameterise_with(noise.clone());
        let log_px_given_z =
            crate::loss::bce_with_logits(model.decode_logits(z.clone()), images).neg();
        // The ½·ln 2π terms of log p(z) and log q(z|x) cancel.
        let log_pz = z.square().sum_dim(1).squeeze_dim::<1>(1).mul_scalar(-0.5);
        let log_qz = (noise.square() + posterior.log_var)
            .sum_dim(1)
            .squeeze_dim::<1>(1)
            .mul_scalar(-0.5);
        let log_w = (log_px_given_z + log_pz - log_qz).reshape([chunk.len(), samples]);
        let max = log_w.clone().max_dim(1);
        let log_mean_w = (log_w - max.clone()).exp().sum_dim(1).log() + max;
        total = total + log_mean_w.sum();
    }
    let total = read_floats(total).await?[0] as f64;
    Ok(total / data.len() as f64 - (samples as f64).ln())
}
