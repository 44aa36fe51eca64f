//! How good a model is on a dataset: the test ELBO (with the encoder's q(z|x) or a refined one),
//! an importance-weighted estimate of log p(x), and what a model card says of the latent space:
//! each dimension's mean KL and σ, and how many dimensions are active. An autoencoder has a
//! reconstruction term alone: no KL, no σ, no ELBO.

use burn::tensor::{Device, Tensor};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use crate::backend::{read_all, read_floats};
use crate::data::Mnist;
use crate::error::{Result, refusal};
use crate::inference::{refine_from, refine_posterior};
use crate::loss::{LossParts, LossSummary, bce_with_logits, kl_per_dimension};
use crate::model::{Code, Labels, Posterior, Vae};

/// Images per evaluation batch: large enough to amortise dispatch, small enough for a tab.
const EVAL_BATCH: usize = 500;
/// A latent dimension is active when its KL, averaged over the images, is above this many nats:
/// below it q(z_k|x) is the prior whatever the image, and the decoder learns nothing from z_k.
pub const ACTIVE_KL_NATS: f64 = 0.01;

/// The figures of a model card over some images.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LatentStatistics {
    /// How many images the figures are averaged over.
    pub images: usize,
    /// The mean reconstruction term, and for a VAE the mean KL and ELBO (single sample, β = 1).
    #[serde(flatten)]
    pub losses: LossSummary,
    /// How a VAE uses each latent dimension; `None` for an autoencoder, which has no KL and no σ.
    #[serde(flatten)]
    pub dimensions: Option<DimensionStatistics>,
}

/// How a VAE uses each latent dimension, averaged over some images.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DimensionStatistics {
    /// Each dimension's KL(q(z_k|x) ‖ N(0, 1)) in nats; they add up to the mean KL.
    pub kl_per_dim: Vec<f64>,
    /// Each dimension's posterior standard deviation σ_k = exp(½ log σ²_k).
    pub sigma_per_dim: Vec<f64>,
    /// How many dimensions are active: mean KL above [`ACTIVE_KL_NATS`].
    pub active_dims: usize,
}

/// The active dimensions among these mean KLs per dimension: those above [`ACTIVE_KL_NATS`].
pub fn active_dimensions(kl_per_dim: &[f64]) -> usize {
    kl_per_dim.iter().filter(|&&kl| kl > ACTIVE_KL_NATS).count()
}

/// Single-sample ELBO averaged over `data` (the reference's "test ELBO"), with β = 1. A
/// conditional model is told each image's label: its ELBO bounds log p(x|y). An autoencoder's
/// has its reconstruction term alone.
pub async fn evaluate(model: &Vae, data: &Mnist, device: &Device) -> Result<LossSummary> {
    Ok(latent_statistics(model, data, device).await?.losses)
}

/// The figures of a model card over `data`: the reconstruction term and, for a VAE, the KL and
/// the ELBO as [`evaluate`] gives them, each dimension's mean KL and σ, and the active
/// dimensions.
pub async fn latent_statistics(
    model: &Vae,
    data: &Mnist,
    device: &Device,
) -> Result<LatentStatistics> {
    let sums = sum_batches(model, data, device, |images, labels| {
        let code = model.encode(images.clone(), labels.clone());
        Ok(batch_sums(model, images, labels, &code))
    })
    .await?;
    Ok(statistics_from_sums(&sums, model, data.len()))
}

/// Single-sample ELBO over `data`, as [`evaluate`], but with each image's q(z|x) refined by
/// `steps` gradient steps ([`refine_posterior`]; 0 is the encoder's q). The difference to
/// [`evaluate`] is the amortisation gap: how much better a Gaussian posterior exists for these
/// images than the one the encoder produced. The estimate draws fresh noise, not the noise the
/// steps were taken on. An autoencoder has nothing to refine: steps are refused.
pub async fn evaluate_refined(
    model: &Vae,
    data: &Mnist,
    steps: usize,
    device: &Device,
) -> Result<LossSummary> {
    if steps == 0 {
        return evaluate(model, data, device).await;
    }
    let sums = sum_batches(model, data, device, |images, labels| {
        let posterior = refine_posterior(model, images.clone(), labels.clone(), steps)?;
        Ok(batch_sums(
            model,
            images,
            labels,
            &Code::Posterior(posterior),
        ))
    })
    .await?;
    Ok(statistics_from_sums(&sums, model, data.len()).losses)
}

