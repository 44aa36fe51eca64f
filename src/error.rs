//! The crate's one error type. Every fallible public function returns it, and the wasm layer
//! turns it into a `JsError` whose message is this `Display` text, so messages are written for
//! the person using the page.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum VaeError {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("invalid input: {0}")]
    Input(String),
    #[error("invalid dataset: {0}")]
    Data(String),
    #[error("invalid weights file: {0}")]
    Weights(String),
    #[error("backend error: {0}")]
    Backend(String),
    #[error("training stopped: {0}")]
    Training(String),
}

pub type Result<T> = std::result::Result<T, VaeError>;
