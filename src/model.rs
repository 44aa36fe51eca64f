//! The networks: a convolutional VAE (the reference architecture), a small MLP variant, and
//! the conv model as a plain autoencoder. [`Vae`] is any of them: the kind follows from the
//! parameters' shapes ([`Vae::kind`]).
//!
//! Images travel as `[batch, 784]` rows of pixel values in [0, 1]; latent codes as
//! `[batch, latent_dim]`. The decoder returns logits; `Vae::decode` applies the sigmoid.
//!
//! Each network has one forward pass. It takes a [`Trace`]: off for training and inference, on
//! for the Inside view, which then gets every layer's output from the very same pass.
//!
//! The conditional kind (`cvae`) is the conv model with the digit as an optional input of the
//! same encoder and decoder: the label's one-hot vector joins the encoder's flattened features
//! before its last linear layer, and joins z before the decoder's first. Unconditional models
//! take no labels (`None`); callers ([`crate::session::Session`]) check which a model needs.
//!
//! The autoencoder (`ae`) is the conv model whose encoder head gives one code per image instead
//! of a mean and a log-variance: its [`Code`] is a point, with no posterior around it, so
//! nothing that needs a σ, an ε or a KL can be asked of it ([`Code::into_posterior`]).

use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig, ConvTranspose2d, ConvTranspose2dConfig};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::{relu, sigmoid};
use burn::tensor::{Device, Distribution, Tensor, TensorData};
use rand::rngs::StdRng;

use crate::config::{ModelKind, VaeConfig};
use crate::data::{CLASSES, IMAGE_PIXELS, IMAGE_SIDE, Mnist};
use crate::error::{Result, VaeError, refusal};
use crate::kernels;

const MLP_HIDDEN: usize = 400;
/// The conv decoder starts from a 7×7 map with this many channels.
const DECODER_CHANNELS: usize = 32;
const DECODER_SIDE: usize = 7;
/// 28 -> 13 -> 6 with 3×3 kernels, stride 2, no padding; 64 channels out.
const ENCODER_FLAT: usize = 64 * 6 * 6;

#[derive(Module, Debug)]
pub struct ConvEncoder {
    conv1: Conv2d,
    conv2: Conv2d,
    head: Linear,
}

#[derive(Module, Debug)]
pub struct ConvDecoder {
    project: Linear,
    deconv1: ConvTranspose2d,
    deconv2: ConvTranspose2d,
    deconv3: ConvTranspose2d,
}

#[derive(Module, Debug)]
pub struct MlpEncoder {
    hidden: Linear,
    head: Linear,
}

#[derive(Module, Debug)]
pub struct MlpDecoder {
    hidden: Linear,
    output: Linear,
}

// One of each per model: the size difference between the variants costs nothing, and boxing
// would only add an indirection to every forward pass.
#[allow(clippy::large_enum_variant)]
#[derive(Module, Debug)]
pub enum Encoder {
    Conv(ConvEncoder),
    Mlp(MlpEncoder),
}

#[allow(clippy::large_enum_variant)] // as for Encoder
#[derive(Module, Debug)]
pub enum Decoder {
    Conv(ConvDecoder),
    Mlp(MlpDecoder),
}

/// The digits a conditional model is told: one-hot rows `[batch, 10]` (see
/// [`crate::data::one_hot`]); `None` for an unconditional model.
pub type Labels = Option<Tensor<2>>;

/// `features` with the labels' one-hot rows appended (unchanged without labels).
fn with_labels(features: Tensor<2>, labels: Labels) -> Tensor<2> {
    match labels {
        Some(labels) => Tensor::cat(vec![features, labels], 1),
        None => features,
    }
}

/// One layer's output for a batch, as the forward pass produced it.
#[derive(Debug, Clone)]
pub struct LayerOutput {
    /// What the layer is, as the page labels it ("encoder.conv1 · ReLU").
    pub name: &'static str,
    /// One image's output: `[channels, height, width]` for a convolution, `[units]` otherwise.
    pub shape: Vec<usize>,
    /// `[batch, Π shape]`: each image's output, flattened.
    pub values: Tensor<2>,
}

