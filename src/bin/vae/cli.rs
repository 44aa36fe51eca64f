//! The command-line tool: train, evaluate, sample, infer and benchmark natively, through the
//! same core (and, for `infer`, the same `Session`) as the browser.

use std::path::{Path, PathBuf};
use std::time::Instant;

use burn::tensor::{Device, Distribution, Tensor, TensorData};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use vae_wasm::anomaly::{Score, auroc, image_scores, percentile_rank};
use vae_wasm::backend::{self, BackendKind, read_floats};
use vae_wasm::classify::accuracy;
use vae_wasm::completion::{missing_cross_entropies, missing_cross_entropy};
use vae_wasm::config::{ModelKind, VaeConfig};
use vae_wasm::data::{IMAGE_PIXELS, IMAGE_SIDE, Levels, Mnist, one_hot};
use vae_wasm::eval::{
    ACTIVE_KL_NATS, evaluate, evaluate_refined, importance_weighted_log_likelihood,
    latent_statistics, percentile,
};
use vae_wasm::images::{Framing, Polarity, Preprocessing, detect_polarity, to_input};
use vae_wasm::inference;
use vae_wasm::kernels;
use vae_wasm::mask::Preset;
use vae_wasm::model::Vae;
use vae_wasm::session::Session;
use vae_wasm::train::Trainer;
use vae_wasm::weights::{self, DatasetRecord};
use vae_wasm::{dataset, folder};

#[derive(Parser)]
#[command(
    name = "vae",
    version,
    about = "Train and inspect the vae-wasm VAE on MNIST"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a model and write its weights and a per-epoch log.
    Train(TrainArgs),
    /// Test-set ELBO of a weights file and what a model card says of its latent space: each
    /// dimension's KL and σ, the active dimensions (optionally an importance-weighted log p(x));
    /// an autoencoder's reconstruction term.
    Eval(EvalArgs),
    /// Write a PNG grid of prior samples, or of the 2-D latent manifold.
    Sample(SampleArgs),
    /// Training speed and decode latency, one JSON object per line: burn's convolutions and the
    /// crate's (src/kernels) in alternating rounds.
    Bench(BenchArgs),
    /// q(z|x) and the reconstruction of the first test images (a conditional model told their
    /// labels, also printed), as one JSON object: what any other runtime (the browser) must
    /// reproduce from the same weights file.
    Infer(InferArgs),
    /// Complete an image with pixels missing (a test image, or a PNG/JPEG/WebP of a digit): the
    /// mask's preset erases them, q(z|x) is refined on the observed pixels alone, and a PNG
    /// shows the image, what the model saw, the completion, samples from the refined q(z|x) and
    /// each pixel's spread over them; prints the missing pixels' cross-entropy as JSON.
    Complete(CompleteArgs),
    /// "Is this a digit?": each image's ELBO (the encoder's q(z|x), one fixed ε; or another
    /// score, --score) and its percentile among the test digits', one JSON object per line; with
    /// more sets, the AUROC of each flagging it against the first.
    Score(ScoreArgs),
    /// How well completion guesses what is missing: on the first test images, for each mask
    /// preset, the missing pixels' cross-entropy of the completion against two baselines (the
    /// mean training image; the encoder's reconstruction of the masked image), one JSON object
    /// per preset.
    MeasureCompletion(MeasureCompletionArgs),
}

#[derive(Args)]
struct Common {
    /// Folder with the four MNIST IDX files (gzip).
    #[arg(long, default_value = "www/data")]
    data: PathBuf,
    /// cpu (Flex), ndarray, or wgpu (in builds with the default `webgpu` feature).
    #[arg(long, default_value = "cpu")]
    backend: String,
}

