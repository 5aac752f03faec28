"""Independent reference values for costtrend::forecast::random_walk.

Computed straight from Farmer & Lafond (2016), "How predictable is
technological progress?", Research Policy 45, 647-665: the drift from the
window's first and last points, K^2 the unbiased variance of the
differences per unit time (sum of squared residuals over span - sum dt^2 /
span, which the crate uses instead of the mean of r^2 / dt), and
the forecast variance K^2 h A(tau) / (1 + theta^2 - 2 theta / m) with
A*(tau) = -2 theta + (1 + 2 (m - 1) theta / m + theta^2) (tau + tau^2 / m)
for tau >= 1 step and tau * A*(1) below one step, Student-t with
Satterthwaite's effective degrees of freedom of K^2 (m - 1 when theta = 0),
computed here by matrix products rather than the crate's closed form (the divisor is the
expectation of the sample variance K^2 of m IMA(1,1) differences over
sigma^2; the paper's 1 + theta^2 is its limit for long windows); quantiles from
scipy.stats.t with those degrees of freedom.

Run: python3 tests/data/random_walk_ref.py > tests/data/random_walk_ref.json
"""
import json
import math

from scipy import stats

MEAN_CAP = 0.999


def capped_mean(loc, s, dof):
    """E[min(P, Q)] for ln P = loc + s T, T Student-t, Q its MEAN_CAP
    quantile: by scipy's adaptive quadrature over T's density."""
    from scipy import integrate

    q = stats.t.ppf(MEAN_CAP, dof)
    below, _ = integrate.quad(
        lambda x: math.exp(s * (x - q)) * stats.t.pdf(x, dof),
        -math.inf,
        q,
        epsabs=0,
        epsrel=1e-13,
        limit=1000,
    )
    return math.exp(loc + s * q) * (below + 1 - MEAN_CAP)


CASES = [
    {
        "name": "even, default window and theta",
        "t": [2010.0 + i for i in range(9)],
        "price": [31.0, 24.5, 22.0, 15.1, 13.9, 9.2, 8.8, 6.1, 4.0],
        "window": 5,
        "theta": 0.63,
        "at": [2018.5, 2019.0, 2021.0, 2030.0],
    },
    {
        "name": "uneven, every difference, theta 0",
        "t": [0.0, 0.5, 1.75, 2.0, 3.5, 4.0, 6.0],
        "price": [100.0, 80.0, 71.0, 60.0, 42.0, 45.0, 30.0],
        "window": None,
        "theta": 0.0,
        "at": [6.25, 7.0, 10.0],
    },
    {
        "name": "window 3, theta -0.3",
        "t": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "price": [5.0, 4.0, 4.4, 3.0, 2.2, 2.5],
        "window": 3,
        "theta": -0.3,
        "at": [6.1, 7.0, 9.0],
    },
]


def a_star(tau, m, theta):
    return -2 * theta + (1 + 2 * (m - 1) * theta / m + theta**2) * (tau + tau**2 / m)


def reference(case):
    t, p = case["t"], case["price"]
    n = len(t)
    m = n - 1 if case["window"] is None else case["window"]
    t = t[n - 1 - m:]
    y = [math.log(x) for x in p[n - 1 - m:]]
    span = t[-1] - t[0]
    mu = (y[-1] - y[0]) / span
    # K^2: the squared residuals of the differences over the time they
    # span less the drift's share, sum(r^2) / (span - sum(dt^2) / span),
    # unbiased for increments of variance sigma^2 dt (for even spacing the
    # sample variance of the differences over the step)
    k2 = sum(
        ((y[i] - y[i - 1]) - mu * (t[i] - t[i - 1])) ** 2 for i in range(1, m + 1)
    ) / (span - sum((t[i] - t[i - 1]) ** 2 for i in range(1, m + 1)) / span)
    h = span / m
    theta = case["theta"]
    # Satterthwaite's effective degrees of freedom of K^2: tr(M S)^2 / tr((M S)^2),
    # with S the covariance of m IMA(1,1) differences, M the centring matrix
    import numpy as np

    S = np.diag([1 + theta**2] * m) + np.diag([theta] * (m - 1), 1) + np.diag([theta] * (m - 1), -1)
    M = np.eye(m) - np.ones((m, m)) / m
    MS = M @ S
    dof = min(float(np.trace(MS) ** 2 / np.trace(MS @ MS)), m - 1)
    rows = []
    for at in case["at"]:
        tau = (at - t[-1]) / h
        a = a_star(tau, m, theta) if tau >= 1 else tau * a_star(1.0, m, theta)
        var = k2 * h * a / (1 + theta**2 - 2 * theta / m)
        s = math.sqrt(var)
        loc = y[-1] + mu * (at - t[-1])
        rows.append(
            {
                "t": at,
                "median": math.exp(loc),
                "mean": capped_mean(loc, s, dof),
                "q025": math.exp(loc + stats.t.ppf(0.025, dof) * s),
                "q975": math.exp(loc + stats.t.ppf(0.975, dof) * s),
                "q10": math.exp(loc + stats.t.ppf(0.10, dof) * s),
                "q90": math.exp(loc + stats.t.ppf(0.90, dof) * s),
                "prob_below_half_last": float(
                    stats.t.cdf((math.log(p[-1] / 2) - loc) / s, dof)
                ),
            }
        )
    return {**case, "drift": mu, "noise": math.sqrt(k2), "step": h, "rows": rows}


print(json.dumps({"generator": "tests/data/random_walk_ref.py", "cases": [reference(c) for c in CASES]}, indent=1))