/// Where a forward pass hands its intermediate outputs: `Off` keeps nothing (training,
/// inference), `On` collects every layer's output in the order the pass computes them.
#[derive(Debug)]
pub enum Trace {
    Off,
    On(Vec<LayerOutput>),
}

impl Trace {
    /// A trace that collects.
    pub fn on() -> Self {
        Trace::On(Vec::new())
    }

    /// The layers collected so far (none when off).
    pub fn into_layers(self) -> Vec<LayerOutput> {
        match self {
            Trace::Off => Vec::new(),
            Trace::On(layers) => layers,
        }
    }

    /// Keeps `output` (`[batch, …]`) under `name` when on. Tensors are shared, so keeping one
    /// costs no copy.
    fn record<const D: usize>(&mut self, name: &'static str, output: &Tensor<D>) {
        if let Trace::On(layers) = self {
            let dims = output.dims();
            let shape = dims[1..].to_vec();
            let values = output.clone().reshape([dims[0], shape.iter().product()]);
            layers.push(LayerOutput {
                name,
                shape,
                values,
            });
        }
    }
}

/// The approximate posterior q(z|x) = N(mean, exp(log_var)) for each image of a batch.
#[derive(Debug, Clone)]
pub struct Posterior {
    pub mean: Tensor<2>,
    pub log_var: Tensor<2>,
}

/// What the encoder gives for each image of a batch: a VAE's posterior, or an autoencoder's
/// code, a point with no distribution around it.
// One per forward pass: a posterior's second tensor is worth no box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Code {
    Posterior(Posterior),
    Point(Tensor<2>),
}

impl Code {
    /// Each image's place in the latent space: the posterior mean, or the autoencoder's code.
    pub fn point(&self) -> Tensor<2> {
        match self {
            Code::Posterior(posterior) => posterior.mean.clone(),
            Code::Point(z) => z.clone(),
        }
    }

    /// q(z|x), when the encoder gives one.
    pub fn posterior(&self) -> Option<&Posterior> {
        match self {
            Code::Posterior(posterior) => Some(posterior),
            Code::Point(_) => None,
        }
    }

    /// q(z|x) for `what` needs it; an autoencoder's code is refused, naming `what`.
    pub fn into_posterior(self, what: &str) -> Result<Posterior> {
        match self {
            Code::Posterior(posterior) => Ok(posterior),
            Code::Point(_) => Err(needs_posterior(what)),
        }
    }

    /// The z the decoder gets: for a VAE a draw mean + σ·ε with ε from `noise`, for an
    /// autoencoder its code (nothing is drawn).
    pub fn latent(&self, noise: impl FnOnce(&Posterior) -> Tensor<2>) -> Tensor<2> {
        match self {
            Code::Posterior(posterior) => posterior.reparameterise_with(noise(posterior)),
            Code::Point(z) => z.clone(),
        }
    }
}

/// The refusal of `what` (a refinement, an ε, a KL, …) for an autoencoder, which has no
/// posterior: one message for every caller.
pub fn needs_posterior(what: &str) -> VaeError {
    refusal!(
        Input,
        "needs-posterior",
        "{what}: this {kind} model has no posterior q(z|x) (no σ, no ε, no KL, no ELBO): its \
         encoder gives one code per image; only a VAE kind (conv, mlp, cvae) has one",
        what = what,
        kind = ModelKind::Ae.describe(),
    )
}

impl Posterior {
    /// z = mean + exp(log_var / 2) · ε, with ε ~ N(0, I): differentiable in mean and log_var.
    pub fn reparameterise(&self) -> Tensor<2> {
        self.reparameterise_with(self.standard_noise())
    }

    /// ε ~ N(0, I), shaped like the mean.
    pub fn standard_noise(&self) -> Tensor<2> {
        self.mean.random_like(Distribution::Normal(0.0, 1.0))
    }

    /// ε ~ N(0, I), shaped like the mean, drawn on the host from `rng`: the same numbers on every
    /// backend, and a stream that can be replayed.
    pub fn seeded_noise(&self, rng: &mut StdRng) -> Tensor<2> {
        let noise =
            TensorData::random::<f32, _, _>(self.mean.dims(), Distribution::Normal(0.0, 1.0), rng);
        Tensor::from_data(noise, &self.mean.device())
    }

