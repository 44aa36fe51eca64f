//! The two operations as a burn backend extension: Flex (and Flex under autodiff) runs this
//! crate's kernels; every other backend keeps the trait's default bodies, which are burn's own
//! operations.

// burn 0.22 deprecates ndarray for Flex; the project keeps it selectable, and the extension's
// generated dispatch names it.
#![allow(deprecated)]

use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::ops::ModuleOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Backend, Flex, backend_extension};
use burn::tensor::ops::{ConvOptions, ConvTransposeOptions};

use super::flex;

#[backend_extension(
    Flex,
    Autodiff,
    NdArray: cfg(feature = "ndarray"),
    Cube: cfg(feature = "webgpu")
)]
pub trait VaeConvolutions: Backend {
    /// `conv2d` with a bias.
    fn vae_conv2d(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvOptions<2>,
    ) -> FloatTensor<Self> {
        Self::conv2d(x, weight, Some(bias), options)
    }

    /// `conv_transpose2d` with a bias.
    fn vae_conv_transpose2d(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvTransposeOptions<2>,
    ) -> FloatTensor<Self> {
        Self::conv_transpose2d(x, weight, Some(bias), options)
    }
}

impl VaeConvolutions for Flex {
    fn vae_conv2d(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvOptions<2>,
    ) -> FloatTensor<Self> {
        match flex::conv_geometry(&x, &weight, &bias, &options) {
            Some(conv) => flex::conv2d(&conv, &x, &weight, Some(&bias)),
            None => Self::conv2d(x, weight, Some(bias), options),
        }
    }

    fn vae_conv_transpose2d(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvTransposeOptions<2>,
    ) -> FloatTensor<Self> {
        match flex::transposed_geometry(&x, &weight, &bias, &options) {
            Some(conv) => flex::conv_transpose2d(&conv, &x, &weight, Some(&bias)),
            None => Self::conv_transpose2d(x, weight, Some(bias), options),
        }
    }
}

impl<C: CheckpointStrategy> VaeConvolutions for Autodiff<Flex, C> {
    fn vae_conv2d(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvOptions<2>,
    ) -> FloatTensor<Self> {
        match flex::conv_geometry(
            x.primitive(),
            weight.primitive(),
            bias.primitive(),
            &options,
        ) {
            Some(conv) => flex::tracked_conv2d::<C>(conv, x, weight, bias),
            None => Self::conv2d(x, weight, Some(bias), options),
        }
    }

    fn vae_conv_transpose2d(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvTransposeOptions<2>,
    ) -> FloatTensor<Self> {
        let geometry = flex::transposed_geometry(
            x.primitive(),
            weight.primitive(),
            bias.primitive(),
            &options,
        );
        match geometry {
            Some(conv) => flex::tracked_conv_transpose2d::<C>(conv, x, weight, bias),
            None => Self::conv_transpose2d(x, weight, Some(bias), options),
        }
    }
}

#[cfg(feature = "ndarray")]
mod ndarray {
    use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
    use burn::backend::{Autodiff, NdArray};

    impl super::VaeConvolutions for NdArray {}
    impl<C: CheckpointStrategy> super::VaeConvolutions for Autodiff<NdArray, C> {}
}

#[cfg(feature = "webgpu")]
mod cube {
    use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
    use burn::backend::{Autodiff, Cube};

    impl super::VaeConvolutions for Cube {}
    impl<C: CheckpointStrategy> super::VaeConvolutions for Autodiff<Cube, C> {}
}
