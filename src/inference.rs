//! Inference beyond the encoder: per-image refinement of q(z|x), and what the drawing panel
//! shows for one image.
//!
//! The encoder maps an image to its Gaussian posterior in one pass, but a small encoder cannot
//! invert a decoder that folds a 2-D latent plane into digit space, so the best Gaussian for the
//! same decoder often lies well above the encoder's answer (docs/measurements.md gives the gap).
//! A few Adam steps on each image's own ELBO, starting from the encoder's answer, close most of
//! it (semi-amortised inference, as in Kim et al. 2018, "Semi-Amortized Variational
//! Autoencoders"). The result is still a Gaussian q(z|x), so the ELBO computed with it is a valid
//! lower bound on log p(x) of the same model.

use burn::module::Module;
use burn::tensor::Tensor;
use burn::tensor::activation::sigmoid;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use crate::backend::{autodiff_device, read_all, read_floats};
use crate::error::Result;
use crate::kernels;
use crate::loss::{LossParts, LossSummary};
use crate::model::{Code, Labels, Posterior, Vae};

/// The most refinement steps a caller may ask for: the gain levels off long before, and each
/// step costs a decoder pass.
pub const MAX_REFINE_STEPS: usize = 500;
/// Samples averaged for one image's ELBO: one sample is too noisy for a score shown live.
pub const SCORE_SAMPLES: usize = 32;
/// Seeds the ε that scores an image's posteriors. Fixed, so the same drawing always gets the
/// same score, and the encoder's and the refined posterior are scored on the very same ε
/// (paired): their difference is the posteriors', not the noise's. Not the steps' seed: a
/// posterior scored on the noise it was fitted to would look better than it is.
const SCORE_SEED: u64 = 0x5c0e;

/// Adam's step size: posterior means and log-variances are O(1), and 0.01 moves them far enough
/// in tens of steps without overshooting.
const LEARNING_RATE: f64 = 0.01;
const BETA1: f64 = 0.9;
const BETA2: f64 = 0.999;
const EPSILON: f64 = 1e-8;
/// Seeds the steps' noise. A fixed stream makes refinement a function of the image alone: the
/// same drawing always gets the same reconstruction, and the process-wide generator that
/// training draws from is left untouched.
const NOISE_SEED: u64 = 0x5eed;

/// q(z|x) for a batch of images `[batch, 784]`: the encoder's answer improved by `steps` Adam
/// steps on each image's single-sample ELBO, with the model's weights fixed. Zero steps is the
/// encoder's answer. The result lives on the images' device, without autodiff, and is the same
/// for the same model, images and steps. A conditional model is told the images' `labels`. An
/// autoencoder has no posterior to refine, and is refused (even for zero steps: what comes back
/// is a posterior).
pub fn refine_posterior(
    model: &Vae,
    images: Tensor<2>,
    labels: Labels,
    steps: usize,
) -> Result<Posterior> {
    let start = model
        .encode(images.clone(), labels.clone())
        .into_posterior("refineSteps")?;
    Ok(refine_from(model, images, labels, start, steps, None))
}

/// [`refine_posterior`] from a posterior the caller already has (the encoder's, for `images`),
/// on the ELBO of every pixel (`observed` `None`) or of the observed pixels alone (`observed`
/// `[batch, 784]`, 1 observed and 0 missing: [`LossParts::sampled_observed`], completion's
/// objective). One path for both, so that completion is refinement with a mask and nothing
/// else.
pub(crate) fn refine_from(
    model: &Vae,
    images: Tensor<2>,
    labels: Labels,
    start: Posterior,
    steps: usize,
    observed: Option<Tensor<2>>,
) -> Posterior {
    if steps == 0 {
        return start;
    }
    let batch = images.dims()[0];
    kernels::on_cpu_pool_for(batch, || {
        refine_steps(model, images, labels, start, steps, observed)
    })
}

