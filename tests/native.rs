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
fn refined_scores_are_never_below_the_encoders() {
    pollster::block_on(common::refined_scores_are_never_below_the_encoders());
}

#[test]
fn the_elbo_distribution_places_test_digits() {
    pollster::block_on(common::the_elbo_distribution_places_test_digits());
}

#[test]
fn the_test_elbos_are_the_distributions_own() {
    pollster::block_on(common::the_test_elbos_are_the_distributions_own());
}

#[test]
fn the_test_complexities_are_each_images_own() {
    pollster::block_on(common::the_test_complexities_are_each_images_own());
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

/// The crate's convolutions (src/kernels) give burn's outputs and gradients: within 1e-4 of the
/// largest value on Flex, where they are the crate's own; exactly on ndarray, where they are
/// burn's.
#[test]
fn own_convolutions_agree_with_burns() {
    for (case, seed) in common::kernels::cases(&[1, 32, 130], 150) {
        pollster::block_on(common::kernels::agrees_with_burn(
            &case,
            &Device::flex(),
            seed,
            1e-4,
        ));
    }
    #[cfg(feature = "ndarray")]
    for (case, seed) in common::kernels::cases(&[3], 10) {
        #[allow(deprecated)]
        let device = Device::ndarray();
        pollster::block_on(common::kernels::agrees_with_burn(&case, &device, seed, 0.0));
    }
}

/// The same for one image with the pool's two threads sharing each layer (the drawing panel's
/// refinement): each thread's half of the rows or channels, put together, is burn's result.
#[test]
fn own_convolutions_of_one_image_shared_by_two_threads_agree_with_burns() {
    let one_image = common::kernels::cases(&[1], 60)
        .into_iter()
        .map(|(case, seed)| (common::kernels::Case { batch: 1, ..case }, seed));
    for (case, seed) in one_image {
        vae_wasm::kernels::on_cpu_pool_for(1, || {
            assert!(
                vae_wasm::kernels::shares_one_image() || rayon::current_num_threads() < 2,
                "the layers of one image are shared on a pool of two threads or more"
            );
            pollster::block_on(common::kernels::agrees_with_burn(
                &case,
                &Device::flex(),
                seed,
                1e-4,
            ));
        });
    }
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
fn an_autoencoder_trains() {
    pollster::block_on(common::an_autoencoder_trains(&Device::flex()));
}

#[test]
fn an_autoencoder_file_is_checked_for_its_kind() {
    on_each_cpu(|d| async move { common::an_autoencoder_file_is_checked_for_its_kind(&d).await });
}

#[test]
fn beta_zero_leaves_the_kl_out_of_the_gradient() {
    pollster::block_on(common::beta_zero_leaves_the_kl_out_of_the_gradient(
        &Device::flex(),
    ));
}

#[test]
fn active_dimensions_come_from_the_kl_per_dimension() {
    pollster::block_on(common::active_dimensions_come_from_the_kl_per_dimension(
        &Device::flex(),
    ));
}

#[test]
fn an_autoencoder_session_refuses_what_needs_a_posterior() {
    pollster::block_on(common::an_autoencoder_session_refuses_what_needs_a_posterior());
}

#[test]
fn config_errors_name_the_field() {
    common::config_errors_name_the_field();
}

/// The Compare view's catalogue (www/content/models.json) says of each shipped model what its
/// weights file says (kind, latent size, β), and its presets name models it lists: the page
/// labels its columns and its plot's points from it.
#[test]
fn the_compare_catalogue_describes_the_shipped_weights() {
    let text = std::fs::read_to_string("www/content/models.json").unwrap();
    let catalogue: serde_json::Value = serde_json::from_str(&text).unwrap();
    let models = catalogue["models"].as_array().unwrap();
    assert!(models.len() >= 5);
    for model in models {
        let file = model["file"].as_str().unwrap();
        let bytes = std::fs::read(format!("www/models/{file}.vaew")).unwrap();
        let config = vae_wasm::weights::read_config(&bytes).unwrap();
        assert_eq!(
            model["kind"],
            serde_json::to_value(config.kind).unwrap(),
            "{file}"
        );
        assert_eq!(
            model["latentDim"].as_u64(),
            Some(config.latent_dim as u64),
            "{file}"
        );
        let beta = model["beta"].as_f64();
        if config.kind == ModelKind::Ae {
            assert_eq!(beta, None, "{file}: an autoencoder has no β");
        } else {
            assert_eq!(beta, Some(config.beta), "{file}");
        }
    }
    for (preset, files) in catalogue["presets"].as_object().unwrap() {
        for file in files.as_array().unwrap() {
            assert!(
                models.iter().any(|model| &model["file"] == file),
                "preset {preset} names {file}, not in the catalogue"
            );
        }
    }
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
            "kind: expected one of \"conv\", \"mlp\", \"cvae\", \"ae\", got the string \"cnn\"",
        );
        refused(&[("seed", Value::Number(-3.0))], "seed:");
        let autoencoder = VaeConfig::from_fields(fields(&[("kind", Value::String("ae".into()))]));
        assert_eq!(autoencoder.unwrap().kind, ModelKind::Ae);
    }

    /// β outside 0..=100 (NaN, ±∞, negative, above the limit) is refused naming beta, from a JS
    /// object and in a config built in Rust (a weights file's, the CLI's) alike; its edges pass.
    #[test]
    fn beta_is_a_number_within_its_limits() {
        for bad in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.5,
            -1e-9,
            100.5,
            1e300,
        ] {
            let from_js = VaeConfig::from_fields(fields(&[("beta", Value::Number(bad))]))
                .unwrap_err()
                .to_string();
            let in_rust = VaeConfig {
                beta: bad,
                ..VaeConfig::default()
            }
            .validate()
            .unwrap_err()
            .to_string();
            for error in [from_js, in_rust] {
                assert!(
                    error.contains("beta: expected a number from 0 to 100, got"),
                    "β = {bad}: {error}"
                );
            }
        }
        for good in [0.0, 0.25, 100.0] {
            let config = VaeConfig::from_fields(fields(&[("beta", Value::Number(good))])).unwrap();
            assert_eq!(config.beta, good);
        }
    }

    /// The KL warm-up is a whole number of steps (fractions, negatives, NaN, ∞ and counts past
    /// its limit, a billion, refused naming warmupSteps); β in effect rises linearly from 0 to β
    /// over it.
    #[test]
    fn the_kl_warm_up_is_a_whole_number_of_steps() {
        for bad in [
            2.5,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            1e9 + 1.0,
            2f64.powi(53) + 2.0,
            1e300,
        ] {
            let error = VaeConfig::from_fields(fields(&[("warmupSteps", Value::Number(bad))]))
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("warmupSteps: expected a whole number from 0 to 1000000000"),
                "{bad}: {error}"
            );
        }
        let error = VaeConfig::from_fields(fields(&[("warmupSteps", Value::String("9".into()))]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("warmupSteps:"), "{error}");
        let too_long = VaeConfig {
            warmup_steps: 1_000_000_001,
            ..VaeConfig::default()
        };
        let error = too_long.validate().unwrap_err().to_string();
        assert!(error.contains("warmupSteps"), "{error}");

        let config = VaeConfig::from_fields(fields(&[
            ("beta", Value::Number(2.0)),
            ("warmupSteps", Value::Number(4.0)),
        ]))
        .unwrap();
        let betas: Vec<f64> = (0..6).map(|step| config.beta_at(step)).collect();
        assert_eq!(betas, [0.0, 0.5, 1.0, 1.5, 2.0, 2.0]);
        let none = VaeConfig {
            beta: 2.0,
            ..VaeConfig::default()
        };
        assert_eq!(none.beta_at(0), 2.0, "no warm-up: β from the first step");
        // A config without a warm-up is written as before it existed (weights files keep
        // their bytes); one with a warm-up keeps it.
        let json = serde_json::to_string(&none).unwrap();
        assert!(!json.contains("warmupSteps"), "{json}");
        let json = serde_json::to_string(&config).unwrap();
        let back: VaeConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, config);
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

