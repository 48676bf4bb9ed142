#!/usr/bin/env bash
# Configure (when needed) and build CMake presets, after the set-up; "site" assembles the static
# page in build/site from web/, the two wasm builds and the digits.
# Usage: bash scripts/build.sh [step ...]
#   steps: dev release asan wasm wasm-nosimd site   (default: release wasm wasm-nosimd site)
# QPLAB_SKIP_SETUP=1 skips scripts/setup.sh (for callers that already ran it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[[ "${QPLAB_SKIP_SETUP:-0}" == 1 ]] || bash scripts/setup.sh
source scripts/build_env.sh

steps=("$@")
((${#steps[@]})) || steps=(release wasm wasm-nosimd site)
for preset in "${steps[@]}"; do
  if [[ "$preset" == site ]]; then
    node scripts/build_site.mjs
    continue
  fi
  configure_if_stale "$preset"
  cmake --build --preset "$preset"
done
