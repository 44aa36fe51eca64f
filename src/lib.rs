//! vae-wasm: a variational autoencoder for MNIST that trains and runs in the browser.
//!
//! The crate is device-agnostic: every function takes a burn `Device`, so the same code trains
//! natively (the `vae` CLI, `cargo test`) and in WebAssembly on Flex, ndarray or WebGPU.
//!
//! | module       | concept                                                        |
//! |--------------|----------------------------------------------------------------|
//! | `config`     | `VaeConfig`: model kind, latent size, β, learning rate, batch   |
//! | `model`      | the conv and MLP encoders/decoders, reparameterisation          |
//! | `loss`       | BCE-with-logits, analytic KL, the ELBO's parts                  |
//! | `data`       | MNIST IDX parsing (gzip), binarisation, shuffled batches        |
//! | `inference`  | q(z|x) refined per image beyond the encoder's answer           |
//! | `train`      | `Trainer` (Adam steps, NaN guard) and `evaluate` (test ELBO)    |
//! | `preprocess` | a drawing → the 28×28 MNIST-style input                         |
//! | `weights`    | the versioned weights file: save, validate, load                |
//! | `backend`    | which device: Flex (default CPU), ndarray, WebGPU               |
//! | `web`        | the `#[wasm_bindgen]` session, a thin skin over the above       |

pub mod backend;
pub mod config;
pub mod data;
pub mod error;
pub mod inference;
pub mod loss;
pub mod model;
pub mod preprocess;
pub mod train;
pub mod weights;

#[cfg(target_family = "wasm")]
pub mod web;

pub use backend::BackendKind;
pub use config::{ModelKind, VaeConfig};
pub use error::{Result, VaeError};
