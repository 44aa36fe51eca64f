#!/usr/bin/env bash
# vae-wasm: one entry point for everything.
#   ./build.sh serve   build the threaded CPU module, serve the site on http://localhost:${PORT:-8080}/
#                      and build the module with every backend behind it (used once it exists)
#   ./build.sh test    every test: native (cargo test), in-browser (wasm-pack test --headless
#                      --chrome) and the page in Chromium; what CI runs
#   ./build.sh build   the WebAssembly modules the page loads (pkg/threads, pkg/full)
#   ./build.sh dist    the site as one folder, dist/, for any static host: build, then the files,
#                      the manifest and the service worker (threads without headers, offline)
#   ./build.sh setup   install what building and testing need (serve and test call it)
#   ./build.sh bench   speed and quality figures, one JSON object per line (--epoch: one epoch)
#   ./build.sh profile where training and decoding spend their time in the browser (CPU;
#                      --threads: the threaded build, every thread)
# Each step is idempotent and installs only what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

# Builds are large (burn + wgpu); keep them outside the checkout so that fresh clones reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/vae-wasm/target}"
export PATH="$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"
# One profile (dev, optimised: see Cargo.toml) for the tests and the page's modules.
wasm_out() { echo "$CARGO_TARGET_DIR/wasm32-unknown-unknown/debug/vae_wasm.wasm"; }
# cargo locks a target directory for a whole build, so the three builds of burn that share
# nothing (native; wasm32; wasm32 with atomics) each get their own, and `test` runs them side by
# side. The threaded build also rebuilds std with atomics and every crate with shared memory:
# in a directory of its own it never invalidates the others. rustc no longer adds the shared-
# memory link arguments by itself (rust-lang/rust#147225); wasm-bindgen's thread transform needs
# them, and wasm-ld needs a maximum for a shared memory (1 GiB: training takes ~300 MB).
THREADS_TARGET_DIR="$CARGO_TARGET_DIR-threads"
NATIVE_TARGET_DIR="$CARGO_TARGET_DIR-native"
# The native command-line tool, which tests/page/native.test.mjs runs.
export VAE_BIN="$NATIVE_TARGET_DIR/debug/vae"
THREADS_RUSTFLAGS="-C target-feature=+atomics,+bulk-memory,+mutable-globals,+simd128 \
-C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=1073741824 \
-C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
-C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a step and says how long it took (CI's time limit is what these add up to).
timed() {
  local name="$1" started=$SECONDS
  shift
  log "$name"
  "$@"
  log "$name: $((SECONDS - started)) s"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

wasm_bindgen_version() {
  # The exact version Cargo.lock pins: the CLI must match the library byte for byte.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

# What building the page needs: the wasm target and the wasm-bindgen CLI.
setup_build() {
  command -v cargo >/dev/null || { echo "cargo is required: https://rustup.rs" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # std's source, to build an atomics-enabled std for the threaded module (-Z build-std).
  if ! rustup component list --installed | grep -q '^rust-src'; then
    log "adding the rust-src component"
    rustup component add rust-src
  fi
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want"
    # Not --locked: the CLI's own lockfile pins a crate version that crates.io no longer has.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# What testing needs besides: wasm-pack, Chromium and ChromeDriver, the page tests' npm packages.
setup_test() {
  setup_build
  if ! command -v wasm-pack >/dev/null; then
    log "installing wasm-pack"
    cargo install wasm-pack --locked
  fi
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing Chromium and ChromeDriver (Debian packages)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # The page in Chinese is measured for overflow and looked at in screenshots: it needs glyphs
  # of their real width (a small CJK font, 5 MB).
  if ! command -v fc-list >/dev/null || ! fc-list :lang=zh | grep -q .; then
    log "installing a Chinese font (Debian package fonts-wqy-microhei)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null
  fi
  # Also when a package was added since they were installed (npm ls fails on a missing one).
  if [ ! -d tests/page/node_modules ] || ! (cd tests/page && npm ls --depth=0 >/dev/null 2>&1); then
    log "installing the page tests' npm packages"
    (cd tests/page && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# wasm-bindgen-rayon 1.3.0's pool workers (its no-bundler helper) still call the module's init
# the old way, positional (module, memory), and wasm-bindgen 0.2.130's init warns of that in the
# console of every pool thread (RReverser/wasm-bindgen-rayon#13 fixed only the bundler helper).
# The same call in the object form the init takes; a later helper without the old call is left
# as it is (and the page tests fail on any console warning).
init_rayon_workers_in_object_form() {
  local helper
  for helper in "$1"/snippets/wasm-bindgen-rayon-*/src/workerHelpers.no-bundler.js; do
    [ -e "$helper" ] || continue
    sed -i 's/pkg\.default(data\.module, data\.memory)/pkg.default({ module_or_path: data.module, memory: data.memory })/' "$helper"
  done
}

# One build of the crate for the page: cargo, then wasm-bindgen (the CLI matching Cargo.lock).
#   $1 = folder under pkg/; $2 = `names` to keep function names (for profiles), `strip` to drop
#   the name and producers sections, which only debuggers and profilers read; then cargo's flags
build_package() {
  local name="$1" sections="$2"
  shift 2
  cargo build --lib --target wasm32-unknown-unknown "$@"
  local strip=(--remove-name-section --remove-producers-section)
  [ "$sections" = names ] && strip=()
  # Into a fresh folder, then swapped in: a page loading meanwhile never sees half a package.
  rm -rf "pkg/.$name"
  wasm-bindgen --target web --out-dir "pkg/.$name" --out-name vae_wasm "${strip[@]}" "$(wasm_out)"
  init_rayon_workers_in_object_form "pkg/.$name"
  rm -rf "pkg/$name"
  mv "pkg/.$name" "pkg/$name"
}

# Two builds of the same code (www/wasm.js picks one at run time): Flex on every core, where the
# page is cross-origin isolated; and every backend (WebGPU, Flex, ndarray) on one thread, for
# WebGPU and ndarray, and for the CPU where the page is not isolated. The second is the build
# plain `wasm-pack test` compiles (default features), so the tests check what the page ships.
build_full() { timed "building pkg/full" build_package full strip; }
# One threaded build: $1 = folder under pkg/, $2 = its sections (see build_package).
build_threaded_package() {
  # Unstable flags on the stable toolchain: -Z build-std is how std gets atomics.
  env CARGO_TARGET_DIR="$THREADS_TARGET_DIR" RUSTC_BOOTSTRAP=1 RUSTFLAGS="$THREADS_RUSTFLAGS" \
    "$0" package "$1" "$2" --no-default-features --features threads -Z build-std=panic_abort,std
}
build_threads() { timed "building pkg/threads" build_threaded_package threads strip; }

build() {
  setup_build
  build_threads
  build_full
}

dist() {
  build
  command -v node >/dev/null || { echo "node (>= 20) is required for dist" >&2; exit 1; }
  node tools/dist.mjs dist
}

serve() {
  setup_build
  # tools/serve.py sends COOP/COEP, so the page runs the CPU on pkg/threads: the smaller and
  # faster to build of the two, it serves first.
  build_threads
  log "serving $ROOT on http://localhost:$PORT/ (WebGPU and ndarray come with pkg/full, built next)"
  python3 tools/serve.py "$PORT" &
  local server=$!
  trap 'kill $server 2>/dev/null' EXIT INT TERM
  build_full || log "pkg/full failed to build: the page runs on the CPU (Flex) only"
  wait "$server"
}

cargo_native() { env CARGO_TARGET_DIR="$NATIVE_TARGET_DIR" cargo "$@"; }
# The native tests run on Flex: wgpu and ndarray stay out of their build (a quarter of it). The
# in-browser tests run the same checks on ndarray and WebGPU, and plain `cargo test` (default
# features) adds ndarray natively.
NATIVE_FEATURES=(--no-default-features)

native_tests() {
  # One test thread: burn's CPU random generator is process-wide, and the determinism tests
  # need it to themselves. Each test still uses every core inside burn.
  timed "native tests (cargo test)" cargo_native test "${NATIVE_FEATURES[@]}" -- --test-threads=1
}

# Stops a process and everything it started.
kill_tree() {
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}

# Runs a step in the background, each line of its output prefixed with its name; `$!` is it.
in_background() {
  local name="$1"
  shift
  ("$@" 2>&1 | sed -u "s/^/[$name] /") &
}

test_all() {
  setup_test
  trap 'for job in $(jobs -p); do kill_tree "$job"; done' EXIT
  # On 2 cores one build of burn leaves a core idle much of the time (long chains of large
  # crates that compile one after another): the native build and the threaded module's build
  # run beside the wasm32 one. Only the page tests, which time frames, run alone.
  local native_lane threads_lane
  in_background native native_tests
  native_lane=$!
  in_background threads build_threads
  threads_lane=$!
  timed "in-browser tests (wasm-pack test --headless --chrome)" wasm-pack test --headless --chrome
  build_full
  wait "$native_lane"
  wait "$threads_lane"
  timed "page tests (headless Chromium)" node --test tests/page/
}

bench() {
  setup_test
  build
  log "native benchmark"
  # The `vae` that the native tests build: `cargo build` alone would be another build of burn
  # (the tests' dev-dependencies change the features of some shared crates).
  cargo_native test "${NATIVE_FEATURES[@]}" --no-run
  "$VAE_BIN" bench
  log "completion: the missing pixels' cross-entropy against the two baselines (halves, 100 test digits)"
  # The full table (every preset, 200 digits, ~40 min here) is docs/measurements.md's command.
  "$VAE_BIN" measure-completion www/models/conv-latent16.vaew --images 100 \
    --masks top-half --masks bottom-half --masks left-half --masks right-half
  log "in-browser benchmark (headless Chromium)"
  node tools/bench.mjs "$@"
}

profile() {
  setup_test
  if [ "${1:-}" = --threads ]; then
    timed "building pkg/profile-threads" build_threaded_package profile-threads names
  else
    timed "building pkg/profile" build_package profile names
  fi
  log "in-browser profile (headless Chromium, V8's sampling profiler in a trace)"
  node tools/profile.mjs "$@"
}

case "${1:-}" in
  setup) setup_test ;;
  build) build ;;
  dist) dist ;;
  serve) serve ;;
  test) test_all ;;
  bench) shift; bench "$@" ;;
  profile) shift; profile "$@" ;;
  package) shift; build_package "$@" ;; # one build, as build_threads runs it in its environment
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
