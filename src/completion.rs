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
use crate::loss::{LossParts, bce_with_logits_per_pixel, kl_to_standard_normal};
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

/// Starting points of a completion's refinement: the encoder's answer for the masked image and
/// seven means drawn from the prior. One refined Gaussian commits to one digit where the
/// observed pixels allow several, and cross-entropy punishes a confident wrong stroke; draws
/// spread over the optima several starts reach hedge between them (docs/measurements.md: the
/// mean of one draw from each of 8 starts beats the mean training image on every half, where
/// one start's does not).
pub const COMPLETION_STARTS: usize = 8;
/// Draws from each start that the completion (their mean) averages: more than the samples
/// shown, so that the mean is not one draw's whim (measured: docs/measurements.md).
pub const DRAWS_PER_START: usize = 4;

/// For `samples` samples shown: how many starts to refine (one per sample, at most
/// [`COMPLETION_STARTS`]) and how many draws the completion averages (the samples first).
pub fn completion_plan(samples: usize) -> (usize, usize) {
    let starts = samples.clamp(1, COMPLETION_STARTS);
    (starts, samples.max(starts * DRAWS_PER_START))
}

/// q(z|x) of `images` `[batch, 784]` seen through `observed`, refined from `starts` starting
/// points as [`observed_posterior`] refines one: start 0 is the encoder's answer for the
/// masked image (so that one start gives exactly [`observed_posterior`]), the others its
/// log-variance around means drawn from the prior N(0, I) with `rng`, each refined on its own.
/// `starts × batch` rows, start by start (row k·batch + b).
pub fn restarted_posteriors(
    model: &Vae,
    images: Tensor<2>,
    labels: Labels,
    observed: Tensor<2>,
    steps: usize,
    starts: usize,
    rng: &mut StdRng,
) -> Result<Posterior> {
    let seen = images * observed.clone();
    let first = model
        .encode(seen.clone(), labels.clone())
        .into_posterior("mask")?;
    let mut means = vec![first.mean.clone()];
    for _ in 1..starts {
        let prior =
            TensorData::random::<f32, _, _>(first.mean.dims(), Distribution::Normal(0.0, 1.0), rng);
        means.push(Tensor::from_data(prior, &first.mean.device()));
    }
    let start = Posterior {
        mean: Tensor::cat(means, 0),
        log_var: first.log_var.repeat_dim(0, starts),
    };
    Ok(refine_from(
        model,
        seen.repeat_dim(0, starts),
        repeat_labels(labels, starts),
        start,
        steps,
        Some(observed.repeat_dim(0, starts)),
    ))
}

/// `times` copies of a batch's labels one after another, as `repeat_dim` lays out its images.
fn repeat_labels(labels: Labels, times: usize) -> Labels {
    labels.map(|labels| labels.repeat_dim(0, times))
}

/// Draws from the refined starts of a batch of images, and what each is worth.
struct Draws {
    /// p(x|z) of each draw, `[draws, batch, 784]`.
    pixels: Tensor<3>,
    /// Each draw's weight in the completion, `[draws, batch]`, summing to 1 per image: its
    /// start's share, split evenly among the start's draws.
    weights: Tensor<2>,
}

impl Draws {
    /// The completion: Σ weight · p(x|z) over the draws, `[batch, 784]`.
    fn completion(&self) -> Tensor<2> {
        (self.pixels.clone() * self.weights.clone().unsqueeze_dim::<3>(2))
            .sum_dim(0)
            .squeeze_dim::<2>(0)
    }
}

