"""Side-by-side hindcasts: costtrend's random walk against statsforecast.

Every origin with at least 6 points, the next 20 observations, intervals
of log price at 80 % and 95 %. statsforecast forecasts by steps (the next
observations, whatever their spacing); costtrend by time.

    python forecast_peers.py peers LONG.csv OUT.csv [short]  # statsforecast
    python forecast_peers.py table LONG.csv METHOD=FILE...  # the table
"""
import sys
import time

import numpy as np
import pandas as pd


def series(path):
    df = pd.read_csv(path)
    df.columns = ["series", "t", "price"]
    out = {}
    for name, g in df.groupby("series", sort=True):
        g = g.sort_values("t").drop_duplicates("t")
        out[name] = (g["t"].to_numpy(), np.log(g["price"].to_numpy()))
    return out


def peers(path, out_path, short=False):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, RandomWalkWithDrift

    rows = []
    times = {}
    for model_name, make in [
        ("statsforecast RandomWalkWithDrift", RandomWalkWithDrift),
        ("statsforecast AutoETS", lambda: AutoETS(season_length=1)),
        ("statsforecast AutoARIMA", lambda: AutoARIMA(season_length=1)),
    ]:
        start = time.perf_counter()
        for name, (t, y) in series(path).items():
            last = min(len(t) - 1, 10) if short else len(t) - 1
            ahead = 10 if short else 20
            for o in range(5, last):
                h = min(ahead, len(t) - 1 - o)
                train = pd.DataFrame(
                    {"unique_id": name, "ds": np.arange(o + 1), "y": y[: o + 1]}
                )
                try:
                    sf = StatsForecast(models=[make()], freq=1)
                    fc = sf.forecast(df=train, h=h, level=[80, 95])
                except Exception:  # the model refuses this history
                    continue
                cols = [c for c in fc.columns if c not in ("unique_id", "ds")]
                base = [c for c in cols if "-lo-" not in c and "-hi-" not in c][0]
                for k in range(h):
                    j = o + 1 + k
                    r = fc.iloc[k]
                    rows.append(
                        (model_name, name, o, j, k + 1,
                         r[f"{base}-lo-80"], r[f"{base}-hi-80"],
                         r[f"{base}-lo-95"], r[f"{base}-hi-95"], y[j])
                    )
        times[model_name] = time.perf_counter() - start
    df = pd.DataFrame(rows, columns=["method", "series", "origin", "target", "steps",
                                     "lo80", "hi80", "lo95", "hi95", "actual"])
    df.to_csv(out_path, index=False)
    pd.Series(times).to_csv(out_path + ".times")


def metrics(df):
    y = df["actual"]
    c80 = ((y >= df["lo80"]) & (y <= df["hi80"])).mean()
    c95 = ((y >= df["lo95"]) & (y <= df["hi95"])).mean()
    width = df["hi95"] - df["lo95"]
    score = width + 40 * ((df["lo95"] - y).clip(lower=0) + (y - df["hi95"]).clip(lower=0))
    return len(df), c80, c95, width.median(), score.mean()


def table(path, pairs):
    print(f"| method ({path}) | hindcasts | 80 % | 95 % | median width | mean interval score |")
    print("|---|---|---|---|---|---|")
    frames = []
    for pair in pairs:
        method, file = pair.split("=", 1)
        df = pd.read_csv(file)
        if "method" not in df.columns:
            df["method"] = method
        frames.append(df)
    for method, df in pd.concat(frames).groupby("method", sort=False):
        n, c80, c95, w, s = metrics(df)
        print(f"| {method} | {n} | {c80:.3f} | {c95:.3f} | {w:.3f} | {s:.3f} |")


if __name__ == "__main__":
    if sys.argv[1] == "peers":
        peers(sys.argv[2], sys.argv[3], short=len(sys.argv) > 4 and sys.argv[4] == "short")
    else:
        table(sys.argv[2], sys.argv[3:])
