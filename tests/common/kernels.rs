//! The crate's own convolutions (src/kernels) against burn's: outputs and the gradients of
//! input, weight and bias, for the model's layers and random shapes around them.

use burn::tensor::ops::{ConvOptions, ConvTransposeOptions};
use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use vae_wasm::backend::{autodiff_device, read_floats};
use vae_wasm::kernels;

/// One convolution or transposed convolution (square kernel, the same stride and padding on
/// both axes, as the model's layers).
#[derive(Clone, Copy, Debug)]
pub struct Case {
    pub transposed: bool,
    pub batch: usize,
    pub channels_in: usize,
    pub channels_out: usize,
    pub height: usize,
    pub width: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
    pub padding_out: usize,
}

/// The model's five convolution layers (src/model.rs) at `batch` images.
pub fn model_layers(batch: usize) -> [Case; 5] {
    let conv = |channels_in, channels_out, side| Case {
        transposed: false,
        batch,
        channels_in,
        channels_out,
        height: side,
        width: side,
        kernel: 3,
        stride: 2,
        padding: 0,
        padding_out: 0,
    };
    let up = |channels_in, channels_out, side, stride, padding_out| Case {
        transposed: true,
        padding: 1,
        stride,
        padding_out,
        ..conv(channels_in, channels_out, side)
    };
    [
        conv(1, 32, 28),
        conv(32, 64, 13),
        up(32, 64, 7, 2, 1),
        up(64, 32, 14, 2, 1),
        up(32, 1, 28, 1, 0),
    ]
}

/// A random case: batch 1–130, channels 1–64, sides 1–31, kernel 1–5, stride 1–2, padding 0–2
/// (the product of sizes bounded, so that burn's reference stays quick).
pub fn random_case(rng: &mut StdRng) -> Case {
    loop {
        let stride = rng.random_range(1..=2);
        let case = Case {
            transposed: rng.random_bool(0.5),
            batch: if rng.random_bool(0.2) {
                rng.random_range(100..=130)
            } else {
                rng.random_range(1..=8)
            },
            channels_in: rng.random_range(1..=64),
            channels_out: rng.random_range(1..=64),
            height: rng.random_range(1..=31),
            width: rng.random_range(1..=31),
            kernel: rng.random_range(1..=5),
            stride,
            padding: rng.random_range(0..=2),
            padding_out: rng.random_range(0..stride),
        };
        let work = case.batch * case.channels_in * case.channels_out * case.height * case.width;
        let fits = if case.transposed {
            (case.height.min(case.width) - 1) * stride + case.kernel + case.padding_out
                > 2 * case.padding
        } else {
            case.height + 2 * case.padding >= case.kernel
                && case.width + 2 * case.padding >= case.kernel
        };
        if fits && work * case.kernel * case.kernel <= 20_000_000 {
            return case;
        }
    }
}

fn random_values(rng: &mut StdRng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.random_range(-1.0..1.0)).collect()
}

struct Results {
    output: Vec<f32>,
    dx: Vec<f32>,
    dw: Vec<f32>,
    db: Vec<f32>,
}

/// The output, and the gradients of `Σ output · r`, by burn's operation or the crate's.
async fn run(case: &Case, device: &Device, seed: u64, own: bool) -> Results {
    let mut rng = StdRng::seed_from_u64(seed);
    let device = autodiff_device(device);
    let x_shape = [case.batch, case.channels_in, case.height, case.width];
    let (w_shape, channels_out) = if case.transposed {
        (
            [
                case.channels_in,
                case.channels_out,
                case.kernel,
                case.kernel,
            ],
            case.channels_out,
        )
    } else {
        (
            [
                case.channels_out,
                case.channels_in,
                case.kernel,
                case.kernel,
            ],
            case.channels_out,
        )
    };
    let tensor4 = |values, shape: [usize; 4]| {
        Tensor::<4>::from_data(TensorData::new(values, shape), &device).require_grad()
    };
    let x = tensor4(random_values(&mut rng, x_shape.iter().product()), x_shape);
    let w = tensor4(random_values(&mut rng, w_shape.iter().product()), w_shape);
    let b = Tensor::<1>::from_data(
        TensorData::new(random_values(&mut rng, channels_out), [channels_out]),
        &device,
    )
    .require_grad();
    let (s, p) = (case.stride, case.padding);
    let y = if case.transposed {
        let options = ConvTransposeOptions::new([s, s], [p, p], [case.padding_out; 2], [1, 1], 1);
        if own {
            kernels::conv_transpose2d_with(x.clone(), w.clone(), b.clone(), options)
        } else {
            burn::tensor::module::conv_transpose2d(x.clone(), w.clone(), Some(b.clone()), options)
        }
    } else {
        let options = ConvOptions::new([s, s], [p, p], [1, 1], 1);
        if own {
            kernels::conv2d_with(x.clone(), w.clone(), b.clone(), options)
        } else {
            burn::tensor::module::conv2d(x.clone(), w.clone(), Some(b.clone()), options)
        }
    };
    let weights = Tensor::<4>::from_data(
        TensorData::new(random_values(&mut rng, y.shape().num_elements()), y.dims()),
        &device,
    );
    let grads = (y.clone() * weights).sum().backward();
    Results {
        output: read_floats(y).await.unwrap(),
        dx: read_floats(x.grad(&grads).expect("x's gradient"))
            .await
            .unwrap(),
        dw: read_floats(w.grad(&grads).expect("the weight's gradient"))
            .await
            .unwrap(),
        db: read_floats(b.grad(&grads).expect("the bias's gradient"))
            .await
            .unwrap(),
    }
}

/// `max |ours − burn's| / max |burn's|`.
fn relative_error(ours: &[f32], reference: &[f32]) -> f32 {
    assert_eq!(ours.len(), reference.len(), "lengths differ");
    let scale = reference
        .iter()
        .fold(0f32, |m, v| m.max(v.abs()))
        .max(f32::MIN_POSITIVE);
    let worst = ours.iter().zip(reference).fold(0f32, |m, (a, b)| {
        if a.is_nan() || b.is_nan() {
            f32::NAN
        } else {
            m.max((a - b).abs())
        }
    });
    worst / scale
}

/// The crate's operation against burn's for `case` on `device`: within `tolerance` (relative to
/// the largest value), or exactly when `tolerance` is 0.
pub async fn agrees_with_burn(case: &Case, device: &Device, seed: u64, tolerance: f32) {
    let reference = run(case, device, seed, false).await;
    let ours = run(case, device, seed, true).await;
    for (what, a, b) in [
        ("output", &ours.output, &reference.output),
        ("input gradient", &ours.dx, &reference.dx),
        ("weight gradient", &ours.dw, &reference.dw),
        ("bias gradient", &ours.db, &reference.db),
    ] {
        if tolerance == 0.0 {
            assert!(a == b, "{what} differs from burn's for {case:?}");
        } else {
            let error = relative_error(a, b);
            assert!(
                error <= tolerance,
                "{what}: relative error {error} for {case:?}"
            );
        }
    }
}

/// The model's layers at `batches`, then `random` random cases, each with the seed of its
/// values.
pub fn cases(batches: &[usize], random: usize) -> Vec<(Case, u64)> {
    let mut cases: Vec<(Case, u64)> = batches
        .iter()
        .flat_map(|&batch| model_layers(batch).into_iter().zip(0..))
        .collect();
    let mut rng = StdRng::seed_from_u64(34);
    cases.extend((0..random as u64).map(|seed| (random_case(&mut rng), seed)));
    cases
}
