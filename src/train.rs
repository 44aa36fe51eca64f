//! Training: Adam steps in chunks, with a guard that undoes a step that makes the model diverge,
//! and the KL weight β of each step (rising over the config's warm-up). An autoencoder trains
//! on the reconstruction alone.

use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::activation::sigmoid;
use burn::tensor::{Device, Tensor};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use crate::backend::{autodiff_device, on_cpu_pool, read_all, read_floats};
use crate::config::VaeConfig;
use crate::data::{BatchOrder, IMAGE_PIXELS, Mnist};
use crate::error::{Result, VaeError, refusal};
use crate::loss::{LossParts, LossSummary};
use crate::model::{Code, Vae};

/// A step has diverged when the negative ELBO per image it leads to is not finite or exceeds
/// this: ten times the loss of a model that predicts every pixel with probability ½
/// (784 · ln 2 ≈ 543 nats). An untrained model starts near 550; training only goes down.
pub const DIVERGED_NATS: f64 = 10.0 * IMAGE_PIXELS as f64 * std::f64::consts::LN_2;

/// What a call to [`Trainer::train_steps`] did.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChunkReport {
    pub steps: usize,
    pub images: usize,
    /// Training losses averaged over this chunk's images: the reconstruction and KL terms
    /// apart (an autoencoder's have no KL).
    pub losses: LossSummary,
    /// The objective that was minimised, averaged over the chunk's images: reconstruction +
    /// β·KL with each step's β.
    pub objective: f64,
    /// The KL weight in effect at the chunk's last step ([`VaeConfig::beta_at`]: it rises over
    /// the warm-up); absent for an autoencoder, which has no KL term to weigh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beta: Option<f64>,
    /// Completed epochs, with the fraction of the current one.
    pub epochs_done: f64,
    /// Optimiser steps since training began.
    pub total_steps: u64,
}

/// Images of a slow-motion step's batch that come back as pixels (its terms and means come back
/// for every image): a page shows no more at once.
pub const STEP_IMAGES_SHOWN: usize = 64;

/// What one optimiser step did to its batch ([`Trainer::train_one_step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StepDetail {
    /// The step as a chunk of one: its losses, progress and step count.
    pub report: ChunkReport,
    /// The batch: training images by index, and their labels (when the split has them).
    pub indices: Vec<usize>,
    pub labels: Option<Vec<u8>>,
    /// The first [`STEP_IMAGES_SHOWN`] images (× 784) and p(x|z) for their sampled z, before
    /// the step.
    pub images: Vec<f32>,
    pub reconstructions: Vec<f32>,
    /// Each image's −log p(x|z) and KL before the step: the terms its gradient came from (an
    /// autoencoder has no KL terms).
    pub reconstruction_terms: Vec<f32>,
    pub kl_terms: Option<Vec<f32>>,
    /// The batch's mean ELBO and its parts before and after the step, same images, same ε.
    pub before: LossSummary,
    pub after: LossSummary,
    /// Each image's posterior mean (an autoencoder's code) before and after the step
    /// (batch × latent).
    pub means_before: Vec<f32>,
    pub means_after: Vec<f32>,
}

