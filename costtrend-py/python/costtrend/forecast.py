"""Forecasts whose intervals widen with the horizon: the random walk with
drift in log price (Farmer & Lafond 2016), bills under it, and backtests.

>>> import costtrend
>>> rw = costtrend.forecast.random_walk([2019, 2020, 2021, 2022, 2023, 2024],
...                                    [10.0, 7.9, 6.1, 5.2, 3.9, 3.1])
>>> lo, hi = rw.interval_at(2026.0, 0.9)
>>> lo < rw.median_at(2026.0) < hi
True
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence, Tuple

from . import _costtrend
from ._costtrend import BacktestReport, Bill, RandomWalk
from ._time import prices, to_years

__all__ = ["random_walk", "bill", "backtest", "table", "RandomWalk"]


def random_walk(t: Any, price: Any, *, window: Optional[int] = None,
                all_differences: bool = False, theta: Optional[float] = None,
                prior: Optional[str] = None, level: float = 0.95) -> RandomWalk:
    """The random walk with drift fitted to the log prices (the crate's
    default forecast: every difference, MA(1) noise where the data show it,
    the default prior on the noise for short series).

    ``window`` keeps the last ``window`` differences; ``theta`` fixes the
    MA(1) coefficient; ``prior`` is ``"default"``, ``"none"`` or
    ``"technology"``. Raises ``ValueError`` (with the crate's message) for
    data it cannot fit.

    >>> import costtrend
    >>> rw = costtrend.forecast.random_walk([0, 1, 2, 3, 4], [8.0, 6.0, 4.0, 3.5, 2.0])
    >>> rw.drift < 0
    True
    """
    return _costtrend._random_walk(to_years(t), prices(price), window=window,
                                   all_differences=all_differences, theta=theta,
                                   prior=prior, level=level)


def table(walk: RandomWalk, times: Any, levels: Sequence[float] = (0.8, 0.95)):
    """``walk.table(times, levels)``: the forecast at ``times`` with an
    interval per level, a pandas DataFrame when pandas is installed
    (columns ``t``, ``median``, ``mean``, ``lower_80``, ``upper_80``, ...),
    else a dict of numpy arrays."""
    return walk.table(times, list(levels))


def bill(walk: RandomWalk, usage: float, a: float, b: float, *, growth: float = 0.0,
         level: float = 0.95, paths: Optional[int] = None, seed: Optional[int] = None) -> Bill:
    """The bill for ``usage`` units per unit time (growing at the continuous
    rate ``growth`` from ``a``) from ``a`` to ``b`` at the walk's uncertain
    price: ``expected`` exactly, the median and ``interval`` at ``level`` by
    simulation.

    >>> import costtrend
    >>> rw = costtrend.forecast.random_walk([0, 1, 2, 3, 4], [8.0, 6.0, 4.0, 3.5, 2.0])
    >>> b = costtrend.forecast.bill(rw, 12.0, 4.0, 5.0)
    >>> b.interval[0] < b.expected < b.interval[1]
    True
    """
    return _costtrend._bill(walk, usage, a, b, growth=growth, level=level, paths=paths,
                            seed=seed)


def backtest(series: Iterable[Tuple[Any, Any]], *, method: str = "random_walk",
             levels: Optional[Sequence[float]] = None) -> BacktestReport:
    """Hindcasts from every origin of each ``(t, price)`` series, scored:
    coverage per level and horizon, log score, CRPS (``str()`` is the
    report). ``method`` is ``"random_walk"`` or ``"trend"``.

    >>> import costtrend
    >>> t = list(range(2000, 2012))
    >>> p = [100 * 0.8 ** (x - 2000) for x in t]
    >>> costtrend.forecast.backtest([(t, p)]).hindcasts > 0
    True
    """
    data = [(to_years(t), prices(p)) for t, p in series]
    return _costtrend._backtest(data, method=method,
                                levels=None if levels is None else list(levels))
