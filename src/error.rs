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

impl VaeError {
    /// The same error about a part of something: `context` ("circle/7.png", a file's name) put
    /// before its reason, the kind kept.
    pub fn within(self, context: &str) -> Self {
        let add = |reason: String| format!("{context}: {reason}");
        match self {
            Self::Config(reason) => Self::Config(add(reason)),
            Self::Input(reason) => Self::Input(add(reason)),
            Self::Data(reason) => Self::Data(add(reason)),
            Self::Weights(reason) => Self::Weights(add(reason)),
            Self::Backend(reason) => Self::Backend(add(reason)),
            Self::Training(reason) => Self::Training(add(reason)),
        }
    }
}