/// Holds the model under training, its Adam state and the data order. Cloning is cheap (tensors
/// are shared), and a clone replays exactly the steps the original takes: each step's noise
/// depends only on the seed and the step's number ([`step_noise`]).
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
            return Err(refusal!(
                Config,
                "trainer-latent-dim",
                "the model has latent size {model}, the config says {config}",
                model = model.latent_dim(),
                config = config.latent_dim,
            ));
        }
        if model.kind() != config.kind {
            return Err(refusal!(
                Config,
                "trainer-kind",
                "the model is of kind {model}, the config says {config}",
                model = model.kind().describe(),
                config = config.kind.describe(),
            ));
        }
        check_batch_fits(config.batch_size, dataset_len)?;
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

    /// Changes the hyper-parameters that can change mid-run (β, its warm-up, learning rate,
    /// batch size), keeping weights, optimiser state and data order. The warm-up counts from the
    /// run's first step.
    pub fn update_config(&mut self, config: VaeConfig) -> Result<()> {
        config.validate()?;
        self.config.check_same_architecture(&config)?;
        check_batch_fits(config.batch_size, self.order.dataset_len())?;
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
    /// chunk, not per step). If a step's update makes the next step's loss non-finite or larger
    /// than [`DIVERGED_NATS`], the trainer is put back exactly as it was before that step
    /// (weights, optimiser, data order, noise) and an error says so. How the steps are split
    /// into calls changes nothing: the same steps are taken and judged alike.
    pub async fn train_steps(&mut self, data: &Mnist, steps: usize) -> Result<ChunkReport> {
        self.check_dataset(data)?;
        let start = self.clone();
        let (batch_size, first_step) = (self.config.batch_size, self.total_steps);
        let sums = on_cpu_pool(|| {
            let mut sums = Vec::with_capacity(steps + 1);
            for _ in 0..steps {
                sums.push(self.step(data));
            }
            // The last update is judged like every other: by the loss the next step will
            // compute (its batch, its noise), peeked at without taking the step.
            sums.push(self.peek_next_loss(data));
            sums
        });
        let values = match read_floats(Tensor::cat(sums, 0)).await {
            Ok(values) => values,
            Err(error) => {
                *self = start;
                return Err(error);
            }
        };
        // Each step's [Σ reconstruction, Σ KL] (an autoencoder's [Σ reconstruction]).
        let parts = values.len() / (steps + 1);
        let step_sums: Vec<&[f32]> = values.chunks_exact(parts).collect();
        let per_image: Vec<f64> = step_sums
            .iter()
            .map(|sums| sums.iter().copied().map(f64::from).sum::<f64>() / batch_size as f64)
            .collect();
        if let Some(bad) = per_image
            .iter()
            .position(|&loss| !(loss.is_finite() && loss <= DIVERGED_NATS))
        {
            return Err(self.roll_back(start, data, bad, per_image[bad]));
        }
        // The chunk's totals of each part, and of the objective with each step's β.
        let mut totals = vec![0.0; parts];
        let mut objective = 0.0;
        for (step, sums) in (first_step..).zip(&step_sums[..steps]) {
            let sums: Vec<f64> = sums.iter().copied().map(f64::from).collect();
            totals
                .iter_mut()
                .zip(&sums)
                .for_each(|(total, sum)| *total += sum);
            objective += sums[0] + sums.get(1).map_or(0.0, |kl| self.config.beta_at(step) * kl);
        }
        let images = steps * batch_size;
        let has_kl = self.model.has_posterior();
        Ok(ChunkReport {
            steps,
            images,
            losses: LossSummary::from_sum_values(&totals, images),
            objective: objective / images as f64,
            beta: has_kl.then(|| self.config.beta_at(self.total_steps.saturating_sub(1))),
            epochs_done: self.order.epochs_done(),
            total_steps: self.total_steps,
        })
    }

    /// One Adam step, with the KL weighed by the β in effect; returns the batch's
    /// [`LossParts::sums`] before the update.
    fn step(&mut self, data: &Mnist) -> Tensor<1> {
        let step = self.total_steps;
        let batch = self.order.next_batch(self.config.batch_size);
        let mut noise = step_noise(self.config.seed, step);
        let SampledBatch { parts, .. } =
            sample_batch(&self.model, data, batch, &mut noise, &self.device);
        let grads = parts.objective(self.config.beta_at(step)).backward();
        let grads = GradientsParams::from_grads(grads, &self.model);
        self.model = self
            .optimizer
            .step(self.config.learning_rate, self.model.clone(), grads);
        self.total_steps += 1;
        parts.sums().detach()
    }

    /// The [`LossParts::sums`] the next step would start from, leaving the data order and
    /// the noise stream where they are.
    fn peek_next_loss(&self, data: &Mnist) -> Tensor<1> {
        let batch = self.next_batch();
        let mut noise = step_noise(self.config.seed, self.total_steps);
        sample_batch(&self.model, data, &batch, &mut noise, &self.device)
            .parts
            .sums()
            .detach()
    }

    /// One Adam step, exactly as [`Trainer::train_steps`] takes it (guard included), with its
    /// batch shown before and after the update: training in slow motion.
    pub async fn train_one_step(&mut self, data: &Mnist) -> Result<StepDetail> {
        self.check_dataset(data)?;
        let (batch, step) = (self.next_batch(), self.total_steps);
        let view = |trainer: &Self| {
            let mut noise = step_noise(trainer.config.seed, step);
            sample_batch(&trainer.model, data, &batch, &mut noise, &trainer.device)
        };
        let before = view(self);
        let report = self.train_steps(data, 1).await?;
        // The same images and the same ε, through the updated weights.
        let after = view(self);
        let shown = batch.len().min(STEP_IMAGES_SHOWN);
        let per_image = |terms: Tensor<1>| terms.reshape([1, batch.len()]);
        let as_row = |sums: Tensor<1>| sums.unsqueeze_dim::<2>(0);
        let mut pieces = vec![
            before.images.narrow(0, 0, shown),
            sigmoid(before.logits.narrow(0, 0, shown)),
            per_image(before.parts.reconstruction.clone()),
            before.code.point(),
            after.code.point(),
            as_row(before.parts.sums()),
            as_row(after.parts.sums()),
        ];
        pieces.extend(before.parts.kl.clone().map(per_image));
        let mut values = read_all(pieces).await?.into_iter();
        let mut next = || {
            values.next().ok_or_else(|| {
                refusal!(
                    Backend,
                    "step-read-failed",
                    "reading the step's batch failed"
                )
            })
        };
        let (images, reconstructions, reconstruction_terms) = (next()?, next()?, next()?);
        let (means_before, means_after) = (next()?, next()?);
        let summary = |sums: Vec<f32>| {
            let sums: Vec<f64> = sums.into_iter().map(f64::from).collect();
            LossSummary::from_sum_values(&sums, batch.len())
        };
        let (before, after) = (summary(next()?), summary(next()?));
        let kl_terms = next().ok();
        Ok(StepDetail {
            report,
            labels: data
                .labels()
                .map(|labels| batch.iter().map(|&i| labels[i]).collect()),
            indices: batch,
            images,
            reconstructions,
            reconstruction_terms,
            kl_terms,
            before,
            after,
            means_before,
            means_after,
        })
    }

    /// The indices of the batch the next step will take, leaving the data order where it is.
    fn next_batch(&self) -> Vec<usize> {
        self.order
            .clone()
            .next_batch(self.config.batch_size)
            .to_vec()
    }

    /// The dataset is the one the run was set up for, with labels if the model needs them.
    fn check_dataset(&self, data: &Mnist) -> Result<()> {
        if data.len() != self.order.dataset_len() {
            return Err(refusal!(
                Input,
                "trainer-dataset-size",
                "the trainer was set up for {expected} images, got a dataset of {got}",
                expected = self.order.dataset_len(),
                got = data.len(),
            ));
        }
        if self.config.kind.is_conditional() {
            data.digit_labels()?;
        }
        Ok(())
    }

    /// Puts the trainer back to before the step that diverged. `bad` indexes the chunk's losses:
    /// loss `i` was computed with the weights after `i` updates, so loss `bad` shows that update
    /// `bad` (counting from 1) diverged; loss 0 means the weights were already bad at the start.
    fn roll_back(&mut self, start: Trainer, data: &Mnist, bad: usize, loss: f64) -> VaeError {
        *self = start;
        if bad == 0 {
            return refusal!(
                Training,
                "weights-already-diverged",
                "the current weights already give a loss of {loss} nats per image; nothing was \
                 changed — reset the model or load other weights",
                loss = format!("{loss:.4e}"),
            );
        }
        for _ in 1..bad {
            self.step(data);
        }
        refusal!(
            Training,
            "step-diverged",
            "step {step} diverged (loss {loss} nats per image after it, learning rate \
             {learning_rate}); the weights from before that step (after step {kept}) are kept — \
             try a smaller learning rate",
            step = self.total_steps + 1,
            loss = format!("{loss:.4e}"),
            learning_rate = self.config.learning_rate,
            kept = self.total_steps,
        )
    }
}

