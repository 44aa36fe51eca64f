//! The model's convolutions on the CPU, this crate's own (issue #34).
//!
//! burn-flex implements only the forward convolutions; their gradients are burn's default
//! backward ops, which compute a weight gradient as another convolution over
//! dimension-swapped copies (one image wide for a one-channel layer, so one thread does it), and
//! a stride-2 transposed convolution's weight gradient as a 4×4 convolution sliced to 3×3.
//! Here every convolution, forward and backward, is one of three kernels on f32 slices
//! ([`cpu`]):
//! - a convolution: per image, weights · im2col columns, one gemm written into the output;
//! - its input gradient, which is also a transposed convolution: per image, `wᵀ · dy` by one
//!   gemm, its columns added back to their pixels (im2col's transpose);
//! - its weight gradient: `dy · im2col(x)ᵀ` accumulated by gemm, no swapped copies, no
//!   overwork.
//!
//! Each operation splits its batch into one part per thread of the CPU pool ([`parts`]); a part
//! runs gemm without threads of its own, in buffers its thread keeps between steps. One image
//! cannot be split so, and waking a thread per layer costs more than half a layer saves; for a
//! chain of one-image steps (a drawing's refinement, a decode) a thread of the pool spins beside
//! the caller and takes half of each large layer ([`team`]).
//!
//! They are reached through burn's backend extension ([`extension`]): on Flex (with or without
//! autodiff) the crate's kernels run, with hand-written backward steps; ndarray and WebGPU keep
//! the trait's default bodies, burn's own operations. Anything the kernels do not cover
//! (groups, dilation, another float type) is left to burn.

mod cpu;
mod extension;
mod flex;
mod geometry;
mod parts;
mod team;

use std::sync::atomic::{AtomicBool, Ordering};

use burn::backend::Dispatch;
use burn::nn::PaddingConfig2d;
use burn::nn::conv::{Conv2d, ConvTranspose2d};
use burn::tensor::Tensor;
use burn::tensor::ops::{ConvOptions, ConvTransposeOptions};

use crate::backend::on_cpu_pool;
use extension::VaeConvolutions;

static OWN_KERNELS: AtomicBool = AtomicBool::new(true);

/// Whether the model's layers run this module's kernels (the default) or burn's operations: a
/// switch for measuring one against the other in the same build.
pub fn set_own_kernels(on: bool) {
    OWN_KERNELS.store(on, Ordering::Relaxed);
}

pub fn own_kernels() -> bool {
    OWN_KERNELS.load(Ordering::Relaxed)
}

/// Runs `work`, a chain of operations on a batch of `batch` images, on the CPU pool; for one
/// image, with the pool's other thread spinning beside it (see [`sharing_one_image`]).
pub fn on_cpu_pool_for<R: Send>(batch: usize, work: impl FnOnce() -> R + Send) -> R {
    on_cpu_pool(|| sharing_one_image(batch, work))
}

/// Runs `work`, operations on a batch of `batch` images, on this thread; for one image, with a
/// thread of the pool spinning beside it, so that each large convolution is shared between the
/// two without waking a thread per layer ([`team`]). More images are split among the pool's
/// threads by image, as every operation does.
pub fn sharing_one_image<R>(batch: usize, work: impl FnOnce() -> R) -> R {
    if batch == 1 && own_kernels() {
        team::with_helper(work)
    } else {
        work()
    }
}

/// Whether this thread's one-image convolutions are shared with the pool's other thread (it runs
/// [`sharing_one_image`] for one image with the crate's kernels, on a pool of two threads or
/// more).
pub fn shares_one_image() -> bool {
    team::leading()
}

/// `layer.forward(x)`, through this module's kernels where they apply.
pub fn conv2d(layer: &Conv2d, x: Tensor<4>) -> Tensor<4> {
    let padding = match layer.padding {
        PaddingConfig2d::Valid => Some([(0, 0), (0, 0)]),
        PaddingConfig2d::Explicit(top, left, bottom, right) => Some([(top, bottom), (left, right)]),
        PaddingConfig2d::Same => None,
    };
    match (&layer.bias, padding) {
        (Some(bias), Some(padding)) if own_kernels() => {
            let options =
                ConvOptions::new_with_padding(layer.stride, padding, layer.dilation, layer.groups);
            conv2d_with(x, layer.weight.val(), bias.val(), options)
        }
        _ => layer.forward(x),
    }
}

/// `layer.forward(x)`, through this module's kernels where they apply.
pub fn conv_transpose2d(layer: &ConvTranspose2d, x: Tensor<4>) -> Tensor<4> {
    match &layer.bias {
        Some(bias) if own_kernels() => {
            let options = ConvTransposeOptions::new(
                layer.stride,
                layer.padding,
                layer.padding_out,
                layer.dilation,
                layer.groups,
            );
            conv_transpose2d_with(x, layer.weight.val(), bias.val(), options)
        }
        _ => layer.forward(x),
    }
}

/// burn's `conv2d(x, weight, Some(bias), options)`, through the backend extension.
pub fn conv2d_with(
    x: Tensor<4>,
    weight: Tensor<4>,
    bias: Tensor<1>,
    options: ConvOptions<2>,
) -> Tensor<4> {
    Tensor::from_dispatch(<Dispatch as VaeConvolutions>::vae_conv2d(
        x.into_dispatch(),
        weight.into_dispatch(),
        bias.into_dispatch(),
        options,
    ))
}

/// burn's `conv_transpose2d(x, weight, Some(bias), options)`, through the backend extension.
pub fn conv_transpose2d_with(
    x: Tensor<4>,
    weight: Tensor<4>,
    bias: Tensor<1>,
    options: ConvTransposeOptions<2>,
) -> Tensor<4> {
    Tensor::from_dispatch(<Dispatch as VaeConvolutions>::vae_conv_transpose2d(
        x.into_dispatch(),
        weight.into_dispatch(),
        bias.into_dispatch(),
        options,
    ))
}
