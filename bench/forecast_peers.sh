#!/usr/bin/env bash
# Side-by-side forecast hindcasts: costtrend's random walk (default, with
# Prior::technology(), with a prior learned from the other series) against
# statsforecast's RandomWalkWithDrift, AutoETS and AutoARIMA, on the tuning
# set and on the bundled long series. Prints a Markdown table per data set:
# hindcasts, coverage at 80 / 95 %, median width of the 95 % interval of
# log price, mean 95 % interval score (width + 40 x miss; lower is better).
#
#   bash bench/forecast_peers.sh
#
# Creates bench/.venv-forecast with statsforecast, pandas and numpy from
# PyPI if they are missing. Not part of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=bench/.venv-forecast
if ! "$venv/bin/python" -c 'import statsforecast, pandas' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet statsforecast pandas numpy
fi
py="$venv/bin/python"

out=bench/data/forecast
mkdir -p "$out"
# the bundled long series in the long format
"$py" - "$out/bundled.csv" <<'PY'
import sys, pandas as pd
names = ["solar_pv_module_usd_per_w", "solar_pv_module_lafond2017_usd_per_w",
         "hdd_usd_per_mb_mccallum", "memory_usd_per_mb_mccallum",
         "flash_usd_per_mb_mccallum", "genome_sequencing_usd_per_genome"]
frames = []
for n in names:
    d = pd.read_csv(f"examples/data/{n}.csv")
    d.columns = ["t", "price"]
    d.insert(0, "series", n)
    frames.append(d)
pd.concat(frames).to_csv(sys.argv[1], index=False)
PY

cargo build --release --example hindcast_intervals --quiet
bin=target/release/examples/hindcast_intervals
for set in tests/data/farmer_lafond_train.csv "$out/bundled.csv"; do
  base=$(basename "$set" .csv)
  for m in default prior learned; do
    "$bin" "$set" "$m" > "$out/$base.$m.csv"
  done
  "$py" bench/forecast_peers.py peers "$set" "$out/$base.peers.csv"
  "$py" bench/forecast_peers.py table "$base" \
    "costtrend random_walk (defaults)=$out/$base.default.csv" \
    "costtrend with Prior::technology()=$out/$base.prior.csv" \
    "costtrend with Prior::learn (other series)=$out/$base.learned.csv" \
    "peers=$out/$base.peers.csv"
  echo
done
