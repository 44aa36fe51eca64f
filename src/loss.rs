//! The VAE objective: per-image Bernoulli reconstruction loss plus the analytic KL term.

use burn::tensor::Tensor;
use burn::tensor::activation::relu;
use serde::Serialize;

use crate::backend::read_floats;
use crate::error::Result;
use crate::model::{Labels, Posterior, Vae};

/// Binary cross-entropy with logits of each pixel: `[batch, 784]`, where the reconstruction pays.
///
/// Written as max(x, 0) − x·y + log(1 + e^−|x|), which never overflows: the naive
/// −y·log σ(x) − (1−y)·log(1−σ(x)) returns inf for confident wrong logits.
pub fn bce_with_logits_per_pixel(logits: Tensor<2>, targets: Tensor<2>) -> Tensor<2> {
    relu(logits.clone()) - logits.clone() * targets + logits.abs().neg().exp().log1p()
}

/// Σ over pixels of binary cross-entropy with logits, one value per image: `[batch]`.
pub fn bce_with_logits(logits: Tensor<2>, targets: Tensor<2>) -> Tensor<1> {
    sum_per_image(bce_with_logits_per_pixel(logits, targets))
}

/// KL(N(μ, σ²) ‖ N(0, 1)) of each latent dimension: `[batch, latent]`. The dimensions are
/// independent under both, so the whole KL is their sum.
pub fn kl_per_dimension(posterior: &Posterior) -> Tensor<2> {
    let Posterior { mean, log_var } = posterior.clone();
    (log_var.clone().add_scalar(1.0) - mean.square() - log_var.exp()).mul_scalar(-0.5)
}

/// KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²), one value per image: `[batch]`.
pub fn kl_to_standard_normal(posterior: &Posterior) -> Tensor<1> {
    sum_per_image(kl_per_dimension(posterior))
}

fn sum_per_image(values: Tensor<2>) -> Tensor<1> {
    values.sum_dim(1).squeeze_dim(1)
}

/// The two parts of the negative ELBO for each image of a batch.
#[derive(Debug, Clone)]
pub struct ElboParts {
    /// −log p(x|z) for the sampled z: `[batch]`.
    pub reconstruction: Tensor<1>,
    /// KL(q(z|x) ‖ p(z)): `[batch]`.
    pub kl: Tensor<1>,
}

impl ElboParts {
    pub fn new(logits: Tensor<2>, targets: Tensor<2>, posterior: &Posterior) -> Self {
        Self {
            reconstruction: bce_with_logits(logits, targets),
            kl: kl_to_standard_normal(posterior),
        }
    }

    /// From the terms themselves, the same sums as [`ElboParts::new`]: each pixel's
    /// cross-entropy `[batch, 784]` and each latent dimension's KL `[batch, latent]`.
    pub fn from_terms(per_pixel: Tensor<2>, per_dimension: Tensor<2>) -> Self {
        Self {
            reconstruction: sum_per_image(per_pixel),
            kl: sum_per_image(per_dimension),
        }
    }

    /// The parts for `images` (told `labels`, for a conditional model) under `posterior` with
    /// z = mean + σ·`noise`: the single-sample estimate that training, evaluation and
    /// refinement all use.
    pub fn sampled(
        model: &Vae,
        images: Tensor<2>,
        labels: Labels,
        posterior: &Posterior,
        noise: Tensor<2>,
    ) -> Self {
        let logits = model.decode_logits(posterior.reparameterise_with(noise), labels);
        Self::new(logits, images, posterior)
    }

    /// The training objective: mean over the batch of reconstruction + β·KL.
    pub fn objective(&self, beta: f64) -> Tensor<1> {
        (self.reconstruction.clone() + self.kl.clone().mul_scalar(beta)).mean()
    }

    /// `[Σ reconstruction, Σ KL]` over the batch, for running totals that are read back once.
    pub fn sums(&self) -> Tensor<1> {
        Tensor::cat(
            vec![self.reconstruction.clone().sum(), self.kl.clone().sum()],
            0,
        )
    }
}

/// Per-image averages of the negative-ELBO parts over some images.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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
    pub fn from_sum_values(reconstruction: f64, kl: f64, images: usize) -> Self {
        let n = images.max(1) as f64;
        let (reconstruction, kl) = (reconstruction / n, kl / n);
        Self {
            reconstruction,
            kl,
            elbo: -(reconstruction + kl),
        }
    }

    /// From a `[Σ reconstruction, Σ KL]` tensor over `images` images (one read from the device).
    pub async fn from_sums(sums: Tensor<1>, images: usize) -> Result<Self> {
        let sums = read_floats(sums).await?;
        Ok(Self::from_sum_values(
            f64::from(sums[0]),
            f64::from(sums[1]),
            images,
        ))
    }

    pub fn is_finite(&self) -> bool {
        self.reconstruction.is_finite() && self.kl.is_finite()
    }
}
