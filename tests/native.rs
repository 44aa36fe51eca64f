//! The core on the native CPU backends: `cargo test`.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use burn::tensor::Device;
use vae_wasm::config::ModelKind;

/// Flex, and ndarray in builds that have it (plain `cargo test`; `./build.sh test` leaves it to
/// the in-browser suite, which runs these checks on it).
fn cpu_devices() -> Vec<Device> {
    #[cfg_attr(not(feature = "ndarray"), allow(unused_mut))]
    let mut devices = vec![Device::flex()];
    #[cfg(feature = "ndarray")]
    #[allow(deprecated)] // ndarray is deprecated in burn 0.22 but stays a selectable backend
    devices.push(Device::ndarray());
    devices
}

fn on_each_cpu<F: std::future::Future<Output = ()>>(check: impl Fn(Device) -> F) {
    for device in cpu_devices() {
        pollster::block_on(check(device));
    }
}

#[test]
fn shapes_follow_the_config() {
    on_each_cpu(|d| async move { common::shapes_follow_the_config(&d).await });
}

#[test]
fn kl_matches_the_closed_form() {
    on_each_cpu(|d| async move { common::kl_matches_the_closed_form(&d).await });
}

#[test]
fn bce_matches_the_reference_formula() {
    on_each_cpu(|d| async move { common::bce_matches_the_reference_formula(&d).await });
}

#[test]
fn decoded_pixels_are_probabilities() {
    on_each_cpu(|d| async move { common::decoded_pixels_are_probabilities(&d).await });
}

#[test]
fn training_the_conv_model_lowers_the_loss() {
    pollster::block_on(common::training_lowers_the_loss(
        &Device::flex(),
        ModelKind::Conv,
    ));
}

#[test]
fn training_the_mlp_model_lowers_the_loss() {
    pollster::block_on(common::training_lowers_the_loss(
        &Device::flex(),
        ModelKind::Mlp,
    ));
}

#[test]
fn refined_posteriors_raise_the_elbo() {
    pollster::block_on(common::refined_posteriors_raise_the_elbo(&Device::flex()));
}

#[test]
fn a_frozen_decoder_stays_fixed() {
    pollster::block_on(common::a_frozen_decoder_stays_fixed(&Device::flex()));
}

#[test]
fn weights_round_trip() {
    on_each_cpu(|d| async move { common::weights_round_trip(&d).await });
}

#[test]
fn a_diverging_step_is_undone_exactly() {
    pollster::block_on(common::a_diverging_step_is_undone_exactly(&Device::flex()));
}

#[test]
fn chunking_does_not_change_training() {
    pollster::block_on(common::chunking_does_not_change_training(&Device::flex()));
}

#[test]
fn the_session_refuses_bad_input_and_keeps_working() {
    pollster::block_on(common::the_session_refuses_bad_input_and_keeps_working());
}

#[test]
fn lying_and_empty_idx_files_are_refused_before_they_replace_a_split() {
    pollster::block_on(common::lying_and_empty_idx_files_are_refused());
}

#[test]
fn weights_that_overflow_are_refused_at_load() {
    pollster::block_on(common::weights_that_overflow_are_refused(&Device::flex()));
}

#[test]
fn explain_opens_up_the_forward_pass() {
    on_each_cpu(|d| async move { common::explain_opens_up_the_forward_pass(&d).await });
}

#[test]
fn the_session_explains_and_refuses_bad_eps() {
    pollster::block_on(common::the_session_explains_and_refuses_bad_eps());
}

#[test]
fn one_step_in_slow_motion_is_a_training_step() {
    on_each_cpu(|d| async move { common::one_step_in_slow_motion_is_a_training_step(&d).await });
}

#[test]
fn a_step_advances_the_session_by_one() {
    pollster::block_on(common::a_step_advances_the_session_by_one());
}

#[test]
fn the_conditional_model_takes_the_label() {
    on_each_cpu(|d| async move { common::the_conditional_model_takes_the_label(&d).await });
}

#[test]
fn a_conditional_model_trains_and_round_trips() {
    on_each_cpu(|d| async move { common::a_conditional_model_trains_and_round_trips(&d).await });
}

#[test]
fn the_conditional_model_classifies_by_its_elbo() {
    pollster::block_on(common::the_conditional_model_classifies_by_its_elbo(
        &Device::flex(),
    ));
}

#[test]
fn the_session_checks_labels() {
    pollster::block_on(common::the_session_checks_labels());
}

#[test]
fn config_errors_name_the_field() {
    common::config_errors_name_the_field();
}

mod inputs {
    use vae_wasm::config::{ModelKind, VaeConfig};
    use vae_wasm::input::{Value, float32, whole_number};