    /// z = mean + exp(log_var / 2) · ε for a given ε (callers that also need ε, such as the
    /// importance-weighted bound's log q(z|x), draw it themselves).
    pub fn reparameterise_with(&self, noise: Tensor<2>) -> Tensor<2> {
        self.mean.clone() + self.log_var.clone().mul_scalar(0.5).exp() * noise
    }
}

#[derive(Module, Debug)]
pub struct Vae {
    encoder: Encoder,
    decoder: Decoder,
}

impl Vae {
    /// A freshly initialised model. The caller seeds the device first for reproducible weights.
    pub fn new(config: &VaeConfig, device: &Device) -> Self {
        let latent = config.latent_dim;
        // A conditional model's label joins the encoder's features and the decoder's z.
        let classes = if config.kind.is_conditional() {
            CLASSES
        } else {
            0
        };
        // A VAE's head gives a mean and a log-variance per dimension, the autoencoder's one code.
        let head = if config.kind.has_posterior() {
            2 * latent
        } else {
            latent
        };
        let (encoder, decoder) = if config.kind == ModelKind::Mlp {
            (
                Encoder::Mlp(MlpEncoder {
                    hidden: LinearConfig::new(IMAGE_PIXELS, MLP_HIDDEN).init(device),
                    head: LinearConfig::new(MLP_HIDDEN, head).init(device),
                }),
                Decoder::Mlp(MlpDecoder {
                    hidden: LinearConfig::new(latent, MLP_HIDDEN).init(device),
                    output: LinearConfig::new(MLP_HIDDEN, IMAGE_PIXELS).init(device),
                }),
            )
        } else {
            let down = |from, to| {
                Conv2dConfig::new([from, to], [3, 3])
                    .with_stride([2, 2])
                    .init(device)
            };
            // padding 1 + output padding 1 doubles the side: 7 -> 14 -> 28.
            let up = |from, to| {
                ConvTranspose2dConfig::new([from, to], [3, 3])
                    .with_stride([2, 2])
                    .with_padding([1, 1])
                    .with_padding_out([1, 1])
                    .init(device)
            };
            (
                Encoder::Conv(ConvEncoder {
                    conv1: down(1, 32),
                    conv2: down(32, 64),
                    head: LinearConfig::new(ENCODER_FLAT + classes, head).init(device),
                }),
                Decoder::Conv(ConvDecoder {
                    project: LinearConfig::new(
                        latent + classes,
                        DECODER_CHANNELS * DECODER_SIDE * DECODER_SIDE,
                    )
                    .init(device),
                    deconv1: up(DECODER_CHANNELS, 64),
                    deconv2: up(64, 32),
                    deconv3: ConvTranspose2dConfig::new([32, 1], [3, 3])
                        .with_padding([1, 1])
                        .init(device),
                }),
            )
        };
        Self { encoder, decoder }
    }

    /// q(z|x) (q(z|x, y) with the labels of a conditional model), or an autoencoder's code, for
    /// images `[batch, 784]`.
    pub fn encode(&self, images: Tensor<2>, labels: Labels) -> Code {
        self.encode_traced(images, labels, &mut Trace::Off)
    }

    /// [`Vae::encode`], handing each hidden layer's output to `trace`.
    pub fn encode_traced(&self, images: Tensor<2>, labels: Labels, trace: &mut Trace) -> Code {
        let [batch, _] = images.dims();
        let stats = match &self.encoder {
            Encoder::Conv(net) => {
                let x = images.reshape([batch, 1, IMAGE_SIDE, IMAGE_SIDE]);
                let x = relu(kernels::conv2d(&net.conv1, x));
                trace.record("encoder.conv1 · ReLU", &x);
                let x = relu(kernels::conv2d(&net.conv2, x));
                trace.record("encoder.conv2 · ReLU", &x);
                let features = x.reshape([batch, ENCODER_FLAT]);
                net.head.forward(with_labels(features, labels))
            }
            Encoder::Mlp(net) => {
                let hidden = relu(net.hidden.forward(images));
                trace.record("encoder.hidden · ReLU", &hidden);
                net.head.forward(hidden)
            }
        };
        if !self.has_posterior() {
            return Code::Point(stats);
        }
        let latent = stats.dims()[1] / 2;
        Code::Posterior(Posterior {
            mean: stats.clone().narrow(1, 0, latent),
            log_var: stats.narrow(1, latent, latent),
        })
    }

