//! The VAE objective: per-image Bernoulli reconstruction loss plus the analytic KL term (the
//! autoencoder's: the reconstruction alone).

use burn::tensor::Tensor;
use burn::tensor::activation::relu;
use serde::Serialize;

use crate::backend::read_floats;
use crate::error::Result;
use crate::model::{Code, Labels, Posterior, Vae};

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

/// The parts of the training loss for each image of a batch: the reconstruction term, and for a
/// VAE the KL term (together the negative ELBO). An autoencoder has no KL term: `kl` is `None`,
/// never a zero.
#[derive(Debug, Clone)]
pub struct LossParts {
    /// −log p(x|z) for the z the decoder got: `[batch]`.
    pub reconstruction: Tensor<1>,
    /// KL(q(z|x) ‖ p(z)): `[batch]`; `None` for an autoencoder.
    pub kl: Option<Tensor<1>>,
}

impl LossParts {
    /// The parts for `logits` decoded from `code` against `targets`: the KL is the code's
    /// posterior's, when it has one.
    pub fn new(logits: Tensor<2>, targets: Tensor<2>, code: &Code) -> Self {
        Self {
            reconstruction: bce_with_logits(logits, targets),
            kl: code.posterior().map(kl_to_standard_normal),
        }
    }

    /// From the terms themselves, the same sums as [`LossParts::new`]: each pixel's
    /// cross-entropy `[batch, 784]` and each latent dimension's KL `[batch, latent]` (none for
    /// an autoencoder).
    pub fn from_terms(per_pixel: Tensor<2>, per_dimension: Option<Tensor<2>>) -> Self {
        Self {
            reconstruction: sum_per_image(per_pixel),
            kl: per_dimension.map(sum_per_image),
        }
    }

    /// The parts for `images` (told `labels`, for a conditional model) under `posterior` with
    /// z = mean + σ·`noise`: the single-sample estimate of the negative ELBO that evaluation,
    /// refinement and classification use.
    pub fn sampled(
        model: &Vae,
        images: Tensor<2>,
        labels: Labels,
        posterior: &Posterior,
        noise: Tensor<2>,
    ) -> Self {
        let logits = model.decode_logits(posterior.reparameterise_with(noise), labels);
        // Tensors are shared: wrapping a clone of the posterior copies no values.
        Self::new(logits, images, &Code::Posterior(posterior.clone()))
    }

    /// [`LossParts::sampled`] with the reconstruction term over the observed pixels alone:
    /// `observed` `[batch, 784]` is 1 where a pixel is observed and 0 where it is missing (as
    /// `mask::check` admits them); the KL is as usual. Completion refines q(z|x) on this
    /// objective, so that the missing pixels come from the model, not from the image.
    ///
    /// The image is multiplied by the mask before it meets the decoder's output, and each
    /// pixel's cross-entropy by the mask after: a missing pixel's value enters neither the
    /// objective nor its gradient, whatever it holds. With every pixel observed both
    /// multiplications are by 1, exact in floating point: the numbers are `sampled`'s.
    pub fn sampled_observed(
        model: &Vae,
        images: Tensor<2>,
        labels: Labels,
        posterior: &Posterior,
        noise: Tensor<2>,
        observed: Tensor<2>,
    ) -> Self {
        let logits = model.decode_logits(posterior.reparameterise_with(noise), labels);
        let per_pixel = bce_with_logits_per_pixel(logits, images * observed.clone()) * observed;
        Self::from_terms(per_pixel, Some(kl_per_dimension(posterior)))
    }

    /// The training objective: mean over the batch of reconstruction + β·KL. At β = 0 (and for
    /// an autoencoder) the KL is left out of the graph, not multiplied by 0: its gradient then
    /// comes from the reconstruction alone, and a KL that overflows cannot poison it (0·∞).
    pub fn objective(&self, beta: f64) -> Tensor<1> {
        match &self.kl {
            Some(kl) if beta > 0.0 => {
                (self.reconstruction.clone() + kl.clone().mul_scalar(beta)).mean()
            }
            _ => self.reconstruction.clone().mean(),
        }
    }

    /// Each image's negative ELBO, reconstruction + KL (the reconstruction alone for an
    /// autoencoder): `[batch]`.
    pub fn total(&self) -> Tensor<1> {
        match &self.kl {
            Some(kl) => self.reconstruction.clone() + kl.clone(),
            None => self.reconstruction.clone(),
        }
    }

    /// `[Σ reconstruction, Σ KL]` over the batch (`[Σ reconstruction]` for an autoencoder), for
    /// running totals that are read back once ([`LossSummary::from_sum_values`] reads them).
    pub fn sums(&self) -> Tensor<1> {
        let mut sums = vec![self.reconstruction.clone().sum()];
        sums.extend(self.kl.clone().map(Tensor::sum));
        Tensor::cat(sums, 0)
    }
}

/// Per-image averages of the loss's parts over some images. An autoencoder's have the
/// reconstruction term alone: no KL and no ELBO (absent, not zero).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LossSummary {
    /// Mean −log p(x|z) (nats per image).
    pub reconstruction: f64,
    /// Mean KL(q(z|x) ‖ p(z)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kl: Option<f64>,
    /// Mean ELBO = −(reconstruction + KL): higher is better.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elbo: Option<f64>,
}

impl LossSummary {
    /// From `[Σ reconstruction, Σ KL]` (or `[Σ reconstruction]`, an autoencoder's) over
    /// `images` images, as [`LossParts::sums`] lays them out.
    pub fn from_sum_values(sums: &[f64], images: usize) -> Self {
        let n = images.max(1) as f64;
        let mean = |sum: &f64| sum / n;
        // An empty read (which the callers never make) gives NaN, which the session refuses.
        let reconstruction = sums.first().map_or(f64::NAN, mean);
        let kl = sums.get(1).map(mean);
        Self {
            reconstruction,
            kl,
            elbo: kl.map(|kl| -(reconstruction + kl)),
        }
    }

    /// From a [`LossParts::sums`] tensor over `images` images (one read from the device).
    pub async fn from_sums(sums: Tensor<1>, images: usize) -> Result<Self> {
        let sums: Vec<f64> = read_floats(sums)
            .await?
            .into_iter()
            .map(f64::from)
            .collect();
        Ok(Self::from_sum_values(&sums, images))
    }

    pub fn is_finite(&self) -> bool {
        self.reconstruction.is_finite() && self.kl.is_none_or(f64::is_finite)
    }
}
