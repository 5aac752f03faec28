#!/usr/bin/env bash
# Side-by-side benchmark of the exact segmentation (price cuts and regimes,
# issue 14): costtrend against ruptures' Dynp on the same data with the same
# cost, one run on this machine, one core each. Prints a Markdown table with
# the Rust/Python ratio (the figure to read; absolute times are noisy) and
# whether both found the same breaks; then one kink between observations
# against pwlf (location error and time per series).
#
#   bash bench/breaks.sh [CAP_SECONDS]
#
# ruptures' Dynp needs minutes at n = 1,000 and hours at n = 10,000: a case
# that runs past CAP_SECONDS (default 1200) is stopped and reported as more
# than the cap, so its ratio is an upper bound. Creates bench/.venv with
# numpy and ruptures from PyPI if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
cap=${1:-1200}

venv=bench/.venv
if ! "$venv/bin/python" -c 'import numpy, ruptures, pwlf' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy scipy ruptures pwlf
fi
py="$venv/bin/python"

data=bench/data
mkdir -p "$data"
"$py" bench/breaks.py generate "$data"

cargo build --release --bench breaks_compare --quiet
bin=$(cargo bench --bench breaks_compare --no-run --message-format=json 2>/dev/null \
  | "$py" -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "breaks_compare" and m.get("executable"):
        print(m["executable"])')

taskset -c 0 "$bin" "$data" > "$data/breaks_rust.json"
taskset -c 0 "$py" bench/breaks.py time "$data" "$data/breaks_python.json" "$cap"
"$py" bench/breaks.py table "$data/breaks_python.json" "$data/breaks_rust.json"
