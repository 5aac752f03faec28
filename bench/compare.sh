#!/usr/bin/env bash
# Side-by-side benchmark: costtrend against numpy/scipy on the same data, in
# one run on this machine. Prints a Markdown table of ns per point and the
# Rust/Python ratio (the ratio is the figure to read: these machines are
# noisy, absolute times are not).
#
#   bash bench/compare.sh              # default features: dispatch up to AVX-512
#   bash bench/compare.sh --avx2-only  # the build without the avx512 feature
#
# Creates bench/.venv with numpy and scipy from PyPI if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=bench/.venv
if ! "$venv/bin/python" -c 'import numpy, scipy' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy scipy
fi
py="$venv/bin/python"

data=bench/data
mkdir -p "$data"
"$py" bench/compare.py generate "$data"

features=()
if [ "${1:-}" = "--avx2-only" ]; then
  features=(--no-default-features --features simd)
fi
cargo build --release --bench compare --quiet "${features[@]}"
bin=$(cargo bench --bench compare --no-run --message-format=json "${features[@]}" 2>/dev/null \
  | "$py" -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "compare" and m.get("executable"):
        print(m["executable"])')

# One core each, run one after the other. OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE
# (set on some machines for old OpenBLAS builds) slow a current numpy: they
# are unset for the Python timing only, so numpy runs at its best.
taskset -c 0 "$bin" "$data" > "$data/rust.json"
taskset -c 0 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
  "$py" bench/compare.py time "$data" "$data/python.json"
"$py" bench/compare.py table "$data/python.json" "$data/rust.json"
