#!/usr/bin/env bash
# Everything CI checks: set-up, then configure + build + ctest for each preset (native release,
# ASan+UBSan, WebAssembly under node), then the browser tests in tests/e2e if there are any.
# Runs every stage even after a failure, then exits non-zero if any stage failed.
# Usage: bash scripts/test.sh [preset ...]      (default: release asan wasm)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
# Debian's emscripten runs its JS optimizer (acorn) from Debian's node modules.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

presets=("$@")
((${#presets[@]})) || presets=(release asan wasm)
failed=()
for preset in "${presets[@]}"; do
  echo "=== test: $preset ===" >&2
  if QPLAB_SKIP_SETUP=1 bash scripts/build.sh "$preset" && ctest --preset "$preset"; then
    echo "=== test: $preset passed ===" >&2
  else
    echo "=== test: $preset FAILED ===" >&2
    failed+=("$preset")
  fi
done

# Browser tests (node:test + playwright-core driving Debian's chromium), once they exist.
mapfile -t e2e < <(find tests/e2e -name '*.test.mjs' -type f 2>/dev/null | sort)
if ((${#e2e[@]})); then
  echo "=== test: e2e (${#e2e[@]} files) ===" >&2
  if node --test "${e2e[@]}"; then
    echo "=== test: e2e passed ===" >&2
  else
    echo "=== test: e2e FAILED ===" >&2
    failed+=(e2e)
  fi
else
  echo "=== test: e2e skipped (no tests/e2e/*.test.mjs yet) ===" >&2
fi

if ((${#failed[@]})); then
  echo "test: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test: all passed (${presets[*]}${e2e:+ e2e})" >&2