/// The `steps` Adam steps of [`refine_from`].
fn refine_steps(
    model: &Vae,
    images: Tensor<2>,
    labels: Labels,
    start: Posterior,
    steps: usize,
    observed: Option<Tensor<2>>,
) -> Posterior {
    let grad_device = autodiff_device(&images.device());
    let model = model.clone().to_device(&grad_device).no_grad();
    let images = images.autodiff();
    let labels = labels.map(|labels| labels.autodiff());
    let observed = observed.map(|observed| observed.autodiff());
    // Mean and log-variance side by side, so that one Adam state serves both.
    let mut params = Tensor::cat(vec![start.mean, start.log_var], 1).inner();
    let latent = params.dims()[1] / 2;
    let split = |both: Tensor<2>| Posterior {
        mean: both.clone().narrow(1, 0, latent),
        log_var: both.narrow(1, latent, latent),
    };
    let mut noise_source = StdRng::seed_from_u64(NOISE_SEED);
    let mut first_moment = params.zeros_like();
    let mut second_moment = params.zeros_like();
    for step in 1..=steps {
        let leaf = params.clone().autodiff().require_grad();
        let posterior = split(leaf.clone());
        let noise = posterior.seeded_noise(&mut noise_source);
        let (images, labels) = (images.clone(), labels.clone());
        let parts = match &observed {
            None => LossParts::sampled(&model, images, labels, &posterior, noise),
            Some(observed) => LossParts::sampled_observed(
                &model,
                images,
                labels,
                &posterior,
                noise,
                observed.clone(),
            ),
        };
        // Summed, not averaged: each image's parameters follow their own image's gradient.
        let grads = parts.total().sum().backward();
        let Some(grad) = leaf.grad(&grads) else {
            // The leaf is an input of the loss, so it always has a gradient; without one there
            // is nothing to refine.
            break;
        };
        first_moment = first_moment.mul_scalar(BETA1) + grad.clone().mul_scalar(1.0 - BETA1);
        second_moment = second_moment.mul_scalar(BETA2) + grad.square().mul_scalar(1.0 - BETA2);
        let step = step as i32;
        let mean_step = first_moment.clone().div_scalar(1.0 - BETA1.powi(step));
        let scale = second_moment
            .clone()
            .div_scalar(1.0 - BETA2.powi(step))
            .sqrt()
            .add_scalar(EPSILON);
        params = params - mean_step.mul_scalar(LEARNING_RATE) / scale;
    }
    split(params)
}

/// An image's ELBO under one posterior, estimated over several ε: the mean of the
/// single-sample estimates, and how far one such estimate typically lies from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub summary: LossSummary,
    /// The standard deviation of the single-sample ELBOs (nats): what one ε (the Inside view's)
    /// may differ from the mean by.
    pub spread: f64,
}

/// The ε of [`image_score`]: `SCORE_SAMPLES` rows of `latent` values, the same on every call.
fn score_noise(latent: usize, device: &burn::tensor::Device) -> Tensor<2> {
    let mut rng = StdRng::seed_from_u64(SCORE_SEED);
    let values = burn::tensor::TensorData::random::<f32, _, _>(
        [SCORE_SAMPLES, latent],
        burn::tensor::Distribution::Normal(0.0, 1.0),
        &mut rng,
    );
    Tensor::from_data(values, device)
}

/// The ELBO of one image `[1, 784]` (told its `label`, for a conditional model) under a given
/// q(z|x) `[1, latent]`, averaged over the draws of z that `noise` `[samples, latent]` gives: a
/// single draw is too noisy for a score shown live.
pub async fn image_score(
    model: &Vae,
    image: Tensor<2>,
    label: Labels,
    posterior: &Posterior,
    noise: Tensor<2>,
) -> Result<Score> {
    let samples = noise.dims()[0];
    let repeated = Posterior {
        mean: posterior.mean.clone().repeat_dim(0, samples),
        log_var: posterior.log_var.clone().repeat_dim(0, samples),
    };
    let labels = label.map(|label| label.repeat_dim(0, samples));
    let parts = LossParts::sampled(
        model,
        image.repeat_dim(0, samples),
        labels,
        &repeated,
        noise,
    );
    let per_sample: Vec<Tensor<1>> = [Some(parts.reconstruction), parts.kl]
        .into_iter()
        .flatten()
        .collect();
    let values = read_all(per_sample).await?;
    let sums: Vec<f64> = values
        .iter()
        .map(|terms| terms.iter().copied().map(f64::from).sum())
        .collect();
    let summary = LossSummary::from_sum_values(&sums, samples);
    let totals: Vec<f64> = (0..samples)
        .map(|i| values.iter().map(|terms| f64::from(terms[i])).sum())
        .collect();
    let mean_total = totals.iter().sum::<f64>() / samples as f64;
    let variance = totals
        .iter()
        .map(|total| (total - mean_total).powi(2))
        .sum::<f64>()
        / (samples.max(2) - 1) as f64;
    Ok(Score {
        summary,
        spread: variance.sqrt(),
    })
}

