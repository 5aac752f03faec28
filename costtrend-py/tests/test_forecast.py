"""The random walk against its independent reference, tables, bills,
backtests, and the DataFrame entry points against fitting each group."""

import numpy as np
import pytest

import costtrend
from conftest import load_series, reference


def test_random_walk_matches_the_independent_reference():
    for case in reference("random_walk_ref.json")["cases"]:
        kw = {"theta": case["theta"], "prior": "none"}
        if case["window"] is None:
            kw["all_differences"] = True
        else:
            kw["window"] = case["window"]
        rw = costtrend.forecast.random_walk(case["t"], case["price"], **kw)
        assert rw.drift == pytest.approx(case["drift"], rel=1e-12)
        assert rw.noise == pytest.approx(case["noise"], rel=1e-12)
        for row in case["rows"]:
            at = row["t"]
            assert rw.median_at(at) == pytest.approx(row["median"], rel=1e-12)
            assert rw.mean_at(at) == pytest.approx(row["mean"], rel=1e-12)
            lo, hi = rw.interval_at(at, 0.95)
            assert lo == pytest.approx(row["q025"], rel=1e-10)
            assert hi == pytest.approx(row["q975"], rel=1e-10)
            assert rw.quantile_at(at, 0.9) == pytest.approx(row["q90"], rel=1e-10)


