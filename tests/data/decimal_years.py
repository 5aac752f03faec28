"""Reference decimal years for costtrend::time, computed with Python's
datetime (an implementation independent of jiff and chrono).

Convention: year + (instant - start of year) / (length of year), with leap
years of 366 days; instants with an offset are read in UTC.

Run: python3 tests/data/decimal_years.py > tests/data/decimal_years.json
"""
import json
from datetime import datetime, timedelta, timezone
from fractions import Fraction


def decimal_year(dt):
    """dt: a naive datetime (civil) or an aware one (read in UTC)."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    start = datetime(dt.year, 1, 1)
    leap = dt.year % 4 == 0 and (dt.year % 100 != 0 or dt.year % 400 == 0)
    length_days = 366 if leap else 365
    elapsed = dt - start
    secs = Fraction(elapsed.days * 86400 + elapsed.seconds) + Fraction(elapsed.microseconds, 10**6)
    return float(dt.year + secs / (length_days * 86400))


rows = []
civil = [
    "2024-01-01T00:00:00", "2024-02-29T00:00:00", "2024-02-29T12:00:00",
    "2024-07-01T00:00:00", "2023-12-31T23:59:59", "2024-12-31T23:59:59",
    "1900-03-01T00:00:00", "2000-02-29T06:30:15", "1970-01-01T00:00:00",
    "0001-01-01T00:00:00", "9999-12-31T23:59:59", "1582-10-15T00:00:00",
]
for s in civil:
    rows.append({"kind": "civil", "text": s, "year": decimal_year(datetime.fromisoformat(s))})
instants = [
    "2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00-05:00", "2024-03-10T02:30:00-08:00",
    "2021-11-29T14:00:00+09:30", "2024-12-31T23:59:59+00:00", "2000-01-01T00:00:00+14:00",
]
for s in instants:
    rows.append({"kind": "instant", "text": s, "year": decimal_year(datetime.fromisoformat(s))})
print(json.dumps({"generator": "tests/data/decimal_years.py", "rows": rows}, indent=1))
