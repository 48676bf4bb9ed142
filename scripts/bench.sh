#!/usr/bin/env bash
# Benchmarks: set-up, incremental builds of qplab_bench, then the native bench
# (build/release) and the WebAssembly one under node (build/wasm; node shares V8 with Chromium).
# Usage: bash scripts/bench.sh [qplab_bench arguments ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
# Debian's emscripten runs its JS optimizer (acorn) from Debian's node modules.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
for preset in release wasm; do
  # As scripts/build.sh: a fresh tree or an edited CMakePresets.json needs a configure.
  if [[ ! -f "build/$preset/build.ninja" || CMakePresets.json -nt "build/$preset/CMakeCache.txt" ]]; then
    cmake --preset "$preset" 1>&2
  fi
  cmake --build "build/$preset" --target qplab_bench 1>&2
done

build/release/qplab_bench "$@"
echo
# Node 20 + Emscripten 3.1.6: the loader prefers fetch() and fails on a file path without this.
exec node --no-experimental-fetch build/wasm/qplab_bench.js "$@"
