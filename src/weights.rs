//! The weights file: a small, versioned, self-describing format.
//!
//! ```text
//! "VAEW"                      4 bytes, magic
//! version                     u32, currently 2 (1 is still read: see below)
//! config length, config       u32, then the VaeConfig as UTF-8 JSON
//! record length, record       u32, then the DatasetRecord as UTF-8 JSON (version 2 only)
//! tensor count                u32
//! per tensor:                 u32 path length, path (UTF-8, e.g. "encoder.conv1.weight"),
//!                             u32 rank, rank × u32 dims, dims.product() × f32 values
//! checksum                    u32, CRC-32 of every byte before it
//! ```
//! All integers and floats are little-endian. Loading checks every field against a model
//! freshly built from the recorded config, and rejects non-finite values, before anything is
//! handed back: a bad file can never leave a half-loaded model behind. The config's kind must be
//! one this build knows (conv, mlp, cvae, ae), and the tensors must be that kind's: a file whose
//! tensors are another kind's is refused naming both.
//!
//! Loading also runs the model once on probe inputs (blank, full and striped images; latent
//! points at the corners of the accepted range) and refuses weights whose outputs are not finite
//! there: finite but enormous values (±3e38) pass every per-value check and still overflow.
//!
//! The record says what the model was trained on (name, images, how they were made into
//! inputs). Version 1 files have none: every one of them was trained on MNIST (nothing else
//! could be), and they read as [`DatasetRecord::mnist`].
//!
//! Saving and loading read tensors back asynchronously, so they work on WebGPU too, where
//! synchronous reads are impossible.

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use crate::backend::read_floats;
use crate::config::{ModelKind, VaeConfig};
use crate::data::{IMAGE_PIXELS, one_hot};
use crate::error::{Result, VaeError, refusal};
use crate::images::Preprocessing;
use crate::input::MAX_LATENT_MAGNITUDE;
use crate::loss::LossParts;
use crate::model::Vae;

const MAGIC: &[u8; 4] = b"VAEW";
pub const FORMAT_VERSION: u32 = 2;
/// The format before the dataset record.
const FORMAT_WITHOUT_RECORD: u32 = 1;
/// Bounds on the record a file brings: it is shown on the page.
const MAX_RECORD_NAME: usize = 200;
const MAX_RECORD_LABELS: usize = 256;

/// What a model was trained on, as its weights file records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DatasetRecord {
    /// "MNIST", or the name of the files or folder brought.
    pub name: String,
    /// Training images.
    pub images: usize,
    /// How the images were made into inputs; `None` for IDX files used as they are (MNIST's,
    /// binarised at ½).
    pub preprocessing: Option<Preprocessing>,
    /// The classes' names (a folder's sub-folders), when there are some.
    pub label_names: Vec<String>,
}

impl DatasetRecord {
    /// MNIST's 60,000 training digits, binarised.
    pub fn mnist() -> Self {
        Self {
            name: "MNIST".into(),
            images: 60_000,
            preprocessing: None,
            label_names: Vec::new(),
        }
    }
}
/// No real tensor of these models comes close; anything larger is a corrupt header.
const MAX_RANK: usize = 8;

/// A parameter's place in the module tree and its shape.
#[derive(Debug, Clone, PartialEq)]
struct ParamSlot {
    path: String,
    shape: Vec<usize>,
}

/// Walks a module, recording each float parameter's path and shape, and (optionally) keeping
/// the parameter flattened for one batched read.
#[derive(Default)]
struct ParamCollector {
    path: Vec<String>,
    slots: Vec<ParamSlot>,
    values: Option<Vec<Tensor<1>>>,
}

impl ModuleVisitor for ParamCollector {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let shape = param.lazy_shape();
        if let Some(values) = &mut self.values {
            values.push(param.val().reshape([shape.num_elements()]));
        }
        self.slots.push(ParamSlot {
            path: self.path.join("."),
            shape: shape.to_vec(),
        });
    }
}

fn param_slots(model: &Vae) -> Vec<ParamSlot> {
    let mut collector = ParamCollector::default();
    model.visit(&mut collector);
    collector.slots
}

/// Replaces each float parameter, in visiting order, with the next tensor of a validated file.
struct ParamLoader {
    values: std::vec::IntoIter<(Vec<usize>, Vec<f32>)>,
    device: Device,
}