/// The sums of `per_batch` over `data` in batches (each batch's images and what the model is
/// told of them), read back once at the end.
async fn sum_batches(
    model: &Vae,
    data: &Mnist,
    device: &Device,
    mut per_batch: impl FnMut(Tensor<2>, Labels) -> Result<Tensor<1>>,
) -> Result<Vec<f32>> {
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut total: Option<Tensor<1>> = None;
    for chunk in indices.chunks(EVAL_BATCH) {
        let labels = model.labels_for(data, chunk, device)?;
        let sums = per_batch(data.batch(chunk, device), labels)?;
        total = Some(match total {
            Some(total) => total + sums,
            None => sums,
        });
    }
    let total = total.ok_or_else(|| {
        refusal!(
            Input,
            "empty-dataset",
            "cannot evaluate on an empty dataset"
        )
    })?;
    read_floats(total).await
}

/// One batch's sums with z drawn from `code` (fresh noise): [`LossParts::sums`], then for a VAE
/// each dimension's Σ KL and Σ σ over the batch.
fn batch_sums(model: &Vae, images: Tensor<2>, labels: Labels, code: &Code) -> Tensor<1> {
    let z = code.latent(Posterior::standard_noise);
    let parts = LossParts::new(model.decode_logits(z, labels), images, code);
    let mut sums = vec![parts.sums()];
    if let Some(posterior) = code.posterior() {
        let sigma = posterior.log_var.clone().mul_scalar(0.5).exp();
        for per_dimension in [kl_per_dimension(posterior), sigma] {
            sums.push(per_dimension.sum_dim(0).squeeze_dim::<1>(0));
        }
    }
    Tensor::cat(sums, 0)
}

/// [`LatentStatistics`] from the sums of [`batch_sums`] over `images` images.
fn statistics_from_sums(sums: &[f32], model: &Vae, images: usize) -> LatentStatistics {
    let sums: Vec<f64> = sums.iter().copied().map(f64::from).collect();
    let parts = if model.has_posterior() { 2 } else { 1 };
    let (losses, per_dimension) = sums.split_at(parts.min(sums.len()));
    let dimensions = model.has_posterior().then(|| {
        let means: Vec<f64> = per_dimension
            .iter()
            .map(|sum| sum / images.max(1) as f64)
            .collect();
        let (kl_per_dim, sigma_per_dim) = means.split_at(means.len() / 2);
        DimensionStatistics {
            active_dims: active_dimensions(kl_per_dim),
            kl_per_dim: kl_per_dim.to_vec(),
            sigma_per_dim: sigma_per_dim.to_vec(),
        }
    });
    LatentStatistics {
        images,
        losses: LossSummary::from_sum_values(losses, images),
        dimensions,
    }
}

/// Seeds the one ε per image of [`elbo_distribution`]: the same model gives the same figures
/// on every call and every backend, so the page can show them beside the API's.
const DISTRIBUTION_SEED: u64 = 0xd157;

/// Where images' ELBOs lie: a model's typical range, against which one drawing's score reads.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElboDistribution {
    /// How many images the figures are over.
    pub images: usize,
    /// Percentiles of the per-image ELBO (the encoder's q(z|x), one fixed ε per image), in
    /// nats: `[p10, p25, median, p75, p90]` at [`PERCENTILES`].
    pub percentiles: Vec<f64>,
    /// The image whose q(z|x) is widest (the largest mean σ over the dimensions): where a
    /// sample's σ ⊙ ε shows most.
    pub widest_index: usize,
    pub widest_sigma: f64,
}

