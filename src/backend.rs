//! Which device the tensors live on, chosen at run time.
//!
//! * `Flex`: burn's pure-Rust CPU backend (im2col + gemm, wasm SIMD). The default CPU backend:
//!   in the browser it trains this model many times faster than ndarray.
//! * `NdArray`: burn's older CPU backend, kept selectable, in builds with the `ndarray` feature
//!   (the default; the browser's threaded build leaves it out).
//! * `WebGpu`: burn's wgpu backend on the browser's WebGPU (or a native GPU), in builds with
//!   the `webgpu` feature (the default). Initialised asynchronously, once per page.

use std::fmt;
use std::str::FromStr;

use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

use crate::error::{Result, VaeError, refusal};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    Flex,
    NdArray,
    WebGpu,
}

impl BackendKind {
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Flex => "flex",
            BackendKind::NdArray => "ndarray",
            BackendKind::WebGpu => "webgpu",
        }
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BackendKind {
    type Err = VaeError;

    /// Accepts the names the page and the CLI use; "cpu" means the default CPU backend.
    fn from_str(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "flex" | "cpu" => Ok(BackendKind::Flex),
            "ndarray" => Ok(BackendKind::NdArray),
            "webgpu" | "wgpu" | "gpu" => Ok(BackendKind::WebGpu),
            other => Err(refusal!(
                Backend,
                "unknown-backend",
                "backend: expected auto, cpu, flex, ndarray or webgpu, got {got}",
                got = format!("{other:?}"),
            )),
        }
    }
}

/// A backend choice by name: "auto" (`None`: WebGPU where it can be had, else the CPU) or a
/// backend's name.
pub fn parse_choice(name: &str) -> Result<Option<BackendKind>> {
    if name.eq_ignore_ascii_case("auto") {
        Ok(None)
    } else {
        name.parse().map(Some)
    }
}

/// The device for `kind`. WebGPU fails with a clear error where no adapter exists.
pub async fn device(kind: BackendKind) -> Result<Device> {
    match kind {
        BackendKind::Flex => Ok(Device::flex()),
        BackendKind::NdArray => ndarray_device(),
        BackendKind::WebGpu => gpu::device().await,
    }
}

#[cfg(feature = "ndarray")]
fn ndarray_device() -> Result<Device> {
    #[allow(deprecated)] // burn 0.22 deprecates ndarray for Flex; the user asked for both.
    Ok(Device::ndarray())
}

#[cfg(not(feature = "ndarray"))]
fn ndarray_device() -> Result<Device> {
    Err(refusal!(
        Backend,
        "no-ndarray-backend",
        "this build has no ndarray backend (it was built without the `ndarray` feature)"
    ))
}

/// WebGPU if an adapter can be had, otherwise the default CPU backend.
pub async fn auto_device() -> (BackendKind, Device) {
    match gpu::device().await {
        Ok(device) => (BackendKind::WebGpu, device),
        Err(_) => (BackendKind::Flex, Device::flex()),
    }
}

/// The autodiff flavour of a device (idempotent), for training and posterior refinement.
pub fn autodiff_device(device: &Device) -> Device {
    if device.is_autodiff() {
        device.clone()
    } else {
        device.clone().autodiff()
    }
}

/// Runs `work` on a thread of the CPU backends' pool, where the build has one (natively, and the
/// browser's threaded build), and waits for it. Flex splits each large operation among the
/// pool's threads; called from outside the pool, every one of those splits is handed over to
/// the pool and waited on, a round trip through a lock and a wake-up per operation (in a browser,
/// `Atomics.notify` to another worker). Called from inside, the pool's own threads share the
/// work directly, and the caller waits once for the whole of `work`.
pub fn on_cpu_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    #[cfg(any(not(target_family = "wasm"), feature = "threads"))]
    return rayon::scope(|_| work());
    #[cfg(all(target_family = "wasm", not(feature = "threads")))]
    work()
}

/// A tensor's values on the host. Asynchronous because WebGPU can only read back that way;
/// the CPU backends complete at once.
pub async fn read_floats<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>> {
    let data = tensor.into_data_async().await.map_err(|e| {
        refusal!(
            Backend,
            "tensor-read-failed",
            "reading a tensor failed: {reason}",
            reason = format!("{e:?}"),
        )
    })?;
    data.try_to_vec::<f32>().map_err(|e| {
        refusal!(
            Backend,
            "tensor-data-unexpected",
            "unexpected tensor data: {reason}",
            reason = format!("{e:?}"),
        )
    })
}

/// Several tensors' values with one read from the device (on WebGPU each read is a round trip),
/// each flattened, in the order given.
pub async fn read_all<const D: usize>(tensors: Vec<Tensor<D>>) -> Result<Vec<Vec<f32>>> {
    if tensors.is_empty() {
        return Ok(Vec::new());
    }
    let lengths: Vec<usize> = tensors.iter().map(|t| t.shape().num_elements()).collect();
    let flat = tensors
        .into_iter()
        .zip(&lengths)
        .map(|(tensor, &length)| tensor.reshape([length]))
        .collect();
    let values = read_floats(Tensor::<1>::cat(flat, 0)).await?;
    if values.len() != lengths.iter().sum::<usize>() {
        return Err(refusal!(
            Backend,
            "tensor-read-length",
            "reading tensors gave {got} values, expected {expected}",
            got = values.len(),
            expected = lengths.iter().sum::<usize>(),
        ));
    }
    let mut rest = values.as_slice();
    Ok(lengths
        .into_iter()
        .map(|length| {
            let (head, tail) = rest.split_at(length);
            rest = tail;
            head.to_vec()
        })
        .collect())
}

/// Runs the module's static constructors, once: cubecl registers its IR's type interfaces
/// through `inventory`, which on wasm32 relies on them. Without an explicit call wasm-ld wraps
/// every export in a call to all constructors (each call into the module then pays for them);
/// with one, nothing runs them unless someone calls this — the page at start-up, and WebGPU
/// before its first device (under wasm-bindgen-test no start function runs).
#[cfg(target_family = "wasm")]
pub fn run_static_constructors() {
    unsafe extern "C" {
        /// Synthesised by the linker.
        fn __wasm_call_ctors();
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: the linker's constructor function; `Once` makes sure it runs a single time.
    ONCE.call_once(|| unsafe { __wasm_call_ctors() });
}

#[cfg(feature = "webgpu")]
mod gpu {
    use std::sync::OnceLock;

    use burn::tensor::Device;

    use crate::error::{Result, refusal};

    /// burn's wgpu runtime can be initialised only once per process (or page).
    static DEVICE: OnceLock<Device> = OnceLock::new();

    pub async fn device() -> Result<Device> {
        if let Some(device) = DEVICE.get() {
            return Ok(device.clone());
        }
        #[cfg(target_family = "wasm")]
        super::run_static_constructors();
        let device = Device::wgpu_options().init_async().await.map_err(|e| {
            refusal!(
                Backend,
                "webgpu-unavailable",
                "WebGPU is not available: {reason}",
                reason = e,
            )
        })?;
        Ok(DEVICE.get_or_init(|| device).clone())
    }
}

#[cfg(not(feature = "webgpu"))]
mod gpu {
    use burn::tensor::Device;

    use crate::error::{Result, refusal};

    pub async fn device() -> Result<Device> {
        Err(refusal!(
            Backend,
            "no-webgpu-backend",
            "this build has no WebGPU backend (it was built without the `webgpu` feature)"
        ))
    }
}
