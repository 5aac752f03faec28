"""Exact reference for straight-line fits to nearly exact data.

Writes nearly_exact.json: for lines with relative noise from 1e-4 down to
1e-11 (1 - R^2 from about 2e-7 to 2e-21), the data as floats and the
standard error of the slope, computed from those floats in exact rational
arithmetic (fractions.Fraction), rounded once at the end. A float
implementation (numpy, statsmodels) carries relative errors of about
eps / sqrt(1 - R^2) here; this reference carries none.

Run: python3 tests/data/nearly_exact.py > tests/data/nearly_exact.json
"""
import json
import math
from fractions import Fraction
from decimal import Decimal, getcontext


def case(n, noise):
    t = [i / 8.0 for i in range(n)]
    y = [(3.0 - 0.25 * ti) * (1.0 + noise * math.sin(i * 2.1)) for i, ti in enumerate(t)]
    ft = [Fraction(v) for v in t]
    fy = [Fraction(v) for v in y]
    mt = sum(ft) / n
    my = sum(fy) / n
    sxx = sum((a - mt) ** 2 for a in ft)
    sxy = sum((a - mt) * (b - my) for a, b in zip(ft, fy))
    syy = sum((b - my) ** 2 for b in fy)
    sse = syy - sxy * sxy / sxx
    var = sse / (n - 2) / sxx
    getcontext().prec = 60
    se = (Decimal(var.numerator) / Decimal(var.denominator)).sqrt()
    r2 = 1 - sse / syy
    return {
        "n": n,
        "noise": noise,
        "one_minus_r2": float(1 - r2),
        "t": t,
        "y": y,
        "se_slope": float(se),
    }


cases = [case(40, s) for s in (1e-4, 1e-6, 1e-8, 1e-10, 1e-11)]
print(json.dumps({"generator": "tests/data/nearly_exact.py", "cases": cases}, indent=1))