    /// Bernoulli logits of p(x|z) (p(x|z, y) with labels), `[batch, 784]`.
    pub fn decode_logits(&self, latents: Tensor<2>, labels: Labels) -> Tensor<2> {
        self.decode_logits_traced(latents, labels, &mut Trace::Off)
    }

    /// [`Vae::decode_logits`], handing each hidden layer's output to `trace`.
    pub fn decode_logits_traced(
        &self,
        latents: Tensor<2>,
        labels: Labels,
        trace: &mut Trace,
    ) -> Tensor<2> {
        let [batch, _] = latents.dims();
        match &self.decoder {
            Decoder::Conv(net) => {
                let x = relu(net.project.forward(with_labels(latents, labels))).reshape([
                    batch,
                    DECODER_CHANNELS,
                    DECODER_SIDE,
                    DECODER_SIDE,
                ]);
                trace.record("decoder.project · ReLU", &x);
                let x = relu(kernels::conv_transpose2d(&net.deconv1, x));
                trace.record("decoder.deconv1 · ReLU", &x);
                let x = relu(kernels::conv_transpose2d(&net.deconv2, x));
                trace.record("decoder.deconv2 · ReLU", &x);
                kernels::conv_transpose2d(&net.deconv3, x).reshape([batch, IMAGE_PIXELS])
            }
            Decoder::Mlp(net) => {
                let hidden = relu(net.hidden.forward(latents));
                trace.record("decoder.hidden · ReLU", &hidden);
                net.output.forward(hidden)
            }
        }
    }

    /// Pixel probabilities of p(x|z) (p(x|z, y) with labels), `[batch, 784]` in [0, 1].
    pub fn decode(&self, latents: Tensor<2>, labels: Labels) -> Tensor<2> {
        sigmoid(self.decode_logits(latents, labels))
    }

    /// The same model with the decoder's parameters excluded from training, so that optimiser
    /// steps move only the encoder.
    pub fn with_frozen_decoder(self) -> Self {
        Self {
            decoder: self.decoder.no_grad(),
            ..self
        }
    }

    /// The latent size this model was built with.
    pub fn latent_dim(&self) -> usize {
        match &self.decoder {
            Decoder::Conv(net) => net.project.weight.val().dims()[0] - self.classes(),
            Decoder::Mlp(net) => net.hidden.weight.val().dims()[0],
        }
    }

    /// Whether the model takes the digit's label as an input.
    pub fn is_conditional(&self) -> bool {
        self.classes() > 0
    }

    /// Whether the encoder gives a posterior (a VAE): its head then has two outputs per latent
    /// dimension, the autoencoder's one.
    pub fn has_posterior(&self) -> bool {
        let head_outputs = match &self.encoder {
            Encoder::Conv(net) => net.head.weight.val().dims()[1],
            Encoder::Mlp(net) => net.head.weight.val().dims()[1],
        };
        head_outputs == 2 * self.latent_dim()
    }

    /// Which kind of model this is, from its parameters' shapes.
    pub fn kind(&self) -> ModelKind {
        match &self.encoder {
            Encoder::Mlp(_) => ModelKind::Mlp,
            Encoder::Conv(_) if self.is_conditional() => ModelKind::Cvae,
            Encoder::Conv(_) if !self.has_posterior() => ModelKind::Ae,
            Encoder::Conv(_) => ModelKind::Conv,
        }
    }

    /// What this model is told about the images at `indices` of `data`: their one-hot labels for
    /// a conditional model (an error when the split has none), nothing for the others.
    pub fn labels_for(&self, data: &Mnist, indices: &[usize], device: &Device) -> Result<Labels> {
        if !self.is_conditional() {
            return Ok(None);
        }
        data.digit_labels()?;
        Ok(data.one_hot(indices, device))
    }

    /// How many labels the model is told apart by: 10 for a conditional model, 0 otherwise.
    pub fn classes(&self) -> usize {
        match &self.encoder {
            Encoder::Conv(net) => net.head.weight.val().dims()[0] - ENCODER_FLAT,
            Encoder::Mlp(_) => 0,
        }
    }
}
