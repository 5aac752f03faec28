"""Reference segment fits at fixed break dates from statsmodels OLS, for
costtrend's break fits (issue 14): each model's design, fitted by
statsmodels, on log price.

- cuts: one indicator per segment (a level each);
- regimes: per segment an indicator and (t - start) on it, so each
  segment's intercept is ln price at its start (the break date, or the
  first time for the first segment) and its slope is -lambda;
- kinks: 1, t - t0, and (t - d)+ for each break date d (a continuous
  piecewise-linear trend); a segment's slope is the sum of the slope and
  the hinge coefficients before it, its standard error from the
  covariance of that sum, and its level at its start the fitted value
  there.

A segment starts at the first point at or after its break date. For each
segment: ln level at its start with its standard error, slope with its
standard error; and the model's SSE and the 97.5 % t quantile on the
residual degrees of freedom (for recovering standard errors from 95 %
intervals).

Run: python3 tests/data/breaks_ref.py > tests/data/breaks_ref.json
"""
import csv
import json
import math

import numpy as np
import statsmodels
import statsmodels.api as sm
from scipy import stats

CASES = [
    ("genome_sequencing_usd_per_genome", [2007.5, 2010.75]),
    ("hdd_usd_per_mb_mccallum", [1989.0, 2006.0]),
    ("solar_pv_module_usd_per_w", [2009.0]),
]


def load(name):
    with open(f"tests/data/{name}.csv") as f:
        rows = list(csv.DictReader(f))
    t = np.array([float(r["t"]) for r in rows])
    y = np.array([math.log(float(r["price"])) for r in rows])
    order = np.argsort(t, kind="stable")
    return t[order], y[order]


def segments(t, dates):
    starts = [0] + [int(np.searchsorted(t, d, side="left")) for d in dates] + [len(t)]
    begins = [t[0]] + list(dates)
    return starts, begins


out = []
for name, dates in CASES:
    t, y = load(name)
    n = len(t)
    starts, begins = segments(t, dates)
    k = len(dates)
    for kind in ["cuts", "regimes", "kinks"]:
        if kind == "cuts":
            X = np.zeros((n, k + 1))
            for j in range(k + 1):
                X[starts[j]:starts[j + 1], j] = 1.0
        elif kind == "regimes":
            X = np.zeros((n, 2 * (k + 1)))
            for j in range(k + 1):
                s = slice(starts[j], starts[j + 1])
                X[s, 2 * j] = 1.0
                X[s, 2 * j + 1] = t[s] - begins[j]
        else:
            cols = [np.ones(n), t - t[0]] + [np.maximum(t - d, 0.0) for d in dates]
            X = np.column_stack(cols)
        res = sm.OLS(y, X).fit()
        cov = res.cov_params()
        segs = []
        for j in range(k + 1):
            if kind == "cuts":
                segs.append({"ln_level": res.params[j], "ln_level_se": res.bse[j]})
            elif kind == "regimes":
                segs.append({
                    "ln_level": res.params[2 * j], "ln_level_se": res.bse[2 * j],
                    "slope": res.params[2 * j + 1], "slope_se": res.bse[2 * j + 1],
                })
            else:
                a_slope = np.zeros(k + 2)
                a_slope[1] = 1.0
                a_slope[2:2 + j] = 1.0
                x0 = begins[j]
                a_level = np.array([1.0, x0 - t[0]] + [max(x0 - d, 0.0) for d in dates])
                segs.append({
                    "ln_level": float(a_level @ res.params),
                    "ln_level_se": float(math.sqrt(a_level @ cov @ a_level)),
                    "slope": float(a_slope @ res.params),
                    "slope_se": float(math.sqrt(a_slope @ cov @ a_slope)),
                })
        out.append({
            "series": name, "kind": kind, "dates": dates,
            "sse": float(res.ssr), "t975": float(stats.t.ppf(0.975, res.df_resid)),
            "segments": [{k2: float(v) for k2, v in s.items()} for s in segs],
        })

print(json.dumps({"generator": f"statsmodels {statsmodels.__version__} OLS", "cases": out}, indent=1))