/// `draws` draws of z for each of `batch` images seen through `observed` from
/// [`restarted_posteriors`]' `posteriors` (draw d from start d mod starts, so that the draws
/// visit every start), decoded. Each start's share is softmax over the starts of its observed
/// pixels' ELBO (its draws' mean reconstruction term, its KL) over [`START_TEMPERATURE`].
fn completion_draws(
    model: &Vae,
    posteriors: &Posterior,
    labels: Labels,
    images: Tensor<2>,
    observed: Tensor<2>,
    draws: usize,
    rng: &mut StdRng,
) -> Draws {
    let [batch, _] = images.dims();
    // Blank where missing, as `restarted_posteriors` saw them (the mask keeps them out anyway).
    let seen = images * observed.clone();
    let starts = posteriors.mean.dims()[0] / batch;
    let rows = |tensor: &Tensor<2>| {
        let picked: Vec<Tensor<2>> = (0..draws)
            .map(|draw| tensor.clone().narrow(0, (draw % starts) * batch, batch))
            .collect();
        Tensor::cat(picked, 0)
    };
    let drawn = Posterior {
        mean: rows(&posteriors.mean),
        log_var: rows(&posteriors.log_var),
    };
    let z = drawn.reparameterise_with(drawn.seeded_noise(rng));
    let logits = model.decode_logits(z, repeat_labels(labels, draws));
    let reconstruction = (bce_with_logits_per_pixel(logits.clone(), seen.repeat_dim(0, draws))
        * observed.repeat_dim(0, draws))
    .sum_dim(1)
    .reshape([draws, batch]);
    // Which start each draw comes from, as a [draws, starts] matrix of 1 / (the start's draws).
    let device = posteriors.mean.device();
    let per_start: Vec<f32> = (0..draws)
        .flat_map(|draw| {
            (0..starts).map(move |start| {
                let count = (draws + starts - 1 - start) / starts;
                if draw % starts == start {
                    1.0 / count as f32
                } else {
                    0.0
                }
            })
        })
        .collect();
    let share = Tensor::<2>::from_data(TensorData::new(per_start, [draws, starts]), &device);
    let start_reconstruction = share.clone().transpose().matmul(reconstruction);
    let kl = kl_to_standard_normal(posteriors).reshape([starts, batch]);
    let elbo = (start_reconstruction + kl).neg();
    let start_weights = burn::tensor::activation::softmax(elbo.div_scalar(START_TEMPERATURE), 0);
    Draws {
        pixels: burn::tensor::activation::sigmoid(logits).reshape([draws, batch, IMAGE_PIXELS]),
        weights: share.matmul(start_weights),
    }
}

/// How far apart two starts' observed-pixel ELBOs must be, in nats, for one to outweigh the
/// other by e. At 1 (each ELBO read as the log of its start's evidence) the best start takes
/// nearly all and the completion commits as one start's does; with every start equal (no
/// weights) it hedges on the halves but a start that fits the observed pixels badly blurs
/// completions the observed pixels pin down (random 50 %). 10 keeps both gains: chosen among
/// 1, 10 and equal weights on the first 100 test digits (docs/measurements.md).
pub const START_TEMPERATURE: f64 = 10.0;

