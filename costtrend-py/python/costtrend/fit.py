"""Fits of one curve to dated prices, the model comparison and trend breaks.

Every function takes ``t`` (decimal years, ``datetime.date`` /
``datetime.datetime`` objects, numpy ``datetime64`` or a pandas datetime
Series) and ``price`` (any array-like of numbers), and raises ``ValueError``
with the crate's message (naming the index, the value and the parameter)
for data it cannot fit.

>>> import costtrend
>>> f = costtrend.fit.exponential([2020, 2021, 2022, 2023], [100.0, 50.0, 26.0, 12.0])
>>> round(f.rate.value, 3)            # the continuous rate, per year
0.701
>>> lo, hi = f.rate.interval
>>> lo < f.rate.value < hi
True
"""

from __future__ import annotations

from typing import Any, Optional

from . import _costtrend
from ._costtrend import Breaks, Comparison, Fit
from ._time import prices, to_years

__all__ = [
    "exponential",
    "exponential_nls",
    "exponential_with_floor",
    "linear",
    "step_discount",
    "compare",
    "trend_breaks",
    "price_cuts",
    "regimes",
]


def _data(t: Any, price: Any):
    return to_years(t), prices(price)


def _one(method: str, t: Any, price: Any, level: float, weights: Any, robust: bool,
         period: Optional[float] = None) -> Fit:
    tt, pp = _data(t, price)
    w = None if weights is None else prices(weights, "weights")
    return _costtrend._fit(method, tt, pp, level=level, weights=w, robust=robust, period=period)


def exponential(t: Any, price: Any, *, level: float = 0.95, weights: Any = None,
                robust: bool = False) -> Fit:
    """Exponential decline ``p0 * exp(-lam * (t - t0))`` by least squares on
    ``ln(price)`` (multiplicative, log-normal, independent noise), with
    Student-t intervals at ``level``.

    >>> import costtrend
    >>> f = costtrend.fit.exponential([0.0, 1.0, 2.0], [8.0, 4.0, 2.0])
    >>> round(f.rate.half_life().value, 6)
    1.0
    """
    return _one("exponential", t, price, level, weights, robust)


def exponential_nls(t: Any, price: Any, *, level: float = 0.95, weights: Any = None,
                    robust: bool = False) -> Fit:
    """Exponential decline by least squares on the price itself (additive,
    independent noise): the fit for prices whose errors do not grow with
    the price.

    >>> import costtrend
    >>> f = costtrend.fit.exponential_nls([0.0, 1.0, 2.0, 3.0], [8.0, 4.1, 1.9, 1.0])
    >>> f.method
    'exponential_nls'
    """
    return _one("exponential_nls", t, price, level, weights, robust)


def exponential_with_floor(t: Any, price: Any, *, level: float = 0.95, weights: Any = None,
                           robust: bool = False) -> Fit:
    """Exponential decline towards a fitted floor, ``floor + (p0 - floor) *
    exp(-lam * (t - t0))``, by least squares on the price.

    >>> import costtrend
    >>> t = [0, 1, 2, 3, 4, 5, 6]
    >>> p = [11.0, 6.0, 3.5, 2.25, 1.6, 1.3, 1.15]
    >>> round(costtrend.fit.exponential_with_floor(t, p).model.floor, 1)
    1.0
    """
    return _one("exponential_with_floor", t, price, level, weights, robust)


def linear(t: Any, price: Any, *, level: float = 0.95, weights: Any = None,
           robust: bool = False) -> Fit:
    """Linear decline ``p0 - slope * (t - t0)`` by least squares (additive,
    independent noise). It has no constant rate: ``fit.rate`` is ``None``.

    >>> import costtrend
    >>> f = costtrend.fit.linear([0.0, 1.0, 2.0], [3.0, 2.0, 1.0])
    >>> f.rate is None, round(f.parameters["slope"].value, 6)
    (True, 1.0)
    """
    return _one("linear", t, price, level, weights, robust)


def step_discount(t: Any, price: Any, period: float, *, level: float = 0.95,
                  weights: Any = None, robust: bool = False) -> Fit:
    """A price cut by the same fraction every ``period``:
    ``p0 * (1 - discount) ** floor((t - t0) / period)``, least squares on
    ``ln(price)``.

    >>> import costtrend
    >>> f = costtrend.fit.step_discount([0.0, 1.0, 2.0, 3.0], [10.0, 8.0, 6.4, 5.12], 1.0)
    >>> round(f.parameters["discount"].value, 6)
    0.2
    """
    return _one("step_discount", t, price, level, weights, robust, period)


def compare(t: Any, price: Any, *, step_period: Optional[float] = None,
            with_breaks: bool = False) -> Comparison:
    """Every model fitted and ranked by AICc (``.best``, ``.candidates``;
    ``str()`` is the ranking table).

    >>> import costtrend
    >>> c = costtrend.fit.compare([2020, 2021, 2022, 2023, 2024], [10.0, 6.1, 3.6, 2.3, 1.3])
    >>> c.best.method == c.candidates[0][0]
    True
    """
    tt, pp = _data(t, price)
    return _costtrend._compare(tt, pp, step_period=step_period, with_breaks=with_breaks)


def _breaks(kind: str, t: Any, price: Any, max_breaks: Optional[int],
            significance: Optional[float], level: Optional[float],
            seed: Optional[int]) -> Breaks:
    tt, pp = _data(t, price)
    return _costtrend._breaks(kind, tt, pp, max_breaks=max_breaks, significance=significance,
                              level=level, seed=seed)


def trend_breaks(t: Any, price: Any, *, max_breaks: Optional[int] = None,
                 significance: Optional[float] = None, level: Optional[float] = None,
                 seed: Optional[int] = None) -> Breaks:
    """Kinks: where the rate of decline changes and the price does not jump
    (continuous log-linear segments). The count is chosen by BIC and gated
    by a no-break test at ``significance`` (default 0.05); the noise model
    (independent or random walk) is read from the data.

    >>> import costtrend
    >>> t = [float(y) for y in range(2000, 2020)]
    >>> p = [100 * 0.9 ** (y - 2000) if y < 2010 else 100 * 0.9 ** 10 * 0.5 ** (y - 2010) for y in t]
    >>> b = costtrend.fit.trend_breaks(t, p)
    >>> [round(x) for x in b.times]
    [2010]
    """
    return _breaks("kinks", t, price, max_breaks, significance, level, seed)


def price_cuts(t: Any, price: Any, *, max_breaks: Optional[int] = None,
               significance: Optional[float] = None, level: Optional[float] = None,
               seed: Optional[int] = None) -> Breaks:
    """Cuts: flat prices that drop at each break (list prices).

    >>> import costtrend
    >>> b = costtrend.fit.price_cuts([0, 1, 2, 3, 4, 5], [8.0, 8.0, 8.0, 2.0, 2.0, 2.0])
    >>> b.times
    [3.0]
    """
    return _breaks("cuts", t, price, max_breaks, significance, level, seed)


def regimes(t: Any, price: Any, *, max_breaks: Optional[int] = None,
            significance: Optional[float] = None, level: Optional[float] = None,
            seed: Optional[int] = None) -> Breaks:
    """Regimes: both the level and the rate change at each break.

    >>> import costtrend
    >>> t = list(range(12))
    >>> p = [10 * 0.9 ** x for x in range(6)] + [2 * 0.5 ** x for x in range(6)]
    >>> costtrend.fit.regimes(t, p).kind
    'regimes'
    """
    return _breaks("regimes", t, price, max_breaks, significance, level, seed)
