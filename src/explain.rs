//! One image, every step of the model: what the page's Inside view shows. It runs the model's own
//! forward pass with a [`Trace`] on, so each layer's output is the one training and inference
//! compute, never a second implementation of the layers:
//!
//! x → encoder layers → q(z|x) = N(μ, σ²) → z = μ + σ ⊙ ε → decoder layers → logits →
//! p(x|z) = sigmoid(logits) → each pixel's cross-entropy and each latent dimension's KL → ELBO.

use burn::tensor::activation::sigmoid;
use burn::tensor::{Distribution, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::backend::read_all;
use crate::error::{Result, VaeError};
use crate::loss::{ElboParts, bce_with_logits_per_pixel, kl_per_dimension};
use crate::model::{Labels, Trace, Vae};

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

/// Every step from one image to its ELBO, for one ε.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The hidden layers' outputs, encoder then decoder.
    pub layers: Vec<Layer>,
    /// q(z|x) = N(mean, exp(log_var)).
    pub mean: Vec<f32>,
    pub log_var: Vec<f32>,
    /// The noise of the reparameterisation, and z = mean + exp(½ log_var) ⊙ eps.
    pub eps: Vec<f32>,
    pub z: Vec<f32>,
    /// The decoder's output (784) and p(x|z) = sigmoid(logits).
    pub logits: Vec<f32>,
    pub probabilities: Vec<f32>,
    /// Each pixel's binary cross-entropy (784) and each latent dimension's KL.
    pub bce_per_pixel: Vec<f32>,
    pub kl_per_dim: Vec<f32>,
    /// −log p(x|z) = Σ bce_per_pixel, KL(q(z|x) ‖ p(z)) = Σ kl_per_dim, both summed on the
    /// device as training sums them, and the ELBO −(reconstruction + kl), in nats.
    pub reconstruction: f64,
    pub kl: f64,
    pub elbo: f64,
}

impl Explanation {
    pub fn is_finite(&self) -> bool {
        let vectors = [
            &self.mean,
            &self.log_var,
            &self.eps,
            &self.z,
            &self.logits,
            &self.probabilities,
            &self.bce_per_pixel,
            &self.kl_per_dim,
        ];
        vectors
            .into_iter()
            .chain(self.layers.iter().map(|layer| &layer.values))
            .all(|values| values.iter().all(|v| v.is_finite()))
            && self.elbo.is_finite()
    }
}

/// The ε that [`explain`]'s callers use when none is given: `latent_dim` values of N(0, 1),
/// the same on every call and every backend.
pub fn default_noise(latent_dim: usize) -> Result<Vec<f32>> {
    let mut rng = StdRng::seed_from_u64(NOISE_SEED);
    TensorData::random::<f32, _, _>([latent_dim], Distribution::Normal(0.0, 1.0), &mut rng)
        .try_into_vec::<f32>()
        .map_err(|e| VaeError::Backend(format!("drawing ε failed: {e:?}")))
}

/// Every step of `model` for one image `[1, 784]` (told its `label`, for a conditional model)
/// with the reparameterisation noise `noise` `[1, latent]`, read back from the device at once.
pub async fn explain(
    model: &Vae,
    image: Tensor<2>,
    label: Labels,
    noise: Tensor<2>,
) -> Result<Explanation> {
    let mut trace = Trace::on();
    let posterior = model.encode_traced(image.clone(), label.clone(), &mut trace);
    let z = posterior.reparameterise_with(noise.clone());
    let logits = model.decode_logits_traced(z.clone(), label, &mut trace);
    let bce_per_pixel = bce_with_logits_per_pixel(logits.clone(), image);
    let kl_per_dim = kl_per_dimension(&posterior);
    let parts = ElboParts::from_terms(bce_per_pixel.clone(), kl_per_dim.clone());
    let layers = trace.into_layers();

    let mut pieces = vec![
        posterior.mean,
        posterior.log_var,
        noise,
        z,
        logits.clone(),
        sigmoid(logits),
        bce_per_pixel,
        kl_per_dim,
        parts.reconstruction.reshape([1, 1]),
        parts.kl.reshape([1, 1]),
    ];
    pieces.extend(layers.iter().map(|layer| layer.values.clone()));
    let mut values = read_all(pieces).await?.into_iter();
    let mut next = || values.next().unwrap_or_default();
    let (mean, log_var, eps, z, logits) = (next(), next(), next(), next(), next());
    let (probabilities, bce_per_pixel, kl_per_dim) = (next(), next(), next());
    // Single values (NaN, which the session refuses, should one be missing).
    let mut scalar = || f64::from(next().first().copied().unwrap_or(f32::NAN));
    let (reconstruction, kl) = (scalar(), scalar());
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
        log_var,
        eps,
        z,
        logits,
        probabilities,
        bce_per_pixel,
        kl_per_dim,
        reconstruction,
        kl,
        elbo: -(reconstruction + kl),
    })
}
