//! One image, every step of the model: what the page's Inside view shows. It runs the model's own
//! forward pass with a [`Trace`] on, so each layer's output is the one training and inference
//! compute, never a second implementation of the layers:
//!
//! x → encoder layers → q(z|x) = N(μ, σ²) → z = μ + σ ⊙ ε → decoder layers → logits →
//! p(x|z) = sigmoid(logits) → each pixel's cross-entropy and each latent dimension's KL → ELBO.
//!
//! An autoencoder takes fewer steps: x → encoder layers → its code z → decoder layers → logits →
//! p(x|z) → each pixel's cross-entropy, whose sum is its whole loss. It has no σ, ε or KL, and
//! its explanation has none (`posterior` is `None`).

use burn::tensor::activation::sigmoid;
use burn::tensor::{Distribution, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::backend::read_all;
use crate::error::{Result, refusal};
use crate::loss::{LossParts, bce_with_logits_per_pixel, kl_per_dimension};
use crate::model::{Code, Labels, Trace, Vae, needs_posterior};

/// Seeds the ε used when the caller gives none, so that the same drawing always gets the same
/// view (and the process-wide generator that training draws from is left alone).
const NOISE_SEED: u64 = 0xe95;

/// One layer's output for the image.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// What the layer is ("encoder.conv1 · ReLU"), in the order of the forward pass.
    pub name: String,
    /// `[channels, height, width]` for a convolution, `[units]` otherwise.
    pub shape: Vec<usize>,
    /// The output, flattened in that shape's order.
    pub values: Vec<f32>,
}

/// Every step from one image to its loss: for a VAE its ELBO under one ε, for an autoencoder
/// its reconstruction term.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The hidden layers' outputs, encoder then decoder.
    pub layers: Vec<Layer>,
    /// The encoder's answer: q(z|x)'s mean for a VAE, the code itself for an autoencoder.
    pub mean: Vec<f32>,
    /// A VAE's posterior, its noise and its KL; `None` for an autoencoder, which has none.
    pub posterior: Option<PosteriorSteps>,
    /// What the decoder got: mean + exp(½ log_var) ⊙ eps for a VAE, the code for an
    /// autoencoder.
    pub z: Vec<f32>,
    /// The decoder's output (784) and p(x|z) = sigmoid(logits).
    pub logits: Vec<f32>,
    pub probabilities: Vec<f32>,
    /// Each pixel's binary cross-entropy (784).
    pub bce_per_pixel: Vec<f32>,
    /// −log p(x|z) = Σ bce_per_pixel, summed on the device as training sums it (nats): an
    /// autoencoder's whole loss.
    pub reconstruction: f64,
}

/// The steps only a VAE takes: q(z|x) = N(mean, exp(log_var)), the noise ε of the
/// reparameterisation, and each latent dimension's KL.
#[derive(Clone, Debug, PartialEq)]
pub struct PosteriorSteps {
    pub log_var: Vec<f32>,
    pub eps: Vec<f32>,
    pub kl_per_dim: Vec<f32>,
    /// KL(q(z|x) ‖ p(z)) = Σ kl_per_dim, summed on the device (nats).
    pub kl: f64,
}

impl Explanation {
    /// The ELBO −(reconstruction + KL), for a VAE.
    pub fn elbo(&self) -> Option<f64> {
        let kl = self.posterior.as_ref()?.kl;
        Some(-(self.reconstruction + kl))
    }

    pub fn is_finite(&self) -> bool {
        let mut vectors = vec![
            &self.mean,
            &self.z,
            &self.logits,
            &self.probabilities,
            &self.bce_per_pixel,
        ];
        if let Some(posterior) = &self.posterior {
            vectors.extend([&posterior.log_var, &posterior.eps, &posterior.kl_per_dim]);
        }
        vectors
            .into_iter()
            .chain(self.layers.iter().map(|layer| &layer.values))
            .all(|values| values.iter().all(|v| v.is_finite()))
            && self.reconstruction.is_finite()
            && self.elbo().is_none_or(f64::is_finite)
    }
}

