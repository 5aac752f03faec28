"""A notebook-style tour of costtrend from Python, on the repository's
bundled price series (sources in examples/data/SOURCES.md).

    pip install ./costtrend-py pandas
    python costtrend-py/examples/walkthrough.py
"""

import pathlib

import numpy as np
import pandas as pd

import costtrend

DATA = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data"

# --- 1. A model and its rate conventions --------------------------------
llm = costtrend.DecayModel.exponential_at_rate(60.0, costtrend.Rate.from_fold_per(10.0, 1.0))
llm = llm.with_origin(2023.0)
print("a price falling 10x a year from $60 in 2023:")
print("  in 2025:", round(llm.at(2025.0), 4), " at or below $0.01 from", round(llm.time_to(0.01), 3))
print("  over a grid:", np.round(llm.at(np.linspace(2023, 2024, 5)), 2))

# --- 2. A fit with honest intervals ---------------------------------------
solar = pd.read_csv(DATA / "solar_pv_module_usd_per_w.csv")
fit = costtrend.fit.exponential(solar["t"], solar["price"])
r = fit.rate
print("\nsolar PV modules, log-linear fit:")
print(f"  lambda {r.value:.4f} per year, 95 % interval {r.interval[0]:.4f} to {r.interval[1]:.4f}")
print(f"  {r.percent_per(1.0).value:.1f} % cheaper a year; half-life {r.half_life().value:.2f} years")
print(fit)

# --- 3. The forecast: a random walk whose intervals widen ------------------
walk = costtrend.forecast.random_walk(solar["t"], solar["price"])
print("\nrandom-walk forecast (median and intervals, $/W):")
print(walk.table([2025.0, 2027.0, 2030.0], [0.8, 0.95]).round(4).to_string(index=False))

# --- 4. Where the decline changed -----------------------------------------
genome = pd.read_csv(DATA / "genome_sequencing_usd_per_genome.csv")
breaks = costtrend.fit.trend_breaks(genome["t"], genome["price"])
print(f"\ngenome sequencing: {len(breaks.times)} kinks under {breaks.noise} noise")
for t, (lo, hi) in zip(breaks.times, breaks.intervals):
    print(f"  {t:.2f}  (95 % interval {lo:.2f} to {hi:.2f})")

# --- 5. Many series in one DataFrame, fitted in Rust -----------------------
frames = []
for name in ["solar_pv_module_usd_per_w", "hdd_usd_per_mb_mccallum", "flash_usd_per_mb_mccallum",
             "memory_usd_per_mb_mccallum", "genome_sequencing_usd_per_genome"]:
    df = pd.read_csv(DATA / f"{name}.csv")
    df["technology"] = name.split("_usd")[0]
    frames.append(df)
every = pd.concat(frames, ignore_index=True)
table = costtrend.fit_frame(every, time="t", price="price", by="technology")
print("\none fit per technology:")
print(table[["technology", "lambda", "lambda_lower", "lambda_upper", "percent_per_year", "n"]]
      .round(3).to_string(index=False))
ahead = costtrend.forecast_frame(every, by="technology", horizon=5.0, levels=[0.9])
print("\nfive years after each series ends (random walk, 90 %):")
print(ahead[["technology", "t", "median", "lower_90", "upper_90"]].to_string(index=False))