    #[test]
    fn counts_are_whole_numbers_within_their_range() {
        assert_eq!(whole_number(3.0, "steps", 1..=10).unwrap(), 3);
        for (value, shown) in [
            (2.5, "got 2.5"),
            (-1.0, "got -1"),
            (f64::NAN, "got NaN"),
            (f64::INFINITY, "got Infinity"),
            (f64::NEG_INFINITY, "got -Infinity"),
            (4_294_967_297.0, "got 4294967297"),
            (0.0, "got 0"),
            (11.0, "got 11"),
            (1e300, "got 1e+300"),
            (1.5e-7, "got 1.5e-7"),
        ] {
            let error = whole_number(value, "steps", 1..=10)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("steps: expected a whole number from 1 to 10")
                    && error.contains(shown),
                "{value}: {error}"
            );
        }
    }

    #[test]
    fn numbers_beyond_a_32_bit_float_are_refused_not_made_infinite() {
        assert_eq!(float32(0.25, "eps[0]").unwrap(), 0.25);
        assert!(
            float32(f64::NAN, "eps[0]").unwrap().is_nan(),
            "NaN is left to the range checks"
        );
        for value in [1e300, -4e38] {
            let error = float32(value, "eps[1]").unwrap_err().to_string();
            assert!(
                error.contains("eps[1]: expected a number within ±3.4028235e38"),
                "{error}"
            );
        }
    }

    fn fields(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn config_objects_are_parsed_strictly() {
        let config = VaeConfig::from_fields(fields(&[
            ("kind", Value::String("mlp".into())),
            ("latentDim", Value::Number(16.0)),
            ("seed", Value::Number(9.0)),
        ]))
        .unwrap();
        assert_eq!(
            (config.kind, config.latent_dim, config.seed),
            (ModelKind::Mlp, 16, 9)
        );
        assert_eq!(config.batch_size, VaeConfig::default().batch_size);
        let refused = |pairs: &[(&str, Value)], expected: &str| {
            let error = VaeConfig::from_fields(fields(pairs))
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(expected),
                "'{error}' should say '{expected}'"
            );
        };
        refused(
            &[("latentdim", Value::Number(16.0))],
            "unknown field \"latentdim\"",
        );
        refused(
            &[
                ("latentDim", Value::Number(2.0)),
                ("evil", Value::Number(1.0)),
            ],
            "\"evil\"",
        );
        refused(
            &[("latentDim", Value::Number(-1.0))],
            "latentDim: expected a whole number from 1 to 256, got -1",
        );
        refused(
            &[("latentDim", Value::Number(2.5))],
            "latentDim: expected a whole number",
        );
        refused(
            &[("latentDim", Value::String("8".into()))],
            "got the string \"8\"",
        );
        refused(
            &[("batchSize", Value::Null)],
            "batchSize: expected a whole number from 1 to 4096, got null",
        );
        refused(
            &[("learningRate", Value::Number(1e10))],
            "learningRate: expected a number from",
        );
        refused(&[("learningRate", Value::Number(f64::NAN))], "got NaN");
        refused(
            &[("beta", Value::Other("an array"))],
            "beta: expected a number from 0 to 100, got an array",
        );
        refused(
            &[("kind", Value::String("cnn".into()))],
            "kind: expected \"conv\", \"mlp\" or \"cvae\", got the string \"cnn\"",
        );
        refused(&[("seed", Value::Number(-3.0))], "seed:");
    }
}

#[test]
fn training_is_deterministic_for_a_seed() {
    pollster::block_on(common::training_is_deterministic_for_a_seed(&Device::flex()));
}

#[test]
fn bad_weights_files_are_refused() {
    pollster::block_on(common::bad_weights_files_are_refused(&Device::flex()));
}

mod data {
    use vae_wasm::data::IMAGE_PIXELS;
    use vae_wasm::data::{BatchOrder, Mnist};

    #[test]
    fn the_shipped_test_split_parses_and_is_binarised() {
        let mnist = super::common::mnist_test();
        assert_eq!(mnist.len(), 10_000);
        assert_eq!(&mnist.labels().unwrap()[..5], &[7, 2, 1, 0, 4]);
        let first = mnist.image(0).unwrap();
        assert!(mnist.image(10_000).is_none());
        assert_eq!(first.len(), IMAGE_PIXELS);
        assert!(first.iter().all(|&p| p == 0.0 || p == 1.0));
        let ink = first.iter().filter(|&&p| p == 1.0).count();
        assert!((60..250).contains(&ink), "a 7 has {ink} ink pixels?");
    }

