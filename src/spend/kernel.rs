//! The integration kernel of spend: closed-form integrals of sums of
//! `coef · τ^m · exp(c τ)` terms, and the geometric sums of step prices.

/// One term `coef · τ^m · exp(c · τ)` of a piece, `τ` measured from the
/// piece's start.
#[derive(Clone, Copy, Debug)]
pub(super) struct Term {
    pub(super) coef: f64,
    pub(super) m: u8,
    pub(super) c: f64,
}

/// `∫_0^1 s^m exp(z s) ds` for `m <= 2`: a series for small `|z|`, the
/// recurrence `J_m = (e^z - m J_{m-1}) / z` otherwise.
pub(super) fn moment_integral(m: u8, z: f64) -> f64 {
    if z.abs() < 0.5 {
        // Σ z^k / (k! (m + k + 1)); 30 terms reach rounding for |z| < 0.5.
        let mut term = 1.0;
        let mut sum = 0.0;
        for k in 0..30 {
            if k > 0 {
                term *= z / f64::from(k);
            }
            sum += term / (f64::from(m) + f64::from(k) + 1.0);
        }
        return sum;
    }
    let ez = z.exp();
    let j0 = z.exp_m1() / z;
    let j1 = (ez - j0) / z;
    match m {
        0 => j0,
        1 => j1,
        _ => (ez - 2.0 * j1) / z,
    }
}

/// `Σ_{j < n} r^j` for `r = exp(x)`: `expm1(n x) / expm1(x)`, exact to
/// rounding for any `x` (`n` at `x = 0`).
pub(super) fn geometric_sum(x: f64, n: f64) -> f64 {
    if x == 0.0 {
        n
    } else {
        (n * x).exp_m1() / x.exp_m1()
    }
}

/// `Σ_{j < n} j r^j` for `r = exp(x)`, `x <= 0`.
///
/// The textbook form `r (1 - r^n) / (1 - r)^2 - n r^n / (1 - r)` subtracts
/// two terms of size `n / (1 - r)` to leave one of size `n^2 / 2`: for
/// `|n x| < 1` it loses `log10(1 / |n x|)` digits and gives infinity once
/// `(1 - r)^2` underflows. There the sum is taken as the derivative of
/// `n · phi1(n x) / phi1(x)` (the geometric sum), whose terms do not cancel:
/// `n ((n - 1) phi1(n x) phi1(x) - n phi2(n x) phi1(x) + phi1(n x) phi2(x)) / phi1(x)^2`,
/// with `phi1(y) = expm1(y) / y = ∫_0^1 e^{ys} ds` and
/// `phi2(y) = (expm1(y) - y) / y² = ∫_0^1 (1 - s) e^{ys} ds`, both taken
/// from [`moment_integral`].
pub(super) fn weighted_geometric_sum(x: f64, n: f64) -> f64 {
    if (n * x).abs() <= 1.0 {
        let phi = |y: f64| {
            let j0 = moment_integral(0, y);
            (j0, j0 - moment_integral(1, y))
        };
        let ((a, a2), (b, b2)) = (phi(n * x), phi(x));
        return n * ((n - 1.0) * a * b - n * a2 * b + a * b2) / (b * b);
    }
    let r = x.exp();
    let r_n = (n * x).exp();
    let one_minus = -x.exp_m1();
    r * (-(n * x).exp_m1()) / (one_minus * one_minus) - n * r_n / one_minus
}

/// `∫_a^b` of the product of two term lists, exactly.
pub(super) fn integrate(price: &[Term], usage: &[Term], width: f64) -> f64 {
    let mut total = 0.0;
    for p in price {
        for u in usage {
            let coef = p.coef * u.coef;
            if coef == 0.0 {
                continue;
            }
            let m = p.m + u.m;
            let c = p.c + u.c;
            let w_pow = width.powi(i32::from(m) + 1);
            total += coef * w_pow * moment_integral(m, c * width);
        }
    }
    total
}
