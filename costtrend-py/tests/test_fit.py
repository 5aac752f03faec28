"""Fits against the independent references (statsmodels / scipy output
pinned in the repository's tests/data) and against numpy."""

import datetime as dt

import numpy as np
import pytest

import costtrend
from conftest import load_series, reference


def rel(a, b):
    return abs(a - b) / abs(b)


def test_log_linear_fit_matches_statsmodels_and_numpy(solar):
    t, p = solar
    ref = reference("solar_pv_module_usd_per_w.ref.json")["exp_loglin"]
    f = costtrend.fit.exponential(t, p)
    assert f.n == ref["n"] == 50
    assert rel(f.rate.value, ref["lambda"]) < 1e-10
    lo, hi = f.rate.interval
    assert rel(lo, ref["ci95_lambda"][0]) < 1e-9 and rel(hi, ref["ci95_lambda"][1]) < 1e-9
    assert rel(f.parameters["lambda"].std_error, ref["stderr_lambda"]) < 1e-9
    assert rel(f.r_squared, ref["r2_log"]) < 1e-10
    # numpy's least squares on ln(price): the same slope
    slope, _ = np.polyfit(np.array(t) - t[0], np.log(p), 1)
    assert rel(f.rate.value, -slope) < 1e-10
    # the other conventions carry the interval along
    pct = f.rate.percent_per(1.0)
    assert pct.value == pytest.approx(100 * (1 - np.exp(-f.rate.value)), rel=1e-12)
    assert pct.interval[0] == pytest.approx(100 * (1 - np.exp(-lo)), rel=1e-12)


def test_nls_floor_and_linear_fits_match_scipy(solar):
    t, p = solar
    refs = reference("solar_pv_module_usd_per_w.ref.json")
    nls = costtrend.fit.exponential_nls(t, p)
    assert rel(nls.rate.value, refs["exp_nls"]["lambda"]) < 1e-6
    assert rel(nls.parameters["lambda"].std_error, refs["exp_nls"]["stderr_lambda"]) < 1e-4
    floor = costtrend.fit.exponential_with_floor(t, p)
    assert rel(floor.rate.value, refs["exp_floor"]["lambda"]) < 1e-6
    assert rel(floor.model.floor, refs["exp_floor"]["floor"]) < 1e-5
    lin = costtrend.fit.linear(t, p)
    assert lin.rate is None
    assert rel(lin.parameters["slope"].value, refs["linear"]["slope"]) < 1e-10


def test_dates_and_datetime64_give_the_crates_decimal_years():
    rows = reference("decimal_years.json")["rows"]
    civil = [r for r in rows if r["kind"] == "civil"]
    want = [r["year"] for r in civil]
    # years 1 to 9999: microseconds (datetime64[ns] itself only spans 1678-2262)
    stamps = np.array([r["text"] for r in civil], dtype="datetime64[us]")
    np.testing.assert_allclose(costtrend.to_years(stamps), want, rtol=0, atol=1e-9)
    objects = [dt.datetime.fromisoformat(r["text"]) for r in civil]
    np.testing.assert_allclose(costtrend.to_years(objects), want, rtol=0, atol=1e-9)
    inside = [i for i, r in enumerate(civil) if 1700 < r["year"] < 2200]
    ns = stamps[inside].astype("datetime64[ns]")
    np.testing.assert_allclose(costtrend.to_years(ns), np.array(want)[inside], rtol=0, atol=1e-9)
    dates = [dt.date(2021, 1, 1), dt.date(2021, 7, 2), dt.date(2022, 1, 1), dt.date(2022, 7, 2)]
    years = [2021.0, 2021.0 + 182 / 365, 2022.0, 2022.0 + 182 / 365]
    np.testing.assert_allclose(costtrend.to_years(dates), years, rtol=0, atol=1e-12)
    price = [10.0, 7.1, 5.0, 3.6]
    a = costtrend.fit.exponential(dates, price)
    b = costtrend.fit.exponential(years, price)
    assert a.rate.value == pytest.approx(b.rate.value, rel=1e-12)
    # aware datetimes are read in UTC
    aware = [dt.datetime(2021, 1, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))]
    assert costtrend.to_years(aware)[0] == 2021.0