/// The ε that [`explain`] uses when none is given: `latent_dim` values of N(0, 1), the same on
/// every call and every backend.
pub fn default_noise(latent_dim: usize) -> Result<Vec<f32>> {
    let mut rng = StdRng::seed_from_u64(NOISE_SEED);
    TensorData::random::<f32, _, _>([latent_dim], Distribution::Normal(0.0, 1.0), &mut rng)
        .try_into_vec::<f32>()
        .map_err(|e| {
            refusal!(
                Backend,
                "noise-draw-failed",
                "drawing ε failed: {reason}",
                reason = format!("{e:?}"),
            )
        })
}

/// Every step of `model` for one image `[1, 784]` (told its `label`, for a conditional model),
/// read back from the device at once. A VAE draws z with the noise `eps` `[1, latent]` (`None`:
/// [`default_noise`]); an autoencoder draws nothing, and refuses an ε.
pub async fn explain(
    model: &Vae,
    image: Tensor<2>,
    label: Labels,
    eps: Option<Tensor<2>>,
) -> Result<Explanation> {
    let mut trace = Trace::on();
    let code = model.encode_traced(image.clone(), label.clone(), &mut trace);
    // z, and for a VAE the posterior and the ε it was drawn with.
    let (z, drawn) = match (&code, eps) {
        (Code::Point(z), None) => (z.clone(), None),
        (Code::Point(_), Some(_)) => return Err(needs_posterior("eps")),
        (Code::Posterior(posterior), eps) => {
            let noise = match eps {
                Some(eps) => eps,
                None => {
                    let [_, latent] = posterior.mean.dims();
                    let values = TensorData::new(default_noise(latent)?, [1, latent]);
                    Tensor::from_data(values, &image.device())
                }
            };
            (
                posterior.reparameterise_with(noise.clone()),
                Some((posterior, noise)),
            )
        }
    };
    let logits = model.decode_logits_traced(z.clone(), label, &mut trace);
    let bce_per_pixel = bce_with_logits_per_pixel(logits.clone(), image);
    let kl_per_dim = drawn
        .as_ref()
        .map(|(posterior, _)| kl_per_dimension(posterior));
    let parts = LossParts::from_terms(bce_per_pixel.clone(), kl_per_dim.clone());
    let layers = trace.into_layers();

    let mut pieces = vec![
        code.point(),
        z,
        logits.clone(),
        sigmoid(logits),
        bce_per_pixel,
        parts.reconstruction.reshape([1, 1]),
    ];
    let has_posterior = drawn.is_some();
    if let (Some((posterior, noise)), Some(kl_per_dim), Some(kl)) = (drawn, kl_per_dim, parts.kl) {
        pieces.extend([
            posterior.log_var.clone(),
            noise,
            kl_per_dim,
            kl.reshape([1, 1]),
        ]);
    }
    pieces.extend(layers.iter().map(|layer| layer.values.clone()));
    let mut values = read_all(pieces).await?.into_iter();
    let mut next = || values.next().unwrap_or_default();
    let (mean, z, logits, probabilities, bce_per_pixel) = (next(), next(), next(), next(), next());
    // Single values (NaN, which the session refuses, should one be missing).
    let scalar = |values: Vec<f32>| f64::from(values.first().copied().unwrap_or(f32::NAN));
    let reconstruction = scalar(next());
    let posterior = has_posterior.then(|| PosteriorSteps {
        log_var: next(),
        eps: next(),
        kl_per_dim: next(),
        kl: scalar(next()),
    });
    let layers = layers
        .into_iter()
        .map(|layer| Layer {
            name: layer.name.to_string(),
            shape: layer.shape,
            values: next(),
        })
        .collect();
    Ok(Explanation {
        layers,
        mean,
        posterior,
        z,
        logits,
        probabilities,
        bce_per_pixel,
        reconstruction,
    })
}
