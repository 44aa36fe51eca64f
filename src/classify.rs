//! A conditional model as a classifier with no classifier in it (Kingma, Rezende, Mohamed &
//! Welling 2014): by Bayes with a uniform p(y), p(y|x) ∝ p(x|y), and log p(x|y) is bounded
//! below by the ELBO the model already computes with q(z|x, y). So the digit it reads is
//! ŷ = argmax_y ELBO(x, y), and p(y|x) ≈ softmax_y ELBO(x, y).
//!
//! Each ELBO(x, y) is averaged over a fixed number of draws of ε, the same draws for every digit
//! of an image (common random numbers: the labels are compared on the same noise), from a seeded
//! stream, so that the same image always gets the same answer.

use burn::tensor::activation::softmax;
use burn::tensor::{Device, Distribution, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::backend::read_floats;
use crate::config::ModelKind;
use crate::data::{CLASSES, Mnist, one_hot};
use crate::error::{Result, VaeError, refusal};
use crate::loss::LossParts;
use crate::model::{Posterior, Vae};

/// Draws of ε per image and digit for p(y|x) of one image (the page's bars). The accuracy hardly
/// depends on it (docs/measurements.md): the draws are shared by an image's digits.
pub const SAMPLES: usize = 4;
/// Seeds the draws: the same image, the same probabilities.
const NOISE_SEED: u64 = 0xc1a55;
/// Rows (image × digit × draw) per forward pass when classifying a dataset.
const ROWS_PER_PASS: usize = 640;

/// ELBO(x, y) of each image of `images` `[n, 784]` for each digit y, in nats: `[n, 10]`, each
/// averaged over `samples` draws of ε from `noise`.
pub fn class_elbos(
    model: &Vae,
    images: Tensor<2>,
    samples: usize,
    noise: &mut StdRng,
) -> Result<Tensor<2>> {
    let [n, pixels] = images.dims();
    let device = images.device();
    // Rows (image, digit): each image once per digit, told that digit.
    let pairs = images
        .unsqueeze_dim::<3>(1)
        .repeat_dim(1, CLASSES)
        .reshape([n * CLASSES, pixels]);
    let digits: Vec<u8> = (0..n).flat_map(|_| 0..CLASSES as u8).collect();
    let labels = one_hot(&digits, &device);
    let posterior = model
        .encode(pairs.clone(), Some(labels.clone()))
        .into_posterior("p(y|x)")?;
    let latent = posterior.mean.dims()[1];
    // Rows (image, digit, draw); an image's digits share its draws.
    let per_draw = |rows: Tensor<2>| {
        let [count, width] = rows.dims();
        rows.unsqueeze_dim::<3>(1)
            .repeat_dim(1, samples)
            .reshape([count * samples, width])
    };
    let eps = TensorData::random::<f32, _, _>(
        [n, 1, samples, latent],
        Distribution::Normal(0.0, 1.0),
        noise,
    );
    let eps = Tensor::<4>::from_data(eps, &device)
        .repeat_dim(1, CLASSES)
        .reshape([n * CLASSES * samples, latent]);
    let drawn = Posterior {
        mean: per_draw(posterior.mean),
        log_var: per_draw(posterior.log_var),
    };
    let parts = LossParts::sampled(model, per_draw(pairs), Some(per_draw(labels)), &drawn, eps);
    Ok(parts
        .total()
        .neg()
        .reshape([n, CLASSES, samples])
        .mean_dim(2)
        .reshape([n, CLASSES]))
}

/// p(y|x) of each image `[n, 784]`: the softmax over the digits of their ELBOs, `[n, 10]`.
pub fn class_probabilities(model: &Vae, images: Tensor<2>) -> Result<Tensor<2>> {
    let mut noise = StdRng::seed_from_u64(NOISE_SEED);
    Ok(softmax(class_elbos(model, images, SAMPLES, &mut noise)?, 1))
}

/// The refusal of a model that is not conditional asked to read a digit.
pub fn reads_no_digits(kind: ModelKind) -> VaeError {
    refusal!(
        Input,
        "reads-no-digits",
        "this {kind} model reads no digits: only a conditional (cvae) model classifies",
        kind = kind.describe(),
    )
}

/// The share of `data`'s images whose most probable digit is their label, with `samples` draws
/// of ε per image and digit.
pub async fn accuracy(model: &Vae, data: &Mnist, samples: usize, device: &Device) -> Result<f64> {
    if !model.is_conditional() {
        return Err(reads_no_digits(model.kind()));
    }
    let labels = data.digit_labels()?;
    if samples == 0 || data.is_empty() {
        return Err(refusal!(
            Input,
            "no-images-or-samples",
            "need at least one image and one sample"
        ));
    }
    let mut noise = StdRng::seed_from_u64(NOISE_SEED);
    let per_pass = (ROWS_PER_PASS / (CLASSES * samples)).max(1);
    let indices: Vec<usize> = (0..data.len()).collect();
    let elbos: Vec<Tensor<2>> = indices
        .chunks(per_pass)
        .map(|chunk| class_elbos(model, data.batch(chunk, device), samples, &mut noise))
        .collect::<Result<_>>()?;
    let elbos = read_floats(Tensor::cat(elbos, 0)).await?;
    let correct = elbos
        .chunks_exact(CLASSES)
        .zip(labels)
        .filter(|(row, label)| most_probable(row) == usize::from(**label))
        .count();
    Ok(correct as f64 / data.len() as f64)
}

/// The index of the largest value (the first of equals; NaN never wins).
pub fn most_probable(values: &[f32]) -> usize {
    values
        .iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |(best, top), (i, &v)| {
            if v > top { (i, v) } else { (best, top) }
        })
        .0
}
