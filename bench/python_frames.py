"""Per-group fits from Python: costtrend.fit_frame (every group in Rust,
GIL released, in parallel) against the loop a pandas user writes today
(groupby + np.polyfit on log price, which gives the slope only, no
interval), on the same synthetic frame. Prints the ratio measured in this
one run.

    python -m venv /tmp/v && /tmp/v/bin/pip install ./costtrend-py pandas
    /tmp/v/bin/python bench/python_frames.py [GROUPS] [POINTS]
"""

import sys
import time

import numpy as np
import pandas as pd

import costtrend

G = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20
rng = np.random.default_rng(20261206)
t = np.tile(np.arange(N, dtype=float) + 2000, G)
key = np.repeat([f"g{i}" for i in range(G)], N)
lam = np.repeat(rng.uniform(0.05, 0.5, G), N)
price = 100 * np.exp(-lam * (t - 2000) + rng.normal(0, 0.1, G * N))
df = pd.DataFrame({"g": key, "t": t, "price": price})


def best(f, repeats=3):
    times = []
    for _ in range(repeats):
        s = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - s)
    return min(times), out


ours, out = best(lambda: costtrend.fit_frame(df, by="g"))
theirs, ref = best(lambda: df.groupby("g", sort=False).apply(
    lambda d: -np.polyfit(d["t"] - 2000, np.log(d["price"]), 1)[0], include_groups=False))
assert np.allclose(out["lambda"].to_numpy(), ref.to_numpy(), rtol=1e-9)
walk, _ = best(lambda: costtrend.forecast_frame(df, by="g"))
print(f"{G} groups x {N} points")
print(f"fit_frame (lambda, interval, R^2, half-life): {ours:.3f} s")
print(f"pandas groupby + np.polyfit (slope only):     {theirs:.3f} s")
print(f"ratio costtrend / pandas loop: {ours / theirs:.3f}")
print(f"forecast_frame (random walk, 80 % and 95 %):  {walk:.3f} s")
