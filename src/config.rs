//! The model and training configuration: the one place for its defaults and limits, used by the
//! crate, the CLI, the weights format and the page (which reads them through `configLimits()`).

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::error::{Result, VaeError, refusal};
use crate::input::{Value, whole_number, whole_number_u64};

/// Which network family encodes and decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_family = "wasm"), derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Two strided convolutions down, three transposed convolutions up (the reference model).
    Conv,
    /// 784 -> 400 -> 2·latent and latent -> 400 -> 784.
    Mlp,
    /// The conv model told the digit (a conditional VAE): the label's one-hot vector joins the
    /// encoder's flattened features and z, so that z keeps the style and y says which digit.
    Cvae,
    /// A plain autoencoder: the conv model's encoder and decoder, the encoder's head giving one
    /// code z per image (no variance, no sampling), trained on the reconstruction alone.
    Ae,
}

impl ModelKind {
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Conv => "conv",
            ModelKind::Mlp => "mlp",
            ModelKind::Cvae => "cvae",
            ModelKind::Ae => "ae",
        }
    }

    /// Every kind, in the order messages and the page list them.
    pub const ALL: [ModelKind; 4] = [
        ModelKind::Conv,
        ModelKind::Mlp,
        ModelKind::Cvae,
        ModelKind::Ae,
    ];

    /// Whether the model takes the digit's label as an input.
    pub fn is_conditional(self) -> bool {
        self == ModelKind::Cvae
    }

    /// Whether the encoder gives a posterior q(z|x) (a VAE) rather than one code per image (the
    /// autoencoder): only then are there a σ, an ε, a KL term and an ELBO.
    pub fn has_posterior(self) -> bool {
        self != ModelKind::Ae
    }

    /// How the page and messages call a kind: "conv (unconditional)", "cvae (conditional)",
    /// "ae (autoencoder)".
    pub fn describe(self) -> String {
        let family = if !self.has_posterior() {
            "autoencoder"
        } else if self.is_conditional() {
            "conditional"
        } else {
            "unconditional"
        };
        format!("{} ({family})", self.name())
    }
}

impl std::fmt::Display for ModelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that defines a model and how it trains. Field names are camelCase in JSON so
/// that the page can pass a plain JS object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct VaeConfig {
    pub kind: ModelKind,
    pub latent_dim: usize,
    /// Weight of the KL term in the training loss (1 = the true negative ELBO).
    pub beta: f64,
    /// KL warm-up: over the training run's first this many steps the KL weight in effect rises
    /// linearly from 0 to `beta` ([`VaeConfig::beta_at`]); 0 is none. Left out of the JSON when
    /// 0, so that the weights files of runs without one keep the config they always had.
    #[serde(skip_serializing_if = "is_zero")]
    pub warmup_steps: u64,
    pub learning_rate: f64,
    pub batch_size: usize,
    /// Seeds parameter initialisation, shuffling and the reparameterisation noise.
    pub seed: u64,
}

/// Latent sizes: far beyond what MNIST needs at the top.
pub const LATENT_DIM: RangeInclusive<usize> = 1..=256;
/// Beyond this a single step no longer fits comfortably in a browser tab's memory.
pub const BATCH_SIZE: RangeInclusive<usize> = 1..=4096;
/// Adam moves every weight by about the learning rate per step: above 1 nothing trains.
pub const LEARNING_RATE: RangeInclusive<f64> = 1e-6..=1.0;
/// 0 is a plain autoencoder with noise; far above 1 the KL term swamps the reconstruction.
pub const BETA: RangeInclusive<f64> = 0.0..=100.0;
/// A billion steps is far beyond any run (an MNIST epoch at batch 1 is 60,000 steps), and the
/// limit reaches the page as a plain JS number (serde-wasm-bindgen refuses a u64 above 2^53 − 1,
/// which made the module fail to start when this was 2^53).
pub const WARMUP_STEPS: RangeInclusive<u64> = 0..=1_000_000_000;
/// Seeds are whole numbers a JS number holds exactly.
pub const SEED: RangeInclusive<u64> = 0..=(1 << 53);

impl Default for VaeConfig {
    fn default() -> Self {
        Self {
            kind: ModelKind::Conv,
            latent_dim: 2,
            beta: 1.0,
            warmup_steps: 0,
            learning_rate: 1e-3,
            batch_size: 32,
            seed: 0,
        }
    }
}

/// The defaults and accepted ranges, as the page reads them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigLimits {
    pub defaults: VaeConfig,
    pub latent_dim: Bounds<usize>,
    pub batch_size: Bounds<usize>,
    pub learning_rate: Bounds<f64>,
    pub beta: Bounds<f64>,
    pub warmup_steps: Bounds<u64>,
    /// The model kinds' names, as `kind` takes them.
    pub kinds: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Bounds<T> {
    pub min: T,
    pub max: T,
}

impl<T: Copy> From<RangeInclusive<T>> for Bounds<T> {
    fn from(range: RangeInclusive<T>) -> Self {
        Self {
            min: *range.start(),
            max: *range.end(),
        }
    }
}

pub fn limits() -> ConfigLimits {
    ConfigLimits {
        defaults: VaeConfig::default(),
        latent_dim: LATENT_DIM.into(),
        batch_size: BATCH_SIZE.into(),
        learning_rate: LEARNING_RATE.into(),
        beta: BETA.into(),
        warmup_steps: WARMUP_STEPS.into(),
        kinds: ModelKind::ALL.map(ModelKind::name).to_vec(),
    }
}

