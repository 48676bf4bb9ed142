#!/usr/bin/env bash
# Configure (when needed) and build CMake presets, after the set-up.
# Usage: bash scripts/build.sh [preset ...]     (default: release; presets: dev release asan wasm)
# QPLAB_SKIP_SETUP=1 skips scripts/setup.sh (for callers that already ran it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[[ "${QPLAB_SKIP_SETUP:-0}" == 1 ]] || bash scripts/setup.sh
# Debian's emscripten runs its JS optimizer (acorn) from Debian's node modules.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

presets=("$@")
((${#presets[@]})) || presets=(release)
for preset in "${presets[@]}"; do
  dir="build/$preset"
  # Ninja re-runs CMake by itself when CMakeLists.txt or the globbed file lists change; a
  # fresh tree or an edited CMakePresets.json needs an explicit configure.
  if [[ ! -f "$dir/build.ninja" || ! -f "$dir/CMakeCache.txt" || CMakePresets.json -nt "$dir/CMakeCache.txt" ]]
  then
    cmake --preset "$preset"
  fi
  cmake --build --preset "$preset"
done
