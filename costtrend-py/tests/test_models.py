"""DecayModel and Rate against their closed forms."""

import math

import numpy as np
import pytest

import costtrend
from costtrend import DecayModel, Rate


def test_exponential_at_matches_the_closed_form_for_floats_and_arrays():
    m = DecayModel.exponential(100.0, 0.3).with_origin(2020.0)
    assert m.at(2022.0) == pytest.approx(100 * math.exp(-0.6), rel=1e-15)
    t = np.linspace(2020.0, 2040.0, 1001)
    out = m.at(t)
    assert isinstance(out, np.ndarray) and out.shape == t.shape
    np.testing.assert_allclose(out, 100 * np.exp(-0.3 * (t - 2020.0)), rtol=1e-14)
    # lists and non-contiguous arrays take the same path
    np.testing.assert_allclose(m.at(list(t[::7])), out[::7], rtol=0)
    np.testing.assert_allclose(m.at(t[::7]), out[::7], rtol=0)


def test_queries_are_exact_and_never_is_none():
    m = DecayModel.exponential(100.0, 0.5)
    assert m.time_to(10.0) == pytest.approx(math.log(10) / 0.5, rel=1e-14)
    assert m.time_to(0.0) is None
    assert m.integral(0.0, 2.0) == pytest.approx(100 / 0.5 * (1 - math.exp(-1.0)), rel=1e-14)
    lin = DecayModel.linear(10.0, 2.0)
    assert lin.at(1.5) == pytest.approx(7.0)
    assert lin.time_to(4.0) == pytest.approx(3.0)
    step = DecayModel.step_discount(10.0, 0.2, 1.0)
    assert step.at(2.5) == pytest.approx(10 * 0.8**2)
    floored = DecayModel.exponential(10.0, 1.0).with_floor(2.0)
    assert floored.time_to(1.0) is None
    assert floored.floor == 2.0


def test_rate_conventions_convert_exactly():
    r = Rate.from_half_life(2.0)
    assert r.lam == pytest.approx(math.log(2) / 2, rel=1e-15)
    assert r.percent_per(1.0) == pytest.approx(100 * (1 - 2**-0.5), rel=1e-14)
    assert Rate.from_fold_per(10.0, 1.0).lam == pytest.approx(math.log(10), rel=1e-15)
    assert Rate.from_percent_per(20.0, 1.0).fold_per(1.0) == pytest.approx(1.25, rel=1e-14)
    assert Rate.continuous(-0.1).half_life() is None
    m = DecayModel.exponential_at_rate(50.0, Rate.from_half_life(3.0))
    assert m.at(3.0) == pytest.approx(25.0, rel=1e-14)
    assert m.rate == Rate.from_half_life(3.0)


def test_bad_parameters_raise_value_error_naming_them():
    with pytest.raises(ValueError, match="p0"):
        DecayModel.exponential(-1.0, 0.1)
    with pytest.raises(ValueError, match="lambda"):
        DecayModel.exponential(1.0, float("nan"))
    with pytest.raises(ValueError, match="discount"):
        DecayModel.step_discount(1.0, 1.5, 1.0)
    with pytest.raises(ValueError, match="half"):
        Rate.from_half_life(0.0)
    with pytest.raises(ValueError):
        DecayModel.exponential(1.0, 0.1).time_to(-1.0)


def test_models_round_trip_through_json():
    m = DecayModel.step_discount(7.5, 0.25, 0.5).with_origin(2024.25)
    back = DecayModel.from_json(m.to_json())
    assert back == m
    with pytest.raises(ValueError):
        DecayModel.from_json('{"kind": "exponential", "p0": -1, "lambda": 0.1}')
    assert costtrend.__version__
