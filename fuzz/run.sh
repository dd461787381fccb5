#!/usr/bin/env bash
# Runs every fuzz target for a bounded time: `fuzz/run.sh SECONDS` (what
# `cargo make fuzz-short` and `cargo make fuzz` call).
#
# cargo-fuzz passes libFuzzer's instrumentation to rustc as nightly-only flags
# (-Cpasses=sancov-module, -Zsanitizer=...); RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. No sanitizer by default: the core has no unsafe code,
# and without ASan a target runs about 5 times faster (ASan works too, the
# stable rust-std ships its runtime: FUZZ_SANITIZER=address).
#
# Each target starts from the committed seeds in fuzz/seeds/<target> and grows
# its corpus in fuzz/corpus/<target> (not committed), with
# fuzz/dict/<target>.dict as its dictionary when there is one. With
# FUZZ_FRESH=1 (the short runs) the corpus is a temporary directory instead,
# so that a run takes the same time however long the machine has fuzzed
# (libFuzzer reads its whole corpus before the clock starts). A panic, an input slower than
# FUZZ_TIMEOUT seconds or above FUZZ_RSS_MB fails the run; the input is
# written to fuzz/artifacts/<target>/ and the log to fuzz/artifacts/<target>.log.
#
# flow and classify read a whole tab's story from their bytes: they start at
# full length (-len_control=0), not from a few bytes.
#
# Environment: FUZZ_TARGETS (default: all), FUZZ_SANITIZER (none), FUZZ_TIMEOUT (3;
# 10 for the policy target, see below), FUZZ_RSS_MB (2048), FUZZ_FRESH (0),
# FUZZ_SEED (1; only with FUZZ_FRESH=1, whose runs take a fixed seed).
#
# The policy target's slowest inputs are the generator's own bounded effort:
# 200 random attempts, then an exhaustive search capped at 400,000 nodes,
# which at length 60 takes about 3 s under the fuzzer's instrumentation
# (0.2 s in a release build). Bounded, not a hang: it gets 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS-PER-TARGET}
sanitizer=${FUZZ_SANITIZER:-none}
timeout=${FUZZ_TIMEOUT:-3}
rss=${FUZZ_RSS_MB:-2048}
export RUSTC_BOOTSTRAP=1
targets=${FUZZ_TARGETS:-$(cargo fuzz list)}

build_start=$(date +%s)
cargo fuzz build --sanitizer "$sanitizer"
echo "fuzz: built in $(( $(date +%s) - build_start )) s (sanitizer: $sanitizer)"
# The targets run straight from what was just built: `cargo fuzz run` would
# build again first (and the core's build script asks to rerun while a
# locale it names is missing, so that rebuild is not a no-op).
bin="fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release"

failed=()
run_start=$(date +%s)
mkdir -p fuzz/artifacts
for target in $targets; do
  if [ "${FUZZ_FRESH:-0}" = 1 ]; then
    corpus=$(mktemp -d)
  else
    corpus="fuzz/corpus/$target"
    mkdir -p "$corpus"
  fi
  corpora=("$corpus")
  [ -d "fuzz/seeds/$target" ] && corpora+=("fuzz/seeds/$target")
  limit=$timeout
  if [ "$target" = policy ] && [ -z "${FUZZ_TIMEOUT:-}" ]; then limit=10; fi
  flags=(-max_total_time="$seconds" -timeout="$limit" -rss_limit_mb="$rss" -print_final_stats=1)
  # The short runs (CI's) take a fixed seed, so that a run explores the same
  # inputs here and in CI and a pass on this machine means a pass there;
  # finding what is new is the long runs' work (random seed, growing corpus).
  if [ "${FUZZ_FRESH:-0}" = 1 ]; then flags+=(-seed="${FUZZ_SEED:-1}"); fi
  [ -f "fuzz/dict/$target.dict" ] && flags+=(-dict="fuzz/dict/$target.dict")
  # The targets that build a whole tab's story from the bytes need long
  # inputs from the start (libFuzzer otherwise grows them from a few bytes).
  case "$target" in flow|classify) flags+=(-len_control=0 -max_len=4096) ;; esac
  log="fuzz/artifacts/$target.log"
  start=$(date +%s)
  mkdir -p "fuzz/artifacts/$target"
  if "$bin/$target" -artifact_prefix="fuzz/artifacts/$target/" "${flags[@]}" "${corpora[@]}" >"$log" 2>&1; then
    runs=$(awk '/stat::number_of_executed_units/ { print $NF }' "$log")
    rate=$(awk '/stat::average_exec_per_sec/ { print $NF }' "$log")
    echo "fuzz: $target ok: ${runs:-?} inputs in $(( $(date +%s) - start )) s (${rate:-?}/s), corpus $(ls "$corpus" | wc -l) files"
  else
    echo "fuzz: $target FAILED (log: $log)"
    grep -v '^#[0-9]\|^INFO\|^WARNING' "$log" | tail -40
    failed+=("$target")
  fi
  if [ "${FUZZ_FRESH:-0}" = 1 ]; then rm -rf "$corpus"; fi
done
echo "fuzz: ran $(echo $targets | wc -w) targets in $(( $(date +%s) - run_start )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}; reproduce with: RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer $sanitizer TARGET fuzz/artifacts/TARGET/<crash file> (PASSWRIGHT_FUZZ_TRACE=1 prints each step)" >&2
  exit 1
fi
