"""Times as the crate's decimal years.

Floats and ints are decimal years already. ``datetime.date`` objects are
dates at midnight; ``datetime.datetime`` objects are instants (naive ones
read as UTC, aware ones converted to UTC); numpy ``datetime64`` arrays and
pandas datetime Series (tz-aware ones converted to UTC) likewise. The
conversion itself is the Rust crate's (``costtrend::time``, through jiff):
this module only brings each kind of input to microseconds since
1970-01-01.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Tuple

import numpy as np

from . import _costtrend

_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


# Days within which days * 86_400_000_000 stays an int64 (and beyond
# every year jiff reads, -9999 to 9999).
_MAX_DAYS = 10_000_000


def _from_days(days: np.ndarray) -> np.ndarray:
    """Dates as days since 1970-01-01, through the one conversion (µs)."""
    days = np.asarray(days, dtype=np.int64)
    far = np.flatnonzero(np.abs(days) > _MAX_DAYS)
    if far.size:
        raise ValueError(f"time[{int(far[0])}] is outside the years -9999 to 9999")
    return _costtrend._years_from_unix_us(np.ascontiguousarray(days * 86_400_000_000))


def _from_datetime64(a: np.ndarray) -> np.ndarray:
    unit = np.datetime_data(a.dtype)[0]
    if np.isnat(a).any():
        i = int(np.flatnonzero(np.isnat(a))[0])
        raise ValueError(f"time[{i}] is NaT: every time must be set")
    if unit in ("Y", "M", "W", "D"):
        return _from_days(a.astype("datetime64[D]").astype(np.int64))
    # microseconds: datetime64[ns] only spans 1678-2262 (and wraps beyond)
    us = a.astype("datetime64[us]").astype(np.int64)
    return _costtrend._years_from_unix_us(np.ascontiguousarray(us))


def _from_objects(items: list) -> np.ndarray:
    if all(isinstance(x, _dt.date) and not isinstance(x, _dt.datetime) for x in items):
        return _from_days([x.toordinal() - _EPOCH_ORDINAL for x in items])
    if all(isinstance(x, _dt.datetime) for x in items):
        utc = [
            (x.astimezone(_dt.timezone.utc).replace(tzinfo=None) if x.tzinfo else x)
            for x in items
        ]
        return _from_datetime64(np.array(utc, dtype="datetime64[us]"))
    if all(isinstance(x, (_dt.date, np.datetime64)) for x in items):
        return _from_objects([_as_python(x) for x in items])
    kinds = sorted({type(x).__name__ for x in items})
    raise ValueError(
        "times must be all numbers (decimal years), all dates or all datetimes; got "
        + ", ".join(kinds)
    )


def _as_python(x: Any) -> Any:
    if isinstance(x, np.datetime64):
        return x.astype("datetime64[us]").item()
    return x


def to_years(t: Any) -> np.ndarray:
    """``t`` (decimal years, dates, datetimes, datetime64 or a pandas
    datetime Series) as a contiguous float64 array of decimal years."""
    return to_years_or_scalar(t)[0]


def to_years_or_scalar(t: Any) -> Tuple[np.ndarray, bool]:
    """``to_years(t)`` and whether ``t`` was a single time."""
    if isinstance(t, (_dt.date, np.datetime64)):
        return _from_objects([_as_python(t)]), True
    if isinstance(t, (int, float, np.integer, np.floating)) and not isinstance(t, bool):
        return np.array([float(t)]), True
    # pandas: tz-aware datetimes to UTC, then their datetime64 values
    dtype = getattr(t, "dtype", None)
    if dtype is not None and getattr(dtype, "tz", None) is not None:
        t = t.dt.tz_convert("UTC").dt.tz_localize(None)
    if hasattr(t, "to_numpy") and not isinstance(t, np.ndarray):
        t = t.to_numpy()
    a = np.asarray(t)
    if a.ndim == 0:
        return to_years_or_scalar(a.item())
    if a.ndim != 1:
        raise ValueError(f"times must be one-dimensional, got shape {a.shape}")
    if np.issubdtype(a.dtype, np.datetime64):
        return _from_datetime64(a), False
    if a.dtype == object:
        items = list(a)
        if items and all(
            isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)
            for x in items
        ):
            return np.asarray(items, dtype=np.float64), False
        if not items:
            return np.zeros(0), False
        return _from_objects([_as_python(x) for x in items]), False
    if a.dtype == bool or not np.issubdtype(a.dtype, np.number):
        raise ValueError(f"times must be numbers or dates, got dtype {a.dtype}")
    return np.ascontiguousarray(a, dtype=np.float64), False


def prices(p: Any, name: str = "price") -> np.ndarray:
    """Any array-like of numbers as a contiguous float64 array."""
    if hasattr(p, "to_numpy") and not isinstance(p, np.ndarray):
        p = p.to_numpy()
    a = np.asarray(p)
    if a.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {a.shape}")
    if a.dtype == bool or not (np.issubdtype(a.dtype, np.number) or a.dtype == object):
        raise ValueError(f"{name} must be numbers, got dtype {a.dtype}")
    try:
        return np.ascontiguousarray(a, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be numbers: {e}") from None
