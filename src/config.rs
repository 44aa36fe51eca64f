//! The model and training configuration: the one place for its defaults and limits, used by the
//! crate, the CLI, the weights format and the page (which reads them through `configLimits()`).

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::error::{Result, VaeError};
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
}

impl ModelKind {
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Conv => "conv",
            ModelKind::Mlp => "mlp",
            ModelKind::Cvae => "cvae",
        }
    }

    /// Whether the model takes the digit's label as an input.
    pub fn is_conditional(self) -> bool {
        self == ModelKind::Cvae
    }

    /// How the page and messages call a kind: "conv (unconditional)", "cvae (conditional)".
    pub fn describe(self) -> String {
        let family = if self.is_conditional() {
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
/// Seeds are whole numbers a JS number holds exactly.
pub const SEED: RangeInclusive<u64> = 0..=(1 << 53);

impl Default for VaeConfig {
    fn default() -> Self {
        Self {
            kind: ModelKind::Conv,
            latent_dim: 2,
            beta: 1.0,
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
    }
}

impl VaeConfig {
    /// Checks every field; the message names the field and the accepted range.
    pub fn validate(&self) -> Result<()> {
        whole_number(self.latent_dim as f64, "latentDim", LATENT_DIM).map_err(into_config)?;
        whole_number(self.batch_size as f64, "batchSize", BATCH_SIZE).map_err(into_config)?;
        number_in(self.learning_rate, "learningRate", LEARNING_RATE)?;
        number_in(self.beta, "beta", BETA)?;
        if !SEED.contains(&self.seed) {
            return Err(field_error("seed", &SEED, &Value::Number(self.seed as f64)));
        }
        Ok(())
    }

    /// A configuration from untrusted fields (a JS object's entries): each named field replaces
    /// its default; unknown fields, wrong types and values out of range are refused, naming the
    /// field.
    pub fn from_fields(fields: impl IntoIterator<Item = (String, Value)>) -> Result<Self> {
        let mut config = Self::default();
        for (name, value) in fields {
            match name.as_str() {
                "kind" => {
                    config.kind = match &value {
                        Value::String(s) if s == "conv" => ModelKind::Conv,
                        Value::String(s) if s == "mlp" => ModelKind::Mlp,
                        Value::String(s) if s == "cvae" => ModelKind::Cvae,
                        other => {
                            return Err(VaeError::Config(format!(
                                "kind: expected \"conv\", \"mlp\" or \"cvae\", got {other}"
                            )));
                        }
                    }
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
                "learningRate" => {
                    config.learning_rate = number_field(&value, "learningRate", LEARNING_RATE)?
                }
                "beta" => config.beta = number_field(&value, "beta", BETA)?,
                other => {
                    return Err(VaeError::Config(format!(
                        "unknown field \"{other}\" (the fields are kind, latentDim, beta, \
                         learningRate, batchSize and seed)"
                    )));
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
        Err(VaeError::Config(format!(
            "a {} model with latent size {} cannot take the weights or settings of a {} model \
             with latent size {}: reset the model to change kind or latentDim",
            self.kind.name(),
            self.latent_dim,
            other.kind.name(),
            other.latent_dim
        )))
    }
}

fn field_error<T: std::fmt::Display>(
    name: &str,
    range: &RangeInclusive<T>,
    got: &Value,
) -> VaeError {
    VaeError::Config(format!(
        "{name}: expected a number from {} to {}, got {got}",
        range.start(),
        range.end()
    ))
}

/// A whole-number field within `range`.
fn whole_field(value: &Value, name: &str, range: RangeInclusive<u64>) -> Result<u64> {
    match value {
        Value::Number(n) => whole_number_u64(*n, name, range).map_err(into_config),
        other => Err(VaeError::Config(format!(
            "{name}: expected a whole number from {} to {}, got {other}",
            range.start(),
            range.end()
        ))),
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

fn into_config(error: VaeError) -> VaeError {
    match error {
        VaeError::Input(message) => VaeError::Config(message),
        other => other,
    }
}
