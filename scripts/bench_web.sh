#!/usr/bin/env bash
# `npm run bench:web`: build everything (set-up first), then the page's benchmark in headless
# Chromium (bench/web_bench.mjs). QPLAB_BENCH_RUNS sets the runs per median (default 3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build.sh 1>&2
exec node bench/web_bench.mjs