impl ModuleMapper for ParamLoader {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        // Paths and shapes were checked against this very model before the loader was built.
        let (shape, values) = self.values.next().expect("validated tensor count");
        let tensor = Tensor::from_data(TensorData::new(values, shape), &self.device);
        param.map(|_| tensor)
    }
}

/// Serialises the model's parameters and config, with what it was trained on.
pub async fn save(model: &Vae, config: &VaeConfig, dataset: &DatasetRecord) -> Result<Vec<u8>> {
    let mut collector = ParamCollector {
        values: Some(Vec::new()),
        ..Default::default()
    };
    model.visit(&mut collector);
    let flat = Tensor::cat(collector.values.unwrap_or_default(), 0);
    let values = read_floats(flat).await?;

    let config_json = serde_json::to_vec(config).expect("a config always serialises");
    let record_json = serde_json::to_vec(dataset).expect("a record always serialises");
    let mut out = Vec::with_capacity(64 + config_json.len() + record_json.len() + 4 * values.len());
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, FORMAT_VERSION);
    put_u32(&mut out, config_json.len() as u32);
    out.extend_from_slice(&config_json);
    put_u32(&mut out, record_json.len() as u32);
    out.extend_from_slice(&record_json);
    put_u32(&mut out, collector.slots.len() as u32);
    let mut offset = 0;
    for slot in &collector.slots {
        put_u32(&mut out, slot.path.len() as u32);
        out.extend_from_slice(slot.path.as_bytes());
        put_u32(&mut out, slot.shape.len() as u32);
        for &dim in &slot.shape {
            put_u32(&mut out, dim as u32);
        }
        let count: usize = slot.shape.iter().product();
        for value in &values[offset..offset + count] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        offset += count;
    }
    let checksum = crc32fast::hash(&out);
    put_u32(&mut out, checksum);
    Ok(out)
}

/// Reads only the config recorded in a weights file (after checking the whole file).
pub fn read_config(bytes: &[u8]) -> Result<VaeConfig> {
    Ok(parse(bytes)?.config)
}

/// Builds the model a weights file describes, on `device`. Either the whole file is valid and
/// a complete model comes back, or an error says what is wrong.
pub async fn load(bytes: &[u8], device: &Device) -> Result<(Vae, VaeConfig)> {
    let (model, config, _) = load_with_record(bytes, device).await?;
    Ok((model, config))
}

/// [`load`], with what the model was trained on.
pub async fn load_with_record(
    bytes: &[u8],
    device: &Device,
) -> Result<(Vae, VaeConfig, DatasetRecord)> {
    let parsed = parse(bytes)?;
    let fresh = Vae::new(&parsed.config, device);
    let expected = param_slots(&fresh);
    if expected.len() != parsed.tensors.len() {
        let count = refusal!(
            Weights,
            "tensor-count",
            "the file has {got} tensors, a model of kind {kind} with latent size {latent_dim} has \
             {expected}",
            got = parsed.tensors.len(),
            kind = parsed.config.kind.describe(),
            latent_dim = parsed.config.latent_dim,
            expected = expected.len(),
        );
        return Err(mismatch(&parsed, count, device));
    }
    for (slot, (found, _)) in expected.iter().zip(&parsed.tensors) {
        if slot != found {
            let shapes = refusal!(
                Weights,
                "tensor-shape",
                "expected tensor {expected} with shape {expected_shape}, found {found} with shape \
                 {found_shape}",
                expected = &slot.path,
                expected_shape = format!("{:?}", slot.shape),
                found = &found.path,
                found_shape = format!("{:?}", found.shape),
            );
            return Err(mismatch(&parsed, shapes, device));
        }
    }
    let mut loader = ParamLoader {
        values: parsed
            .tensors
            .into_iter()
            .map(|(slot, values)| (slot.shape, values))
            .collect::<Vec<_>>()
            .into_iter(),
        device: device.clone(),
    };
    let model = fresh.map(&mut loader);
    check_outputs_are_finite(&model, parsed.config.latent_dim, device).await?;
    Ok((model, parsed.config, parsed.dataset))
}

