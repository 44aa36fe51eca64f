//! vae-wasm: a variational autoencoder for MNIST that trains and runs in the browser (and, to
//! compare, a plain autoencoder of the same shape).
//!
//! The crate is device-agnostic: every function takes a burn `Device`, so the same code trains
//! natively (the `vae` CLI, `cargo test`) and in WebAssembly on Flex, ndarray or WebGPU.
//!
//! | module       | concept                                                             |
//! |--------------|---------------------------------------------------------------------|
//! | `config`     | `VaeConfig`: model kind, latent size, β and its warm-up, learning rate, batch; limits |
//! | `input`      | checks for values from outside: counts, pixels, latent points        |
//! | `data`       | MNIST IDX parsing (gzip), binary or grey images, shuffled batches    |
//! | `model`      | conv, MLP, conditional and autoencoder nets (one traced forward each): a posterior or a code |
//! | `loss`       | BCE-with-logits, analytic KL, the loss's parts (no KL for an autoencoder) |
//! | `explain`    | one image, every step: layers, μ, log σ², ε, z, per-pixel BCE, KL   |
//! | `classify`   | p(y|x) from a conditional model's ELBOs (Bayes, uniform p(y))        |
//! | `inference`  | q(z|x) refined per image; what the drawing panel shows              |
//! | `mask`       | which pixels are observed: the check of a mask, the presets          |
//! | `completion` | an image with pixels missing, completed from q(z|x) refined on the observed ones |
//! | `train`      | `Trainer`: Adam steps in chunks, divergence guard, one step in detail |
//! | `anomaly`    | "is this a digit?": a score's percentile among the test digits', the AUROC; the scores (ELBO, refined, importance-weighted, complexity-corrected) |
//! | `eval`       | test ELBO (encoder or refined q), importance-weighted log p(x), each latent dimension's KL and σ, active dimensions |
//! | `preprocess` | a drawing → the 28×28 MNIST-style input                              |
//! | `dataset`    | a brought dataset: IDX files sorted into splits, a held-out tenth   |
//! | `images`     | brought images → 28×28 inputs: framing, polarity, levels            |
//! | `folder`     | a folder of image files (labels from sub-folders), natively         |
//! | `weights`    | the versioned weights file: save, validate, load                     |
//! | `backend`    | which device: Flex (default CPU), ndarray, WebGPU                    |
//! | `session`    | `Session`: the whole API the page and the CLI use, in Rust types     |
//! | `web`        | the `#[wasm_bindgen]` skin over `Session`: JS values in and out      |
//!
//! Dependencies run one way, with no cycle: `web` → `session` → `train`/`eval`/`explain`/
//! `classify`/`completion` → `inference` → `loss` → `model` → `config` → `input` → `data` → `error`
//! (`weights`, `preprocess`, `dataset`, `images`, `folder`, `mask`, `anomaly` and `backend` sit
//! beside them and import only downward: `anomaly` scores through `eval`).

pub mod anomaly;
pub mod backend;
pub mod classify;
pub mod completion;
pub mod config;
pub mod data;
pub mod dataset;
pub mod error;
pub mod eval;
pub mod explain;
#[cfg(not(target_family = "wasm"))]
pub mod folder;
pub mod images;
pub mod inference;
pub mod input;
pub mod kernels;
pub mod loss;
pub mod mask;
pub mod model;
pub mod preprocess;
pub mod session;
pub mod train;
pub mod weights;

#[cfg(target_family = "wasm")]
pub mod web;

pub use backend::BackendKind;
pub use config::{ModelKind, VaeConfig};
pub use error::{Result, VaeError};
pub use session::Session;
