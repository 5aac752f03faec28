"""The package against the Rust crate's own results: the `costtrend`
command (the same library, called from Rust) on the same file gives the
same numbers. `.ci/run` installs the command and names it in
COSTTREND_BIN; elsewhere the test looks for `costtrend` on the PATH."""

import json
import os
import shutil
import subprocess

import pytest

import costtrend
from conftest import DATA, load_series


def binary():
    found = os.environ.get("COSTTREND_BIN") or shutil.which("costtrend")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must set COSTTREND_BIN to the costtrend command")
        pytest.skip("the costtrend command is not installed (cargo install --path costtrend-cli)")
    return found


def run(*args):
    out = subprocess.run([binary(), *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def test_fit_and_forecast_equal_the_rust_commands():
    name = "genome_sequencing_usd_per_genome.csv"
    t, p = load_series(name)
    rust = run("fit", str(DATA / name))
    fit = costtrend.fit.compare(t, p).best
    back = costtrend.Fit.from_json(json.dumps(rust["fit"]))
    assert back.method == fit.method
    assert back.rate.value == pytest.approx(fit.rate.value, rel=1e-15)
    assert back.rate.interval == pytest.approx(fit.rate.interval, rel=1e-15)
    rust = run("forecast", str(DATA / name), "--horizon", "2")
    walk = costtrend.forecast.random_walk(t, p)
    for row in rust["table"]["rows"]:
        assert row["median"] == pytest.approx(walk.median_at(row["t"]), rel=1e-14)
        lo, hi = walk.interval_at(row["t"], 0.95)
        assert row["intervals"][1]["lower"] == pytest.approx(lo, rel=1e-14)
        assert row["intervals"][1]["upper"] == pytest.approx(hi, rel=1e-14)


def test_breaks_equal_the_rust_command():
    name = "hdd_usd_per_mb_mccallum.csv"
    t, p = load_series(name)
    rust = costtrend.Breaks.from_json(json.dumps(run("breaks", str(DATA / name))))
    ours = costtrend.fit.trend_breaks(t, p)
    assert ours.times == pytest.approx(rust.times, rel=1e-15)
    assert ours.noise == rust.noise
    assert ours.p_value == pytest.approx(rust.p_value, abs=1e-12)
