#!/usr/bin/env bash
# Runs the native CLI after the set-up and an incremental release build. All set-up and build
# output goes to stderr, so that stdout carries only the CLI's own output:
#   npm run --silent qplab -- train --json > report.json
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/build.sh release 1>&2
if [[ ! -x build/release/qplab ]]; then
  echo "qplab: build/release/qplab was not built (no cli/*.cc yet?)" >&2
  exit 1
fi
exec build/release/qplab "$@"