    #[test]
    fn malformed_idx_files_are_refused() {
        let labels = [0u8, 0, 8, 1, 0, 0, 0, 1, 3];
        let mut images = vec![0u8, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28];
        images.extend([0u8; 784]);
        assert!(Mnist::from_idx(&images, Some(&labels)).is_ok());
        let error = |images: &[u8], labels: &[u8]| {
            Mnist::from_idx(images, Some(labels))
                .unwrap_err()
                .to_string()
        };
        assert!(error(&images[..10], &labels).contains("too short"));
        assert!(error(&images[..700], &labels).contains("header promises"));
        let mut labels_as_images = images.clone();
        labels_as_images[3] = 1; // the labels magic, 0x801
        assert!(error(&labels_as_images, &labels).contains("magic"));
        assert!(error(&images, &[0, 0, 8, 1, 0, 0, 0, 1, 12]).contains("not a digit"));
        assert!(error(&images, &[0, 0, 8, 1, 0, 0, 0, 2, 1, 2]).contains("1 images but 2 labels"));
        assert!(error(&[0x1f, 0x8b, 1, 2, 3], &labels).contains("gzip"));
    }

    #[test]
    fn every_epoch_visits_each_image_once_in_a_new_order() {
        let mut order = BatchOrder::new(100, 5);
        let epoch = |order: &mut BatchOrder| {
            let mut seen: Vec<usize> = (0..10)
                .flat_map(|_| order.next_batch(10).to_vec())
                .collect();
            let visit_order = seen.clone();
            seen.sort();
            assert_eq!(seen, (0..100).collect::<Vec<_>>());
            visit_order
        };
        let first = epoch(&mut order);
        let second = epoch(&mut order);
        assert_ne!(first, second, "the second epoch must be reshuffled");
        assert!(
            (order.epochs_done() - 2.0).abs() < 1e-9 || (order.epochs_done() - 1.0).abs() < 1e-9
        );
    }
}

mod preprocess {
    use vae_wasm::data::IMAGE_SIDE;
    use vae_wasm::preprocess::{ink_from_rgba, to_mnist};

    /// A filled rectangle of ink on a `size × size` canvas.
    fn rectangle(size: usize, x: std::ops::Range<usize>, y: std::ops::Range<usize>) -> Vec<f32> {
        let mut ink = vec![0.0; size * size];
        for row in y {
            for col in x.clone() {
                ink[row * size + col] = 1.0;
            }
        }
        ink
    }

    fn bounding_box(image: &[f32]) -> (usize, usize, usize, usize) {
        let inked: Vec<(usize, usize)> = (0..image.len())
            .filter(|&i| image[i] > 0.05)
            .map(|i| (i % IMAGE_SIDE, i / IMAGE_SIDE))
            .collect();
        let xs = inked.iter().map(|p| p.0);
        let ys = inked.iter().map(|p| p.1);
        (
            xs.clone().min().unwrap(),
            xs.max().unwrap(),
            ys.clone().min().unwrap(),
            ys.max().unwrap(),
        )
    }

    fn centre_of_mass(image: &[f32]) -> (f32, f32) {
        let mass: f32 = image.iter().sum();
        let cx = (0..image.len())
            .map(|i| image[i] * ((i % IMAGE_SIDE) as f32 + 0.5))
            .sum::<f32>()
            / mass;
        let cy = (0..image.len())
            .map(|i| image[i] * ((i / IMAGE_SIDE) as f32 + 0.5))
            .sum::<f32>()
            / mass;
        (cx, cy)
    }

    #[test]
    fn a_tall_stroke_in_a_corner_is_scaled_to_20_pixels_and_centred() {
        // A "1": 20 px wide, 200 px tall, in the top-left corner of a 280×280 canvas.
        let drawing = rectangle(280, 10..30, 5..205);
        let image = to_mnist(&drawing, 280, 280).unwrap();
        assert_eq!(image.len(), 784);
        let (x0, x1, y0, y1) = bounding_box(&image);
        assert_eq!(y1 - y0 + 1, 20, "the long side fills the 20-pixel box");
        assert!(x1 - x0 < 4, "the aspect ratio is kept: {}", x1 - x0 + 1);
        let (cx, cy) = centre_of_mass(&image);
        assert!(
            (cx - 14.0).abs() <= 0.75 && (cy - 14.0).abs() <= 0.75,
            "centre of mass at ({cx}, {cy})"
        );
        assert!(image.iter().all(|p| (0.0..=1.0).contains(p)));
    }

