//! `vae`: train, evaluate, sample, infer and benchmark natively, with the same core the browser
//! runs. `cargo run --release --bin vae -- --help` lists the commands.

#[cfg(not(target_family = "wasm"))]
mod cli;

#[cfg(not(target_family = "wasm"))]
fn main() {
    cli::main();
}

// Building the in-browser tests builds every binary of the package for wasm32 as well; the
// command-line tool is native only.
#[cfg(target_family = "wasm")]
fn main() {}
