//! The three kernels, on f32 slices in NCHW order: a convolution, its input gradient (which is
//! also a transposed convolution) and its weight gradient. Weights are `[Co][Ci·kh·kw]`, burn's
//! layout of a convolution's weight read as a matrix.

use std::ops::Range;

use super::geometry::{Axis, Conv};
use super::{parts, team};

/// `y = w ⋆ x + bias`, `[batch, Co, Ho, Wo]`: per image, one gemm of the weights by the
/// image's im2col columns, written straight into the image's rows of `y`. One image, where this
/// thread leads a team ([`team`]), is shared with its helper.
pub fn forward(conv: &Conv, x: &[f32], weight: &[f32], bias: Option<&[f32]>) -> Vec<f32> {
    if conv.batch == 1 && team::leading() {
        let mut y = vec![0.0; conv.channels_out * conv.output_pixels()];
        forward_one_image_shared(conv, x, weight, bias, &mut y);
        return y;
    }
    through_im2col(conv, x, Some((weight, bias)), None).0
}

/// `dw = Σ_images dy · im2col(x)ᵀ`, `[Co][Ci·kh·kw]`: per part one accumulating gemm per image,
/// the parts' sums added in part order.
pub fn weight_grad(conv: &Conv, x: &[f32], dy: &[f32]) -> Vec<f32> {
    through_im2col(conv, x, None, Some(dy)).1
}

/// [`forward`] (no bias) and [`weight_grad`] of the same `x`, from one im2col of each image: the
/// two gradients of a transposed convolution, whose `x` is the output's gradient.
pub fn forward_and_weight_grad(
    conv: &Conv,
    x: &[f32],
    weight: &[f32],
    dy: &[f32],
) -> (Vec<f32>, Vec<f32>) {
    through_im2col(conv, x, Some((weight, None)), Some(dy))
}

/// What im2col serves: the convolution by `forward`'s weights (and bias), and the weight
/// gradient for the output gradient `grad`; each an empty vector when not asked for.
fn through_im2col(
    conv: &Conv,
    x: &[f32],
    forward: Option<(&[f32], Option<&[f32]>)>,
    grad: Option<&[f32]>,
) -> (Vec<f32>, Vec<f32>) {
    let per_image = if forward.is_some() {
        conv.channels_out * conv.output_pixels()
    } else {
        0
    };
    let mut y = vec![0.0; conv.batch * per_image];
    let sums = parts::fill_by_images(conv.batch, per_image, &mut y, |images, out| {
        im2col_part(conv, x, images, out, forward, grad)
    });
    let dw = match grad {
        None => Vec::new(),
        Some(_) => {
            let mut sums = sums.into_iter();
            let mut total = sums.next().unwrap_or_default();
            for part in sums {
                for (t, p) in total.iter_mut().zip(&part) {
                    *t += p;
                }
            }
            total
        }
    };
    (y, dw)
}