    #[test]
    fn the_result_does_not_depend_on_where_or_how_large_the_digit_was_drawn() {
        let small = to_mnist(&rectangle(100, 10..20, 10..50), 100, 100).unwrap();
        let large = to_mnist(&rectangle(400, 200..240, 100..260), 400, 400).unwrap();
        let difference: f32 = small.iter().zip(&large).map(|(a, b)| (a - b).abs()).sum();
        assert!(
            difference < 8.0,
            "same shape, different images: L1 distance {difference}"
        );
    }

    #[test]
    fn rgba_ink_is_dark_and_opaque() {
        // Black opaque, white opaque, black transparent, mid-grey opaque.
        let rgba = [
            0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 128, 128, 128, 255,
        ];
        let ink = ink_from_rgba(&rgba, 2, 2).unwrap();
        assert!((ink[0] - 1.0).abs() < 1e-6 && ink[1].abs() < 1e-6 && ink[2].abs() < 1e-6);
        assert!((ink[3] - 0.498).abs() < 0.01);
    }

    #[test]
    fn bad_drawings_get_clear_errors() {
        let message = |r: vae_wasm::Result<Vec<f32>>| r.unwrap_err().to_string();
        assert!(message(to_mnist(&[0.0; 100], 10, 10)).contains("empty"));
        assert!(message(to_mnist(&[1.0; 99], 10, 10)).contains("100 pixels"));
        assert!(message(to_mnist(&[f32::NAN; 4], 2, 2)).contains("NaN"));
        assert!(message(to_mnist(&[], 0, 0)).contains("width: expected a whole number from 1"));
        assert!(message(ink_from_rgba(&[0; 15], 2, 2)).contains("16 bytes"));
    }
}

/// Fuzzing the weights loader (a bounded proptest run): whatever the bytes, `load` returns an
/// error or a model, and never panics. Mutated files are re-sealed with a valid checksum so
/// that the parser behind the CRC is exercised too.
mod weights_fuzz {
    use burn::tensor::Device;
    use proptest::prelude::*;
    use vae_wasm::config::VaeConfig;
    use vae_wasm::model::Vae;
    use vae_wasm::weights;

    fn good_file() -> &'static [u8] {
        static FILE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        FILE.get_or_init(|| {
            let config = VaeConfig::default();
            pollster::block_on(weights::save(&Vae::new(&config, &Device::flex()), &config)).unwrap()
        })
    }

    fn seal(mut body: Vec<u8>) -> Vec<u8> {
        body.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
        body
    }

    /// A mutation of a file: overwrite, insert or delete a few bytes somewhere in its body.
    #[derive(Debug, Clone)]
    enum Edit {
        Overwrite(usize, Vec<u8>),
        Insert(usize, Vec<u8>),
        Delete(usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let bytes = prop::collection::vec(any::<u8>(), 1..8);
        prop_oneof![
            (any::<usize>(), bytes.clone()).prop_map(|(at, b)| Edit::Overwrite(at, b)),
            (any::<usize>(), bytes).prop_map(|(at, b)| Edit::Insert(at, b)),
            (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        ]
    }

    fn apply(file: &[u8], edits: &[Edit]) -> Vec<u8> {
        let mut body = file[..file.len() - 4].to_vec();
        for edit in edits {
            // Most edits land in the small header, where the parser has the most branches.
            let place = |at: usize, len: usize| {
                if at.is_multiple_of(2) {
                    at % 64.min(len + 1)
                } else {
                    at % (len + 1)
                }
            };
            match edit {
                Edit::Overwrite(at, bytes) => {
                    let start = place(*at, body.len());
                    for (offset, byte) in bytes.iter().enumerate() {
                        if let Some(slot) = body.get_mut(start + offset) {
                            *slot = *byte;
                        }
                    }
                }
                Edit::Insert(at, bytes) => {
                    let start = place(*at, body.len());
                    body.splice(start..start, bytes.iter().copied());
                }
                Edit::Delete(at, count) => {
                    let start = place(*at, body.len());
                    let end = (start + count).min(body.len());
                    body.drain(start..end);
                }
            }
        }
        seal(body)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
            prop_assert!(pollster::block_on(weights::load(&bytes, &Device::flex())).is_err());
        }

        #[test]
        fn mutated_files_never_panic(edits in prop::collection::vec(edit(), 1..4)) {
            let file = apply(good_file(), &edits);
            // A mutation may happen to leave a valid file (e.g. a changed weight value);
            // anything else must be a clean error that names the weights file as the problem.
            if let Err(error) = pollster::block_on(weights::load(&file, &Device::flex())) {
                prop_assert!(matches!(error, vae_wasm::VaeError::Weights(_)), "{error}");
            }
        }
    }
}