def test_pandas_datetime_series_and_polars_columns_are_times():
    pd = pytest.importorskip("pandas")
    s = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"], utc=True))
    np.testing.assert_allclose(costtrend.to_years(s), [2020.0, 2021.0, 2022.0], atol=1e-12)
    f = costtrend.fit.exponential(s, pd.Series([4.0, 2.0, 1.0]))
    assert f.rate.value == pytest.approx(np.log(2), rel=1e-12)


def test_predict_and_time_to_carry_intervals():
    f = costtrend.fit.exponential([2020, 2021, 2022, 2023], [100.0, 52.0, 24.0, 13.0])
    e = f.predict(2026.0)
    assert e.interval[0] < e.value < e.interval[1]
    assert e.value == pytest.approx(f.model.at(2026.0), rel=1e-12)
    many = f.predict([2024.0, 2025.0])
    assert [m.value for m in many] == pytest.approx([f.model.at(2024.0), f.model.at(2025.0)])
    obs = f.predict_observation(2026.0)
    assert obs.interval[0] < e.interval[0] and e.interval[1] < obs.interval[1]
    when = f.time_to(1.0)
    assert when.interval[0] <= when.value <= when.interval[1]
    assert f.time_to(0.0) is None
    assert "exponential" in str(f) and "lambda" in str(f)


def test_a_fit_round_trips_through_json():
    f = costtrend.fit.exponential([0.0, 1.0, 2.0, 3.0], [8.0, 4.2, 1.9, 1.0])
    back = costtrend.Fit.from_json(f.to_json())
    assert back.rate.value == f.rate.value
    assert back.rate.interval == f.rate.interval
    assert str(back) == str(f)
    with pytest.raises(ValueError):
        costtrend.Fit.from_json("{}")


def test_bad_data_raise_value_error_with_the_crates_message():
    with pytest.raises(ValueError, match=r"price\[1\] is -1"):
        costtrend.fit.exponential([0, 1, 2], [1.0, -1.0, 2.0])
    with pytest.raises(ValueError, match="must pair up"):
        costtrend.fit.exponential([0, 1, 2], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"price\[2\] is NaN|NaN"):
        costtrend.fit.exponential([0, 1, 2], [1.0, 2.0, float("nan")])
    with pytest.raises(ValueError, match="all numbers"):
        costtrend.fit.exponential([2020, dt.date(2021, 1, 1)], [1.0, 2.0])
    with pytest.raises(ValueError, match="period"):
        costtrend.fit.step_discount([0, 1, 2], [3.0, 2.0, 1.0], float("nan"))
    with pytest.raises(ValueError, match=r"time\[1\] is outside the years"):
        costtrend.to_years(np.array(["2020-01-01", "40000-01-01"], dtype="datetime64[D]"))
    with pytest.raises(ValueError, match="NaT"):
        costtrend.to_years(np.array(["2020-01-01", "NaT"], dtype="datetime64[D]"))


def test_compare_ranks_and_breaks_find_the_cut():
    c = costtrend.fit.compare(*load_series("solar_pv_module_usd_per_w.csv"))
    assert c.best is not None and c.best.method == c.candidates[0][0]
    assert "AICc" in str(c)
    t, p = [0, 1, 2, 3, 4, 5], [8.0, 8.0, 8.0, 2.0, 2.0, 2.0]
    b = costtrend.fit.price_cuts(t, p)
    assert b.times == [3.0] and b.kind == "cuts"
    lo, hi = b.intervals[0]
    assert lo <= 3.0 <= hi
    back = costtrend.Breaks.from_json(b.to_json())
    assert back.times == b.times
    assert b.at(4.0) == pytest.approx(2.0)