/// The reparameterisation noise of step `step` (counting from 0), drawn on the host: the same
/// numbers on every backend, however the steps are split into calls.
fn step_noise(seed: u64, step: u64) -> StdRng {
    StdRng::seed_from_u64(seed ^ step.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The images at `batch` under `model` (told their labels, if it is conditional), with z drawn
/// from `noise` (an autoencoder's z is its code): the code, the logits, and the single-sample
/// loss parts.
struct SampledBatch {
    images: Tensor<2>,
    code: Code,
    logits: Tensor<2>,
    parts: LossParts,
}

fn sample_batch(
    model: &Vae,
    data: &Mnist,
    batch: &[usize],
    noise: &mut StdRng,
    device: &Device,
) -> SampledBatch {
    let images = data.batch(batch, device);
    // The run checked that a conditional model's data has labels (check_dataset).
    let labels = if model.is_conditional() {
        data.one_hot(batch, device)
    } else {
        None
    };
    let code = model.encode(images.clone(), labels.clone());
    let z = code.latent(|posterior| posterior.seeded_noise(noise));
    let logits = model.decode_logits(z, labels);
    let parts = LossParts::new(logits.clone(), images.clone(), &code);
    SampledBatch {
        images,
        code,
        logits,
        parts,
    }
}

fn check_batch_fits(batch_size: usize, dataset_len: usize) -> Result<()> {
    if batch_size > dataset_len {
        return Err(refusal!(
            Config,
            "batch-larger-than-dataset",
            "batchSize {batch_size} is larger than the {images} training images",
            batch_size = batch_size,
            images = dataset_len,
        ));
    }
    Ok(())
}
