//! The numeric kernels, private to the crate: parameter checks,
//! neighbouring floats, root finding and the pieces of the closed-form
//! integrals here; the t and normal distributions ([`stats`]), small dense
//! linear algebra ([`linalg`]), the seeded generator ([`rng`]), the SIMD
//! kernels ([`simd`]) and number formatting ([`format`]) in their own files.
//!
//! Nothing here is public: the modules above expose the results. The import
//! rule (DESIGN.md): `numeric` imports nothing of the crate but its errors.

pub(crate) mod format;
pub(crate) mod linalg;
pub(crate) mod quad;
pub(crate) mod rng;
pub(crate) mod simd;
pub(crate) mod stats;

pub(crate) use format::{default_digits, pad_text, sig, write_number};

use crate::{FitError, ParamError};

/// Whether `x` is a probability strictly between 0 and 1 (a level, a
/// quantile): false for NaN.
pub(crate) fn is_probability(x: f64) -> bool {
    x > 0.0 && x < 1.0
}

/// The `level` option of every fit, break fit and backtest, checked once:
/// [`FitError::InvalidOption`] outside `(0, 1)`.
pub(crate) fn level_option(level: f64) -> Result<f64, FitError> {
    if is_probability(level) {
        Ok(level)
    } else {
        Err(FitError::InvalidOption {
            name: "level",
            value: level,
            expected: "in (0, 1)",
        })
    }
}

/// A target price for a crossing query: not NaN, at least 0 (`+inf` is
/// reached at once).
pub(crate) fn target_price(price: f64) -> Result<f64, ParamError> {
    if price.is_nan() {
        Err(ParamError::NonFinite {
            name: "price",
            value: price,
        })
    } else if price < 0.0 {
        Err(ParamError::OutOfRange {
            name: "price",
            value: price,
            expected: "at least 0",
        })
    } else {
        Ok(price)
    }
}

/// Rejects NaN and infinities; turns `-0.0` into `0.0` so no model ever
/// prints or serialises a negative zero.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64, ParamError> {
    if value.is_finite() {
        Ok(value + 0.0)
    } else {
        Err(ParamError::NonFinite { name, value })
    }
}

/// A finite value that is at least 0.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64, ParamError> {
    let v = finite(name, value)?;
    if v < 0.0 {
        return Err(ParamError::OutOfRange {
            name,
            value,
            expected: "at least 0",
        });
    }
    Ok(v)
}

/// A finite value that is strictly positive.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, ParamError> {
    let v = finite(name, value)?;
    if v <= 0.0 {
        return Err(ParamError::OutOfRange {
            name,
            value,
            expected: "greater than 0",
        });
    }
    Ok(v)
}

/// A floor: finite, at least 0 and at most `p0`.
pub(crate) fn floor_for(p0: f64, floor: f64) -> Result<f64, ParamError> {
    let f = non_negative("floor", floor)?;
    if f > p0 {
        return Err(ParamError::FloorAboveP0 { floor: f, p0 });
    }
    Ok(f)
}

/// The power of two at or just below `x` (for `x > 0` finite; subnormal
/// `x` give `f64::MIN_POSITIVE`): dividing by it is exact, so data scaled by
/// it keep every digit.
pub(crate) fn pow2_floor(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || x.is_infinite() {
        return 1.0;
    }
    if x < f64::MIN_POSITIVE {
        return f64::MIN_POSITIVE;
    }
    f64::from_bits(x.to_bits() & 0x7ff0_0000_0000_0000)
}