/// A refusal carries its kind, key and values beside the English, for the page to word it in its
/// own language; the English stays what the CLI and the JS API say.
mod refusals {
    use vae_wasm::config::VaeConfig;
    use vae_wasm::dataset::read_idx_files;
    use vae_wasm::input::{Value, float32, whole_number};

    fn values(error: &vae_wasm::VaeError) -> Vec<(&str, &str)> {
        let reason = error.reason();
        reason
            .values
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect()
    }

    #[test]
    fn a_refusal_keeps_its_key_and_values_beside_the_same_english() {
        let error = whole_number(f64::NAN, "steps", 1..=1000).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid input: steps: expected a whole number from 1 to 1000, got NaN"
        );
        assert_eq!(
            (error.kind(), error.reason().key),
            ("input", "whole-number")
        );
        assert_eq!(
            values(&error),
            [
                ("name", "steps"),
                ("min", "1"),
                ("max", "1000"),
                ("got", "NaN")
            ]
        );
        assert!(error.reason().within.is_empty());
    }

    #[test]
    fn a_value_is_recorded_as_the_english_writes_it() {
        let error = float32(1e300, "eps[1]").unwrap_err();
        assert_eq!(error.reason().key, "beyond-float32");
        assert_eq!(
            values(&error),
            [
                ("name", "eps[1]"),
                ("max", "3.4028235e38"),
                ("got", "1e+300")
            ]
        );
    }

    #[test]
    fn a_config_field_keeps_the_key_of_the_check_it_failed() {
        let error =
            VaeConfig::from_fields([("latentDim".to_string(), Value::Number(2.5))]).unwrap_err();
        assert_eq!(
            (error.kind(), error.reason().key),
            ("config", "whole-number")
        );
        assert_eq!(
            values(&error),
            [
                ("name", "latentDim"),
                ("min", "1"),
                ("max", "256"),
                ("got", "2.5")
            ]
        );
    }

    #[test]
    fn within_adds_its_context_and_keeps_the_key_and_values() {
        let inner = whole_number(2.5, "steps", 1..=10).unwrap_err();
        let error = inner.clone().within("b.json").within("a.zip");
        assert_eq!(
            error.to_string(),
            "invalid input: a.zip: b.json: steps: expected a whole number from 1 to 10, got 2.5"
        );
        assert_eq!(error.kind(), "input");
        assert_eq!(error.reason().key, inner.reason().key);
        assert_eq!(error.reason().values, inner.reason().values);
        assert_eq!(error.reason().within, ["a.zip", "b.json"]);
    }

    #[test]
    fn a_file_named_in_a_refusal_is_its_context() {
        let header = [0u8, 0, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let error = read_idx_files(&[("train-images-idx3-ubyte", &header[..])]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid dataset: train-images-idx3-ubyte: images: IDX magic 0x00000801, expected \
             0x00000803"
        );
        assert_eq!((error.kind(), error.reason().key), ("data", "idx-magic"));
        assert_eq!(
            values(&error),
            [
                ("what", "images"),
                ("got", "0x00000801"),
                ("expected", "0x00000803")
            ]
        );
        assert_eq!(error.reason().within, ["train-images-idx3-ubyte"]);
    }
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
            pollster::block_on(weights::save(
                &Vae::new(&config, &Device::flex()),
                &config,
                &weights::DatasetRecord::mnist(),
            ))
            .unwrap()
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

/// Datasets a person brings (issue #26): images made into inputs as chosen, a folder read with
/// labels from its sub-folders, and the CLI training on it.
mod brought_data {
    use std::path::{Path, PathBuf};

    use vae_wasm::config::ModelKind;
    use vae_wasm::data::{IMAGE_SIDE, Levels, Mnist};
    use vae_wasm::folder::read_folder;
    use vae_wasm::images::{
        Framing, Grey, Polarity, Preprocessing, detect_polarity, to_input, to_inputs,
    };
    use vae_wasm::images::{labels_from_paths, split_images};
    use vae_wasm::session::Split;
    use vae_wasm::weights::{DatasetRecord, load_with_record, save};

    /// A `width × height` image of `paper` with `ink` inside the rectangle [x0, x1) × [y0, y1).
    fn rectangle(
        width: usize,
        height: usize,
        (x0, x1, y0, y1): (usize, usize, usize, usize),
        paper: u8,
        ink: u8,
    ) -> Grey {
        let pixels = (0..height)
            .flat_map(|y| {
                (0..width).map(move |x| {
                    if (x0..x1).contains(&x) && (y0..y1).contains(&y) {
                        ink
                    } else {
                        paper
                    }
                })
            })
            .collect();
        Grey::new(width, height, pixels).unwrap()
    }

    /// Centre of mass (x, y) of a 28×28 input, and the rows and columns its ink spans.
    fn layout(input: &[f32]) -> ((f32, f32), usize, usize) {
        let (mut mass, mut mx, mut my) = (0.0, 0.0, 0.0);
        let (mut rows, mut cols) = (vec![false; IMAGE_SIDE], vec![false; IMAGE_SIDE]);
        for (i, &v) in input.iter().enumerate() {
            let (x, y) = (i % IMAGE_SIDE, i / IMAGE_SIDE);
            mass += v;
            mx += v * (x as f32 + 0.5);
            my += v * (y as f32 + 0.5);
            if v > 0.5 {
                rows[y] = true;
                cols[x] = true;
            }
        }
        let count = |line: &[bool]| line.iter().filter(|&&on| on).count();
        ((mx / mass, my / mass), count(&rows), count(&cols))
    }

    #[test]
    fn images_become_inputs_as_the_person_chooses() {
        // A tall dark bar on white paper, off-centre in a 60×40 image.
        let dark = rectangle(60, 40, (10, 20, 5, 35), 255, 0);
        let light = rectangle(60, 40, (10, 20, 5, 35), 0, 255);
        assert_eq!(
            detect_polarity(std::slice::from_ref(&dark)),
            Polarity::DarkOnLight
        );
        assert_eq!(
            detect_polarity(std::slice::from_ref(&light)),
            Polarity::LightOnDark
        );

        // Ink on paper: cropped to the ink, 20 pixels tall, mass at the centre, as MNIST.
        let ink = to_input(&dark, Polarity::DarkOnLight, Framing::Ink, Levels::Binary).unwrap();
        let ((cx, cy), rows, cols) = layout(&ink);
        assert!(
            (cx - 14.0).abs() <= 1.0 && (cy - 14.0).abs() <= 1.0,
            "centre {cx}, {cy}"
        );
        assert_eq!(rows, 20);
        assert!((6..=8).contains(&cols), "{cols} columns");
        assert!(ink.iter().all(|&v| v == 0.0 || v == 1.0), "binarised");
        // The same bar, light on dark, said to be so: the same input.
        assert_eq!(
            to_input(&light, Polarity::LightOnDark, Framing::Ink, Levels::Binary).unwrap(),
            ink
        );
        // Told the wrong polarity, the paper is the ink: a full square, not a bar.
        let wrong = to_input(&dark, Polarity::LightOnDark, Framing::Ink, Levels::Binary).unwrap();
        assert_ne!(wrong, ink);

        // The whole image, resized: the bar stays where it was, 10/60 of the width from the left.
        let whole = to_input(&dark, Polarity::DarkOnLight, Framing::Whole, Levels::Binary).unwrap();
        let at = |x: usize, y: usize| whole[y * IMAGE_SIDE + x];
        assert_eq!(at(7, 14), 1.0);
        assert_eq!(at(20, 14), 0.0);
        assert_eq!(at(7, 1), 0.0);

        // Grey levels keep the edges that fall between pixels: values strictly between 0 and 1.
        let grey = to_input(&dark, Polarity::DarkOnLight, Framing::Whole, Levels::Grey).unwrap();
        assert!(grey.iter().any(|&v| v > 0.05 && v < 0.95));
        assert!(grey.iter().all(|&v| (0.0..=1.0).contains(&v)));

        // Blank images and impossible sizes are refused with what is wrong.
        let blank = rectangle(30, 30, (0, 0, 0, 0), 255, 0);
        let error = to_inputs(
            &[dark.clone(), blank],
            &["a.png".into(), "blank.png".into()],
            &Preprocessing::default(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("blank.png: the image has no ink"),
            "{error}"
        );
        for (w, h) in [(0, 10), (10, 0), (5000, 10), (20_000, 20_000)] {
            let error = Grey::new(w, h, Vec::new()).unwrap_err().to_string();
            assert!(
                error.contains(&format!("{w}×{h}")) && error.contains("1 to 4096"),
                "{error}"
            );
        }
        assert!(
            Grey::new(2, 2, vec![0; 3])
                .unwrap_err()
                .to_string()
                .contains("has 4 pixels, got 3")
        );
    }

    /// A fresh folder under the system's temporary directory.
    fn temp_folder(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("vae-brought-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        path
    }

    /// Circles, squares and triangles, dark on white, of varied size and place: `per_class`
    /// of each, in sub-folders, as PNG (and a JPEG and a WebP among them).
    fn shapes(folder: &Path, per_class: usize) {
        for (class, name) in ["circle", "square", "triangle"].iter().enumerate() {
            let dir = folder.join(name);
            std::fs::create_dir_all(&dir).unwrap();
            for i in 0..per_class {
                let (side, r) = (40 + 3 * i as u32, 8.0 + (i % 5) as f32 * 2.0);
                let (cx, cy) = (side as f32 / 2.0 + (i % 3) as f32 - 1.0, side as f32 / 2.0);
                let image = image::GrayImage::from_fn(side, side, |x, y| {
                    let (dx, dy) = (x as f32 - cx, y as f32 - cy);
                    let inside = match class {
                        0 => dx * dx + dy * dy <= r * r,
                        1 => dx.abs() <= r && dy.abs() <= r,
                        _ => dy <= r && dy >= -r && dx.abs() <= (dy + r) / 2.0,
                    };
                    image::Luma([if inside { 0 } else { 255 }])
                });
                let ext = match i {
                    0 => "jpg",
                    1 => "webp",
                    _ => "png",
                };
                image
                    .save(dir.join(format!("{name}-{i:03}.{ext}")))
                    .unwrap();
            }
        }
    }

    #[test]
    fn a_folder_of_images_is_a_labelled_dataset() {
        let folder = temp_folder("shapes");
        shapes(&folder, 10);
        let read = read_folder(&folder, &Preprocessing::default()).unwrap();
        assert_eq!(read.inputs.len(), 30);
        assert_eq!(read.label_names, ["circle", "square", "triangle"]);
        let labels = read.inputs.labels.clone().unwrap();
        assert_eq!(&labels[..10], &[0; 10]);
        assert_eq!(&labels[20..], &[2; 10]);
        assert_eq!(
            read.files[0],
            Path::new("circle")
                .join("circle-000.jpg")
                .display()
                .to_string()
        );
        // Dark shapes on white paper, detected.
        assert_eq!(read.preprocessing.polarity, Some(Polarity::DarkOnLight));
        let inputs = read.inputs.pixels.clone();
        // A tenth held out with the seed: the same split for the same seed, another for another.
        let (train, test) = read.inputs.hold_out(7).unwrap();
        assert_eq!((train.len(), test.len()), (27, 3));
        assert_eq!(read.inputs.hold_out(7).unwrap().1, test);
        assert_ne!(read.inputs.hold_out(8).unwrap().1, test);
        let data = Mnist::from_pixels(train.pixels, train.labels, Levels::Binary).unwrap();
        assert_eq!(data.len(), 27);
        // Labels beyond the conditional model's ten classes are for the unconditional kinds.
        let many =
            Mnist::from_pixels(inputs[..784].to_vec(), Some(vec![12]), Levels::Binary).unwrap();
        assert!(
            many.digit_labels()
                .unwrap_err()
                .to_string()
                .contains("label 12")
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn bad_folders_and_files_are_refused_with_what_is_wrong() {
        let refused = |folder: &Path| {
            read_folder(folder, &Preprocessing::default())
                .unwrap_err()
                .to_string()
        };
        let empty = temp_folder("empty");
        assert!(
            refused(&empty).contains("holds no images"),
            "{}",
            refused(&empty)
        );

        let single = temp_folder("single");
        shapes(&single, 2);
        std::fs::remove_dir_all(single.join("square")).unwrap();
        std::fs::remove_dir_all(single.join("triangle")).unwrap();
        assert!(
            refused(&single).contains("a single class"),
            "{}",
            refused(&single)
        );

        let mixed = temp_folder("mixed");
        shapes(&mixed, 2);
        std::fs::copy(
            mixed.join("circle").join("circle-000.jpg"),
            mixed.join("loose.jpg"),
        )
        .unwrap();
        assert!(
            refused(&mixed).contains("both in it and in sub-folders"),
            "{}",
            refused(&mixed)
        );

        // Not an image, cut short, and a header that promises 20,000 × 20,000 pixels.
        let files = temp_folder("files");
        shapes(&files, 3);
        let circle = files.join("circle");
        let good = std::fs::read(circle.join("circle-002.png")).unwrap();
        std::fs::write(circle.join("circle-100.png"), b"not a picture").unwrap();
        assert!(
            refused(&files).contains("circle-100.png"),
            "{}",
            refused(&files)
        );
        std::fs::write(circle.join("circle-100.png"), &good[..good.len() / 2]).unwrap();
        assert!(
            refused(&files).contains("circle-100.png"),
            "{}",
            refused(&files)
        );
        let mut huge = good[..33].to_vec(); // signature and IHDR
        huge[16..24].copy_from_slice(&[0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20]);
        let crc = crc32fast::hash(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        huge.extend_from_slice(&good[33..]);
        std::fs::write(circle.join("circle-100.png"), &huge).unwrap();
        let error = refused(&files);
        assert!(
            error.contains("circle-100.png: an image of 20000×20000 pixels"),
            "{error}"
        );
        for folder in [empty, single, mixed, files] {
            std::fs::remove_dir_all(folder).unwrap();
        }
    }

    #[test]
    fn the_cli_trains_on_a_folder_of_images() {
        let folder = temp_folder("cli");
        shapes(&folder, 12);
        let out = folder.join("shapes.vaew");
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_vae"))
            .args([
                "train",
                "--epochs",
                "1",
                "--batch-size",
                "8",
                "--latent-dim",
                "2",
                "--kind",
                "cvae",
                "--levels",
                "grey",
            ])
            .arg("--data")
            .arg(&folder)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr),
        );
        assert!(run.status.success(), "{stderr}");
        let about: serde_json::Value =
            serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
        assert_eq!(
            about["classes"],
            serde_json::json!(["circle", "square", "triangle"])
        );
        assert_eq!(
            (about["train"].as_u64(), about["test"].as_u64()),
            (Some(33), Some(3))
        );
        assert_eq!(about["heldOut"], true);
        assert_eq!(about["preprocessing"]["polarity"], "dark-on-light");
        let epoch: serde_json::Value =
            serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
        assert!(epoch["testElbo"].as_f64().unwrap().is_finite(), "{stdout}");
        // The weights record what the model was trained on: the folder, its classes, the choices.
        let bytes = std::fs::read(&out).unwrap();
        let (_, _, record) =
            pollster::block_on(load_with_record(&bytes, &burn::tensor::Device::flex())).unwrap();
        assert_eq!(record.name, folder.file_name().unwrap().to_string_lossy());
        assert_eq!(record.images, 33);
        assert_eq!(record.label_names, ["circle", "square", "triangle"]);
        let preprocessing = record.preprocessing.unwrap();
        assert_eq!(
            (
                preprocessing.framing,
                preprocessing.polarity,
                preprocessing.levels
            ),
            (Framing::Ink, Some(Polarity::DarkOnLight), Levels::Grey)
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn the_cli_trains_on_idx_files_without_a_test_split() {
        let folder = temp_folder("letters");
        let images: Vec<u8> = (0..40 * 784)
            .map(|i| if i % 7 == 0 { 255 } else { 0 })
            .collect();
        let labels: Vec<u8> = (0..40).map(|i| 1 + i % 26).collect();
        std::fs::write(
            folder.join("emnist-letters-train-images-idx3-ubyte"),
            idx(&[40, 28, 28], &images),
        )
        .unwrap();
        std::fs::write(
            folder.join("emnist-letters-train-labels-idx1-ubyte"),
            idx(&[40], &labels),
        )
        .unwrap();
        let out = folder.join("letters.vaew");
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_vae"))
            .args([
                "train",
                "--epochs",
                "1",
                "--batch-size",
                "8",
                "--levels",
                "grey",
            ])
            .arg("--data")
            .arg(&folder)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{stderr}");
        let about: serde_json::Value =
            serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
        assert_eq!(
            (
                &about["images"],
                &about["train"],
                &about["test"],
                &about["heldOut"]
            ),
            (
                &serde_json::json!(40),
                &serde_json::json!(36),
                &serde_json::json!(4),
                &serde_json::json!(true)
            )
        );
        let bytes = std::fs::read(&out).unwrap();
        let (_, _, record) =
            pollster::block_on(load_with_record(&bytes, &burn::tensor::Device::flex())).unwrap();
        assert_eq!(record.images, 36);
        assert!(
            record.name.starts_with("vae-brought-letters"),
            "{}",
            record.name
        );
        assert_eq!(
            record.preprocessing,
            vae_wasm::dataset::idx_preprocessing(Levels::Grey)
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }

    /// `vae train --kind ae` trains an autoencoder (with a KL warm-up flag it has no use for);
    /// `vae eval` gives its reconstruction term and says it has no ELBO, and refuses what needs
    /// a posterior by name; a VAE's eval has the model card's figures.
    #[test]
    fn the_cli_trains_and_evaluates_an_autoencoder() {
        let folder = temp_folder("autoencoder");
        let images: Vec<u8> = (0..40 * 784)
            .map(|i| if i % 5 == 0 { 255 } else { 0 })
            .collect();
        std::fs::write(
            folder.join("train-images-idx3-ubyte"),
            idx(&[40, 28, 28], &images),
        )
        .unwrap();
        let out = folder.join("ae.vaew");
        let vae = || std::process::Command::new(env!("CARGO_BIN_EXE_vae"));
        let run = vae()
            .args([
                "train",
                "--kind",
                "ae",
                "--epochs",
                "1",
                "--batch-size",
                "8",
            ])
            .args(["--warmup-steps", "2", "--data"])
            .arg(&folder)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{stderr}");
        let epoch: serde_json::Value =
            serde_json::from_str(String::from_utf8_lossy(&run.stdout).trim()).unwrap();
        assert!(epoch["testReconstruction"].is_f64(), "{epoch}");
        assert!(
            epoch.get("testKl").is_none() && epoch.get("testElbo").is_none(),
            "{epoch}"
        );
        let bytes = std::fs::read(&out).unwrap();
        let config = vae_wasm::weights::read_config(&bytes).unwrap();
        assert_eq!((config.kind, config.warmup_steps), (ModelKind::Ae, 2));

        let eval = |weights: &Path, extra: &[&str]| {
            vae().arg("eval").arg(weights).args(extra).output().unwrap()
        };
        let run = eval(&out, &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let figures: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        assert!(
            figures["reconstruction"].as_f64().unwrap() > 0.0,
            "{figures}"
        );
        assert_eq!(figures["images"], 10_000);
        assert_eq!(
            figures["noElbo"],
            "no ELBO: an autoencoder has no posterior (no KL, no σ)"
        );
        for key in ["kl", "elbo", "klPerDim", "sigmaPerDim", "activeDims"] {
            assert!(
                figures.get(key).is_none(),
                "an autoencoder's eval has {key}"
            );
        }
        let run = eval(&out, &["--refine-steps", "3"]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success());
        assert!(
            stderr.contains("refineSteps: this ae (autoencoder) model has no posterior"),
            "{stderr}"
        );

        let shipped = Path::new("www/models/conv-latent2.vaew");
        let run = eval(shipped, &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let figures: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(figures["klPerDim"].as_array().unwrap().len(), 2);
        assert_eq!(figures["sigmaPerDim"].as_array().unwrap().len(), 2);
        assert_eq!(figures["activeDims"], 2);
        assert_eq!(figures["activeKlNats"], 0.01);
        let elbo = figures["elbo"].as_f64().unwrap();
        let parts = figures["reconstruction"].as_f64().unwrap() + figures["kl"].as_f64().unwrap();
        assert!((elbo + parts).abs() < 1e-9, "{figures}");
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn a_session_trains_on_a_brought_dataset_and_its_weights_say_so() {
        pollster::block_on(async {
            let mut session = crate::common::session_with_model().await;
            let square = rectangle(40, 40, (10, 31, 12, 27), 255, 0);
            let bar = rectangle(40, 40, (18, 22, 5, 35), 255, 0);
            let images: Vec<Grey> = (0..40)
                .map(|i| {
                    if i % 2 == 0 {
                        square.clone()
                    } else {
                        bar.clone()
                    }
                })
                .collect();
            let names: Vec<String> = (0..40).map(|i| format!("{i}.png")).collect();
            let choice = Preprocessing {
                framing: Framing::Whole,
                levels: Levels::Grey,
                ..Preprocessing::default()
            };
            let (pixels, polarity) = to_inputs(&images, &names, &choice).unwrap();
            let labels: Vec<u8> = (0..40).map(|i| if i % 2 == 0 { 3 } else { 200 }).collect();
            let record = DatasetRecord {
                name: "blocks".into(),
                images: 0,
                preprocessing: Some(Preprocessing {
                    polarity: Some(polarity),
                    ..choice
                }),
                label_names: vec!["square".into(), "bar".into()],
            };
            // Labels beyond the digits are fine for the unconditional kinds.
            assert_eq!(
                session
                    .load_brought(
                        Split::Train,
                        pixels.clone(),
                        Some(labels.clone()),
                        record.clone()
                    )
                    .unwrap(),
                40
            );
            session
                .load_brought(
                    Split::Test,
                    pixels[..8 * 784].to_vec(),
                    Some(labels[..8].to_vec()),
                    record.clone(),
                )
                .unwrap();
            // Grey levels are kept: the test images are not all 0 or 1.
            let image = session.dataset_image(Split::Test, 0).unwrap().pixels;
            assert!(image.iter().any(|&v| v > 0.0 && v < 1.0));
            session.train_steps(2).await.unwrap();
            assert!(session.evaluate(8).await.unwrap().is_finite());
            let bytes = session.save_weights().await.unwrap();
            let (_, _, saved) = load_with_record(&bytes, &burn::tensor::Device::flex())
                .await
                .unwrap();
            assert_eq!(
                saved,
                DatasetRecord {
                    images: 40,
                    ..record.clone()
                }
            );
            assert_eq!(session.trained_on(), &saved);
            // A labels array of the wrong length, and pixels that are not whole images, are
            // refused and leave the split as it was.
            let error = session
                .load_brought(
                    Split::Train,
                    pixels.clone(),
                    Some(labels[..39].to_vec()),
                    record.clone(),
                )
                .unwrap_err();
            assert!(
                error.to_string().contains("40 images but 39 labels"),
                "{error}"
            );
            let error = session
                .load_brought(Split::Train, pixels[..1000].to_vec(), None, record.clone())
                .unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("not a whole number of 28×28 images"),
                "{error}"
            );
            session.train_steps(1).await.unwrap();
        });
    }

    #[test]
    fn decoded_pixels_and_their_sizes_are_checked_before_use() {
        let refused =
            |pixels: &[u8], sizes: &[u32]| split_images(pixels, sizes).unwrap_err().to_string();
        // RGBA: four bytes a pixel; transparent pixels are white paper.
        let images = split_images(&[0; 4 * (6 + 4)], &[3, 2, 2, 2]).unwrap();
        assert_eq!(images.len(), 2);
        assert_eq!(images[0].pixels, [255; 6]);
        let black = split_images(&[0, 0, 0, 255], &[1, 1]).unwrap();
        assert_eq!(black[0].pixels, [0]);
        assert!(refused(&[0; 24], &[3, 2, 2]).contains("[width, height] pairs"));
        assert!(refused(&[0; 24], &[]).contains("1 to 200000 images"));
        assert!(refused(&[0; 24], &[3, 3]).contains("24 bytes, but the sizes add up to 36"));
        assert!(refused(&[0; 24], &[20_000, 20_000]).contains("20000×20000"));
        assert!(refused(&[0; 24], &[0, 6]).contains("0×6"));
        // Many 1×1 images cost what they hold, not a copy per size: 100,000 of them are fine.
        let many = split_images(&[7; 400_000], &[1; 200_000]).unwrap();
        assert_eq!(many.len(), 100_000);
        assert!(refused(&[7; 800_004], &[1; 400_002]).contains("1 to 200000 images"));
    }

    /// An IDX file of unsigned bytes: magic 0x0000_08_{rank}, the dimensions, the payload.
    fn idx(dims: &[u32], payload: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0, 0, 8, dims.len() as u8];
        for dim in dims {
            bytes.extend_from_slice(&dim.to_be_bytes());
        }
        bytes.extend_from_slice(payload);
        bytes
    }

    #[test]
    fn idx_files_are_sorted_into_splits_by_their_names() {
        use vae_wasm::dataset::{idx_preprocessing, read_idx_files};
        let images = |n: u32| idx(&[n, 28, 28], &vec![200; n as usize * 784]);
        let labels = |n: u32| {
            idx(
                &[n],
                &(0..n).map(|i| (i % 3) as u8 + 40).collect::<Vec<_>>(),
            )
        };
        let (train_images, train_labels, test_images, test_labels) =
            (images(30), labels(30), images(10), labels(10));
        // EMNIST's names, in any order.
        let splits = read_idx_files(&[
            ("emnist-letters-test-labels-idx1-ubyte", &test_labels[..]),
            ("emnist-letters-train-images-idx3-ubyte", &train_images),
            ("emnist-letters-test-images-idx3-ubyte", &test_images),
            ("emnist-letters-train-labels-idx1-ubyte", &train_labels),
        ])
        .unwrap();
        assert_eq!(splits.train.len(), 30);
        assert_eq!(splits.train.labels.as_deref().unwrap()[..3], [40, 41, 42]);
        assert_eq!(splits.test.as_ref().map(|test| test.len()), Some(10));
        // An images file alone: no labels, no test split (the page and the CLI hold one out).
        let alone = read_idx_files(&[("train-images-idx3-ubyte", &train_images)]).unwrap();
        assert_eq!((alone.train.labels, alone.test), (None, None));
        // Binarised IDX files are recorded as MNIST's are; grey levels say so.
        assert_eq!(idx_preprocessing(Levels::Binary), None);
        let grey = idx_preprocessing(Levels::Grey).unwrap();
        assert_eq!(
            (grey.framing, grey.polarity),
            (Framing::Whole, Some(Polarity::LightOnDark))
        );

        let refused = |files: &[(&str, &[u8])]| read_idx_files(files).unwrap_err().to_string();
        let mut lying = images(30);
        lying[7] = 31; // the header says 31 images; the file holds 30
        // (the files brought, what the refusal says)
        type Case<'a> = (&'a [(&'a str, &'a [u8])], &'a str);
        let cases: [Case; 7] = [
            (
                &[("train-images-idx3-ubyte", &lying)],
                "header promises 24304 bytes",
            ),
            (
                &[
                    ("train-images-idx3-ubyte", &train_images),
                    ("train-labels-idx1-ubyte", &test_labels),
                ],
                "30 images but 10 labels",
            ),
            (&[("train-images-idx3-ubyte", &train_labels)], "IDX magic"),
            (
                &[
                    ("a-train-images-idx3", &train_images),
                    ("b-train-images-idx3", &train_images),
                ],
                "both look like the training images",
            ),
            (
                &[("train-labels-idx1-ubyte", &train_labels)],
                "labels without the training images",
            ),
            (
                &[("t10k-images-idx3-ubyte", &test_images)],
                "no training images file",
            ),
            (
                &[
                    ("train-images-idx3-ubyte", &train_images),
                    ("train-labels-idx1-ubyte", &train_labels),
                    ("t10k-images-idx3-ubyte", &test_images),
                ],
                "labels for both splits or for neither",
            ),
        ];
        for (files, expected) in cases {
            let error = refused(files);
            assert!(
                error.contains(expected),
                "'{error}' should say '{expected}'"
            );
        }
    }

    #[test]
    fn polarity_is_detected_on_the_first_images_within_a_pixel_budget() {
        use vae_wasm::images::polarity_sample_len;
        assert_eq!(polarity_sample_len(vec![(28, 28); 100]), 64);
        assert_eq!(polarity_sample_len(vec![(512, 512); 64]), 64);
        let mut sizes = vec![(512, 512); 63];
        sizes.push((600, 600));
        assert_eq!(polarity_sample_len(sizes), 63);
        // One huge image is sample enough; nothing is no sample.
        assert_eq!(polarity_sample_len([(4096, 4096), (10, 10)]), 1);
        assert_eq!(polarity_sample_len([]), 0);
    }

    #[test]
    fn a_header_states_the_size_before_decoding() {
        use vae_wasm::images::header_size;
        let mut png = Vec::new();
        image::GrayImage::new(5, 3)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(header_size(&png).unwrap(), (5, 3));
        // 20,000 × 20,000 in the header: refused without decoding a pixel.
        png[16..24].copy_from_slice(&[0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20]);
        assert!(
            header_size(&png)
                .unwrap_err()
                .to_string()
                .contains("20000×20000")
        );
        assert!(
            header_size(b"not an image")
                .unwrap_err()
                .to_string()
                .contains("not a PNG, JPEG or WebP")
        );
    }

    #[test]
    fn labels_come_from_the_sub_folder_at_the_top() {
        let paths = |list: &[&str]| list.iter().map(|path| path.to_string()).collect::<Vec<_>>();
        let labelled =
            labels_from_paths(&paths(&["b/1.png", "a/x/2.png", "b/3.png", "a/4.png"]), "f")
                .unwrap();
        assert_eq!(labelled.names, ["a", "b"]);
        assert_eq!(labelled.labels, Some(vec![1, 0, 1, 0]));
        assert_eq!(
            labels_from_paths(&paths(&["1.png", "2.png"]), "f")
                .unwrap()
                .labels,
            None
        );
        let many: Vec<String> = (0..257).map(|i| format!("class{i:03}/1.png")).collect();
        assert!(
            labels_from_paths(&many, "f")
                .unwrap_err()
                .to_string()
                .contains("257 classes")
        );
        assert!(labels_from_paths(&many[..256], "f").is_ok());
    }

    #[test]
    fn weights_files_record_their_training_data() {
        let device = burn::tensor::Device::flex();
        // The shipped files predate the record (format 1): all were trained on MNIST.
        let shipped = std::fs::read("www/models/conv-latent2.vaew").unwrap();
        let (model, config, record) =
            pollster::block_on(load_with_record(&shipped, &device)).unwrap();
        assert_eq!(record, DatasetRecord::mnist());
        // Saved again, the file is format 2 and keeps a record given to it.
        let shapes = DatasetRecord {
            name: "shapes".into(),
            images: 270,
            preprocessing: Some(Preprocessing {
                levels: Levels::Grey,
                ..Preprocessing::default()
            }),
            label_names: vec!["circle".into(), "square".into()],
        };
        let bytes = pollster::block_on(save(&model, &config, &shapes)).unwrap();
        assert_eq!(&bytes[4..8], &2u32.to_le_bytes());
        assert_eq!(
            pollster::block_on(load_with_record(&bytes, &device))
                .unwrap()
                .2,
            shapes
        );
        // A record too large to show is refused, as a file's other lies are.
        for lie in [
            DatasetRecord {
                name: "x".repeat(201),
                ..shapes.clone()
            },
            DatasetRecord {
                label_names: vec!["a".into(); 257],
                ..shapes.clone()
            },
        ] {
            let bytes = pollster::block_on(save(&model, &config, &lie)).unwrap();
            let error = pollster::block_on(load_with_record(&bytes, &device))
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("record of the training data is too large"),
                "{error}"
            );
        }
    }
}

#[test]
fn an_all_ones_mask_is_plain_refinement() {
    on_each_cpu(
        |d| async move { common::completion::an_all_ones_mask_is_plain_refinement(&d).await },
    );
}

#[test]
fn missing_pixels_never_change_the_completion() {
    pollster::block_on(common::completion::missing_pixels_never_change_the_completion());
}

#[test]
fn the_gradient_flows_from_observed_pixels_only() {
    on_each_cpu(|d| async move {
        common::completion::the_gradient_flows_from_observed_pixels_only(&d).await
    });
}

#[test]
fn the_session_refuses_bad_masks() {
    pollster::block_on(common::completion::the_session_refuses_bad_masks());
}

#[test]
fn a_conditional_model_completes_as_the_chosen_digit() {
    pollster::block_on(common::completion::a_conditional_model_completes_as_the_chosen_digit());
}

#[test]
fn the_presets_have_their_shapes() {
    common::completion::the_presets_have_their_shapes();
}

#[test]
fn the_missing_cross_entropy_counts_missing_pixels_only() {
    common::completion::the_missing_cross_entropy_counts_missing_pixels_only();
}

#[test]
fn the_objective_counts_observed_pixels_only() {
    on_each_cpu(|d| async move {
        common::completion::the_objective_counts_observed_pixels_only(&d).await
    });
}

/// `vae complete` on a test image: a PNG strip of the image, what the model saw, the
/// completion, the samples and their spread; the missing pixels' cross-entropy as JSON; an
/// unknown preset refused by name.
#[test]
fn the_cli_completes_a_test_image() {
    let out = std::env::temp_dir().join(format!("vae-complete-{}.png", std::process::id()));
    let vae = |mask: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vae"))
            .args(["complete", "www/models/conv-latent2.vaew", "--index", "3"])
            .args(["--steps", "20", "--samples", "2", "--mask", mask])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let run = vae("bottom-half");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(printed["mask"], "bottom-half");
    assert_eq!(printed["missingPixels"], 392);
    let bce = printed["missingCrossEntropy"].as_f64().unwrap();
    assert!(bce.is_finite() && bce > 0.0, "{printed}");
    let png = std::fs::read(&out).unwrap();
    // The IHDR's width and height: six tiles (image, seen, completion, two samples, spread).
    assert_eq!(&png[16..24], &[0, 0, 0, 5 * 28 + 28, 0, 0, 0, 28]);
    std::fs::remove_file(&out).unwrap();
    let refused = vae("3x3");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("mask: expected one of top-half"),
        "{stderr}"
    );
}

/// `vae measure-completion` with `--masks`: one JSON line per preset named, each guess's and
/// baseline's missing cross-entropy; a preset it does not know refused by name.
#[test]
fn the_cli_measures_the_presets_named() {
    let vae = |mask: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vae"))
            .args(["measure-completion", "www/models/conv-latent2.vaew"])
            .args([
                "--images",
                "3",
                "--steps",
                "5",
                "--masks",
                "left-half",
                "--masks",
                mask,
            ])
            .output()
            .unwrap()
    };
    let run = vae("14x14");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (&lines[0]["mask"], &lines[1]["mask"]),
        (&"left-half".into(), &"14x14".into())
    );
    for line in &lines {
        for key in [
            "completion",
            "completionPredictive",
            "completionRestarted",
            "encoder",
            "meanImage",
        ] {
            let value = line[key].as_f64().unwrap();
            assert!(value.is_finite() && value > 0.0, "{key}: {line}");
        }
    }
    let refused = vae("sideways");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("mask: expected one of top-half"),
        "{stderr}"
    );
}

#[test]
fn percentile_ranks_count_ties_half() {
    common::anomaly::percentile_ranks_count_ties_half();
}

#[test]
fn the_auroc_separates_known_sets() {
    common::anomaly::the_auroc_separates_known_sets();
}

#[test]
fn complexity_counts_what_there_is_to_say() {
    common::anomaly::complexity_counts_what_there_is_to_say();
}

#[test]
fn score_names_read_back() {
    common::anomaly::score_names_read_back();
}

#[test]
fn the_scores_tell_digits_from_noise() {
    pollster::block_on(common::anomaly::the_scores_tell_digits_from_noise(
        &Device::flex(),
    ));
}

/// `vae score --score iw` with three sets and `--images`: each set's AUROC against the first
/// (the inverted digits far apart, the digits against themselves ½), the test file itself as
/// the first set scored as the same digits written anew; an unknown score refused by name.
#[test]
fn the_cli_scores_several_sets_with_another_score() {
    let folder = std::env::temp_dir().join(format!("vae-scores-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let test = common::mnist_test();
    let idx = |name: &str, pixel: &dyn Fn(f32) -> u8| {
        let mut bytes = vec![0, 0, 8, 3];
        for dim in [20u32, 28, 28] {
            bytes.extend(dim.to_be_bytes());
        }
        for index in 0..20 {
            bytes.extend(test.image(index).unwrap().into_iter().map(pixel));
        }
        let path = folder.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let digits = idx("digits.idx", &|p| (p * 255.0) as u8);
    let inverted = idx("inverted.idx", &|p| 255 - (p * 255.0) as u8);
    let test_file = std::path::PathBuf::from("www/data/t10k-images-idx3-ubyte.gz");
    let os = std::ffi::OsStr::new;
    let vae = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vae"))
            .args(["score", "www/models/conv-latent2.vaew"])
            .args(args)
            .output()
            .unwrap()
    };
    let run = vae(&[
        test_file.as_os_str(),
        inverted.as_os_str(),
        digits.as_os_str(),
        os("--score"),
        os("iw"),
        os("--images"),
        os("10"),
        os("--test-images"),
        os("100"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 31);
    assert!(lines[..30].iter().all(|line| line["score"] == "iw"));
    for index in 0..10 {
        let (own, anew) = (&lines[index]["value"], &lines[20 + index]["value"]);
        let (own, anew) = (own.as_f64().unwrap(), anew.as_f64().unwrap());
        assert!((own - anew).abs() < 1e-3, "{own} {anew}");
    }
    let summary = &lines[30];
    assert_eq!(
        (summary["score"].as_str(), summary["testImages"].as_u64()),
        (Some("iw"), Some(100))
    );
    assert!(summary.get("auroc").is_none(), "{summary}");
    let sets = summary["sets"].as_array().unwrap();
    assert!(sets[0].get("auroc").is_none(), "{summary}");
    assert!(sets[1]["auroc"].as_f64().unwrap() > 0.99, "{summary}");
    let same = sets[2]["auroc"].as_f64().unwrap();
    assert!((same - 0.5).abs() < 0.1, "{summary}");

    let refused = vae(&[digits.as_os_str(), os("--score"), os("nll")]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("score: expected one of elbo"), "{stderr}");
    std::fs::remove_dir_all(folder).unwrap();
}

/// `vae score`: each image's ELBO and percentile among the test digits', and the AUROC of
/// −ELBO between two IDX sets (test digits against the same digits inverted: far apart); a
/// folder without images and an IDX file without images refused by name.
#[test]
fn the_cli_scores_sets_of_images() {
    let folder = std::env::temp_dir().join(format!("vae-score-{}", std::process::id()));
    std::fs::create_dir_all(folder.join("empty")).unwrap();
    let test = common::mnist_test();
    let idx = |name: &str, count: u32, pixel: &dyn Fn(f32) -> u8| {
        let mut bytes = vec![0, 0, 8, 3];
        for dim in [count, 28, 28] {
            bytes.extend(dim.to_be_bytes());
        }
        for index in 0..count as usize {
            bytes.extend(test.image(index).unwrap().into_iter().map(pixel));
        }
        let path = folder.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let digits = idx("digits.idx", 50, &|p| (p * 255.0) as u8);
    let inverted = idx("inverted.idx", 50, &|p| 255 - (p * 255.0) as u8);
    let nothing = idx("nothing.idx", 0, &|_| 0);
    let vae = |args: &[&std::path::Path]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vae"))
            .args(["score", "www/models/conv-latent2.vaew"])
            .args(args)
            .output()
            .unwrap()
    };
    let run = vae(&[&digits, &inverted]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 101);
    let first = &lines[0];
    assert_eq!(
        (first["set"].as_u64(), first["image"].as_str()),
        (Some(1), Some("#0"))
    );
    let percentile = first["percentile"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&percentile), "{first}");
    assert!(lines[50..100].iter().all(|line| line["set"] == 2));
    let summary = &lines[100];
    assert_eq!(summary["testImages"], 10_000);
    assert!(summary["auroc"].as_f64().unwrap() > 0.99, "{summary}");

    for (args, expected) in [
        (vec![folder.join("empty")], "holds no images"),
        (vec![nothing], "holds no images"),
    ] {
        let args: Vec<&std::path::Path> = args.iter().map(|path| path.as_path()).collect();
        let refused = vae(&args);
        assert!(!refused.status.success());
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn restarts_begin_with_the_encoders_answer() {
    pollster::block_on(common::completion::restarts_begin_with_the_encoders_answer(
        &Device::flex(),
    ));
}

#[test]
fn the_measurement_completes_as_the_session_does() {
    pollster::block_on(common::completion::the_measurement_completes_as_the_session_does());
}