#[inline(never)]
fn im2col_part(
    conv: &Conv,
    x: &[f32],
    images: Range<usize>,
    out: &mut [f32],
    forward: Option<(&[f32], Option<&[f32]>)>,
    grad: Option<&[f32]>,
) -> Vec<f32> {
    let (patch, pixels_in, pixels_out) = (conv.patch(), conv.input_pixels(), conv.output_pixels());
    let (ci, co) = (conv.channels_in, conv.channels_out);
    let mut dw = if grad.is_some() {
        vec![0.0; co * patch]
    } else {
        Vec::new()
    };
    parts::with_workspace(|workspace| {
        let (columns, _) = workspace.columns_and_result(patch * pixels_out, 0);
        for (slot, image) in images.enumerate() {
            let rows = 0..conv.height.output;
            im2col(
                conv,
                &x[image * ci * pixels_in..][..ci * pixels_in],
                columns,
                rows,
            );
            if let Some((weight, bias)) = forward {
                let y = &mut out[slot * co * pixels_out..][..co * pixels_out];
                if let Some(bias) = bias {
                    for (row, &b) in y.chunks_exact_mut(pixels_out).zip(bias) {
                        row.fill(b);
                    }
                }
                // SAFETY: y is [Co][pixels_out], weight [Co][patch], columns
                // [patch][pixels_out], row-major with the strides given; the slices are that long.
                unsafe {
                    gemm(
                        (co, pixels_out, patch),
                        (y.as_mut_ptr(), 1, pixels_out),
                        bias.is_some(),
                        (weight.as_ptr(), 1, patch),
                        (columns.as_ptr(), 1, pixels_out),
                    );
                }
            }
            if let Some(grad) = grad {
                let grad = &grad[image * co * pixels_out..][..co * pixels_out];
                // SAFETY: dw is [Co][patch], grad [Co][pixels_out], columns [patch][pixels_out]
                // read transposed; the slices are that long.
                unsafe {
                    gemm(
                        (co, patch, pixels_out),
                        (dw.as_mut_ptr(), 1, patch),
                        true,
                        (grad.as_ptr(), 1, pixels_out),
                        (columns.as_ptr(), pixels_out, 1),
                    );
                }
            }
        }
    });
    dw
}

/// A pointer to an output that the team's chunks write at disjoint places.
#[derive(Clone, Copy)]
struct SharedOutput(*mut f32);

// SAFETY: each chunk writes only its own elements (see the users).
unsafe impl Send for SharedOutput {}
unsafe impl Sync for SharedOutput {}

impl SharedOutput {
    /// The element `offset` values in (a method, so that closures capture the whole wrapper,
    /// not its raw pointer).
    fn at(self, offset: usize) -> *mut f32 {
        self.0.wrapping_add(offset)
    }
}

/// [`forward`] of one image, its output rows shared between the team's two threads: each half
/// builds the im2col columns of its rows and multiplies them into its columns of `y`.
fn forward_one_image_shared(
    conv: &Conv,
    x: &[f32],
    weight: &[f32],
    bias: Option<&[f32]>,
    y: &mut [f32],
) {
    let (patch, pixels_out) = (conv.patch(), conv.output_pixels());
    let (out_h, out_w, co) = (conv.height.output, conv.width.output, conv.channels_out);
    let output = SharedOutput(y.as_mut_ptr());
    let halves = vec![0..out_h / 2, out_h / 2..out_h];
    team::share_each(halves, |rows| {
        let (start, n) = (rows.start * out_w, rows.len() * out_w);
        if n == 0 {
            return;
        }
        parts::with_workspace(|workspace| {
            let (columns, _) = workspace.columns_and_result(patch * n, 0);
            im2col(conv, x, columns, rows);
            // SAFETY: `y` is [Co][pixels_out]; this half writes columns `start..start + n` of
            // each row, the other half the rest, and `y` outlives `share_each`.
            unsafe {
                if let Some(bias) = bias {
                    for (channel, &b) in bias.iter().enumerate() {
                        let row = output.at(channel * pixels_out + start);
                        std::slice::from_raw_parts_mut(row, n).fill(b);
                    }
                }
                gemm(
                    (co, n, patch),
                    (output.at(start), 1, pixels_out),
                    bias.is_some(),
                    (weight.as_ptr(), 1, patch),
                    (columns.as_ptr(), 1, n),
                );
            }
        });
    });
}

/// The gradient with respect to `x` of `Σ dy · (w ⋆ x)`, plus `bias` per input channel: also the
/// transposed convolution of `dy` by `w`, `[batch, Ci, H, W]`. Per image, one gemm `wᵀ · dy`
/// gives each input pixel's contributions as im2col columns, which are added back to their
/// pixels. (Split by stride phase instead, each pixel written once, it measured 2–10× slower on
/// the model's shapes: building the phases' columns from `dy` costs more than the adding back.)
/// One image, where this thread leads a team ([`team`]), is shared with its helper.
pub fn input_grad(conv: &Conv, dy: &[f32], weight: &[f32], bias: Option<&[f32]>) -> Vec<f32> {
    let per_image = conv.channels_in * conv.input_pixels();
    let mut dx = vec![0.0; conv.batch * per_image];
    if conv.batch == 1 && conv.channels_in > 1 && team::leading() {
        input_grad_one_image_shared(conv, dy, weight, bias, &mut dx);
        return dx;
    }
    parts::fill_by_images(conv.batch, per_image, &mut dx, |images, out| {
        scatter_part(conv, dy, weight, bias, images, out)
    });
    dx
}