/// How many whole periods of length `period` separate `t` from `origin`:
/// `floor((t - origin) / period)`, except that a time within a few ulps
/// before a boundary `origin + k · period` counts as on it.
///
/// Calendar times are rounded when they are written (`2024.0 + 7.0 / 12.0`
/// is not exactly seven months after 2024), and that rounding, a few ulps
/// of `t` or `origin`, must not decide which period a boundary falls in.
/// The slack is `4 ε (|t| + |origin|)` in time, plus `4 ε` of the quotient,
/// and applies only where it is under half a period (finer periods are
/// below the resolution of the times anyway).
#[inline(always)]
pub(crate) fn whole_periods(t: f64, origin: f64, period: f64) -> f64 {
    const FOUR_EPS: f64 = 4.0 * f64::EPSILON;
    // Branch-free, so the step fit's pass over the data vectorises.
    let q = (t - origin) / period;
    let k = q.floor();
    let up = k + 1.0;
    let slack = (t.abs() + origin.abs()) * (FOUR_EPS / period) + FOUR_EPS * q.abs();
    // NaN and infinite q fail `k != q` or `up - q <= slack`: k.
    if (k != q) & (slack < 0.5) & (up - q <= slack) {
        up
    } else {
        k
    }
}

/// The smallest float greater than `x` (for finite `x`).
pub(crate) fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    if x > 0.0 {
        f64::from_bits(bits + 1)
    } else {
        f64::from_bits(bits - 1)
    }
}

/// The largest float smaller than `x` (for finite `x`).
#[cfg(test)]
pub(crate) fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

/// Turns an analytic crossing time `t` into the exact floating-point answer
/// of a `time_to` query: the earliest float `>= origin` at which `at` is at
/// or below `target`, for an `at` that is non-increasing from `origin` on.
///
/// The closed forms are right to a few ulps, but near a floor the price is
/// so flat that many neighbouring floats give the same rounded price. So
/// this brackets the crossing by galloping (doubling steps, so it always
/// ends) from `t`, then bisects the bracket down to adjacent floats.
pub(crate) fn settle_crossing(
    t: f64,
    origin: f64,
    target: f64,
    at: impl Fn(f64) -> f64,
) -> Option<f64> {
    if at(origin) <= target {
        return Some(origin);
    }
    let mut hi = t.max(origin);
    if !hi.is_finite() {
        return None;
    }
    // Gallop up until the price is reached.
    let mut lo = origin;
    let mut step = ulp(hi);
    while at(hi) > target {
        lo = hi;
        hi += step;
        step *= 2.0;
        if !hi.is_finite() {
            return None;
        }
    }
    // Gallop down until it is not, unless the way up already bracketed it.
    if lo == origin {
        let mut step = ulp(hi);
        loop {
            let candidate = hi - step;
            if candidate <= origin {
                break;
            }
            if at(candidate) > target {
                lo = candidate;
                break;
            }
            hi = candidate;
            step *= 2.0;
        }
    }
    // Bisect: at(lo) > target >= at(hi).
    Some(bisect(lo, hi, |t| at(t) <= target).1)
}

