//! How good a model is on a dataset: the test ELBO (with the encoder's q(z|x) or a refined one)
//! and an importance-weighted estimate of log p(x).

use burn::tensor::{Device, Tensor};

use crate::backend::read_floats;
use crate::data::Mnist;
use crate::error::{Result, VaeError};
use crate::inference::refine_posterior;
use crate::loss::{ElboParts, LossSummary, bce_with_logits};
use crate::model::Vae;

/// Images per evaluation batch: large enough to amortise dispatch, small enough for a tab.
const EVAL_BATCH: usize = 500;

/// Single-sample ELBO averaged over `data` (the reference's "test ELBO"), with β = 1. A
/// conditional model is told each image's label: its ELBO bounds log p(x|y).
pub async fn evaluate(model: &Vae, data: &Mnist, device: &Device) -> Result<LossSummary> {
    evaluate_refined(model, data, 0, device).await
}

/// Single-sample ELBO over `data`, as [`evaluate`], but with each image's q(z|x) refined by
/// `steps` gradient steps ([`refine_posterior`]; 0 is the encoder's q). The difference to
/// [`evaluate`] is the amortisation gap: how much better a Gaussian posterior exists for these
/// images than the one the encoder produced. The estimate draws fresh noise, not the noise the
/// steps were taken on.
pub async fn evaluate_refined(
    model: &Vae,
    data: &Mnist,
    steps: usize,
    device: &Device,
) -> Result<LossSummary> {
    if data.is_empty() {
        return Err(VaeError::Input(
            "cannot evaluate on an empty dataset".into(),
        ));
    }
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut totals = Tensor::<1>::zeros([2], device);
    for chunk in indices.chunks(EVAL_BATCH) {
        let images = data.batch(chunk, device);
        let labels = model.labels_for(data, chunk, device)?;
        let posterior = refine_posterior(model, images.clone(), labels.clone(), steps);
        let noise = posterior.standard_noise();
        totals = totals + ElboParts::sampled(model, images, labels, &posterior, noise).sums();
    }
    LossSummary::from_sums(totals, data.len()).await
}

/// Importance-weighted estimate of the mean log p(x) (log p(x|y) for a conditional model) over
/// `data` with `samples` draws from q(z|x) per image (Burda et al.'s IWAE bound; tighter than the ELBO as `samples` grows):
/// log p(x) ≈ logsumexp_i [log p(x|z_i) + log p(z_i) − log q(z_i|x)] − log k.
pub async fn importance_weighted_log_likelihood(
    model: &Vae,
    data: &Mnist,
    samples: usize,
    device: &Device,
) -> Result<f64> {
    if data.is_empty() || samples == 0 {
        return Err(VaeError::Input(
            "need at least one image and one sample".into(),
        ));
    }
    let images_per_chunk = (EVAL_BATCH / samples).max(1);
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut total = Tensor::<1>::zeros([1], device);
    for chunk in indices.chunks(images_per_chunk) {
        let repeated: Vec<usize> = chunk
            .iter()
            .flat_map(|&i| std::iter::repeat_n(i, samples))
            .collect();
        let images = data.batch(&repeated, device);
        let labels = model.labels_for(data, &repeated, device)?;
        let posterior = model.encode(images.clone(), labels.clone());
        let noise = posterior.standard_noise();
        let z = posterior.reparameterise_with(noise.clone());
        let log_px_given_z = bce_with_logits(model.decode_logits(z.clone(), labels), images).neg();
        // The ½·ln 2π terms of log p(z) and log q(z|x) cancel.
        let log_pz = z.square().sum_dim(1).squeeze_dim::<1>(1).mul_scalar(-0.5);
        let log_qz = (noise.square() + posterior.log_var)
            .sum_dim(1)
            .squeeze_dim::<1>(1)
            .mul_scalar(-0.5);
        let log_w = (log_px_given_z + log_pz - log_qz).reshape([chunk.len(), samples]);
        let max = log_w.clone().max_dim(1);
        let log_mean_w = (log_w - max.clone()).exp().sum_dim(1).log() + max;
        total = total + log_mean_w.sum();
    }
    let total = f64::from(read_floats(total).await?[0]);
    Ok(total / data.len() as f64 - (samples as f64).ln())
}
