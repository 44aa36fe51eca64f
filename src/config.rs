//! The model and training configuration, shared by the page, the CLI and the weights format.

use serde::{Deserialize, Serialize};

use crate::error::{Result, VaeError};

/// Which network family encodes and decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Two strided convolutions down, three transposed convolutions up (the reference model).
    Conv,
    /// 784 -> 400 -> 2·latent and latent -> 400 -> 784.
    Mlp,
}

/// Everything that defines a model and how it trains. Field names are camelCase in JSON so
/// that the page can pass a plain JS object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct VaeConfig {
    pub kind: ModelKind,
    pub latent_dim: usize,
    /// Weight of the KL term in the training loss (1 = the true negative ELBO).
    pub beta: f64,
    pub learning_rate: f64,
    pub batch_size: usize,
    /// Seeds parameter initialisation, shuffling and the reparameterisation noise.
    pub seed: u64,
}

/// The largest latent size the page and the weights format accept; far beyond what MNIST needs.
pub const MAX_LATENT_DIM: usize = 256;
/// Beyond this a single step no longer fits comfortably in a browser tab's memory.
pub const MAX_BATCH_SIZE: usize = 4096;

impl Default for VaeConfig {
    fn default() -> Self {
        Self {
            kind: ModelKind::Conv,
            latent_dim: 2,
            beta: 1.0,
            learning_rate: 1e-3,
            batch_size: 32,
            seed: 0,
        }
    }
}

impl VaeConfig {
    /// Checks every field; the message names the field and the accepted range.
    pub fn validate(&self) -> Result<()> {
        let fail = |message: String| Err(VaeError::Config(message));
        if !(1..=MAX_LATENT_DIM).contains(&self.latent_dim) {
            return fail(format!(
                "latentDim must be between 1 and {MAX_LATENT_DIM}, got {}",
                self.latent_dim
            ));
        }
        if !(self.beta.is_finite() && self.beta >= 0.0) {
            return fail(format!(
                "beta must be a finite number >= 0, got {}",
                self.beta
            ));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return fail(format!(
                "learningRate must be a finite number > 0, got {}",
                self.learning_rate
            ));
        }
        if !(1..=MAX_BATCH_SIZE).contains(&self.batch_size) {
            return fail(format!(
                "batchSize must be between 1 and {MAX_BATCH_SIZE}, got {}",
                self.batch_size
            ));
        }
        Ok(())
    }

    /// Whether two configurations describe the same parameter shapes, so that weights trained
    /// under one can be loaded under the other.
    pub fn same_architecture(&self, other: &Self) -> bool {
        self.kind == other.kind && self.latent_dim == other.latent_dim
    }
}
