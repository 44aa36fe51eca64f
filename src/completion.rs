//! Completion (inpainting): an image with pixels missing, filled in by the model.
//!
//! The encoder sees the image with its missing pixels blank (0, the background), and that
//! q(z|x) is refined by the same Adam steps as "refine q(z|x)" ([`crate::inference`]), on the
//! ELBO of the observed pixels alone ([`LossParts::sampled_observed`]: the reconstruction term
//! masked, the KL as usual). The refined q(z|x) is then what the model believes about the
//! whole image given the part it sees: decoding its mean gives the completion, decoding draws
//! from it gives the ways the missing part could be, and their spread per pixel says how sure
//! the model is of each one. Super-resolution is the same with the observed pixels spread out
//! ([`crate::mask::Preset::Resolution`]).

use burn::tensor::{Distribution, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use crate::backend::read_floats;
use crate::data::{IMAGE_PIXELS, Mnist};
use crate::error::Result;
use crate::inference::refine_from;
use crate::loss::LossParts;
use crate::mask::Preset;
use crate::model::{Labels, Posterior, Vae};

/// Seeds the ε of the samples: the same image and mask always show the same samples, and the
/// process-wide generator that training draws from is left untouched.
const SAMPLES_SEED: u64 = 0xf111;

/// q(z|x) of `images` `[batch, 784]` seen through `observed` `[batch, 784]` (1 observed, 0
/// missing): the encoder's answer for the images with their missing pixels blank, refined by
/// `steps` Adam steps on the observed pixels' ELBO. A conditional model is told `labels`. With
/// every pixel observed this is exactly [`crate::inference::refine_posterior`]; a missing
/// pixel's value never changes it. An autoencoder has no posterior to refine: refused, naming
/// the mask.
pub fn observed_posterior(
    model: &Vae,
    images: Tensor<2>,
    labels: Labels,
    observed: Tensor<2>,
    steps: usize,
) -> Result<Posterior> {
    // Blank, not left as they are: the encoder must not see what the completion is to guess.
    let seen = images * observed.clone();
    let start = model
        .encode(seen.clone(), labels.clone())
        .into_posterior("mask")?;
    Ok(refine_from(
        model,
        seen,
        labels,
        start,
        steps,
        Some(observed),
    ))
}

/// The observed pixels' negative ELBO (masked reconstruction + KL) of each image under
/// `posterior` with z = mean + σ·`noise`: the objective [`observed_posterior`] minimises,
/// `[batch]`.
pub fn observed_objective(
    model: &Vae,
    images: Tensor<2>,
    labels: Labels,
    posterior: &Posterior,
    noise: Tensor<2>,
    observed: Tensor<2>,
) -> Tensor<1> {
    LossParts::sampled_observed(model, images, labels, posterior, noise, observed).total()
}

/// What completion gives for one image.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    /// p(x|z = μ) of the refined q(z|x): 784 pixel probabilities, the observed pixels included
    /// (the model's reading of them, not a copy: a caller that shows the image may paste the
    /// observed pixels back).
    pub completion: Vec<f32>,
    /// p(x|z) for `samples` draws z ~ q(z|x): `samples × 784`, the ways the missing part could
    /// be.
    pub samples: Vec<f32>,
    /// Each pixel's standard deviation over those samples (784): how unsure the model is of it.
    pub spread: Vec<f32>,
    /// The refined q(z|x).
    pub mean: Vec<f32>,
    pub log_var: Vec<f32>,
}

impl Completion {
    pub fn is_finite(&self) -> bool {
        [
            &self.completion,
            &self.samples,
            &self.spread,
            &self.mean,
            &self.log_var,
        ]
        .into_iter()
        .all(|values| values.iter().all(|v| v.is_finite()))
    }
}

/// One image `[1, 784]` completed from its `observed` pixels `[1, 784]` (told `label`, for a
/// conditional model): [`observed_posterior`] with `steps` steps, its mean decoded, and
/// `samples` draws from it decoded (the same draws for the same arguments).
pub async fn complete(
    model: &Vae,
    image: Tensor<2>,
    label: Labels,
    observed: Tensor<2>,
    steps: usize,
    samples: usize,
) -> Result<Completion> {
    let posterior = observed_posterior(model, image, label.clone(), observed, steps)?;
    let [_, latent] = posterior.mean.dims();
    let mut rng = StdRng::seed_from_u64(SAMPLES_SEED);
    let noise = TensorData::random::<f32, _, _>(
        [samples, latent],
        Distribution::Normal(0.0, 1.0),
        &mut rng,
    );
    let repeated = Posterior {
        mean: posterior.mean.clone().repeat_dim(0, samples),
        log_var: posterior.log_var.clone().repeat_dim(0, samples),
    };
    let z = repeated.reparameterise_with(Tensor::from_data(noise, &posterior.mean.device()));
    let drawn = model.decode(z, label.clone().map(|label| label.repeat_dim(0, samples)));
    let samples_read = read_floats(drawn).await?;
    Ok(Completion {
        completion: read_floats(model.decode(posterior.mean.clone(), label)).await?,
        spread: pixel_spread(&samples_read),
        samples: samples_read,
        mean: read_floats(posterior.mean).await?,
        log_var: read_floats(posterior.log_var).await?,
    })
}