#[derive(Args)]
struct TrainArgs {
    /// A folder of IDX files (gzip or raw; an images file, optionally its labels, optionally
    /// the same for testing: "t10k" or "test" in their names), as www/data holds MNIST's, or a
    /// folder of images (PNG, JPEG, WebP; labels from sub-folders). Without a test split a
    /// tenth chosen with the seed is held out for testing.
    #[arg(long, default_value = "www/data")]
    data: PathBuf,
    /// The dataset's name, as the weights record it (default: the folder's name; "MNIST" for
    /// www/data).
    #[arg(long)]
    name: Option<String>,
    /// cpu (Flex), ndarray, or wgpu (in builds with the default `webgpu` feature).
    #[arg(long, default_value = "cpu")]
    backend: String,
    /// A folder of images: crop each to its ink and centre it (`ink`, as MNIST), or resize the
    /// whole image (`whole`).
    #[arg(long, value_enum, default_value_t = FramingArg::Ink)]
    framing: FramingArg,
    /// A folder of images: which tone is the ink; `auto` detects it from the images' borders.
    #[arg(long, value_enum, default_value_t = PolarityArg::Auto)]
    polarity: PolarityArg,
    /// A folder of images: binarise at ½ (`binary`, as MNIST) or keep grey levels (`grey`).
    #[arg(long, value_enum, default_value_t = LevelsArg::Binary)]
    levels: LevelsArg,
    #[arg(long, value_enum, default_value_t = VaeConfig::default().kind)]
    kind: ModelKind,
    #[arg(long, default_value_t = VaeConfig::default().latent_dim)]
    latent_dim: usize,
    #[arg(long, default_value_t = VaeConfig::default().beta)]
    beta: f64,
    /// KL warm-up: the KL weight rises linearly from 0 to β over this many first steps.
    #[arg(long, default_value_t = VaeConfig::default().warmup_steps)]
    warmup_steps: u64,
    #[arg(long, default_value_t = VaeConfig::default().learning_rate)]
    lr: f64,
    #[arg(long, default_value_t = VaeConfig::default().batch_size)]
    batch_size: usize,
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    #[arg(long, default_value_t = VaeConfig::default().seed)]
    seed: u64,
    /// Divide the learning rate by 10 over the run (cosine), which gains a few nats.
    #[arg(long)]
    anneal: bool,
    /// Start from these weights instead of a fresh model (same kind and latent size as the
    /// flags say); the optimiser state starts afresh.
    #[arg(long)]
    init: Option<PathBuf>,
    /// Train only the encoder, keeping the decoder of `--init` fixed: narrows the amortisation
    /// gap (`vae eval --refine-steps`) of a trained model.
    #[arg(long, requires = "init")]
    freeze_decoder: bool,
    /// Run the convolutions with burn's own operations instead of the crate's (src/kernels),
    /// e.g. to check that both train to the same figures.
    #[arg(long)]
    burn_convolutions: bool,
    /// Where to write the weights.
    #[arg(long)]
    out: PathBuf,
    /// Where to write the per-epoch log (JSON); defaults to the weights path with .json.
    #[arg(long)]
    log: Option<PathBuf>,
}

