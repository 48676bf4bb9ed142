#!/usr/bin/env bash
# Fuzzing: builds the fuzz preset (tests/fuzz, libFuzzer + ASan + UBSan), makes the seed corpora
# and the regression inputs under build/fuzz, replays every regression input through every
# target, then fuzzes each target for SECONDS. Prints, per target, the executions, the coverage
# (libFuzzer's cov and ft) and whether it found anything; exits 1 on any finding.
# Usage: bash scripts/fuzz.sh [SECONDS]        (default 300 per target; npm run fuzz -- 60)
# QPLAB_SKIP_SETUP=1 skips scripts/setup.sh (for callers that already ran it).
#
# build/fuzz/seeds/<target>    generated seeds: the lab's own files (`qplab lab --out`, from the
#                              release build) and the first few test digits as IDX, raw and gzip
# build/fuzz/regressions       hostile inputs written by write_regressions (tests/fuzz)
# build/fuzz/corpus/<target>   each target's work corpus, kept from run to run
# build/fuzz/artifacts/<target>/  crash-*, leak-*, oom-*, timeout-* inputs: the findings
# build/fuzz/logs              libFuzzer's output, one log per replay and per campaign
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

seconds="${1:-300}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bash scripts/fuzz.sh [SECONDS]" >&2; exit 2; }

[[ "${QPLAB_SKIP_SETUP:-0}" == 1 ]] || bash scripts/setup.sh
export QPLAB_SKIP_SETUP=1

FUZZ=build/fuzz
TARGETS=(tflite checkpoint idx idx_gzip_differential)
# Per target: largest input the mutator makes, above the lab's largest file (float.tflite,
# README) for the model targets; the IDX seeds are a few kilobytes.
declare -A MAX_LEN=([tflite]=131072 [checkpoint]=131072 [idx]=16384 [idx_gzip_differential]=16384)
# A run over 10 s, over 2 GB of RSS, or one malloc over 2 GB is a finding (timeout, OOM).
LIMITS=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048)
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

say() { printf 'fuzz: %s\n' "$*" >&2; }

# The first line of a sanitizer's or libFuzzer's report in a log, and the first stack frame in
# the core ("at qplab::f core/x/y.cc:12").
first_report_line() {
  local report frame
  report="$(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|idx_gzip_differential:' \
    "$1" | sed -E 's/ on address 0x[0-9a-f]+ at pc .*//' || true)"
  frame="$(grep -m1 -E '^ +#[0-9]+ .* in .* /.*/core/' "$1" \
    | sed -E 's/\(anonymous namespace\)/{anonymous}/g' \
    | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in ([^(]+).* [^ ]*\/(core\/[^ ]+)$/at \1 \2/' || true)"
  echo "${report:-(exit status $2, no sanitizer report; see $1)}${frame:+; $frame}"
}

# --- 1. Build ---------------------------------------------------------------------------------
bash scripts/build.sh fuzz
[[ -x build/release/qplab ]] || bash scripts/build.sh release

# --- 2. Seeds and regression inputs (generated, never committed) ------------------------------
rm -rf "$FUZZ/seeds" "$FUZZ/regressions"
mkdir -p "$FUZZ/logs" "$FUZZ/seeds/tflite" "$FUZZ/seeds/checkpoint"
build/release/qplab lab --data data/mnist --epochs 1 --out "$FUZZ/seeds/lab" \
  >"$FUZZ/logs/seeds-lab.log" 2>&1 || { cat "$FUZZ/logs/seeds-lab.log" >&2; exit 1; }
cp "$FUZZ"/seeds/lab/*.tflite "$FUZZ/seeds/tflite/"
cp "$FUZZ"/seeds/lab/*.qplab "$FUZZ/seeds/checkpoint/"
"$FUZZ/write_seeds" data/mnist "$FUZZ/seeds"
"$FUZZ/write_regressions" "$FUZZ/regressions"

findings=()
replay_failures=0

# --- 3. Replay: every regression input through every target, one process per input -----------
mapfile -t regressions < <(find "$FUZZ/regressions" -type f | sort)
say "replaying ${#regressions[@]} regression inputs through ${#TARGETS[@]} targets"
for target in "${TARGETS[@]}"; do
  mkdir -p "$FUZZ/logs/replay-$target"
  for input in "${regressions[@]}"; do
    log="$FUZZ/logs/replay-$target/$(basename "$input").log"
    status=0
    "$FUZZ/${target}_fuzz" "${LIMITS[@]}" "$input" >"$log" 2>&1 || status=$?
    if ((status != 0)); then
      findings+=("replay $target $(basename "$input"): $(first_report_line "$log" "$status")")
      replay_failures=$((replay_failures + 1))
    fi
  done
done

# --- 4. Campaigns -----------------------------------------------------------------------------
summary=()
for target in "${TARGETS[@]}"; do
  corpus="$FUZZ/corpus/$target" artifacts="$FUZZ/artifacts/$target/" log="$FUZZ/logs/$target.log"
  mkdir -p "$corpus" "$artifacts"
  say "$target: fuzzing for ${seconds} s"
  status=0
  # New inputs go to the first folder (the work corpus); the seeds are only read.
  "$FUZZ/${target}_fuzz" "${LIMITS[@]}" -max_total_time="$seconds" -max_len="${MAX_LEN[$target]}" \
    -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "$FUZZ/seeds/$target" \
    >"$log" 2>&1 || status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  # The last status line ("#N DONE cov: C ft: F corp: ..." or the line before a crash).
  cov="$(grep -E '^#[0-9]+' "$log" | tail -n1 | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p')"
  result=none
  if ((status != 0)); then
    result="FOUND: $(first_report_line "$log" "$status")"
    written="$(grep -m1 -o 'Test unit written to [^ ]*' "$log" | sed 's/Test unit written to //' || true)"
    findings+=("fuzz $target: $(first_report_line "$log" "$status")${written:+ (input: $written)}")
  fi
  summary+=("$(printf '%-22s %12s %8s %8s  %s' "$target" "${execs:-?}" "${cov% *}" "${cov#* }" "$result")")
done

# --- 5. Summary --------------------------------------------------------------------------------
{
  printf '\nfuzz: %s s per target; logs in %s/logs\n' "$seconds" "$FUZZ"
  printf '%-22s %12s %8s %8s  %s\n' target executions cov ft finding
  printf '%s\n' "${summary[@]}"
  printf 'replay: %d regression inputs x %d targets, %d failed\n' "${#regressions[@]}" \
    "${#TARGETS[@]}" "$replay_failures"
} >&2
if ((${#findings[@]})); then
  printf 'fuzz: %d finding(s):\n' "${#findings[@]}" >&2
  printf '  %s\n' "${findings[@]}" >&2
  exit 1
fi
say "no findings"
