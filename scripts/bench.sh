#!/usr/bin/env bash
# Benchmarks: set-up, incremental builds of qplab_bench, then the native bench
# (build/release) and the WebAssembly one under node (build/wasm; node shares V8 with Chromium).
# Usage: bash scripts/bench.sh [qplab_bench arguments ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
source scripts/build_env.sh
for preset in release wasm; do
  configure_if_stale "$preset" 1>&2
  cmake --build "build/$preset" --target qplab_bench 1>&2
done

build/release/qplab_bench "$@"
echo
# Node 20 + Emscripten 3.1.6: the loader prefers fetch() and fails on a file path without this.
exec node --no-experimental-fetch build/wasm/qplab_bench.js "$@"