/// What completion gives for one image.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    /// The mean of p(x|z) over the draws of [`completion_plan`], the samples among them: 784
    /// pixel probabilities, the observed pixels included (the model's reading of them, not a
    /// copy: a caller that shows the image may paste the observed pixels back). Where the draws
    /// disagree it hedges.
    pub completion: Vec<f32>,
    /// p(x|z) for `samples` draws z, one from each refined start in turn ([`COMPLETION_STARTS`]
    /// of them, fewer when fewer samples are asked for): `samples × 784`, the ways the missing
    /// part could be.
    pub samples: Vec<f32>,
    /// Each pixel's standard deviation over those samples (784): how unsure the model is of it.
    pub spread: Vec<f32>,
    /// The q(z|x) refined from the encoder's answer (the first start).
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
/// conditional model): [`restarted_posteriors`] refined `steps` steps from the starts of
/// [`completion_plan`], its draws decoded, their mean, and the first `samples` of them with
/// their spread (the same draws for the same arguments).
pub async fn complete(
    model: &Vae,
    image: Tensor<2>,
    label: Labels,
    observed: Tensor<2>,
    steps: usize,
    samples: usize,
) -> Result<Completion> {
    let mut rng = StdRng::seed_from_u64(SAMPLES_SEED);
    let (starts, draws) = completion_plan(samples);
    let posteriors = restarted_posteriors(
        model,
        image.clone(),
        label.clone(),
        observed.clone(),
        steps,
        starts,
        &mut rng,
    )?;
    let drawn = completion_draws(model, &posteriors, label, image, observed, draws, &mut rng);
    let completion = read_floats(drawn.completion()).await?;
    let samples_read = read_floats(drawn.pixels.narrow(0, 0, samples)).await?;
    Ok(Completion {
        completion,
        spread: pixel_spread(&samples_read),
        samples: samples_read,
        mean: read_floats(posteriors.mean.narrow(0, 0, 1)).await?,
        log_var: read_floats(posteriors.log_var.narrow(0, 0, 1)).await?,
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
/// Draws of z per image for the predictive guesses of [`MissingEntropies`]: as many as the
/// page's completion shows.
pub const PREDICTIVE_SAMPLES: usize = 8;

/// The missing pixels' cross-entropy (nats) of each image's completion, three ways.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingEntropies {
    /// Of p(x|z = μ) of the q(z|x) refined from the encoder's answer alone: one sharp guess.
    pub at_mean: Vec<f64>,
    /// Of the mean of p(x|z) over [`PREDICTIVE_SAMPLES`] draws from that one q(z|x): a pixel
    /// the draws disagree on is guessed near ½, not confidently, which cross-entropy rewards.
    pub predictive: Vec<f64>,
    /// Of [`complete`]'s completion with [`PREDICTIVE_SAMPLES`] samples: the mean of the draws
    /// of [`completion_plan`] from as many refined starts.
    pub restarted: Vec<f64>,
}

/// For every image of `data`, erased by `preset` (the random presets with the image's index as
/// the seed, so that each image loses other pixels), the missing pixels' cross-entropy of its
/// completions after `steps` refinement steps (0: from the encoder's q(z|x) of the masked
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
        restarted: Vec::with_capacity(data.len()),
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
        let posterior = observed_posterior(
            model,
            images.clone(),
            labels.clone(),
            observed.clone(),
            steps,
        )?;
        let draws: Vec<Tensor<2>> = (0..PREDICTIVE_SAMPLES)
            .map(|_| {
                let z = posterior.reparameterise_with(posterior.seeded_noise(&mut rng));
                model.decode(z, labels.clone())
            })
            .collect();
        let predictive = Tensor::stack::<3>(draws, 0).mean_dim(0).squeeze_dim::<2>(0);
        let at_mean = read_floats(model.decode(posterior.mean, labels.clone())).await?;
        let predictive = read_floats(predictive).await?;
        // As `complete` draws for one image, so that a batch of one measures its completion.
        let mut restart_rng = StdRng::seed_from_u64(SAMPLES_SEED);
        let (starts, draws) = completion_plan(PREDICTIVE_SAMPLES);
        let posteriors = restarted_posteriors(
            model,
            images.clone(),
            labels.clone(),
            observed.clone(),
            steps,
            starts,
            &mut restart_rng,
        )?;
        let drawn = completion_draws(
            model,
            &posteriors,
            labels,
            images.clone(),
            observed,
            draws,
            &mut restart_rng,
        );
        let restarted = read_floats(drawn.completion()).await?;
        let pixels = read_floats(images).await?;
        for row in 0..chunk.len() {
            let at = row * IMAGE_PIXELS..(row + 1) * IMAGE_PIXELS;
            let missing = |guess: &[f32]| {
                missing_cross_entropy(&guess[at.clone()], &pixels[at.clone()], &masks[at.clone()])
            };
            entropies.at_mean.push(missing(&at_mean));
            entropies.predictive.push(missing(&predictive));
            entropies.restarted.push(missing(&restarted));
        }
    }
    Ok(entropies)
}