impl VaeConfig {
    /// Checks every field; the message names the field and the accepted range.
    pub fn validate(&self) -> Result<()> {
        whole_number(self.latent_dim as f64, "latentDim", LATENT_DIM).map_err(into_config)?;
        whole_number(self.batch_size as f64, "batchSize", BATCH_SIZE).map_err(into_config)?;
        number_in(self.learning_rate, "learningRate", LEARNING_RATE)?;
        number_in(self.beta, "beta", BETA)?;
        for (value, name, range) in [
            (self.seed, "seed", SEED),
            (self.warmup_steps, "warmupSteps", WARMUP_STEPS),
        ] {
            if !range.contains(&value) {
                return Err(field_error(name, &range, &Value::Number(value as f64)));
            }
        }
        Ok(())
    }

    /// The KL weight in effect for the training step that follows `steps_taken` steps of the
    /// run: `beta`, or during the warm-up `beta · steps_taken / warmup_steps` (0 at the first
    /// step, `beta` from step `warmup_steps` on).
    pub fn beta_at(&self, steps_taken: u64) -> f64 {
        if steps_taken >= self.warmup_steps {
            self.beta
        } else {
            self.beta * steps_taken as f64 / self.warmup_steps as f64
        }
    }

    /// A configuration from untrusted fields (a JS object's entries): each named field replaces
    /// its default; unknown fields, wrong types and values out of range are refused, naming the
    /// field.
    pub fn from_fields(fields: impl IntoIterator<Item = (String, Value)>) -> Result<Self> {
        let mut config = Self::default();
        for (name, value) in fields {
            match name.as_str() {
                "kind" => {
                    let named =
                        |kind: &&ModelKind| matches!(&value, Value::String(s) if s == kind.name());
                    config.kind = *ModelKind::ALL.iter().find(named).ok_or_else(|| {
                        let names: Vec<String> = ModelKind::ALL
                            .iter()
                            .map(|kind| format!("\"{}\"", kind.name()))
                            .collect();
                        refusal!(
                            Config,
                            "unknown-kind",
                            "kind: expected one of {kinds}, got {got}",
                            kinds = names.join(", "),
                            got = &value,
                        )
                    })?;
                }
                "latentDim" => {
                    config.latent_dim =
                        whole_field(&value, "latentDim", widen(LATENT_DIM))? as usize
                }
                "batchSize" => {
                    config.batch_size =
                        whole_field(&value, "batchSize", widen(BATCH_SIZE))? as usize
                }
                "seed" => config.seed = whole_field(&value, "seed", SEED)?,
                "warmupSteps" => {
                    config.warmup_steps = whole_field(&value, "warmupSteps", WARMUP_STEPS)?
                }
                "learningRate" => {
                    config.learning_rate = number_field(&value, "learningRate", LEARNING_RATE)?
                }
                "beta" => config.beta = number_field(&value, "beta", BETA)?,
                other => {
                    return Err(refusal!(
                        Config,
                        "unknown-field",
                        "unknown field \"{field}\" (the fields are kind, latentDim, beta, \
                         warmupSteps, learningRate, batchSize and seed)",
                        field = other,
                    ));
                }
            }
        }
        Ok(config)
    }

    /// Whether two configurations describe the same parameter shapes, so that weights trained
    /// under one can be loaded under the other.
    pub fn same_architecture(&self, other: &Self) -> bool {
        self.kind == other.kind && self.latent_dim == other.latent_dim
    }

    /// Refuses a change of architecture (kind or latent size) with one message for every caller.
    pub fn check_same_architecture(&self, other: &Self) -> Result<()> {
        if self.same_architecture(other) {
            return Ok(());
        }
        Err(refusal!(
            Config,
            "architecture-change",
            "a {kind} model with latent size {latent_dim} cannot take the weights or settings of \
             a {other_kind} model with latent size {other_latent_dim}: reset the model to change \
             kind or latentDim",
            kind = self.kind.name(),
            latent_dim = self.latent_dim,
            other_kind = other.kind.name(),
            other_latent_dim = other.latent_dim,
        ))
    }
}

fn field_error<T: std::fmt::Display>(
    name: &str,
    range: &RangeInclusive<T>,
    got: &Value,
) -> VaeError {
    refusal!(
        Config,
        "number-range",
        "{name}: expected a number from {min} to {max}, got {got}",
        name = name,
        min = range.start(),
        max = range.end(),
        got = got,
    )
}

/// A whole-number field within `range`.
fn whole_field(value: &Value, name: &str, range: RangeInclusive<u64>) -> Result<u64> {
    match value {
        Value::Number(n) => whole_number_u64(*n, name, range).map_err(into_config),
        other => Err(refusal!(
            Config,
            "whole-number",
            "{name}: expected a whole number from {min} to {max}, got {got}",
            name = name,
            min = range.start(),
            max = range.end(),
            got = other,
        )),
    }
}

/// A count's range as `u64`, for [`whole_field`] (whose result then fits a `usize` again).
fn widen(range: RangeInclusive<usize>) -> RangeInclusive<u64> {
    *range.start() as u64..=*range.end() as u64
}

fn number_field(value: &Value, name: &str, range: RangeInclusive<f64>) -> Result<f64> {
    match value {
        Value::Number(n) => number_in(*n, name, range),
        other => Err(field_error(name, &range, other)),
    }
}

fn number_in(value: f64, name: &str, range: RangeInclusive<f64>) -> Result<f64> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(field_error(name, &range, &Value::Number(value)))
    }
}

fn is_zero(steps: &u64) -> bool {
    *steps == 0
}

fn into_config(error: VaeError) -> VaeError {
    match error {
        VaeError::Input(reason) => VaeError::Config(reason),
        other => other,
    }
}