def test_table_is_a_dataframe_with_a_column_per_bound():
    pd = pytest.importorskip("pandas")
    rw = costtrend.forecast.random_walk(*load_series("solar_pv_module_usd_per_w.csv"))
    times = [2025.0, 2026.0, 2027.0]
    tab = rw.table(times, [0.8, 0.95])
    assert isinstance(tab, pd.DataFrame)
    assert list(tab.columns) == ["t", "median", "mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    np.testing.assert_allclose(tab["median"], rw.median_at(np.array(times)), rtol=1e-15)
    lo, hi = rw.interval_at(np.array(times), 0.95)
    np.testing.assert_allclose(tab["lower_95"], lo, rtol=1e-15)
    assert (tab["lower_95"] < tab["lower_80"]).all() and (tab["upper_80"] < tab["upper_95"]).all()
    back = costtrend.RandomWalk.from_json(rw.to_json())
    assert back.median_at(2030.0) == pytest.approx(rw.median_at(2030.0), rel=1e-12)


def test_intervals_widen_and_bad_queries_raise():
    rw = costtrend.forecast.random_walk([2019, 2020, 2021, 2022, 2023, 2024], [10.0, 7.9, 6.1, 5.2, 3.9, 3.1])
    widths = [np.log(hi / lo) for lo, hi in (rw.interval_at(2024 + h, 0.9) for h in (1, 2, 4))]
    assert widths[0] < widths[1] < widths[2]
    with pytest.raises(ValueError, match="level"):
        rw.interval_at(2026.0, 1.5)
    with pytest.raises(ValueError, match="finite"):
        rw.median_at(float("nan"))
    with pytest.raises(ValueError, match="prior"):
        costtrend.forecast.random_walk([0, 1, 2, 3], [4.0, 3.0, 2.0, 1.0], prior="magic")
    when = rw.time_to(1.0)
    assert when.interval[0] < when.value < when.interval[1]


def test_bill_expected_is_exact_and_inside_its_interval():
    rw = costtrend.forecast.random_walk([0, 1, 2, 3, 4], [8.0, 6.0, 4.0, 3.5, 2.0])
    b = costtrend.forecast.bill(rw, 12.0, 4.0, 5.0, seed=7)
    assert b.interval[0] < b.median < b.interval[1]
    mean, err = b.simulated_mean
    assert abs(mean - b.expected) < 5 * err
    same = rw.bill(12.0, 4.0, 5.0, seed=7)
    assert (same.expected, same.median, same.interval) == (b.expected, b.median, b.interval)
    # usage growing 50 % a year from its start costs more, exactly in expectation
    grown = rw.bill(12.0, 4.0, 5.0, growth=np.log(1.5), seed=7)
    assert grown.expected > b.expected
    with pytest.raises(ValueError):
        costtrend.forecast.bill(rw, 12.0, 5.0, 4.0)


def test_backtest_scores_every_hindcast():
    t, p = load_series("hdd_usd_per_mb_mccallum.csv")
    r = costtrend.forecast.backtest([(t, p)])
    assert r.method == "random_walk" and r.hindcasts == 510
    assert r.levels == pytest.approx([0.5, 0.8, 0.95])
    trend = costtrend.forecast.backtest([(t, p)], method="trend")
    assert trend.coverage[-1] < r.coverage[-1]
    assert "hindcasts" in str(r)


def grouped():
    pd = pytest.importorskip("pandas")
    frames = []
    for name in ["solar_pv_module_usd_per_w.csv", "hdd_usd_per_mb_mccallum.csv", "genome_sequencing_usd_per_genome.csv"]:
        t, p = load_series(name)
        frames.append(pd.DataFrame({"tech": name.split("_")[0], "t": t, "price": p}))
    frames.append(pd.DataFrame({"tech": "broken", "t": [2020.0, 2021.0, 2022.0], "price": [5.0, -1.0, 3.0]}))
    return pd.concat(frames, ignore_index=True)


def test_fit_frame_equals_fitting_each_group_alone():
    df = grouped()
    out = costtrend.fit_frame(df, time="t", price="price", by="tech")
    assert list(out["tech"]) == ["solar", "hdd", "genome", "broken"]
    for i, key in enumerate(["solar", "hdd", "genome"]):
        g = df[df["tech"] == key]
        f = costtrend.fit.exponential(g["t"], g["price"])
        assert out["lambda"][i] == f.rate.value
        assert (out["lambda_lower"][i], out["lambda_upper"][i]) == f.rate.interval
        assert out["percent_per_year"][i] == pytest.approx(f.rate.percent_per(1.0).value, rel=1e-15)
        assert out["half_life"][i] == pytest.approx(f.rate.half_life().value, rel=1e-15)
        assert out["r_squared"][i] == f.r_squared
        assert out["n"][i] == f.n
        assert out["error"].isna()[i]
    assert "price[1] is -1" in out["error"][3]
    assert np.isnan(out["lambda"][3])


def test_forecast_frame_equals_each_groups_walk():
    df = grouped()
    out = costtrend.forecast_frame(df, by="tech", horizon=2.0, levels=[0.9])
    g = df[df["tech"] == "hdd"]
    rw = costtrend.forecast.random_walk(g["t"], g["price"])
    at = rw.last_time + 2.0
    assert out["t"][1] == at
    assert out["median"][1] == pytest.approx(rw.median_at(at), rel=1e-15)
    lo, hi = rw.interval_at(at, 0.9)
    assert (out["lower_90"][1], out["upper_90"][1]) == pytest.approx((lo, hi), rel=1e-15)
    assert "price[1] is -1" in out["error"][3]


def test_polars_frames_work_without_pandas_and_stay_polars():
    pl = pytest.importorskip("polars")
    t, p = load_series("solar_pv_module_usd_per_w.csv")
    df = pl.DataFrame({"tech": ["solar"] * len(t) + ["x"] * 2, "t": t + [2000.0, 2000.0], "price": p + [1.0, 2.0]})
    out = costtrend.fit_frame(df, by="tech")
    assert isinstance(out, pl.DataFrame)
    assert out["tech"].to_list() == ["solar", "x"]
    assert out["lambda"][0] == costtrend.fit.exponential(t, p).rate.value
    assert out["lambda"][1] is None and "all times are equal" in out["error"][1]
    assert out.schema["error"] == pl.String
    fc = costtrend.forecast_frame(df, by="tech")
    assert isinstance(fc, pl.DataFrame) and fc["median"][0] > 0
    with pytest.raises(ValueError, match="no column named 'when'"):
        costtrend.fit_frame(df, time="when", by="tech")
