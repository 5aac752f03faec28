"""Side-by-side timing of costtrend's exact segmentation against ruptures'
Dynp (exact dynamic programming) on the same data, with the same cost;
and of its one-kink fit (a kink on the real line) against pwlf's continuous
breakpoint on series with a kink between observations.

Usage (bench/breaks.sh runs these):
  python bench/breaks.py generate DIR             # writes t_N.f64, y_N.f64
  python bench/breaks.py time DIR OUT.json SECS   # times ruptures, SECS cap per case
  python bench/breaks.py table PY.json RS.json

Data: t uniform on [0, 10] (sorted), y = ln price = a level that drops at
t = 3 and 6 and a slope of -0.1, plus N(0, 0.3^2) noise; seed 20261202;
n = 1,000 and 10,000. Costs: "l2" on y (price cuts) and "linear" on y
against [1, t - t0] (regimes). Both sides: 5 breaks, segments of at least
10 points, every position a candidate (ruptures' jump = 1). A case that
passes the time cap is stopped and reported as more than the cap, which
makes the Rust/Python ratio an upper bound.
"""
import json
import signal
import sys
import time

import numpy as np

SIZES = [1_000, 10_000]
BREAKS, MIN_SIZE = 5, 10


KINK_SERIES, KINK_POINTS = 200, 60


def generate_kinks(out_dir):
    """Issue 23's kink case: 60 yearly points from 1960, ln price falling
    0.35 a year then 0.10 from a kink anywhere in [1985, 1995] (between
    observations), independent N(0, 0.08^2) noise; 200 series, seed
    20261204. Writes kinks_y.f64 (series after series) and kinks_at.f64."""
    rng = np.random.default_rng(20261204)
    t = 1960.0 + np.arange(KINK_POINTS)
    at = 1985.0 + 10.0 * rng.uniform(size=KINK_SERIES)
    y = np.array([5.0 - 0.35 * (t - 1960.0) + 0.25 * np.maximum(t - a, 0.0)
                  + rng.normal(0.0, 0.08, KINK_POINTS) for a in at])
    y.astype("<f8").tofile(f"{out_dir}/kinks_y.f64")
    at.astype("<f8").tofile(f"{out_dir}/kinks_at.f64")


def time_pwlf(data_dir):
    """pwlf's continuous breakpoint (fit with 2 segments, its differential
    evolution, seeded) on every kink series: (seconds per series, the
    breakpoints)."""
    import pwlf

    t = 1960.0 + np.arange(KINK_POINTS)
    y = np.fromfile(f"{data_dir}/kinks_y.f64", dtype="<f8").reshape(KINK_SERIES, KINK_POINTS)
    found = []
    start = time.perf_counter()
    for k, row in enumerate(y):
        model = pwlf.PiecewiseLinFit(t, row, seed=k)
        found.append(float(model.fit(2)[1]))
    return (time.perf_counter() - start) / KINK_SERIES, found, pwlf.__version__


def generate(out_dir):
    generate_kinks(out_dir)
    rng = np.random.default_rng(20261202)
    for n in SIZES:
        t = np.sort(rng.uniform(0.0, 10.0, n))
        level = np.where(t < 3.0, 0.0, np.where(t < 6.0, -1.0, -1.5))
        y = level - 0.1 * t + rng.normal(0.0, 0.3, n)
        t.astype("<f8").tofile(f"{out_dir}/t_{n}.f64")
        y.astype("<f8").tofile(f"{out_dir}/y_{n}.f64")


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def time_all(data_dir, out_path, cap):
    import ruptures as rpt

    signal.signal(signal.SIGALRM, _alarm)
    out = {"ruptures": rpt.__version__, "cap_seconds": cap, "cases": []}
    for n in SIZES:
        t = np.fromfile(f"{data_dir}/t_{n}.f64", dtype="<f8")
        y = np.fromfile(f"{data_dir}/y_{n}.f64", dtype="<f8")
        for cost, signal_ in [
            ("cuts", y.reshape(-1, 1)),
            ("regimes", np.column_stack([y, np.ones(n), t - t[0]])),
        ]:
            model = "l2" if cost == "cuts" else "linear"
            signal.alarm(int(cap))
            start = time.perf_counter()
            try:
                algo = rpt.Dynp(model=model, min_size=MIN_SIZE, jump=1).fit(signal_)
                bkps = algo.predict(n_bkps=BREAKS)[:-1]
                seconds, done = time.perf_counter() - start, True
            except Timeout:
                bkps, seconds, done = None, cap, False
            finally:
                signal.alarm(0)
            out["cases"].append(
                {"n": n, "cost": cost, "seconds": seconds, "finished": done, "starts": bkps}
            )
            print(f"ruptures {cost} n={n}: {seconds:.1f} s{'' if done else ' (stopped)'}",
                  file=sys.stderr)
    seconds, found, version = time_pwlf(data_dir)
    out["pwlf"] = {"version": version, "seconds_per_series": seconds, "kinks": found}
    print(f"pwlf one kink: {seconds * 1e3:.1f} ms a series", file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)


def table(py_path, rs_path):
    py = json.load(open(py_path))
    rs = {(c["n"], c["cost"]): c for c in json.load(open(rs_path))["cases"]}
    print(f"ruptures {py['ruptures']} Dynp (jump 1) against costtrend, {BREAKS} breaks, "
          f"segments of at least {MIN_SIZE} points; one core each, one run\n")
    print("| n | model | ruptures (s) | costtrend (s) | Rust / Python | same breaks |")
    print("|---|---|---|---|---|---|")
    for c in py["cases"]:
        r = rs[(c["n"], c["cost"])]
        py_s = f"{c['seconds']:.2f}" if c["finished"] else f"> {c['seconds']:.0f} (stopped)"
        ratio = r["seconds"] / c["seconds"]
        ratio_s = f"{ratio:.5f}" if c["finished"] else f"< {ratio:.5f}"
        same = "yes" if c["starts"] == r["starts"] else ("-" if c["starts"] is None else "NO")
        print(f"| {c['n']:,} | {c['cost']} | {py_s} | {r['seconds']:.4f} | {ratio_s} | {same} |")
    # one kink between observations: location error and time, pwlf beside
    at = np.fromfile(f"{py_path.rsplit('/', 1)[0]}/kinks_at.f64", dtype="<f8")
    rk = json.load(open(rs_path))["kinks"]
    pk = py["pwlf"]
    rmse = lambda found: float(np.sqrt(np.mean((np.array(found) - at) ** 2)))
    print(f"\nOne kink between yearly observations ({KINK_SERIES} series of {KINK_POINTS} points, "
          f"rate 0.35 then 0.10 a year, noise 0.08): pwlf {pk['version']} against costtrend\n")
    print("| method | location RMSE (years) | time a series (ms) | Rust / Python |")
    print("|---|---|---|---|")
    print(f"| pwlf `fit(2)` | {rmse(pk['kinks']):.3f} | {pk['seconds_per_series'] * 1e3:.2f} | |")
    print(f"| costtrend `trend_breaks`, one kink | {rmse(rk['kinks']):.3f} | "
          f"{rk['seconds_per_series'] * 1e3:.4f} | {rk['seconds_per_series'] / pk['seconds_per_series']:.5f} |")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "generate":
        generate(sys.argv[2])
    elif cmd == "time":
        time_all(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif cmd == "table":
        table(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
