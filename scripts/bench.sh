#!/usr/bin/env bash
# Native benchmarks: set-up, incremental release build, then build/release/qplab_bench.
# Usage: bash scripts/bench.sh [qplab_bench arguments ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/build.sh release 1>&2
if [[ ! -x build/release/qplab_bench ]]; then
  echo "bench: build/release/qplab_bench was not built (no bench/*.cc yet?)" >&2
  exit 1
fi
exec build/release/qplab_bench "$@"
