"""Reference optimal segmentations from ruptures' Dynp (exact dynamic
programming), for costtrend's segmentation engine (issue 14).

Cuts: cost "l2" on log price (piecewise constant). Regimes: cost "linear"
on log price against [1, t - t0] (piecewise linear, level and slope both
change). For each bundled series, min_size 3, and 1 to 3 breaks: the index
of the first point of every segment after the first, and the total cost
(sum of squared residuals) of that segmentation.

Run: python3 tests/data/segmentation_ref.py > tests/data/segmentation_ref.json
"""
import csv
import json
import math

import numpy as np
import ruptures as rpt

SERIES = [
    "genome_sequencing_usd_per_genome",
    "hdd_usd_per_mb_mccallum",
    "solar_pv_module_usd_per_w",
    "memory_usd_per_mb_mccallum",
    "synthetic_cuts",
    "synthetic_regimes",
]


def synthesise():
    """Two synthetic series with known breaks (seed 20261202), written as
    tests/data/synthetic_*.csv: irregular times over 2000-2020; cuts: a
    level that drops at 2006.3 and 2013.7 with noise sd 0.15 on ln price;
    regimes: slopes -0.1, -0.5, -0.15 with jumps at 2008.1 and 2012.6."""
    rng = np.random.default_rng(20261202)
    for name, n in (("synthetic_cuts", 70), ("synthetic_regimes", 90)):
        t = np.sort(rng.uniform(2000.0, 2020.0, n))
        if name == "synthetic_cuts":
            y = np.where(t < 2006.3, 3.0, np.where(t < 2013.7, 2.2, 1.1))
        else:
            y = np.where(
                t < 2008.1, 4.0 - 0.1 * (t - 2000),
                np.where(t < 2012.6, 2.7 - 0.5 * (t - 2008.1), 0.2 - 0.15 * (t - 2012.6)),
            )
        y = y + rng.normal(0.0, 0.15, n)
        with open(f"tests/data/{name}.csv", "w") as f:
            f.write("t,price\n")
            for ti, yi in zip(t, y):
                f.write(f"{float(ti)!r},{math.exp(float(yi))!r}\n")


def load(name):
    with open(f"tests/data/{name}.csv") as f:
        rows = list(csv.DictReader(f))
    t = np.array([float(r["t"]) for r in rows])
    y = np.array([math.log(float(r["price"])) for r in rows])
    order = np.argsort(t, kind="stable")
    return t[order], y[order]


def sse(t, y, bounds, linear):
    total = 0.0
    for a, b in zip(bounds[:-1], bounds[1:]):
        ts, ys = t[a:b], y[a:b]
        if linear:
            X = np.column_stack([np.ones_like(ts), ts - ts.mean()])
            coef, *_ = np.linalg.lstsq(X, ys, rcond=None)
            total += float(((ys - X @ coef) ** 2).sum())
        else:
            total += float(((ys - ys.mean()) ** 2).sum())
    return total


synthesise()
out = []
for name in SERIES:
    t, y = load(name)
    n = len(t)
    for kind in ("level", "line"):
        if kind == "level":
            algo = rpt.Dynp(model="l2", min_size=3, jump=1).fit(y.reshape(-1, 1))
        else:
            signal = np.column_stack([y, np.ones(n), t - t[0]])
            algo = rpt.Dynp(model="linear", min_size=3, jump=1).fit(signal)
        for k in (1, 2, 3):
            ends = algo.predict(n_bkps=k)
            starts = ends[:-1]
            out.append({
                "series": name,
                "cost": kind,
                "breaks": k,
                "starts": starts,
                "sse": sse(t, y, [0] + starts + [n], kind == "line"),
            })
print(json.dumps({"generator": "tests/data/segmentation_ref.py", "min_size": 3, "cases": out}, indent=1))