#[derive(Args)]
struct EvalArgs {
    #[command(flatten)]
    common: Common,
    weights: PathBuf,
    /// Also estimate log p(x) by importance sampling with this many samples per image.
    #[arg(long, default_value_t = 0)]
    iw_samples: usize,
    /// Also report the ELBO with each image's posterior refined by this many Adam steps
    /// (decoder fixed): the gap to the plain ELBO is the encoder's amortisation gap.
    #[arg(long, default_value_t = 0)]
    refine_steps: usize,
    /// Which images: the 10,000 test images or the 60,000 training images.
    #[arg(long, value_enum, default_value = "test")]
    split: SplitArg,
    /// For a conditional model: draws of ε per image and digit when it classifies the images
    /// by their ELBOs (ŷ = argmax_y ELBO(x, y)); 0 leaves the accuracy out.
    #[arg(long, default_value_t = vae_wasm::classify::SAMPLES)]
    classify_samples: usize,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FramingArg {
    Ink,
    Whole,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PolarityArg {
    Auto,
    DarkOnLight,
    LightOnDark,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LevelsArg {
    Binary,
    Grey,
}

impl TrainArgs {
    fn preprocessing(&self) -> Preprocessing {
        Preprocessing {
            framing: match self.framing {
                FramingArg::Ink => Framing::Ink,
                FramingArg::Whole => Framing::Whole,
            },
            polarity: match self.polarity {
                PolarityArg::Auto => None,
                PolarityArg::DarkOnLight => Some(Polarity::DarkOnLight),
                PolarityArg::LightOnDark => Some(Polarity::LightOnDark),
            },
            levels: match self.levels {
                LevelsArg::Binary => Levels::Binary,
                LevelsArg::Grey => Levels::Grey,
            },
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SplitArg {
    Test,
    Train,
}

#[derive(Args)]
struct SampleArgs {
    #[arg(long, default_value = "cpu")]
    backend: String,
    weights: PathBuf,
    /// Where to write the grid, as a PNG.
    #[arg(long)]
    out: PathBuf,
    /// Images per side of the grid.
    #[arg(long, default_value_t = 10)]
    grid: usize,
    /// Decode an evenly spaced grid over [-3, 3]² of the first two latent dimensions instead
    /// of random prior samples.
    #[arg(long)]
    manifold: bool,
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

#[derive(Args)]
struct InferArgs {
    #[command(flatten)]
    common: Common,
    weights: PathBuf,
    /// How many test images, from the first.
    #[arg(long, default_value_t = 8)]
    count: usize,
    /// Refine each image's q(z|x) with this many gradient steps, as the page's drawing panel does.
    #[arg(long, default_value_t = 0)]
    refine_steps: usize,
}

#[derive(Args)]
struct CompleteArgs {
    #[command(flatten)]
    common: Common,
    weights: PathBuf,
    /// Which test image (from 0), when no --image is given.
    #[arg(long, default_value_t = 0)]
    index: usize,
    /// An image file of a digit instead (its ink cropped and centred as MNIST's, binarised).
    #[arg(long)]
    image: Option<PathBuf>,
    /// What is missing: top-half, bottom-half, left-half, right-half, centre-square, random-50,
    /// random-75, random-90 (that share of the pixels), 7x7 or 14x14 (a lower resolution).
    #[arg(long)]
    mask: String,
    /// Chooses the random presets' pixels (as the page's seed does).
    #[arg(long, default_value_t = 0)]
    seed: u32,
    /// Refinement steps of q(z|x) on the observed pixels (0: the encoder's, on the masked image).
    #[arg(long, default_value_t = 100)]
    steps: usize,
    /// Draws from the refined q(z|x) shown beside the completion.
    #[arg(long, default_value_t = 6)]
    samples: usize,
    /// For a conditional model: the digit to complete it as (default: a test image's label).
    #[arg(long)]
    label: Option<u8>,
    /// Where to write the PNG.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
struct ScoreArgs {
    #[command(flatten)]
    common: Common,
    weights: PathBuf,
    /// A folder of images (PNG, JPEG, WebP: ink cropped and centred as MNIST's, binarised, as
    /// `vae train --data` reads them) or an IDX images file (gzip or raw).
    set: PathBuf,
    /// More sets: the AUROC of each (of −score) flagging its images against the first set's.
    outliers: Vec<PathBuf>,
    /// Which number says how digit-like an image is: elbo (the encoder's q(z|x), one fixed ε),
    /// refined (q(z|x) refined by 50 Adam steps, the same ε), iw (importance-weighted log p(x),
    /// 64 draws), complexity (the ELBO plus the image's compressed size in nats: Serrà et al.),
    /// iw-complexity (iw plus the same).
    #[arg(long, default_value = "elbo")]
    score: String,
    /// Score only each set's first this many images.
    #[arg(long)]
    images: Option<usize>,
    /// The test digits the percentiles are among: the first this many.
    #[arg(long, default_value_t = 10_000)]
    test_images: usize,
}

#[derive(Args)]
struct MeasureCompletionArgs {
    #[command(flatten)]
    common: Common,
    weights: PathBuf,
    /// How many test images, from the first.
    #[arg(long, default_value_t = 1000)]
    images: usize,
    /// Refinement steps of each completion.
    #[arg(long, default_value_t = 100)]
    steps: usize,
    /// Only these presets (all when none is named).
    #[arg(long)]
    masks: Vec<String>,
}

#[derive(Args)]
struct BenchArgs {
    #[command(flatten)]
    common: Common,
    /// Training steps per round.
    #[arg(long, default_value_t = 20)]
    steps: usize,
    /// Rounds of burn's convolutions and the crate's, alternating.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

pub fn main() {
    let cli = Cli::parse();
    let outcome = pollster::block_on(async {
        match cli.command {
            Command::Train(args) => train(args).await,
            Command::Eval(args) => eval(args).await,
            Command::Sample(args) => sample(args).await,
            Command::Bench(args) => bench(args).await,
            Command::Infer(args) => infer(args).await,
            Command::Complete(args) => complete(args).await,
            Command::Score(args) => score(args).await,
            Command::MeasureCompletion(args) => measure_completion(args).await,
        }
    });
    if let Err(error) = outcome {
        eprintln!("vae: {error}");
        std::process::exit(1);
    }
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

async fn device(name: &str) -> Result<Device, vae_wasm::VaeError> {
    backend::device(name.parse::<BackendKind>()?).await
}

fn load_split(folder: &Path, split: &str) -> Result<Mnist, Box<dyn std::error::Error>> {
    let read = |kind: &str| {
        let path = folder.join(format!("{split}-{kind}.gz"));
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    Ok(Mnist::from_idx(
        &read("images-idx3-ubyte")?,
        Some(&read("labels-idx1-ubyte")?),
    )?)
}

/// Training and test images, and the record the weights keep of them: IDX files when the
/// folder holds some (read as [`dataset::read_idx_files`] sorts them), otherwise its images
/// made into inputs with the person's choices; without a test split a tenth held out (chosen
/// with `seed`) for testing.
fn training_data(args: &TrainArgs) -> Result<TrainingData, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let idx_files: Vec<PathBuf> = std::fs::read_dir(&args.data)
        .map_err(|e| format!("{}: {e}", args.data.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().to_lowercase().contains("idx"))
        })
        .collect();
    let folder_name = std::fs::canonicalize(&args.data)?.file_name().map_or_else(
        || args.data.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let (all, test, label_names, preprocessing) = if idx_files.is_empty() {
        let folder = folder::read_folder(&args.data, &args.preprocessing())?;
        let preprocessing = Some(folder.preprocessing);
        (folder.inputs, None, folder.label_names, preprocessing)
    } else {
        let contents = idx_files
            .iter()
            .map(|path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display())))
            .collect::<Result<Vec<_>, _>>()?;
        let names: Vec<String> = idx_files
            .iter()
            .map(|path| {
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let files: Vec<(&str, &[u8])> = names
            .iter()
            .map(String::as_str)
            .zip(contents.iter().map(Vec::as_slice))
            .collect();
        let splits = dataset::read_idx_files(&files)?;
        (
            splits.train,
            splits.test,
            Vec::new(),
            dataset::idx_preprocessing(args.preprocessing().levels),
        )
    };
    let total = all.len();
    let held_out = test.is_none();
    let (train, test) = match test {
        Some(test) => (all, test),
        None => all.hold_out(args.seed)?,
    };
    let levels = preprocessing.map_or(Levels::Binary, |how| how.levels);
    let name = args.name.clone().unwrap_or_else(|| {
        if args.data == Path::new("www/data") {
            DatasetRecord::mnist().name
        } else {
            folder_name
        }
    });
    let record = DatasetRecord {
        name,
        images: train.len(),
        preprocessing,
        label_names: label_names.clone(),
    };
    eprintln!(
        "{}",
        serde_json::json!({
            "data": args.data.display().to_string(),
            "images": total,
            "classes": label_names,
            "preprocessing": preprocessing,
            "train": train.len(),
            "test": test.len(),
            "heldOut": held_out,
            "readSeconds": started.elapsed().as_secs_f64(),
        })
    );
    let train = Mnist::from_pixels(train.pixels, train.labels, levels)?;
    let test = Mnist::from_pixels(test.pixels, test.labels, levels)?;
    Ok((train, test, record))
}

/// The training split, the test split, and what the weights record of them.
type TrainingData = (Mnist, Mnist, DatasetRecord);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EpochLog {
    epoch: usize,
    train_loss: f64,
    test_reconstruction: f64,
    /// A VAE's (an autoencoder has no KL and no ELBO).
    #[serde(skip_serializing_if = "Option::is_none")]
    test_kl: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_elbo: Option<f64>,
    /// A conditional model's accuracy as a classifier on the first 1,000 test images (one draw
    /// of ε per digit, as the page measures it after each epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    test_accuracy: Option<f64>,
    seconds: f64,
    images_per_second: f64,
}

/// Test images a conditional model classifies after each epoch (all 10,000 take minutes).
const EPOCH_ACCURACY_IMAGES: usize = 1000;

async fn train(args: TrainArgs) -> CliResult {
    kernels::set_own_kernels(!args.burn_convolutions);
    let device = device(&args.backend).await?;
    let (train_set, test_set, record) = training_data(&args)?;
    let config = VaeConfig {
        kind: args.kind,
        latent_dim: args.latent_dim,
        beta: args.beta,
        warmup_steps: args.warmup_steps,
        learning_rate: args.lr,
        batch_size: args.batch_size,
        seed: args.seed,
    };
    config.validate()?;
    device.seed(config.seed);
    let model = match &args.init {
        None => Vae::new(&config, &device),
        Some(path) => {
            let (model, from) = weights::load(&std::fs::read(path)?, &device).await?;
            config
                .check_same_architecture(&from)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            model
        }
    };
    let model = if args.freeze_decoder {
        model.with_frozen_decoder()
    } else {
        model
    };
    let mut trainer = Trainer::new(config.clone(), model, &device, train_set.len())?;
    let steps_per_epoch = train_set.len() / config.batch_size;
    if steps_per_epoch == 0 {
        return Err(format!(
            "{} training images are fewer than one batch ({})",
            train_set.len(),
            config.batch_size
        )
        .into());
    }
    let log_path = args.log.unwrap_or_else(|| args.out.with_extension("json"));
    let mut log = Vec::new();
    let started = Instant::now();
    // Chunks of this many steps between progress updates (one device read each).
    const CHUNK: usize = 25;
    for epoch in 1..=args.epochs {
        let bar = ProgressBar::new(steps_per_epoch as u64).with_style(
            ProgressStyle::with_template(
                "epoch {prefix} [{bar:30}] {pos}/{len} steps · {msg} · eta {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_prefix(format!("{epoch}/{}", args.epochs));
        let epoch_started = Instant::now();
        let (mut done, mut loss_sum) = (0, 0.0);
        while done < steps_per_epoch {
            if args.anneal {
                let progress = ((epoch - 1) * steps_per_epoch + done) as f64
                    / (args.epochs * steps_per_epoch) as f64;
                let factor = 0.1 + 0.9 * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos());
                trainer.update_config(VaeConfig {
                    learning_rate: config.learning_rate * factor,
                    ..config.clone()
                })?;
            }
            let steps = CHUNK.min(steps_per_epoch - done);
            let report = trainer.train_steps(&train_set, steps).await?;
            done += steps;
            loss_sum += report.objective * steps as f64;
            let rate = (done * config.batch_size) as f64 / epoch_started.elapsed().as_secs_f64();
            bar.set_position(done as u64);
            bar.set_message(format!("loss {:.2} · {:.0} img/s", report.objective, rate));
        }
        bar.finish_and_clear();
        let seconds = epoch_started.elapsed().as_secs_f64();
        let test = evaluate(&trainer.model(), &test_set, &device).await?;
        let test_accuracy = if config.kind.is_conditional() {
            let some = test_set.take(EPOCH_ACCURACY_IMAGES);
            Some(accuracy(&trainer.model(), &some, 1, &device).await?)
        } else {
            None
        };
        let entry = EpochLog {
            epoch,
            train_loss: loss_sum / steps_per_epoch as f64,
            test_reconstruction: test.reconstruction,
            test_kl: test.kl,
            test_elbo: test.elbo,
            test_accuracy,
            seconds,
            images_per_second: (steps_per_epoch * config.batch_size) as f64 / seconds,
        };
        println!("{}", serde_json::to_string(&entry)?);
        log.push(entry);
        std::fs::write(
            &args.out,
            weights::save(&trainer.model(), trainer.config(), &record).await?,
        )?;
        std::fs::write(&log_path, serde_json::to_string_pretty(&log)?)?;
    }
    eprintln!(
        "trained {} epochs in {:.0} s; weights: {}, log: {}",
        args.epochs,
        started.elapsed().as_secs_f64(),
        args.out.display(),
        log_path.display()
    );
    Ok(())
}

async fn eval(args: EvalArgs) -> CliResult {
    let device = device(&args.common.backend).await?;
    let (model, config) = weights::load(&std::fs::read(&args.weights)?, &device).await?;
    let (split, file_prefix) = match args.split {
        SplitArg::Test => ("test", "t10k"),
        SplitArg::Train => ("train", "train"),
    };
    let images = load_split(&args.common.data, file_prefix)?;
    let statistics = latent_statistics(&model, &images, &device).await?;
    let mut out = serde_json::json!({
        "weights": args.weights.display().to_string(),
        "config": config,
        "split": split,
    });
    // images, reconstruction; a VAE's kl, elbo, klPerDim, sigmaPerDim and activeDims.
    if let (Some(out), serde_json::Value::Object(figures)) =
        (out.as_object_mut(), serde_json::to_value(&statistics)?)
    {
        out.extend(figures);
    }
    if statistics.dimensions.is_some() {
        out["activeKlNats"] = ACTIVE_KL_NATS.into();
    } else {
        out["noElbo"] = "no ELBO: an autoencoder has no posterior (no KL, no σ)".into();
    }
    if args.iw_samples > 0 {
        let log_px =
            importance_weighted_log_likelihood(&model, &images, args.iw_samples, &device).await?;
        out["iwSamples"] = args.iw_samples.into();
        out["logPx"] = log_px.into();
    }
    if args.refine_steps > 0 {
        let refined = evaluate_refined(&model, &images, args.refine_steps, &device).await?;
        out["refineSteps"] = args.refine_steps.into();
        out["refinedElbo"] = refined.elbo.into();
        out["refinedKl"] = refined.kl.into();
    }
    if config.kind.is_conditional() && args.classify_samples > 0 {
        let started = Instant::now();
        out["accuracy"] = accuracy(&model, &images, args.classify_samples, &device)
            .await?
            .into();
        out["classifySamples"] = args.classify_samples.into();
        out["classifySeconds"] = started.elapsed().as_secs_f64().into();
    }
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}

async fn sample(args: SampleArgs) -> CliResult {
    let device = device(&args.backend).await?;
    let (model, config) = weights::load(&std::fs::read(&args.weights)?, &device).await?;
    let n = args.grid.clamp(1, 64);
    let latents = if args.manifold {
        let mut values = Vec::with_capacity(n * n * config.latent_dim);
        for row in 0..n {
            for col in 0..n {
                let at = |i: usize| {
                    if n == 1 {
                        0.0
                    } else {
                        -3.0 + 6.0 * i as f32 / (n - 1) as f32
                    }
                };
                let mut z = vec![0.0f32; config.latent_dim];
                z[0] = at(col);
                if config.latent_dim > 1 {
                    z[1] = -at(row);
                }
                values.extend(z);
            }
        }
        Tensor::from_data(TensorData::new(values, [n * n, config.latent_dim]), &device)
    } else {
        device.seed(args.seed);
        Tensor::<2>::random(
            [n * n, config.latent_dim],
            Distribution::Normal(0.0, 1.0),
            &device,
        )
    };
    // A conditional model writes row r as the digit r (mod 10).
    let labels = model.is_conditional().then(|| {
        let digits: Vec<u8> = (0..n * n).map(|i| ((i / n) % 10) as u8).collect();
        one_hot(&digits, &device)
    });
    let pixels = read_floats(model.decode(latents, labels)).await?;
    write_grid(&args.out, &pixels, n)
}

/// Images of 784 probabilities each (ink 1, paper 0), `columns` per row, as a PNG of dark ink
/// on white paper.
fn write_grid(out: &Path, pixels: &[f32], columns: usize) -> CliResult {
    let rows = pixels.len().div_ceil(IMAGE_PIXELS * columns);
    let (width, height) = (columns * IMAGE_SIDE, rows * IMAGE_SIDE);
    let grid: Vec<u8> = (0..width * height)
        .map(|i| {
            let (x, y) = (i % width, i / width);
            let (col, row) = (x / IMAGE_SIDE, y / IMAGE_SIDE);
            let (px, py) = (x % IMAGE_SIDE, y % IMAGE_SIDE);
            let index = (row * columns + col) * IMAGE_PIXELS + py * IMAGE_SIDE + px;
            let value = pixels.get(index).copied().unwrap_or(0.0);
            255 - (value.clamp(0.0, 1.0) * 255.0).round() as u8
        })
        .collect();
    let file = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut png = png::Encoder::new(file, width as u32, height as u32);
    png.set_color(png::ColorType::Grayscale);
    png.set_depth(png::BitDepth::Eight);
    png.write_header()?.write_image_data(&grid)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// A set of images to score, and each image's name: a folder's files by their paths, an IDX
/// file's images by their index.
fn read_set(path: &Path) -> Result<(Mnist, Vec<String>), Box<dyn std::error::Error>> {
    if path.is_dir() {
        let read = folder::read_folder(path, &Preprocessing::default())?;
        // Scored as images, not as classes: the sub-folders' labels are not digits.
        let set = Mnist::from_pixels(read.inputs.pixels, None, read.preprocessing.levels)?;
        return Ok((set, read.files));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let set = Mnist::from_idx(&bytes, None).map_err(|e| e.within(&path.display().to_string()))?;
    let names = (0..set.len()).map(|i| format!("#{i}")).collect();
    Ok((set, names))
}

async fn score(args: ScoreArgs) -> CliResult {
    let score: Score = args.score.parse()?;
    let device = device(&args.common.backend).await?;
    let (model, _) = weights::load(&std::fs::read(&args.weights)?, &device).await?;
    let test_file = args.common.data.join("t10k-images-idx3-ubyte.gz");
    let test_set = load_split(&args.common.data, "t10k")?;
    let test_set = test_set.take(args.test_images.min(test_set.len()));
    let test_scores = image_scores(&model, &test_set, score, &device).await?;
    let mut test = test_scores.clone();
    test.sort_by(f64::total_cmp);
    let mut sets = vec![];
    let paths = std::iter::once(&args.set).chain(&args.outliers);
    for (which, path) in (1usize..).zip(paths) {
        let (set, names) = read_set(path)?;
        let count = args.images.unwrap_or(usize::MAX).min(set.len());
        let set = set.take(count);
        // The test digits themselves: their scores are already known.
        let same_file = matches!(
            (path.canonicalize(), test_file.canonicalize()),
            (Ok(a), Ok(b)) if a == b
        );
        let values = if same_file && count <= test_scores.len() {
            test_scores[..count].to_vec()
        } else {
            image_scores(&model, &set, score, &device).await?
        };
        for (name, value) in names.iter().zip(&values) {
            let mut line = serde_json::json!({
                "set": which,
                "image": name,
                "score": score.name(),
                "value": value,
                "percentile": percentile_rank(&test, *value),
            });
            if score == Score::Elbo {
                line["elbo"] = (*value).into();
            }
            println!("{line}");
        }
        sets.push((path.display().to_string(), values));
    }
    let mut summary = serde_json::json!({
        "score": score.name(),
        "testImages": test.len(),
        "testMedian": percentile(&test, 50.0),
    });
    if score == Score::Elbo {
        summary["testMedianElbo"] = percentile(&test, 50.0).into();
    }
    let inliers = &sets[0].1;
    let mut entries = vec![];
    for (index, (path, values)) in sets.iter().enumerate() {
        let mut ranks: Vec<f64> = values.iter().map(|&v| percentile_rank(&test, v)).collect();
        ranks.sort_by(f64::total_cmp);
        let mut entry = serde_json::json!({
            "path": path,
            "images": values.len(),
            "medianPercentile": percentile(&ranks, 50.0),
        });
        if index > 0 {
            entry["auroc"] = auroc(inliers, values)?.into();
        }
        entries.push(entry);
    }
    if let [_, second] = &entries[..] {
        summary["auroc"] = second["auroc"].clone();
    }
    summary["sets"] = entries.into();
    println!("{summary}");
    Ok(())
}

async fn measure_completion(args: MeasureCompletionArgs) -> CliResult {
    // Every name checked before anything is loaded.
    let chosen = args
        .masks
        .iter()
        .map(|name| name.parse::<Preset>())
        .collect::<Result<Vec<_>, _>>()?;
    let device = device(&args.common.backend).await?;
    let (model, _) = weights::load(&std::fs::read(&args.weights)?, &device).await?;
    let test = load_split(&args.common.data, "t10k")?;
    let test = test.take(args.images.clamp(1, test.len()));
    let train = load_split(&args.common.data, "train")?;
    // The first baseline: every missing pixel guessed as the training images' mean there.
    let mut mean_image = vec![0.0f64; IMAGE_PIXELS];
    for index in 0..train.len() {
        for (sum, pixel) in mean_image
            .iter_mut()
            .zip(train.image(index).unwrap_or_default())
        {
            *sum += f64::from(pixel);
        }
    }
    let mean_image: Vec<f32> = mean_image
        .iter()
        .map(|sum| (sum / train.len() as f64) as f32)
        .collect();
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len() as f64;
    for preset in Preset::ALL {
        let started = Instant::now();
        if !chosen.is_empty() && !chosen.contains(&preset) {
            continue;
        }
        let completion =
            missing_cross_entropies(&model, &test, preset, args.steps, &device).await?;
        let encoder = missing_cross_entropies(&model, &test, preset, 0, &device).await?;
        let (mut baseline, mut missing) = (vec![], 0);
        for index in 0..test.len() {
            let observed = preset.mask(index as u64);
            let image = test.image(index).unwrap_or_default();
            baseline.push(missing_cross_entropy(&mean_image, &image, &observed));
            missing += observed.iter().filter(|&&o| o == 0.0).count();
        }
        let line = serde_json::json!({
            "mask": preset.name(),
            "images": test.len(),
            "steps": args.steps,
            "missingPixels": missing as f64 / test.len() as f64,
            "completion": mean(&completion.at_mean),
            "completionPredictive": mean(&completion.predictive),
            "completionRestarted": mean(&completion.restarted),
            "encoder": mean(&encoder.at_mean),
            "encoderPredictive": mean(&encoder.predictive),
            "meanImage": mean(&baseline),
            "seconds": started.elapsed().as_secs_f64(),
        });
        println!("{line}");
    }
    Ok(())
}

async fn complete(args: CompleteArgs) -> CliResult {
    let backend = args.common.backend.parse::<BackendKind>()?;
    let mut session = Session::new(VaeConfig::default(), Some(backend)).await?;
    session.load_weights(&std::fs::read(&args.weights)?).await?;
    let preset: Preset = args.mask.parse()?;
    let (image, label) = match &args.image {
        Some(path) => {
            let grey = folder::read_image(path, &mut 0)
                .map_err(|e| e.within(&path.display().to_string()))?;
            let polarity = detect_polarity(std::slice::from_ref(&grey));
            (
                to_input(&grey, polarity, Framing::Ink, Levels::Binary)?,
                args.label,
            )
        }
        None => {
            let test_set = load_split(&args.common.data, "t10k")?;
            let image = test_set.image(args.index).ok_or_else(|| {
                format!(
                    "--index {}: the test set has {} images",
                    args.index,
                    test_set.len()
                )
            })?;
            let own = test_set.labels().map(|labels| labels[args.index]);
            let conditional = session.config().kind.is_conditional();
            (image, args.label.or(own.filter(|_| conditional)))
        }
    };
    let observed = preset.mask(u64::from(args.seed));
    let completed = session
        .complete(&image, &observed, args.steps, args.samples, label)
        .await?;
    // What the model saw: the observed pixels, the missing ones half grey.
    let seen: Vec<f32> = image
        .iter()
        .zip(&observed)
        .map(|(&x, &o)| if o == 1.0 { x } else { 0.5 })
        .collect();
    // The spread is at most ½ (a pixel drawn 0 and 1 equally often): doubled to fill the scale.
    let spread: Vec<f32> = completed.spread.iter().map(|s| 2.0 * s).collect();
    let strip: Vec<f32> = [&image, &seen, &completed.completion]
        .into_iter()
        .flatten()
        .chain(&completed.samples)
        .chain(&spread)
        .copied()
        .collect();
    write_grid(&args.out, &strip, strip.len() / IMAGE_PIXELS)?;
    let missing = observed.iter().filter(|&&o| o == 0.0).count();
    let bce = missing_cross_entropy(&completed.completion, &image, &observed);
    let out = serde_json::json!({
        "mask": preset.name(),
        "missingPixels": missing,
        "steps": args.steps,
        "label": label,
        "missingCrossEntropy": bce,
        "missingCrossEntropyPerPixel": bce / missing as f64,
        "png": "image | what the model saw (missing: grey) | completion | samples | spread (×2)",
    });
    println!("{out}");
    Ok(())
}

async fn infer(args: InferArgs) -> CliResult {
    let backend = args.common.backend.parse::<BackendKind>()?;
    let mut session = Session::new(VaeConfig::default(), Some(backend)).await?;
    session.load_weights(&std::fs::read(&args.weights)?).await?;
    let test_set = load_split(&args.common.data, "t10k")?;
    let count = args.count.clamp(1, test_set.len());
    // A conditional model is told each test image's digit.
    let labels = session
        .config()
        .kind
        .is_conditional()
        .then(|| test_set.labels().map(|labels| labels[..count].to_vec()))
        .flatten();
    let (mut means, mut log_vars, mut reconstructions, mut scores) =
        (vec![], vec![], vec![], vec![]);
    for index in 0..count {
        let image = test_set
            .image(index)
            .ok_or("the test split is shorter than --count")?;
        let label = labels.as_ref().map(|labels| labels[index]);
        let inference = session.infer(&image, args.refine_steps, label).await?;
        means.push(inference.mean);
        log_vars.extend(inference.log_var);
        reconstructions.push(inference.reconstruction);
        scores.push(inference.elbo);
    }
    let mut out = serde_json::json!({
        "labels": labels,
        "means": means,
        "reconstructions": reconstructions,
    });
    // A VAE's log-variances and ELBOs; an autoencoder has neither, only its reconstruction terms.
    if session.config().kind.has_posterior() {
        out["logVars"] = log_vars.into();
        out["elbos"] = scores
            .iter()
            .map(|score| score.elbo)
            .collect::<Vec<_>>()
            .into();
    } else {
        out["reconstructionTerms"] = scores
            .iter()
            .map(|score| score.reconstruction)
            .collect::<Vec<_>>()
            .into();
    }
    println!("{out}");
    Ok(())
}

/// The refinement steps of the drawing panel's update that the benchmarks time (the page's).
const REFINED_UPDATE_STEPS: usize = 50;

async fn bench(args: BenchArgs) -> CliResult {
    let backend = &args.common.backend;
    let device = device(backend).await?;
    let data = load_split(&args.common.data, "t10k")?;
    // burn's convolutions and the crate's (src/kernels) in alternating rounds of the same run,
    // so that both meet the same machine load; the figures are the rounds' medians.
    let kernel_choices = [("burn", false), ("own", true)];
    for batch_size in [32, 128] {
        let config = VaeConfig {
            batch_size,
            ..VaeConfig::default()
        };
        let mut trainer = Trainer::new(
            config.clone(),
            Vae::new(&config, &device),
            &device,
            data.len(),
        )?;
        let mut rates = vec![Vec::new(); kernel_choices.len()];
        for _ in 0..args.rounds {
            for ((_, own), rates) in kernel_choices.iter().zip(&mut rates) {
                kernels::set_own_kernels(*own);
                trainer.train_steps(&data, 3).await?; // warm-up: buffers, caches
                let started = Instant::now();
                trainer.train_steps(&data, args.steps).await?;
                let seconds = started.elapsed().as_secs_f64();
                rates.push((args.steps * batch_size) as f64 / seconds);
            }
        }
        for ((name, _), rates) in kernel_choices.iter().zip(rates) {
            println!(
                "{}",
                serde_json::json!({
                    "where": "native", "backend": backend, "kernels": name,
                    "metric": "train_images_per_second", "batchSize": batch_size,
                    "steps": args.steps, "rounds": args.rounds, "value": median(rates),
                })
            );
        }
    }
    let model = Vae::new(&VaeConfig::default(), &device);
    let image = data.image(0).ok_or("the test split is empty")?;
    let image = Tensor::<2>::from_data(TensorData::new(image, [1, IMAGE_PIXELS]), &device);
    let mut decode_times = vec![Vec::new(); kernel_choices.len()];
    let mut roundtrip_times = vec![Vec::new(); kernel_choices.len()];
    // The drawing panel's update (the page's `drawing_update_ms_median`), refined by 50 steps.
    let mut update_times = vec![Vec::new(); kernel_choices.len()];
    for round in 0..100 {
        for (k, (_, own)) in kernel_choices.iter().enumerate() {
            kernels::set_own_kernels(*own);
            let z = Tensor::<2>::from_data(TensorData::new(vec![0.5f32, -0.25], [1, 2]), &device);
            let started = Instant::now();
            // As the page's decode of one point runs (`Session::decode_batch`).
            read_floats(kernels::sharing_one_image(1, || model.decode(z, None))).await?;
            decode_times[k].push(started.elapsed().as_secs_f64() * 1e3);
            let started = Instant::now();
            read_floats(model.decode(model.encode(image.clone(), None).point(), None)).await?;
            roundtrip_times[k].push(started.elapsed().as_secs_f64() * 1e3);
            if round % 2 == 0 {
                let started = Instant::now();
                inference::infer(&model, image.clone(), None, REFINED_UPDATE_STEPS).await?;
                update_times[k].push(started.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    kernels::set_own_kernels(true);
    for (metric, times) in [
        ("decode_ms_median", decode_times),
        ("encode_decode_ms_median", roundtrip_times),
        ("refined_update_ms_median", update_times),
    ] {
        for ((name, _), times) in kernel_choices.iter().zip(times) {
            println!(
                "{}",
                serde_json::json!({"where": "native", "backend": backend, "kernels": name, "metric": metric, "value": median(times)})
            );
        }
    }
    Ok(())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