/// Bisects `[lo, hi]`, where `holds(lo)` is false and `holds(hi)` true,
/// down to neighbouring floats: the pair `(lo, hi)` across which `holds`
/// switches. The crate's one bisection: crossings of models and bands,
/// spend's turning points.
pub(crate) fn bisect(mut lo: f64, mut hi: f64, holds: impl Fn(f64) -> bool) -> (f64, f64) {
    loop {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi || mid.is_nan() {
            return (lo, hi);
        }
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
}

/// The gap from `|x|` to the next float up.
fn ulp(x: f64) -> f64 {
    next_up(x.abs()) - x.abs()
}

/// `(1 - exp(-x)) / x` for `x >= 0`, with its limit 1 at 0, accurate for
/// tiny `x` (through `expm1`).
pub(crate) fn one_minus_exp_over(x: f64) -> f64 {
    if x == 0.0 { 1.0 } else { -(-x).exp_m1() / x }
}

/// `a · exp(x) · h` for `a, h >= 0`, without spurious overflow or `0 · inf`:
/// the product is formed directly when that is safe and in log space
/// otherwise. Saturates to `+inf` only when the true value exceeds
/// `f64::MAX`.
pub(crate) fn scaled_exp(a: f64, x: f64, h: f64) -> f64 {
    if a == 0.0 || h == 0.0 {
        return 0.0;
    }
    let direct = a * x.exp() * h;
    if direct.is_finite() && direct > 0.0 {
        return direct;
    }
    (x + a.ln() + h.ln()).exp()
}

/// Unwraps a constructor result for the documented panicking forms.
#[track_caller]
pub(crate) fn unwrap_param<T>(result: Result<T, ParamError>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => panic!("invalid parameter: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finite_normalises_negative_zero() {
        let v = finite("x", -0.0).unwrap();
        assert!(v.is_sign_positive());
    }

    #[test]
    fn next_up_and_down_are_neighbours() {
        for x in [0.0, 1.0, -1.0, 2024.5, 1e-300, -1e300] {
            let up = next_up(x);
            assert!(up > x);
            assert_eq!(next_down(up), x);
        }
        assert_eq!(next_up(0.0), f64::from_bits(1));
        assert_eq!(next_down(0.0), -f64::from_bits(1));
    }

    #[test]
    fn one_minus_exp_over_tends_to_one_at_zero() {
        assert_eq!(one_minus_exp_over(0.0), 1.0);
        assert!((one_minus_exp_over(1e-12) - 1.0).abs() < 1e-12);
        let x = 2.0_f64;
        assert!((one_minus_exp_over(x) - (1.0 - (-x).exp()) / x).abs() < 1e-15);
    }

    #[test]
    fn scaled_exp_avoids_spurious_overflow() {
        // a · h overflows on its own but the exponential brings it back.
        let v = scaled_exp(1e300, -700.0, 1e10);
        let expected = (1e300_f64.ln() + 1e10_f64.ln() - 700.0).exp();
        assert!((v - expected).abs() <= 1e-12 * expected);
        assert_eq!(scaled_exp(0.0, 1e6, 1.0), 0.0);
        assert_eq!(scaled_exp(1.0, 1e6, 1.0), f64::INFINITY);
    }

    #[test]
    fn scaled_exp_goes_to_log_space_when_the_direct_product_overflows_or_underflows() {
        // exp(750) overflows although 1e-300 · exp(750) = exp(59.2...) does not.
        let big = scaled_exp(1e-300, 750.0, 1.0);
        let expected = (750.0 + 1e-300_f64.ln()).exp();
        assert!(big.is_finite() && (big - expected).abs() <= 1e-12 * expected);
        // exp(-800) underflows to 0 although 1e300 · exp(-800) is 4e-48.
        let small = scaled_exp(1e300, -800.0, 1.0);
        let expected = (1e300_f64.ln() - 800.0).exp();
        assert!(small > 0.0 && (small - expected).abs() <= 1e-12 * expected);
    }

    #[test]
    fn ulp_is_the_gap_to_the_next_float_up_in_magnitude() {
        assert_eq!(ulp(1.0), f64::EPSILON);
        assert_eq!(ulp(-2.0), 2.0 * f64::EPSILON);
        assert_eq!(ulp(0.0), f64::from_bits(1));
        assert_eq!(ulp(1024.0), 1024.0 * f64::EPSILON);
    }

    #[test]
    fn settle_crossing_finds_earliest_time_at_or_below_target() {
        let at = |t: f64| 8.0 - 2.0 * t;
        let is_earliest = |t: f64| at(t) <= 7.0 && at(next_down(t)) > 7.0;
        // Start too early: must walk up to the crossing near 0.5.
        let up = settle_crossing(0.25, 0.0, 7.0, at).unwrap();
        assert!(is_earliest(up) && (up - 0.5).abs() < 1e-15);
        // Start a little late: walks down to the same float.
        let late = next_up(next_up(0.5));
        assert_eq!(settle_crossing(late, 0.0, 7.0, at), Some(up));
        // Never before the origin.
        assert_eq!(settle_crossing(-5.0, 1.0, 20.0, at), Some(1.0));
    }
}
