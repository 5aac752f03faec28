"""Shared paths: the repository's bundled data and reference values."""

import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def load_series(name):
    """A bundled `t,price` CSV as two lists."""
    rows = (DATA / name).read_text().strip().splitlines()[1:]
    t, p = zip(*((float(a), float(b)) for a, b in (r.split(",")[:2] for r in rows)))
    return list(t), list(p)


def reference(name):
    return json.loads((DATA / name).read_text())


@pytest.fixture
def solar():
    return load_series("solar_pv_module_usd_per_w.csv")
