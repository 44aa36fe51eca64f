//! The sizes of a 2-D convolution, and a transposed convolution seen as the convolution whose
//! input gradient it is.

use std::ops::Range;

/// One spatial axis of a convolution (dilation 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axis {
    pub input: usize,
    pub kernel: usize,
    pub stride: usize,
    /// Padding before the first input pixel; the padding after only sets `output`.
    pub pad: usize,
    pub output: usize,
}

impl Axis {
    /// `None` where burn would refuse the shape (a zero stride or kernel, a kernel wider than
    /// the padded input): the caller then leaves the operation to burn, which says why.
    pub fn new(input: usize, kernel: usize, stride: usize, pad: (usize, usize)) -> Option<Self> {
        let span = input + pad.0 + pad.1;
        if stride == 0 || kernel == 0 || input == 0 || span < kernel {
            return None;
        }
        Some(Self {
            input,
            kernel,
            stride,
            pad: pad.0,
            output: (span - kernel) / stride + 1,
        })
    }

    /// The outputs `o` whose tap `tap` reads an input pixel (not padding): `o·stride + tap − pad`
    /// in `0..input`.
    pub fn reading(&self, tap: usize) -> Range<usize> {
        let first = self
            .pad
            .saturating_sub(tap)
            .div_ceil(self.stride)
            .min(self.output);
        let end = match (self.input - 1 + self.pad).checked_sub(tap) {
            Some(last) => (last / self.stride + 1).min(self.output),
            None => 0,
        };
        first..end.max(first)
    }
}

/// A convolution `y[n, co] = Σ_ci w[co, ci] ⋆ x[n, ci]` (groups 1, dilation 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conv {
    pub batch: usize,
    pub channels_in: usize,
    pub channels_out: usize,
    pub height: Axis,
    pub width: Axis,
}

impl Conv {
    pub fn input_pixels(&self) -> usize {
        self.height.input * self.width.input
    }

    pub fn output_pixels(&self) -> usize {
        self.height.output * self.width.output
    }

    pub fn taps(&self) -> usize {
        self.height.kernel * self.width.kernel
    }

    /// The length of one column of im2col: an input channel's taps, for every input channel.
    pub fn patch(&self) -> usize {
        self.channels_in * self.taps()
    }
}
