#!/usr/bin/env bash
# Everything CI checks: set-up, that the repository stands alone (scripts/check_standalone.sh),
# the core's include order (scripts/check_layers.mjs) and the C++ layout (scripts/check_format.sh),
# then configure + build + ctest for each preset (native release, ASan+UBSan, WebAssembly under
# node; warnings are errors in every preset), then the site and the
# browser and page tests, then the fuzz targets (regression replay and a short run of each).
# Runs every stage even after a failure, then exits non-zero if any stage failed.
# Usage: bash scripts/test.sh [preset ...]      (default: release asan wasm)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
source scripts/build_env.sh

presets=("$@")
((${#presets[@]})) || presets=(release asan wasm)
failed=()
# Checks that need no build: the repository stands alone (nothing outside docs/ points at notes
# kept outside it), includes run down the layers, every C++ file is clang-format's layout.
for check in standalone:scripts/check_standalone.sh layers:scripts/check_layers.mjs \
             format:scripts/check_format.sh; do
  name="${check%%:*}" script="${check#*:}"
  echo "=== test: $name ===" >&2
  runner=bash
  [[ "$script" == *.mjs ]] && runner=node
  if "$runner" "$script"; then
    echo "=== test: $name passed ===" >&2
  else
    echo "=== test: $name FAILED ===" >&2
    failed+=("$name")
  fi
done

for preset in "${presets[@]}"; do
  echo "=== test: $preset ===" >&2
  if QPLAB_SKIP_SETUP=1 bash scripts/build.sh "$preset" && ctest --preset "$preset"; then
    echo "=== test: $preset passed ===" >&2
  else
    echo "=== test: $preset FAILED ===" >&2
    failed+=("$preset")
  fi
done

# The page (SIMD module from the wasm preset above, the nosimd module, the site), then the
# browser tests (node:test + playwright-core driving Debian's chromium) and the page's unit tests.
echo "=== test: site ===" >&2
if QPLAB_SKIP_SETUP=1 bash scripts/build.sh wasm-nosimd site; then
  mapfile -t node_tests < <(find tests/e2e tests/web -name '*.test.mjs' -type f 2>/dev/null | sort)
  echo "=== test: e2e + web (${#node_tests[@]} files) ===" >&2
  if node --test "${node_tests[@]}"; then
    echo "=== test: e2e + web passed ===" >&2
  else
    echo "=== test: e2e + web FAILED ===" >&2
    failed+=(e2e)
  fi
else
  echo "=== test: site FAILED ===" >&2
  failed+=(site)
fi

# The fuzz targets (tests/fuzz): every regression input replayed through every target, then each
# target fuzzed for a short time (QPLAB_TEST_FUZZ_SECONDS, default 25). Any finding fails it.
echo "=== test: fuzz ===" >&2
if QPLAB_SKIP_SETUP=1 bash scripts/fuzz.sh "${QPLAB_TEST_FUZZ_SECONDS:-25}"; then
  echo "=== test: fuzz passed ===" >&2
else
  echo "=== test: fuzz FAILED ===" >&2
  failed+=(fuzz)
fi

if ((${#failed[@]})); then
  echo "test: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test: all passed (standalone layers format ${presets[*]} site e2e web fuzz)" >&2