/// The percentiles [`ElboDistribution`] gives, in percent.
pub const PERCENTILES: [f64; 5] = [10.0, 25.0, 50.0, 75.0, 90.0];

/// Each image's single-sample ELBO under the encoder's q(z|x) with a fixed ε, and where they
/// lie: [`ElboDistribution`]. An autoencoder has no ELBO and is refused.
pub async fn elbo_distribution(
    model: &Vae,
    data: &Mnist,
    device: &Device,
) -> Result<ElboDistribution> {
    let (mut elbos, sigmas) = elbos_and_sigmas(model, data, 0, device).await?;
    let (widest_index, widest_sigma) =
        sigmas
            .iter()
            .copied()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (i, sigma)| {
                if sigma > best.1 { (i, sigma) } else { best }
            });
    elbos.sort_by(f64::total_cmp);
    Ok(ElboDistribution {
        images: elbos.len(),
        percentiles: PERCENTILES.iter().map(|&p| percentile(&elbos, p)).collect(),
        widest_index,
        widest_sigma,
    })
}

/// Each image's single-sample ELBO under the encoder's q(z|x) with one fixed ε per image (the
/// same on every call), in the images' order: what [`elbo_distribution`] summarises and what
/// `vae score` places an image's ELBO among. A conditional model is told each image's label.
/// An autoencoder has no ELBO, and an empty set none to give: both refused.
pub async fn image_elbos(model: &Vae, data: &Mnist, device: &Device) -> Result<Vec<f64>> {
    Ok(elbos_and_sigmas(model, data, 0, device).await?.0)
}

/// [`image_elbos`] with each image's q(z|x) first refined by `steps` Adam steps
/// ([`refine_posterior`]'s, decoder fixed), scored on the very ε [`image_elbos`] uses: the
/// difference per image is the posteriors', not the noise's. 0 steps is [`image_elbos`].
pub async fn image_refined_elbos(
    model: &Vae,
    data: &Mnist,
    steps: usize,
    device: &Device,
) -> Result<Vec<f64>> {
    Ok(elbos_and_sigmas(model, data, steps, device).await?.0)
}

/// [`image_elbos`] (the posteriors refined by `steps`) and each image's mean σ over the latent
/// dimensions.
async fn elbos_and_sigmas(
    model: &Vae,
    data: &Mnist,
    steps: usize,
    device: &Device,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut rng = StdRng::seed_from_u64(DISTRIBUTION_SEED);
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut elbos = Vec::with_capacity(data.len());
    let mut sigmas = Vec::with_capacity(data.len());
    for chunk in indices.chunks(EVAL_BATCH) {
        let labels = model.labels_for(data, chunk, device)?;
        let images = data.batch(chunk, device);
        let posterior = model
            .encode(images.clone(), labels.clone())
            .into_posterior("the ELBO distribution")?;
        let posterior = refine_from(
            model,
            images.clone(),
            labels.clone(),
            posterior,
            steps,
            None,
        );
        let noise = posterior.seeded_noise(&mut rng);
        let parts = LossParts::sampled(model, images, labels, &posterior, noise);
        let mean_sigma = posterior
            .log_var
            .mul_scalar(0.5)
            .exp()
            .mean_dim(1)
            .squeeze_dim::<1>(1);
        let mut values = read_all(vec![parts.total(), mean_sigma]).await?.into_iter();
        elbos.extend(
            values
                .next()
                .unwrap_or_default()
                .iter()
                .map(|&v| -f64::from(v)),
        );
        sigmas.extend(values.next().unwrap_or_default().into_iter().map(f64::from));
    }
    if elbos.is_empty() {
        return Err(refusal!(
            Input,
            "empty-dataset",
            "cannot evaluate on an empty dataset"
        ));
    }
    Ok((elbos, sigmas))
}

