"""Independent reference for costtrend::frontier: Epoch AI's LLM price
decline per capability threshold, from the two bundled listing files.

The method, as SOURCE.md (tests/data/llm_listings/) states it: combine both
files, drop rows without a price, sort by release date (stably, in file
order), exclude the reasoning models DeepSeek-R1, o1, o1-mini, o1-preview
and o3-mini; per benchmark the thresholds are the scores of the models that
were the top scorer at their release date (above every earlier score and
not below any score of the same date), skipping scores under 30 on MMLU
and GPQA Diamond; per threshold, walk the models in release order and
record each new running minimum of price among those scoring at or above
it (and at most 100, except for the Elo), keeping the later one where two
share a date; thresholds with at least 4 points: OLS of log10(price) on
the date in days, factor per year 10^(-slope * 365), 90 % interval from
the slope's t interval.

Beside it, the crate's hedonic decline (costtrend::frontier::hedonic_decline):
OLS of ln(price) on the decimal year and the score's excess over the
threshold over every listing at or above it; factor exp(-slope) a year,
90 % interval with n - 3 degrees of freedom (numpy's lstsq, scipy's t).

Run: python3 tests/data/llm_frontier_ref.py > tests/data/llm_frontier_ref.json
"""
import csv
import datetime
import json
import math
import os

import numpy

from scipy import stats

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "llm_listings")
FILES = ["epoch_aa_models.csv", "epoch_models_not_in_aa.csv"]
REASONING = {"DeepSeek-R1", "o1", "o1-mini", "o1-preview", "o3-mini"}
BENCHES = ["MMLU", "GPQA Diamond", "MATH-500", "MATH 5", "HumanEval", "LMSys Chatbot Arena ELO"]
FLOOR = {"MMLU": 30.0, "GPQA Diamond": 30.0}
UPPER = {b: 100.0 for b in BENCHES if b != "LMSys Chatbot Arena ELO"}


def rows():
    out = []
    for f in FILES:
        with open(os.path.join(HERE, f), newline="") as fh:
            for r in csv.DictReader(fh):
                if r["USD per 1M Tokens"] and r["Model Name"] not in REASONING:
                    out.append(r)
    day = lambda r: datetime.date.fromisoformat(r["Release Date"])
    out.sort(key=day)  # stable: file order among equal dates
    return out, day


def decimal_year(d):
    """The crate's decimal year: year + (day of year - 1) / days in year."""
    days = 366 if (d.year % 4 == 0 and d.year % 100 != 0) or d.year % 400 == 0 else 365
    return d.year + (d.timetuple().tm_yday - 1) / days


def hedonic_fit(scored, bench, threshold):
    """The hedonic decline: OLS of ln(price) on the decimal year and the
    score's excess over the threshold, over every listing at or above it
    (at most the upper bound); factor per year exp(-slope), 90 % interval
    from the slope's t interval with n - 3 degrees of freedom."""
    rows = [
        (decimal_year(datetime.date.fromisoformat(r["Release Date"])), float(r[bench]) - threshold,
         math.log(float(r["USD per 1M Tokens"])))
        for r in scored
        if threshold <= float(r[bench]) <= UPPER.get(bench, math.inf)
    ]
    t, d, y = (numpy.array(c) for c in zip(*rows))
    # centred columns: the same slopes, without the ill-conditioning of
    # decimal years near 2024 beside a column of ones
    x = numpy.column_stack([numpy.ones(len(t)), t - t.mean(), d - d.mean()])
    coef, sse, _, _ = numpy.linalg.lstsq(x, y, rcond=None)
    dof = len(t) - 3
    cov = float(sse[0]) / dof * numpy.linalg.inv(x.T @ x)
    lam, se = -coef[1], math.sqrt(cov[1, 1])
    q = stats.t.ppf(0.95, dof)
    return {"n": len(t), "factor_per_year": math.exp(lam), "ci90": [math.exp(lam - q * se), math.exp(lam + q * se)]}


def main():
    listings, day = rows()
    epoch = datetime.date(1970, 1, 1)
    result = []
    for bench in BENCHES:
        scored = [r for r in listings if r[bench]]
        thresholds = []
        for r in scored:
            s = float(r[bench])
            before = [float(q[bench]) for q in scored if day(q) < day(r)]
            same = [float(q[bench]) for q in scored if day(q) == day(r)]
            if (not before or s > max(before)) and s >= max(same):
                if s >= FLOOR.get(bench, -math.inf):
                    thresholds.append((r["Model Name"], s))
        for name, threshold in thresholds:
            stair, best = [], math.inf
            for r in scored:
                s = float(r[bench])
                if s < threshold or s > UPPER.get(bench, math.inf):
                    continue
                p = float(r["USD per 1M Tokens"])
                if p < best:
                    best = p
                    point = (day(r), p, r["Model Name"])
                    if stair and stair[-1][0] == day(r):
                        stair[-1] = point
                    else:
                        stair.append(point)
            if len(stair) < 4:
                continue
            x = [float((d - epoch).days) for d, _, _ in stair]
            y = [math.log10(p) for _, p, _ in stair]
            fit = stats.linregress(x, y)
            q = stats.t.ppf(0.95, len(x) - 2)
            factor = lambda slope: 10 ** (-slope * 365)
            hedonic = hedonic_fit(scored, bench, threshold)
            result.append(
                {
                    "hedonic": hedonic,
                    "bench": bench,
                    "threshold_model": name,
                    "threshold": threshold,
                    "n": len(stair),
                    "factor_per_year": factor(fit.slope),
                    "ci90": [factor(fit.slope + q * fit.stderr), factor(fit.slope - q * fit.stderr)],
                    "points": [[d.isoformat(), p, m] for d, p, m in stair],
                }
            )
    json.dump(result, __import__("sys").stdout, indent=1)
    print()


main()