#[inline(never)]
fn scatter_part(
    conv: &Conv,
    dy: &[f32],
    weight: &[f32],
    bias: Option<&[f32]>,
    images: Range<usize>,
    out: &mut [f32],
) {
    let (patch, pixels_in, pixels_out) = (conv.patch(), conv.input_pixels(), conv.output_pixels());
    let per_image = conv.channels_in * pixels_in;
    let co_count = conv.channels_out;
    parts::with_workspace(|workspace| {
        let (columns, _) = workspace.columns_and_result(patch * pixels_out, 0);
        for (slot, image) in images.enumerate() {
            let grad = &dy[image * co_count * pixels_out..][..co_count * pixels_out];
            // SAFETY: columns is [patch][pixels_out], weight [Co][patch] read transposed, grad
            // [Co][pixels_out]; the slices are that long.
            unsafe {
                gemm(
                    (patch, pixels_out, co_count),
                    (columns.as_mut_ptr(), 1, pixels_out),
                    false,
                    (weight.as_ptr(), patch, 1),
                    (grad.as_ptr(), 1, pixels_out),
                );
            }
            let dx = &mut out[slot * per_image..][..per_image];
            col2im(conv, columns, bias, dx, 0..conv.channels_in);
        }
    });
}

/// [`input_grad`] of one image, its input channels shared between the team's two threads: each
/// half computes its channels' rows of the columns and adds them back to its channels.
fn input_grad_one_image_shared(
    conv: &Conv,
    dy: &[f32],
    weight: &[f32],
    bias: Option<&[f32]>,
    dx: &mut [f32],
) {
    let (patch, taps, pixels_out) = (conv.patch(), conv.taps(), conv.output_pixels());
    let (ci, co) = (conv.channels_in, conv.channels_out);
    let (first, second) = dx.split_at_mut(ci / 2 * conv.input_pixels());
    let halves = vec![(0..ci / 2, first), (ci / 2..ci, second)];
    team::share_each(halves, |(channels, dx)| {
        let rows = channels.len() * taps;
        parts::with_workspace(|workspace| {
            let (columns, _) = workspace.columns_and_result(rows * pixels_out, 0);
            // SAFETY: columns is [rows][pixels_out]; the weight, [Co][patch] read transposed
            // from these channels' first tap on, has `rows` rows of Co; dy is [Co][pixels_out].
            unsafe {
                gemm(
                    (rows, pixels_out, co),
                    (columns.as_mut_ptr(), 1, pixels_out),
                    false,
                    (weight.as_ptr().add(channels.start * taps), patch, 1),
                    (dy.as_ptr(), 1, pixels_out),
                );
            }
            col2im(conv, columns, bias, dx, channels);
        });
    });
}

/// Adds each column value back to the input pixel it was read from (im2col's transpose), onto
/// `bias` per channel: `columns` holds the rows of `channels`, `image` those channels.
fn col2im(
    conv: &Conv,
    columns: &[f32],
    bias: Option<&[f32]>,
    image: &mut [f32],
    channels: Range<usize>,
) {
    let (height, width) = (&conv.height, &conv.width);
    let out_w = width.output;
    let mut rows = columns.chunks_exact(conv.output_pixels());
    let pixels = height.input * width.input;
    for (ci, channel) in channels.zip(image.chunks_exact_mut(pixels)) {
        channel.fill(bias.map_or(0.0, |bias| bias[ci]));
        for a in 0..height.kernel {
            let valid_rows = height.reading(a);
            for b in 0..width.kernel {
                let row = rows.next().expect("one row per (channel, tap)");
                let valid_cols = width.reading(b);
                for oh in valid_rows.clone() {
                    let target = &mut channel
                        [(oh * height.stride + a - height.pad) * width.input..][..width.input];
                    let source = &row[oh * out_w..][..out_w];
                    let first = valid_cols.start * width.stride + b - width.pad;
                    for (k, ow) in valid_cols.clone().enumerate() {
                        target[first + k * width.stride] += source[ow];
                    }
                }
            }
        }
    }
}

