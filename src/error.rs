//! The crate's one error type. Every fallible public function returns it. An error is a kind and
//! a [`Reason`]: the English the CLI prints and the JS API's message carries (its `Display`
//! text), and the same refusal as data — a stable key and the values its English names — so
//! that the page can word it in its own language. The wasm layer hands both to JS.

use std::fmt;

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum VaeError {
    #[error("invalid configuration: {0}")]
    Config(Reason),
    #[error("invalid input: {0}")]
    Input(Reason),
    #[error("invalid dataset: {0}")]
    Data(Reason),
    #[error("invalid weights file: {0}")]
    Weights(Reason),
    #[error("backend error: {0}")]
    Backend(Reason),
    #[error("training stopped: {0}")]
    Training(Reason),
}

pub type Result<T> = std::result::Result<T, VaeError>;

/// Why something was refused. Built by `refusal!`, which keeps `text` and `values` in step.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The kind of refusal, in kebab-case ("whole-number"): the page's wordings are keyed by it,
    /// so it stays the same while the English changes around it.
    pub key: &'static str,
    /// The English, with the contexts of `within` before it: what the error says in `Display`.
    pub text: String,
    /// The values the key's template names, each written as `text` writes it.
    pub values: Vec<(&'static str, String)>,
    /// The contexts [`VaeError::within`] put before the reason (a file's name), outermost first.
    pub within: Vec<String>,
}

impl Reason {
    /// For `refusal!` alone, which is what keeps `text` and `values` in step.
    pub(crate) fn new(
        key: &'static str,
        text: String,
        values: Vec<(&'static str, String)>,
    ) -> Self {
        Self {
            key,
            text,
            values,
            within: Vec::new(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl VaeError {
    /// The same error about a part of something: `context` ("circle/7.png", a file's name) put
    /// before its reason, the kind, key and values kept.
    pub fn within(mut self, context: &str) -> Self {
        let reason = self.reason_mut();
        reason.text = format!("{context}: {}", reason.text);
        reason.within.insert(0, context.to_string());
        self
    }

    /// The kind as the page names it: "config", "input", "data", "weights", "backend" or
    /// "training".
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Config(_) => "config",
            Self::Input(_) => "input",
            Self::Data(_) => "data",
            Self::Weights(_) => "weights",
            Self::Backend(_) => "backend",
            Self::Training(_) => "training",
        }
    }

    /// Why, in English and as data.
    pub fn reason(&self) -> &Reason {
        match self {
            Self::Config(reason)
            | Self::Input(reason)
            | Self::Data(reason)
            | Self::Weights(reason)
            | Self::Backend(reason)
            | Self::Training(reason) => reason,
        }
    }

    fn reason_mut(&mut self) -> &mut Reason {
        match self {
            Self::Config(reason)
            | Self::Input(reason)
            | Self::Data(reason)
            | Self::Weights(reason)
            | Self::Backend(reason)
            | Self::Training(reason) => reason,
        }
    }
}

/// A [`VaeError`] of kind `$kind` with the key `$key` and the English `$template`, whose
/// `{placeholders}` are the named values that follow (each evaluated once, recorded as its
/// `to_string()`):
///
/// ```ignore
/// refusal!(Input, "whole-number", "{name}: expected a whole number from {min} to {max}, got {got}",
///     name = name, min = range.start(), max = range.end(), got = JsNumber(value))
/// ```
///
/// The template is formatted inside a function item, which cannot see the caller's variables:
/// so rustc refuses a placeholder without its named value (rather than capturing a variable of
/// that name) as well as a named value the template does not use, and the values recorded are
/// exactly those the English shows. Format specs are refused too (the values are `Display`
/// alone): a value written as `{:e}` or `{:?}` is formatted into a `String` at the call.
/// tests/page/i18n.test.mjs reads these calls to check the page's wordings against them.
macro_rules! refusal {
    ($kind:ident, $key:literal, $template:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        fn english($($name: &dyn ::std::fmt::Display),*) -> ::std::string::String {
            ::std::format!($template $(, $name = $name)*)
        }
        // Every value evaluated before any is named, so one value's expression never sees
        // another's.
        let ($($name,)*) = ($($value,)*);
        $crate::error::VaeError::$kind($crate::error::Reason::new(
            $key,
            english($(&$name),*),
            ::std::vec![$((
                ::std::stringify!($name),
                ::std::string::ToString::to_string(&$name),
            )),*],
        ))
    }};
}
pub(crate) use refusal;
