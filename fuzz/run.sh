#!/usr/bin/env bash
# Runs every fuzz target (libFuzzer through cargo-fuzz) for SECONDS each
# (default 600), two at a time on this 2-core machine, and prints each
# target's final statistics line. Installs cargo-fuzz if missing. The stable
# toolchain needs RUSTC_BOOTSTRAP=1 for the sanitizer flags cargo-fuzz uses.
#
#   bash fuzz/run.sh [SECONDS]
#
# Seeds are in fuzz/seeds/TARGET/ (committed); the growing corpus in
# fuzz/corpus/ is not. A crash leaves its input in fuzz/artifacts/TARGET/; copy it to
# fuzz/regressions/ and add a unit test that replays it.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
run() {
  local target=$1
  # The committed seeds start the corpus; what fuzzing adds stays local.
  mkdir -p "corpus/$target"
  cp -n "seeds/$target"/* "corpus/$target"/
  cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" \
    > "target/$target.log" 2>&1 || { echo "$target: CRASH (see fuzz/target/$target.log)"; return 1; }
  echo "$target: $(grep -E '^Done|#[0-9]+.*(DONE|pulse)' "target/$target.log" | tail -n 1)"
}
status=0
run model & a=$!
run fit & b=$!
wait $a || status=1
wait $b || status=1
run json & a=$!
run breaks & b=$!
wait $a || status=1
wait $b || status=1
exit $status
