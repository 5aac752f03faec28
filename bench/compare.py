"""Side-by-side timing of costtrend against numpy and scipy on the same data.

Usage (bench/compare.sh runs these):
  python bench/compare.py generate DIR        # writes t_N.f64 and p_N.f64
  python bench/compare.py time DIR OUT.json   # times numpy/scipy on them
  python bench/compare.py table PY.json RS.json

Data: t uniform on [0, 10], price = 100 * exp(-0.3 t) * lognormal(0, 0.05),
seed 20261129, n = 1e3, 1e5, 1e6, stored as raw little-endian float64.
"""
import json
import sys
import timeit

import numpy as np

SIZES = [1_000, 100_000, 1_000_000]
P0, LAM = 100.0, 0.3


def generate(out_dir):
    rng = np.random.default_rng(20261129)
    for n in SIZES:
        t = rng.uniform(0.0, 10.0, n)
        p = P0 * np.exp(-LAM * t) * rng.lognormal(0.0, 0.05, n)
        t.astype("<f8").tofile(f"{out_dir}/t_{n}.f64")
        p.astype("<f8").tofile(f"{out_dir}/p_{n}.f64")


def best_seconds(fn, budget=1.0):
    """Minimum wall time of one call, over as many calls as fit the budget."""
    timer = timeit.Timer(fn)
    first = timer.timeit(number=1)
    reps = int(max(3, min(200, budget / max(first, 1e-9))))
    return min([first] + timer.repeat(repeat=reps, number=1))


def time_all(data_dir, out_path):
    from scipy import optimize, stats

    results = []
    for n in SIZES:
        t = np.fromfile(f"{data_dir}/t_{n}.f64", dtype="<f8")
        p = np.fromfile(f"{data_dir}/p_{n}.f64", dtype="<f8")
        grid = np.linspace(0.0, 10.0, n)

        def model(x, p0, lam):
            return p0 * np.exp(-lam * x)

        ops = {
            "eval": lambda: P0 * np.exp(-LAM * t),
            "eval_grid": lambda: P0 * np.exp(-LAM * grid),
            "fit_loglinear": lambda: stats.linregress(t, np.log(p)),
            "fit_loglinear_polyfit": lambda: np.polyfit(t, np.log(p), 1),
            "fit_nls": lambda: optimize.curve_fit(model, t, p, p0=(P0, LAM), method="lm"),
        }
        for name, fn in ops.items():
            secs = best_seconds(fn)
            results.append({"op": name, "n": n, "ns_per_point": secs * 1e9 / n})
    with open(out_path, "w") as f:
        json.dump({"numpy": np.__version__, "numpy_simd": numpy_simd(), "results": results}, f)


# Which Python operation each Rust operation is compared with.
PAIRS = [
    ("eval", "eval", "numpy p0*np.exp(-lam*t)"),
    ("eval_grid", "eval_grid", "numpy p0*np.exp(-lam*grid)"),
    ("fit_loglinear", "fit_loglinear", "scipy.stats.linregress(t, log p)"),
    ("fit_loglinear", "fit_loglinear_polyfit", "numpy.polyfit(t, log p, 1)"),
    ("fit_nls", "fit_nls", "scipy curve_fit lm, true p0"),
]


def numpy_simd():
    """The widest x86 SIMD level numpy's dispatch found on this CPU."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as cpu
    except ImportError:
        return "?"
    for name in ("AVX512_SKX", "AVX512F", "AVX2", "SSE42"):
        if cpu.get(name):
            return name
    return "baseline"


def table(py_path, rs_path):
    py = json.load(open(py_path))
    rs = json.load(open(rs_path))
    index = {(r["op"], r["n"]): r["ns_per_point"] for r in py["results"]}
    rindex = {(r["op"], r["n"]): r["ns_per_point"] for r in rs["results"]}
    print(f"numpy {py['numpy']} (SIMD: {py.get('numpy_simd', '?')}); costtrend build: {rs.get('build', '?')}")
    print()
    print(f"| operation | Python reference | n | Rust ns/pt | Python ns/pt | Rust / Python |")
    print(f"|---|---|---:|---:|---:|---:|")
    for rop, pop, label in PAIRS:
        for n in SIZES:
            r, p = rindex.get((rop, n)), index.get((pop, n))
            if r is None or p is None:
                continue
            print(f"| {rop} | {label} | {n:.0e} | {r:.3f} | {p:.3f} | {r / p:.3f} |")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "generate":
        generate(sys.argv[2])
    elif cmd == "time":
        time_all(sys.argv[2], sys.argv[3])
    elif cmd == "table":
        table(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {cmd}")