/// im2col of one image's output rows `out_rows`: row `(ci, a, b)`, column `(oh, ow)` holds
/// `x[ci, oh·sh + a − ph, ow·sw + b − pw]` (0 in the padding).
fn im2col(conv: &Conv, image: &[f32], columns: &mut [f32], out_rows: Range<usize>) {
    let (height, width) = (&conv.height, &conv.width);
    let out_w = width.output;
    let mut rows = columns.chunks_exact_mut(out_rows.len() * out_w);
    for ci in 0..conv.channels_in {
        let channel = &image[ci * height.input * width.input..][..height.input * width.input];
        for a in 0..height.kernel {
            let valid_rows = height.reading(a);
            for b in 0..width.kernel {
                let row = rows.next().expect("one row per (channel, tap)");
                let valid_cols = width.reading(b);
                fill_row(
                    row,
                    channel,
                    (height, width),
                    (a, b),
                    (&valid_rows, &valid_cols),
                    &out_rows,
                );
            }
        }
    }
}

#[inline(always)]
fn fill_row(
    row: &mut [f32],
    channel: &[f32],
    (height, width): (&Axis, &Axis),
    (a, b): (usize, usize),
    (valid_rows, valid_cols): (&Range<usize>, &Range<usize>),
    out_rows: &Range<usize>,
) {
    for (oh, cells) in out_rows.clone().zip(row.chunks_exact_mut(width.output)) {
        if !valid_rows.contains(&oh) {
            cells.fill(0.0);
            continue;
        }
        let source = &channel[(oh * height.stride + a - height.pad) * width.input..][..width.input];
        cells[..valid_cols.start].fill(0.0);
        cells[valid_cols.end..].fill(0.0);
        let first = valid_cols.start * width.stride + b - width.pad;
        for (cell, ow) in cells[valid_cols.clone()].iter_mut().zip(0..) {
            *cell = source[first + ow * width.stride];
        }
    }
}

/// Per-channel sums of `[batch, channels, pixels]` values: a bias's gradient.
pub fn channel_sums(values: &[f32], batch: usize, channels: usize, pixels: usize) -> Vec<f32> {
    let mut sums = vec![0.0; channels];
    for image in values.chunks_exact(channels * pixels).take(batch) {
        for (sum, channel) in sums.iter_mut().zip(image.chunks_exact(pixels)) {
            *sum += channel.iter().sum::<f32>();
        }
    }
    sums
}

/// `dst = (read_dst ? dst : 0) + lhs · rhs`, `(m, n, k)`, each matrix as `(pointer, column
/// stride, row stride)`; gemm's own threads off (a part runs on one thread).
///
/// # Safety
/// Every matrix's elements lie inside its allocation; `dst` does not overlap the others.
unsafe fn gemm(
    (m, n, k): (usize, usize, usize),
    (dst, dst_cs, dst_rs): (*mut f32, usize, usize),
    read_dst: bool,
    (lhs, lhs_cs, lhs_rs): (*const f32, usize, usize),
    (rhs, rhs_cs, rhs_rs): (*const f32, usize, usize),
) {
    // SAFETY: passed on from the caller.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst,
            dst_cs as isize,
            dst_rs as isize,
            read_dst,
            lhs,
            lhs_cs as isize,
            lhs_rs as isize,
            rhs,
            rhs_cs as isize,
            rhs_rs as isize,
            if read_dst { 1.0 } else { 0.0 },
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}