/// Why a file's tensors do not fit the model its header describes: when they are exactly another
/// kind's (the conv kinds differ only where the label joins, cvae, or in the encoder head's
/// width, ae: one code per dimension instead of a mean and a log-variance), which kind the file
/// holds and which its header claims; otherwise `difference`, the first thing that differs.
fn mismatch(parsed: &ParsedWeights, difference: VaeError, device: &Device) -> VaeError {
    let claimed = parsed.config.kind;
    let holds = |kind: &ModelKind| {
        let as_kind = VaeConfig {
            kind: *kind,
            ..parsed.config.clone()
        };
        let slots = param_slots(&Vae::new(&as_kind, device));
        slots.iter().eq(parsed.tensors.iter().map(|(slot, _)| slot))
    };
    if let Some(other) = ModelKind::ALL
        .iter()
        .filter(|&&kind| kind != claimed)
        .find(|kind| holds(kind))
    {
        return refusal!(
            Weights,
            "weights-of-other-kind",
            "this file holds the tensors of a model of kind {holds}, but its header says {claimed}",
            holds = other.describe(),
            claimed = claimed.describe(),
        );
    }
    difference
}

/// Runs the model on probe inputs and refuses it if anything it computes is not finite: the
/// posterior (an autoencoder's code), a reconstruction, the loss's parts, and decodes at the
/// corners of the latent range (a conditional model told the digits 0, 5 and 9).
async fn check_outputs_are_finite(model: &Vae, latent_dim: usize, device: &Device) -> Result<()> {
    let probes: Vec<f32> = (0..3 * IMAGE_PIXELS)
        .map(|i| match i / IMAGE_PIXELS {
            0 => 0.0,
            1 => 1.0,
            _ => (i % 2) as f32,
        })
        .collect();
    let images = Tensor::<2>::from_data(TensorData::new(probes, [3, IMAGE_PIXELS]), device);
    let labels = model.is_conditional().then(|| one_hot(&[0, 5, 9], device));
    let code = model.encode(images.clone(), labels.clone());
    let z = code.latent(|posterior| posterior.mean.ones_like());
    let parts = LossParts::new(model.decode_logits(z, labels.clone()), images, &code);
    let corners: Vec<f32> = [-MAX_LATENT_MAGNITUDE, 0.0, MAX_LATENT_MAGNITUDE]
        .iter()
        .flat_map(|&v| std::iter::repeat_n(v, latent_dim))
        .collect();
    let corners = Tensor::<2>::from_data(TensorData::new(corners, [3, latent_dim]), device);
    let mut outputs = vec![
        code.point().flatten::<1>(0, 1),
        model
            .decode(code.point(), labels.clone())
            .flatten::<1>(0, 1),
        parts.sums(),
        model.decode(corners, labels).flatten::<1>(0, 1),
    ];
    if let Some(posterior) = code.posterior() {
        outputs.push(posterior.log_var.clone().flatten::<1>(0, 1));
    }
    let outputs = Tensor::cat(outputs, 0);
    if read_floats(outputs).await?.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(refusal!(
            Weights,
            "weights-overflow",
            "these weights make the model's outputs overflow (not finite) on ordinary inputs"
        ))
    }
}

struct ParsedWeights {
    config: VaeConfig,
    dataset: DatasetRecord,
    tensors: Vec<(ParamSlot, Vec<f32>)>,
}

