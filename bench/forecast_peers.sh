#!/usr/bin/env bash
# Side-by-side forecast hindcasts: costtrend's random walk (the default,
# with Prior::technology(); without a prior; with a prior learned from the
# other series) against
# statsforecast's RandomWalkWithDrift, AutoETS and AutoARIMA, on the tuning
# set and on the bundled long series. Prints a Markdown table per data set:
# hindcasts, coverage at 80 / 95 %, median width of the 95 % interval of
# log price, mean 95 % interval score (width + 40 x miss; lower is better).
# Each data set twice: every origin with 6+ points, 20 ahead ("full"), and
# the first 6-10 points of each series, 10 ahead ("short").
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
  for mode in full short; do
    extra=""
    [ "$mode" = short ] && extra=short
    for m in default data_only learned; do
      "$bin" "$set" "$m" $extra > "$out/$base.$mode.$m.csv"
    done
    "$py" bench/forecast_peers.py peers "$set" "$out/$base.$mode.peers.csv" $extra
    "$py" bench/forecast_peers.py table "$base, $mode" \
      "costtrend random_walk (default: Prior::technology())=$out/$base.$mode.default.csv" \
      "costtrend without a prior=$out/$base.$mode.data_only.csv" \
      "costtrend with Prior::learn (other series)=$out/$base.$mode.learned.csv" \
      "peers=$out/$base.$mode.peers.csv"
    echo
  done
done
