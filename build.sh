#!/usr/bin/env bash
# vae-wasm: one entry point for everything.
#   ./build.sh setup   install what is missing (wasm target, wasm-pack, wasm-bindgen-cli,
#                      Chromium + ChromeDriver, the page tests' npm packages)
#   ./build.sh build   build the WebAssembly package the page loads (pkg/)
#   ./build.sh serve   build, then serve the site on http://localhost:${PORT:-8080}/
#   ./build.sh test    every test: native, in-browser (wasm-pack), and the page in Chromium
#   ./build.sh bench   speed and quality figures, one JSON object per line
#   ./build.sh profile where training and decoding spend their time in the browser (CPU)
# Each step is idempotent and installs only what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

# Builds are large (burn + wgpu); keep them outside the checkout so that fresh clones reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/vae-wasm/target}"
export PATH="$HOME/.cargo/bin:$PATH"
# The whole in-browser suite trains real models; wasm-bindgen-test's default is 20 s.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}"
PORT="${PORT:-8080}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

wasm_bindgen_version() {
  # The exact version Cargo.lock pins: the CLI must match the library byte for byte.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

setup() {
  command -v cargo >/dev/null || { echo "cargo is required: https://rustup.rs" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! command -v wasm-pack >/dev/null; then
    log "installing wasm-pack"
    cargo install wasm-pack --locked
  fi
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want"
    # Not --locked: the CLI's own lockfile pins a crate version that crates.io no longer has.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing Chromium and ChromeDriver (Debian packages)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if [ ! -d tests/page/node_modules ]; then
    log "installing the page tests' npm packages"
    (cd tests/page && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# One build of the crate for the page: cargo, then wasm-bindgen (the CLI matching Cargo.lock).
#   $1 = folder under pkg/; $2 = `names` to keep function names (for profiles), `strip` to drop
#   the name and producers sections, which only debuggers and profilers read; then cargo's flags
build_package() {
  local name="$1" sections="$2"
  shift 2
  log "building pkg/$name (release wasm)"
  cargo build --lib --release --target wasm32-unknown-unknown "$@"
  local strip=(--remove-name-section --remove-producers-section)
  [ "$sections" = names ] && strip=()
  wasm-bindgen --target web --out-dir "pkg/$name" --out-name vae_wasm "${strip[@]}" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/vae_wasm.wasm"
}

build() {
  setup
  # Two builds of the same code (www/wasm.js picks one at run time): the CPU backends alone,
  # small enough to load at once, and the same plus WebGPU, loaded only where it is used.
  build_package cpu strip --no-default-features
  build_package webgpu strip
}

serve() {
  build
  log "serving $ROOT on http://localhost:$PORT/"
  exec python3 tools/serve.py "$PORT"
}

test_all() {
  setup
  log "native tests (cargo test)"
  # One test thread: burn's CPU random generator is process-wide, and the determinism test needs
  # it to itself. Each test still uses every core inside burn.
  cargo test --release --no-default-features --features cli -- --test-threads=1
  test_wasm
  build
  log "page tests (headless Chromium)"
  node --test tests/page/
}

test_wasm() {
  setup
  log "in-browser tests (wasm-pack test --headless --chrome)"
  # Release, like the site: an unoptimised burn is far too slow to train in a test.
  wasm-pack test --headless --chrome --release
}

bench() {
  build
  log "native benchmark"
  cargo run --release --no-default-features --features cli --bin vae -- bench
  log "in-browser benchmark (headless Chromium)"
  node tests/page/bench.mjs "$@"
}

profile() {
  setup
  build_package profile names --no-default-features
  log "in-browser profile (headless Chromium, DevTools sampling profiler)"
  node tests/page/profile.mjs "$@"
}

case "${1:-}" in
  setup) setup ;;
  build) build ;;
  serve) serve ;;
  test) test_all ;;
  test-wasm) test_wasm ;;
  bench) shift; bench "$@" ;;
  profile) shift; profile "$@" ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
