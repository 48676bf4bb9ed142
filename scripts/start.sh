#!/usr/bin/env bash
# `npm start`: set-up, build everything (native, both wasm modules, the site), then serve
# build/site on http://127.0.0.1:8080 (PORT overrides).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/build.sh
exec node scripts/serve.mjs