fn parse(bytes: &[u8]) -> Result<ParsedWeights> {
    if bytes.is_empty() {
        return Err(refusal!(Weights, "weights-empty", "the file is empty"));
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(refusal!(
            Weights,
            "weights-magic",
            "not a vae-wasm weights file (wrong magic bytes)"
        ));
    }
    if bytes.len() < MAGIC.len() + 8 {
        return Err(refusal!(
            Weights,
            "weights-truncated",
            "the file is truncated"
        ));
    }
    let (body, checksum) = bytes.split_at(bytes.len() - 4);
    let mut reader = Reader {
        bytes: &body[MAGIC.len()..],
    };
    let version = reader.u32("version")?;
    if version != FORMAT_VERSION && version != FORMAT_WITHOUT_RECORD {
        return Err(refusal!(
            Weights,
            "weights-version",
            "format version {version}, this build reads versions {oldest} and {newest}",
            version = version,
            oldest = FORMAT_WITHOUT_RECORD,
            newest = FORMAT_VERSION,
        ));
    }
    let checksum = u32::from_le_bytes([checksum[0], checksum[1], checksum[2], checksum[3]]);
    if crc32fast::hash(body) != checksum {
        return Err(refusal!(
            Weights,
            "weights-checksum",
            "the checksum does not match: the file is truncated or corrupted"
        ));
    }
    let config_len = reader.u32("config length")? as usize;
    let config: VaeConfig =
        serde_json::from_slice(reader.take(config_len, "config")?).map_err(|e| {
            refusal!(
                Weights,
                "weights-config-unreadable",
                "the recorded config is unreadable: {reason}",
                reason = e,
            )
        })?;
    // The config's own refusal (its key and values), said of the file's recorded config.
    config
        .validate()
        .map_err(|e| VaeError::Weights(e.reason().clone()).within("the recorded config"))?;
    let dataset = if version == FORMAT_WITHOUT_RECORD {
        DatasetRecord::mnist()
    } else {
        let record_len = reader.u32("record length")? as usize;
        let record: DatasetRecord = serde_json::from_slice(reader.take(record_len, "record")?)
            .map_err(|e| {
                refusal!(
                    Weights,
                    "weights-record-unreadable",
                    "the record of the training data is unreadable: {reason}",
                    reason = e,
                )
            })?;
        let too_long = |text: &String| text.chars().count() > MAX_RECORD_NAME;
        if too_long(&record.name)
            || record.label_names.len() > MAX_RECORD_LABELS
            || record.label_names.iter().any(too_long)
        {
            return Err(refusal!(
                Weights,
                "weights-record-too-large",
                "the record of the training data is too large (names of at most {max_name} \
                 characters, at most {max_classes} classes)",
                max_name = MAX_RECORD_NAME,
                max_classes = MAX_RECORD_LABELS,
            ));
        }
        record
    };
    let count = reader.u32("tensor count")? as usize;
    let mut tensors = Vec::new();
    for index in 0..count {
        let path_len = reader.u32("tensor path length")? as usize;
        let path = std::str::from_utf8(reader.take(path_len, "tensor path")?)
            .map_err(|_| {
                refusal!(
                    Weights,
                    "tensor-path-not-utf8",
                    "tensor {index}: path is not UTF-8",
                    index = index,
                )
            })?
            .to_string();
        let rank = reader.u32("tensor rank")? as usize;
        if rank == 0 || rank > MAX_RANK {
            return Err(refusal!(
                Weights,
                "tensor-rank",
                "tensor {path}: rank {rank} is out of range",
                path = &path,
                rank = rank,
            ));
        }
        let shape = (0..rank)
            .map(|_| reader.u32("tensor shape").map(|d| d as usize))
            .collect::<Result<Vec<_>>>()?;
        let numel = shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .filter(|&n| n <= body.len() / 4)
            .ok_or_else(|| {
                refusal!(
                    Weights,
                    "tensor-larger-than-file",
                    "tensor {path}: shape {shape} is larger than the file",
                    path = &path,
                    shape = format!("{shape:?}"),
                )
            })?;
        let raw = reader.take(numel * 4, "tensor values")?;
        let values: Vec<f32> = raw
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if let Some(position) = values.iter().position(|v| !v.is_finite()) {
            return Err(refusal!(
                Weights,
                "tensor-not-finite",
                "tensor {path} holds a non-finite value ({value}) at index {index}",
                path = &path,
                value = values[position],
                index = position,
            ));
        }
        tensors.push((ParamSlot { path, shape }, values));
    }
    if !reader.bytes.is_empty() {
        return Err(refusal!(
            Weights,
            "weights-trailing-bytes",
            "{count} unexpected bytes after the last tensor",
            count = reader.bytes.len(),
        ));
    }
    Ok(ParsedWeights {
        config,
        dataset,
        tensors,
    })
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize, what: &str) -> Result<&'a [u8]> {
        if len > self.bytes.len() {
            return Err(refusal!(
                Weights,
                "weights-truncated-in",
                "the file is truncated (in the {what})",
                what = what,
            ));
        }
        let (head, tail) = self.bytes.split_at(len);
        self.bytes = tail;
        Ok(head)
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}