/// What the drawing panel shows for one image.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inference {
    /// q(z|x): the encoder's, refined when steps were asked for. An autoencoder's code is the
    /// `mean`, with no log-variance (the key is absent).
    pub mean: Vec<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_var: Option<Vec<f32>>,
    /// decode(mean): 784 pixel probabilities.
    pub reconstruction: Vec<f32>,
    /// The image's ELBO under that posterior: how digit-like it is. An autoencoder's has its
    /// reconstruction term alone (no KL, no ELBO).
    pub elbo: LossSummary,
    /// The same under the encoder's own posterior, for comparison, on the same ε.
    pub encoder_elbo: LossSummary,
    /// Whether `mean` and `log_var` are the refined posterior: false when no steps were asked
    /// for, or when the refined one scored no better than the encoder's on the same ε (then
    /// the encoder's is kept, so a refined bound is never worse than the encoder's).
    pub refined: bool,
    /// How many ε each ELBO averages (the same ε for both), and the standard deviation of the
    /// single-sample ELBOs of `elbo`'s posterior: what one ε's ELBO may differ by. Absent for
    /// an autoencoder, which draws nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elbo_spread: Option<f64>,
}

/// q(z|x) of one image `[1, 784]` (refined by `refine_steps`; q(z|x, y) for a conditional
/// model told `label`), its reconstruction and its ELBO under that posterior and under the
/// encoder's. An autoencoder gives its code, its reconstruction and its reconstruction term;
/// it has no posterior to refine, and refuses refinement steps.
pub async fn infer(
    model: &Vae,
    image: Tensor<2>,
    label: Labels,
    refine_steps: usize,
) -> Result<Inference> {
    let encoder_posterior = match model.encode(image.clone(), label.clone()) {
        Code::Point(z) if refine_steps == 0 => return infer_code(model, image, label, z).await,
        code => code.into_posterior("refineSteps")?,
    };
    let [_, latent] = encoder_posterior.mean.dims();
    let noise = score_noise(latent, &image.device());
    let encoder_score = image_score(
        model,
        image.clone(),
        label.clone(),
        &encoder_posterior,
        noise.clone(),
    )
    .await?;
    let mut best = (encoder_posterior.clone(), encoder_score, false);
    if refine_steps > 0 {
        let posterior = refine_from(
            model,
            image.clone(),
            label.clone(),
            encoder_posterior,
            refine_steps,
            None,
        );
        let score = image_score(model, image, label.clone(), &posterior, noise).await?;
        if score.summary.elbo > encoder_score.summary.elbo {
            best = (posterior, score, true);
        }
    }
    let (posterior, score, refined) = best;
    Ok(Inference {
        reconstruction: read_floats(model.decode(posterior.mean.clone(), label)).await?,
        mean: read_floats(posterior.mean).await?,
        log_var: Some(read_floats(posterior.log_var).await?),
        elbo: score.summary,
        encoder_elbo: encoder_score.summary,
        refined,
        samples: Some(SCORE_SAMPLES),
        elbo_spread: Some(score.spread),
    })
}

/// [`infer`] for an autoencoder's code `z` of `image`: nothing is drawn, so one pass gives its
/// reconstruction and its reconstruction term.
async fn infer_code(
    model: &Vae,
    image: Tensor<2>,
    label: Labels,
    z: Tensor<2>,
) -> Result<Inference> {
    let code = Code::Point(z);
    let logits = model.decode_logits(code.point(), label);
    let score =
        LossSummary::from_sums(LossParts::new(logits.clone(), image, &code).sums(), 1).await?;
    Ok(Inference {
        mean: read_floats(code.point()).await?,
        log_var: None,
        reconstruction: read_floats(sigmoid(logits)).await?,
        elbo: score,
        encoder_elbo: score,
        refined: false,
        samples: None,
        elbo_spread: None,
    })
}
