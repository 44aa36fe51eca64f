//! Flex's tensors in and out of the kernels, and the hand-written backward steps that make
//! them differentiable.

use burn::backend::DType;
use burn::backend::TensorMetadata;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Flex};
use burn::tensor::TensorData;
use burn::tensor::ops::{ConvOptions, ConvTransposeOptions};
use burn_flex::FlexTensor;

use super::cpu;
use super::geometry::{Axis, Conv};

/// What both operations ask of their inputs: groups 1, dilation 1, f32, a 4-D `x` and weight
/// whose channels match, one bias per output channel, nothing empty. `transposed`: the weight is
/// `[Ci][Co][k][k]` (a transposed convolution's) rather than `[Co][Ci][k][k]`. Gives `x`'s
/// `[batch, channels, height, width]`, the output channels and the kernel's `[height, width]`.
fn shapes(
    x: &FlexTensor,
    weight: &FlexTensor,
    bias: &FlexTensor,
    (groups, dilation): (usize, [usize; 2]),
    transposed: bool,
) -> Option<([usize; 4], usize, [usize; 2])> {
    if groups != 1 || dilation != [1, 1] || !all_f32([x, weight, bias]) {
        return None;
    }
    let x_dims = dims4(x)?;
    let [first, second, kernel_h, kernel_w] = dims4(weight)?;
    let (weight_in, channels_out) = if transposed {
        (first, second)
    } else {
        (second, first)
    };
    let fits = weight_in == x_dims[1]
        && bias.shape().dims::<1>() == [channels_out]
        && x_dims[0] != 0
        && x_dims[1] != 0
        && channels_out != 0;
    fits.then_some((x_dims, channels_out, [kernel_h, kernel_w]))
}

/// The kernels' geometry for burn's `conv2d(x, weight, Some(bias), options)`, or `None` where
/// they do not apply (groups, dilation, another float type, mismatched shapes): burn runs
/// those, and refuses what it refuses.
pub fn conv_geometry(
    x: &FlexTensor,
    weight: &FlexTensor,
    bias: &FlexTensor,
    options: &ConvOptions<2>,
) -> Option<Conv> {
    let ([batch, channels_in, height, width], channels_out, [kernel_h, kernel_w]) =
        shapes(x, weight, bias, (options.groups, options.dilation), false)?;
    Some(Conv {
        batch,
        channels_in,
        channels_out,
        height: Axis::new(height, kernel_h, options.stride[0], options.padding[0])?,
        width: Axis::new(width, kernel_w, options.stride[1], options.padding[1])?,
    })
}

/// The convolution whose input gradient is burn's `conv_transpose2d(x, weight, Some(bias),
/// options)`: its input is the transposed convolution's output, its output `x`'s shape, its
/// weight the same array (`[Ci of x][Co][k][k]` is a convolution's `[Co][Ci][k][k]`).
pub fn transposed_geometry(
    x: &FlexTensor,
    weight: &FlexTensor,
    bias: &FlexTensor,
    options: &ConvTransposeOptions<2>,
) -> Option<Conv> {
    let ([batch, channels_in, height, width], channels_out, [kernel_h, kernel_w]) =
        shapes(x, weight, bias, (options.groups, options.dilation), true)?;
    let axis = |input: usize, kernel: usize, dim: usize| {
        let (stride, pad, pad_out) = (
            options.stride[dim],
            options.padding[dim],
            options.padding_out[dim],
        );
        if pad_out >= stride {
            return None;
        }
        let output = ((input - 1) * stride + kernel + pad_out).checked_sub(2 * pad)?;
        let axis = Axis::new(output, kernel, stride, (pad, pad))?;
        (axis.output == input).then_some(axis)
    };
    Some(Conv {
        batch,
        channels_in: channels_out,
        channels_out: channels_in,
        height: axis(height, kernel_h, 0)?,
        width: axis(width, kernel_w, 1)?,
    })
}

fn all_f32<const N: usize>(tensors: [&FlexTensor; N]) -> bool {
    tensors.iter().all(|t| t.dtype() == DType::F32)
}

fn dims4(tensor: &FlexTensor) -> Option<[usize; 4]> {
    let shape = tensor.shape();
    (shape.num_dims() == 4).then(|| shape.dims::<4>())
}

/// A tensor's values in order (a strided view is copied once).
fn values(tensor: &FlexTensor) -> FlexTensor {
    tensor.to_contiguous()
}

fn slice(tensor: &FlexTensor) -> &[f32] {
    tensor
        .as_slice::<f32>()
        .expect("checked to be f32, and contiguous after `values`")
}

fn tensor(values: Vec<f32>, shape: [usize; 4]) -> FlexTensor {
    FlexTensor::from_data(TensorData::new(values, shape))
}

fn conv_output_shape(conv: &Conv) -> [usize; 4] {
    let (h, w) = (conv.height.output, conv.width.output);
    [conv.batch, conv.channels_out, h, w]
}

fn conv_input_shape(conv: &Conv) -> [usize; 4] {
    let (h, w) = (conv.height.input, conv.width.input);
    [conv.batch, conv.channels_in, h, w]
}

pub fn conv2d(
    conv: &Conv,
    x: &FlexTensor,
    weight: &FlexTensor,
    bias: Option<&FlexTensor>,
) -> FlexTensor {
    let (x, weight, bias) = (values(x), values(weight), bias.map(values));
    let y = cpu::forward(conv, slice(&x), slice(&weight), bias.as_ref().map(slice));
    tensor(y, conv_output_shape(conv))
}

