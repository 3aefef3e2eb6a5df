#!/usr/bin/env bash
# The tuning experiments recorded in BENCHMARKS.md: each variant is built into its own directory,
# its first-load size measured, and the render figures run against it (BENCH_ONLY, 7 runs).
# Usage: bench/experiments.sh   (after scripts/setup; about 25 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
build_demo_api
variant() {
  local name="$1"; shift
  local dir="/tmp/audit-bench-$name"
  echo "== $name: trunk build --release $*"
  trunk build --release --dist "$dir" --public-url / "$@" > /dev/null
  node scripts/externalize-boot.mjs "$dir" / > /dev/null
  node e2e/size-budget.mjs "$dir" 2>/dev/null | head -1 || true
  BENCH_DIST="$dir" BENCH_ONLY=cold,next100,next500,detail BENCH_RUNS="${BENCH_RUNS:-7}" node bench/ui.mjs 2>/dev/null
}
variant baseline-z
variant opt-level-s --cargo-profile release-s
variant serde-wasm-bindgen --features decode-swb
# wasm-opt at -O3 (speed) instead of -Oz: index.html's data-wasm-opt, in a copy.
cp index.html /tmp/index.html.keep
sed -i 's/data-wasm-opt="z"/data-wasm-opt="3"/' index.html
trap 'cp /tmp/index.html.keep index.html' EXIT
variant wasm-opt-3