/// The `p`-th percentile of `sorted` (ascending, not empty), interpolated linearly between the
/// two nearest ranks.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let below = rank.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (sorted[above] - sorted[below]) * (rank - below as f64)
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
        return Err(refusal!(
            Input,
            "no-images-or-samples",
            "need at least one image and one sample"
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
        let posterior = model
            .encode(images.clone(), labels.clone())
            .into_posterior("importance-weighted log p(x)")?;
        let noise = posterior.standard_noise();
        let log_mean_w = log_mean_weights(model, images, labels, &posterior, noise, samples);
        total = total + log_mean_w.sum();
    }
    let total = f64::from(read_floats(total).await?[0]);
    Ok(total / data.len() as f64 - (samples as f64).ln())
}

/// For images each repeated `samples` times one after another, with their q(z|x) and the ε of
/// each draw: log of the mean importance weight p(x|z) p(z) / q(z|x) over each image's draws,
/// `[images, 1]` (the log-sum-exp taken from the largest weight, so that none overflows).
fn log_mean_weights(
    model: &Vae,
    images: Tensor<2>,
    labels: Labels,
    posterior: &Posterior,
    noise: Tensor<2>,
    samples: usize,
) -> Tensor<2> {
    let z = posterior.reparameterise_with(noise.clone());
    let log_px_given_z = bce_with_logits(model.decode_logits(z.clone(), labels), images).neg();
    // The ½·ln 2π terms of log p(z) and log q(z|x) cancel.
    let log_pz = z.square().sum_dim(1).squeeze_dim::<1>(1).mul_scalar(-0.5);
    let log_qz = (noise.square() + posterior.log_var.clone())
        .sum_dim(1)
        .squeeze_dim::<1>(1)
        .mul_scalar(-0.5);
    let [rows] = log_pz.dims();
    let log_w = (log_px_given_z + log_pz - log_qz).reshape([rows / samples, samples]);
    let max = log_w.clone().max_dim(1);
    (log_w - max.clone()).exp().sum_dim(1).log() + max
}

/// Each image's importance-weighted estimate of log p(x) (log p(x|y) for a conditional model)
/// with `samples` draws from the encoder's q(z|x), in the images' order: the per-image values
/// whose mean [`importance_weighted_log_likelihood`] estimates, with seeded draws (the same
/// values on every call; an image's draws do not depend on the images after it). As the ELBO,
/// a lower bound on log p(x), never looser than the single-sample ELBO on average, and tighter
/// as `samples` grows (Burda et al.). An empty set or 0 samples refused; an autoencoder too.
pub async fn image_log_likelihoods(
    model: &Vae,
    data: &Mnist,
    samples: usize,
    device: &Device,
) -> Result<Vec<f64>> {
    if data.is_empty() || samples == 0 {
        return Err(refusal!(
            Input,
            "no-images-or-samples",
            "need at least one image and one sample"
        ));
    }
    let mut rng = StdRng::seed_from_u64(DISTRIBUTION_SEED);
    let images_per_chunk = (EVAL_BATCH / samples).max(1);
    let indices: Vec<usize> = (0..data.len()).collect();
    let mut values = Vec::with_capacity(data.len());
    for chunk in indices.chunks(images_per_chunk) {
        let labels = model.labels_for(data, chunk, device)?;
        let images = data.batch(chunk, device);
        let posterior = model
            .encode(images.clone(), labels.clone())
            .into_posterior("importance-weighted log p(x)")?;
        // Each image's row repeated `samples` times, one after another.
        let repeat = |rows: Tensor<2>| {
            let [count, width] = rows.dims();
            rows.unsqueeze_dim::<3>(1)
                .repeat_dim(1, samples)
                .reshape([count * samples, width])
        };
        let posterior = Posterior {
            mean: repeat(posterior.mean),
            log_var: repeat(posterior.log_var),
        };
        let images = repeat(images);
        let labels = labels.map(repeat);
        let noise = posterior.seeded_noise(&mut rng);
        let log_mean_w =
            log_mean_weights(model, images, labels, &posterior, noise, samples).squeeze_dim::<1>(1);
        values.extend(
            read_floats(log_mean_w)
                .await?
                .into_iter()
                .map(|v| f64::from(v) - (samples as f64).ln()),
        );
    }
    Ok(values)
}
