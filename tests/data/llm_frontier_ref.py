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

Run: python3 tests/data/llm_frontier_ref.py > tests/data/llm_frontier_ref.json
"""
import csv
import datetime
import json
import math
import os

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
            result.append(
                {
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