pub fn conv_transpose2d(
    conv: &Conv,
    x: &FlexTensor,
    weight: &FlexTensor,
    bias: Option<&FlexTensor>,
) -> FlexTensor {
    let (x, weight, bias) = (values(x), values(weight), bias.map(values));
    let y = cpu::input_grad(conv, slice(&x), slice(&weight), bias.as_ref().map(slice));
    tensor(y, conv_input_shape(conv))
}

/// What a backward step keeps: the convolution's input and weight, and its geometry.
type Saved = (FlexTensor, FlexTensor, Conv);

#[derive(Debug)]
struct Conv2dBackward;

impl Backward<Flex, 3> for Conv2dBackward {
    type State = Saved;

    fn backward(self, ops: Ops<Saved, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x, node_weight, node_bias] = ops.parents;
        let (x, weight, conv) = ops.state;
        let dy = values(&grads.consume::<Flex>(&ops.node));
        let dy = slice(&dy);
        if let Some(node) = node_x {
            let weight = values(&weight);
            let dx = cpu::input_grad(&conv, dy, slice(&weight), None);
            grads.register::<Flex>(node.id, tensor(dx, conv_input_shape(&conv)));
        }
        if let Some(node) = node_weight {
            let x = values(&x);
            let dw = cpu::weight_grad(&conv, slice(&x), dy);
            let (h, w) = (conv.height.kernel, conv.width.kernel);
            let shape = [conv.channels_out, conv.channels_in, h, w];
            grads.register::<Flex>(node.id, tensor(dw, shape));
        }
        if let Some(node) = node_bias {
            let (batch, channels) = (conv.batch, conv.channels_out);
            let db = cpu::channel_sums(dy, batch, channels, conv.output_pixels());
            grads.register::<Flex>(
                node.id,
                FlexTensor::from_data(TensorData::new(db, [channels])),
            );
        }
    }
}

#[derive(Debug)]
struct ConvTranspose2dBackward;

impl Backward<Flex, 3> for ConvTranspose2dBackward {
    type State = Saved;

    /// With `conv` the convolution whose input gradient the forward step was: `x`'s gradient
    /// is that convolution applied to `dy`, the weight's is its weight gradient with `dy` as
    /// the input and `x` as the output's gradient; both read `dy` through one im2col.
    fn backward(self, ops: Ops<Saved, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x, node_weight, node_bias] = ops.parents;
        let (x, weight, conv) = ops.state;
        let dy = values(&grads.consume::<Flex>(&ops.node));
        let dy = slice(&dy);
        let (weight, x) = (values(&weight), values(&x));
        let (dx, dw) = match (node_x.is_some(), node_weight.is_some()) {
            (true, true) => cpu::forward_and_weight_grad(&conv, dy, slice(&weight), slice(&x)),
            (true, false) => (cpu::forward(&conv, dy, slice(&weight), None), Vec::new()),
            (false, true) => (Vec::new(), cpu::weight_grad(&conv, dy, slice(&x))),
            (false, false) => (Vec::new(), Vec::new()),
        };
        if let Some(node) = node_x {
            grads.register::<Flex>(node.id, tensor(dx, conv_output_shape(&conv)));
        }
        if let Some(node) = node_weight {
            let (h, w) = (conv.height.kernel, conv.width.kernel);
            let shape = [conv.channels_out, conv.channels_in, h, w];
            grads.register::<Flex>(node.id, tensor(dw, shape));
        }
        if let Some(node) = node_bias {
            let (batch, channels) = (conv.batch, conv.channels_in);
            let db = cpu::channel_sums(dy, batch, channels, conv.input_pixels());
            grads.register::<Flex>(
                node.id,
                FlexTensor::from_data(TensorData::new(db, [channels])),
            );
        }
    }
}

type Tracked<C> = FloatTensor<Autodiff<Flex, C>>;
type Forward = fn(&Conv, &FlexTensor, &FlexTensor, Option<&FlexTensor>) -> FlexTensor;

pub fn tracked_conv2d<C: CheckpointStrategy>(
    conv: Conv,
    x: Tracked<C>,
    weight: Tracked<C>,
    bias: Tracked<C>,
) -> Tracked<C> {
    tracked::<C, _>(Conv2dBackward, conv2d, conv, x, weight, bias)
}

pub fn tracked_conv_transpose2d<C: CheckpointStrategy>(
    conv: Conv,
    x: Tracked<C>,
    weight: Tracked<C>,
    bias: Tracked<C>,
) -> Tracked<C> {
    tracked::<C, _>(
        ConvTranspose2dBackward,
        conv_transpose2d,
        conv,
        x,
        weight,
        bias,
    )
}

/// `forward` under autodiff: its `backward` step registered where an input is tracked, with
/// the input and weight it needs kept.
fn tracked<C: CheckpointStrategy, B: Backward<Flex, 3, State = Saved>>(
    backward: B,
    forward: Forward,
    conv: Conv,
    x: Tracked<C>,
    weight: Tracked<C>,
    bias: Tracked<C>,
) -> Tracked<C> {
    let prepared = backward
        .prepare::<C>([x.node(), weight.node(), bias.node()])
        .compute_bound()
        .stateful();
    let y = forward(
        &conv,
        x.primitive(),
        weight.primitive(),
        Some(bias.primitive()),
    );
    match prepared {
        OpsKind::Tracked(prep) => {
            prep.finish((x.into_primitive(), weight.into_primitive(), conv), y)
        }
        OpsKind::UnTracked(prep) => prep.finish(y),
    }
}