/// Each pixel's standard deviation over images laid one after another (784 values each); the
/// population's, so that one sample has none.
fn pixel_spread(images: &[f32]) -> Vec<f32> {
    let count = (images.len() / IMAGE_PIXELS).max(1) as f64;
    (0..IMAGE_PIXELS)
        .map(|pixel| {
            let values = || images.iter().skip(pixel).step_by(IMAGE_PIXELS);
            let mean = values().map(|&v| f64::from(v)).sum::<f64>() / count;
            let variance = values()
                .map(|&v| (f64::from(v) - mean).powi(2))
                .sum::<f64>()
                / count;
            variance.sqrt() as f32
        })
        .collect()
}

/// The binary cross-entropy (nats) of the missing pixels alone (where `observed` is 0) of the
/// pixel probabilities `predicted` against the true `image`: how well a completion (or a
/// baseline) guessed what it was not shown. Probabilities are kept within [1e-7, 1 − 1e-7],
/// so that one confident wrong pixel costs about 16 nats, not infinity.
pub fn missing_cross_entropy(predicted: &[f32], image: &[f32], observed: &[f32]) -> f64 {
    const FLOOR: f64 = 1e-7;
    predicted
        .iter()
        .zip(image)
        .zip(observed)
        .filter(|(_, seen)| **seen == 0.0)
        .map(|((&p, &x), _)| {
            let p = f64::from(p).clamp(FLOOR, 1.0 - FLOOR);
            let x = f64::from(x);
            -(x * p.ln() + (1.0 - x) * (1.0 - p).ln())
        })
        .sum()
}

/// Images completed at once by [`missing_cross_entropies`]: each image's q(z|x) follows its own
/// gradient (refinement sums the images' objectives). The steps' ε come from one stream for
/// the whole batch, so an image's completion here differs from its completion alone by the
/// noise only.
const MEASURE_BATCH: usize = 250;
/// Draws of z per image for the predictive guess of [`MissingEntropies::predictive`].
pub const PREDICTIVE_SAMPLES: usize = 8;

/// The missing pixels' cross-entropy (nats) of each image's completion, two ways.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingEntropies {
    /// Of p(x|z = μ), the completion [`complete`] returns: one sharp guess.
    pub at_mean: Vec<f64>,
    /// Of the mean of p(x|z) over [`PREDICTIVE_SAMPLES`] draws z ~ q(z|x): a pixel the draws
    /// disagree on is guessed near ½, not confidently, which cross-entropy rewards.
    pub predictive: Vec<f64>,
}

/// For every image of `data`, erased by `preset` (the random presets with the image's index as
/// the seed, so that each image loses other pixels), the missing pixels' cross-entropy of its
/// completion after `steps` refinement steps (0: from the encoder's q(z|x) of the masked
/// image, a baseline), in the images' order. A conditional model is told each image's label.
pub async fn missing_cross_entropies(
    model: &Vae,
    data: &Mnist,
    preset: Preset,
    steps: usize,
    device: &burn::tensor::Device,
) -> Result<MissingEntropies> {
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut rng = StdRng::seed_from_u64(SAMPLES_SEED);
    let mut entropies = MissingEntropies {
        at_mean: Vec::with_capacity(data.len()),
        predictive: Vec::with_capacity(data.len()),
    };
    for chunk in indices.chunks(MEASURE_BATCH) {
        let masks: Vec<f32> = chunk
            .iter()
            .flat_map(|&index| preset.mask(index as u64))
            .collect();
        let observed = Tensor::from_data(
            TensorData::new(masks.clone(), [chunk.len(), IMAGE_PIXELS]),
            device,
        );
        let images = data.batch(chunk, device);
        let labels = model.labels_for(data, chunk, device)?;
        let posterior = observed_posterior(model, images.clone(), labels.clone(), observed, steps)?;
        let draws: Vec<Tensor<2>> = (0..PREDICTIVE_SAMPLES)
            .map(|_| {
                let z = posterior.reparameterise_with(posterior.seeded_noise(&mut rng));
                model.decode(z, labels.clone())
            })
            .collect();
        let predictive = Tensor::stack::<3>(draws, 0).mean_dim(0).squeeze_dim::<2>(0);
        let at_mean = read_floats(model.decode(posterior.mean, labels)).await?;
        let predictive = read_floats(predictive).await?;
        let pixels = read_floats(images).await?;
        for row in 0..chunk.len() {
            let at = row * IMAGE_PIXELS..(row + 1) * IMAGE_PIXELS;
            let missing = |guess: &[f32]| {
                missing_cross_entropy(&guess[at.clone()], &pixels[at.clone()], &masks[at.clone()])
            };
            entropies.at_mean.push(missing(&at_mean));
            entropies.predictive.push(missing(&predictive));
        }
    }
    Ok(entropies)
}
