"""costtrend: how prices fall over time, with honest uncertainty.

Python bindings of the Rust crate ``costtrend``: explicit rate
conventions, exact queries on price curves, fits with intervals, random-walk
forecasts whose intervals widen with the horizon, trend breaks, and
per-group fits of whole DataFrames computed in Rust.

>>> import costtrend
>>> m = costtrend.DecayModel.exponential(100.0, 0.5)
>>> round(m.at(2.0), 4)
36.7879
>>> r = costtrend.Rate.from_half_life(2.0)
>>> round(r.percent_per(1.0), 2)
29.29
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from . import fit, forecast
from ._costtrend import (
    BacktestReport,
    Bill,
    Breaks,
    Comparison,
    DecayModel,
    Estimate,
    Fit,
    Parameter,
    RandomWalk,
    Rate,
    RateEstimate,
    __version__,
    year_to_date,
)
from . import _costtrend
from ._time import prices, to_years

__all__ = [
    "BacktestReport",
    "Bill",
    "Breaks",
    "Comparison",
    "DecayModel",
    "Estimate",
    "Fit",
    "Parameter",
    "RandomWalk",
    "Rate",
    "RateEstimate",
    "fit",
    "forecast",
    "fit_frame",
    "forecast_frame",
    "to_years",
    "year_to_date",
    "__version__",
]


def _is_polars(df: Any) -> bool:
    return type(df).__module__.split(".")[0] == "polars"


def _columns(df: Any, time: str, price: str, by: str):
    """The key, time and price columns as numpy arrays (Polars without
    pandas: each column's own ``to_numpy``)."""
    for name in (time, price, by):
        if name not in df.columns:
            raise ValueError(f"no column named '{name}' (columns: {', '.join(map(str, df.columns))})")
    if _is_polars(df):
        keys = df.get_column(by).to_numpy()
        t = df.get_column(time)
        tz = getattr(t.dtype, "time_zone", None)
        if tz is not None:
            t = t.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return keys, to_years(t.to_numpy()), prices(df.get_column(price).to_numpy(), price)
    return np.asarray(df[by].to_numpy()), to_years(df[time]), prices(df[price], price)


def _codes(keys: np.ndarray):
    """Group codes in the order groups first appear, and the keys."""
    if keys.dtype == object and any(k is None for k in keys):
        i = next(i for i, k in enumerate(keys) if k is None)
        raise ValueError(f"by: row {i} has no group key")
    uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse.ravel()].astype(np.int64), uniq[order]


def _frame(like: Any, by: str, keys: np.ndarray, cols: dict):
    data = {by: list(keys)}
    data.update(cols)
    if _is_polars(like):
        import polars as pl

        return pl.DataFrame(
            {k: (list(v) if isinstance(v, np.ndarray) else v) for k, v in data.items()},
            schema_overrides={"error": pl.String},
            strict=False,
        )
    import pandas as pd

    return pd.DataFrame(data)


def fit_frame(df: Any, *, time: str = "t", price: str = "price", by: str,
              method: str = "exponential", level: float = 0.95):
    """One fit per group of a pandas or Polars DataFrame, computed in Rust
    across groups (the GIL released, the groups in parallel).

    Returns a DataFrame of the same kind with one row per group, in the
    order groups first appear: the key column ``by``, ``lambda`` (the
    continuous rate, positive when prices fall) with ``lambda_lower`` and
    ``lambda_upper`` (its interval at ``level``), ``percent_per_year``,
    ``half_life``, ``r_squared``, ``n`` and ``error`` (the crate's message
    for a group that could not be fitted, whose numbers are then missing:
    NaN in pandas, null in Polars). ``method`` is ``"exponential"``,
    ``"exponential_nls"`` or ``"exponential_with_floor"``.

    >>> import pandas as pd, costtrend
    >>> df = pd.DataFrame({"tech": ["a"] * 4 + ["b"] * 4, "t": [0, 1, 2, 3] * 2,
    ...                    "price": [8, 4, 2, 1, 9, 9.5, 8.8, 9.1]})
    >>> out = costtrend.fit_frame(df, by="tech")
    >>> list(out["tech"]), round(float(out["lambda"][0]), 4)
    (['a', 'b'], 0.6931)
    """
    keys, t, p = _columns(df, time, price, by)
    codes, uniq = _codes(keys)
    cols = _costtrend._fit_groups(codes, len(uniq), t, p, method=method, level=level)
    return _frame(df, by, uniq, cols)


def forecast_frame(df: Any, *, time: str = "t", price: str = "price", by: str,
                   horizon: float = 1.0, levels: Sequence[float] = (0.8, 0.95),
                   prior: Optional[str] = None):
    """The random-walk forecast of every group, ``horizon`` years after each
    group's last observation, computed in Rust across groups in parallel.

    One row per group: ``by``, ``t`` (the forecast time), ``median``,
    ``mean``, ``lambda`` (the drift as a continuous rate), ``lower_<pct>``
    and ``upper_<pct>`` per level, ``n`` and ``error``.

    >>> import pandas as pd, costtrend
    >>> df = pd.DataFrame({"g": ["x"] * 5, "t": [0, 1, 2, 3, 4], "price": [8, 6, 4, 3.5, 2]})
    >>> out = costtrend.forecast_frame(df, by="g", horizon=2.0)
    >>> float(out["t"][0]), bool(out["lower_95"][0] < out["median"][0] < out["upper_95"][0])
    (6.0, True)
    """
    keys, t, p = _columns(df, time, price, by)
    codes, uniq = _codes(keys)
    cols = _costtrend._forecast_groups(codes, len(uniq), t, p, horizon=horizon,
                                       levels=list(levels), prior=prior)
    return _frame(df, by, uniq, cols)
