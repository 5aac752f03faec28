//! The step-discount variant: a price that holds, then drops by a fixed
//! fraction at the end of every period.

use crate::ParamError;
use crate::numeric;

/// A price that holds for a `period`, then drops by `discount`, again and
/// again, never below a floor. Cloud-storage and API list prices behave this
/// way.
///
/// # Formula
///
/// ```text
/// k(t)  = floor((t - origin) / period)          (number of drops so far)
/// at(t) = max(p0 · (1 - discount)^k(t), floor)
/// ```
///
/// Before the origin `k` is negative and the formula runs backwards: the
/// price was higher by a factor `1 / (1 - discount)` per period.
///
/// # Example
///
/// ```
/// use costtrend::DecayModel;
/// let m = DecayModel::step_discount(100.0, 0.2, 1.0);
/// assert_eq!(m.at(0.9), 100.0);
/// assert!((m.at(2.5) - 64.0).abs() < 1e-12);
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::StepDiscount { p0: 1.0, discount: 2.0, period: -1.0, origin: 0.0, floor: 0.0, keep: 0.0, ln_keep: 0.0 };
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepDiscount {
    p0: f64,
    discount: f64,
    period: f64,
    origin: f64,
    floor: f64,
    /// `1 - discount`, the fraction kept at each drop.
    keep: f64,
    /// `ln(1 - discount)`, computed with `ln_1p` so a tiny discount keeps
    /// its digits.
    ln_keep: f64,
}

impl StepDiscount {
    /// A step-discount model with origin 0 and floor 0: the panicking form of
    /// [`StepDiscount::try_new`] (as everywhere in the crate, `new` panics on
    /// invalid parameters and `try_new` returns the error).
    ///
    /// # Panics
    ///
    /// If `p0` is negative, `discount` is outside `[0, 1)`, `period` is not
    /// positive, or any of them is NaN or infinite.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::StepDiscount::new(100.0, 0.5, 1.0).at(1.0), 50.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn new(p0: f64, discount: f64, period: f64) -> Self {
        crate::numeric::unwrap_param(Self::try_new(p0, discount, period))
    }

    /// A validated step discount with origin 0 and floor 0.
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN or infinite argument;
    /// [`ParamError::OutOfRange`] if `p0 < 0`, `discount` is outside
    /// `[0, 1)` or `period <= 0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::StepDiscount;
    /// let s = StepDiscount::try_new(100.0, 0.25, 0.5)?;
    /// assert_eq!(s.discount(), 0.25);
    /// assert!(StepDiscount::try_new(100.0, 1.0, 0.5).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_new(p0: f64, discount: f64, period: f64) -> Result<Self, ParamError> {
        let p0 = numeric::non_negative("p0", p0)?;
        let discount = numeric::finite("discount", discount)?;
        if !(0.0..1.0).contains(&discount) {
            return Err(ParamError::OutOfRange {
                name: "discount",
                value: discount,
                expected: "in [0, 1)",
            });
        }
        let period = numeric::positive("period", period)?;
        Ok(Self {
            p0,
            discount,
            period,
            origin: 0.0,
            floor: 0.0,
            keep: 1.0 - discount,
            ln_keep: (-discount).ln_1p(),
        })
    }

    pub(crate) fn set_origin(mut self, origin: f64) -> Result<Self, ParamError> {
        self.origin = numeric::finite("origin", origin)?;
        Ok(self)
    }

    pub(crate) fn set_floor(mut self, floor: f64) -> Result<Self, ParamError> {
        self.floor = numeric::floor_for(self.p0, floor)?;
        Ok(self)
    }

    /// The price from the origin until the first drop.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::StepDiscount::try_new(9.0, 0.1, 1.0)?.p0(), 9.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn p0(&self) -> f64 {
        self.p0
    }

    /// The fraction of the price lost at each drop, in `[0, 1)`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::StepDiscount::try_new(9.0, 0.1, 1.0)?.discount(), 0.1);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn discount(&self) -> f64 {
        self.discount
    }

    /// The time between drops.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::StepDiscount::try_new(9.0, 0.1, 2.0)?.period(), 2.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn period(&self) -> f64 {
        self.period
    }

    /// The time from which periods are counted.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::StepDiscount::try_new(9.0, 0.1, 1.0)?.origin(), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn origin(&self) -> f64 {
        self.origin
    }

    /// The level below which the price never goes (0 unless set).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::StepDiscount::try_new(9.0, 0.1, 1.0)?.floor(), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// The number of drops that have happened by `t` (negative before the
    /// origin). A time within a few ulps before a drop counts as at it (see
    /// [`at`](Self::at)).
    pub(crate) fn steps(&self, t: f64) -> f64 {
        numeric::whole_periods(t, self.origin, self.period)
    }

    /// The unfloored price after `k` drops, `p0 · (1 - discount)^k`.
    ///
    /// For the first 64 drops the discount is applied one period at a time,
    /// as a billing system would (so 100 with 20 % off twice is exactly 64);
    /// beyond that, and before the origin, through `powf`.
    fn level(&self, k: f64) -> f64 {
        if self.p0 == 0.0 || self.discount == 0.0 {
            return self.p0;
        }
        if (0.0..=64.0).contains(&k) {
            let mut v = self.p0;
            // k is a whole number in [0, 64] here.
            for _ in 0..(k as u32) {
                v *= self.keep;
            }
            return v;
        }
        let direct = self.p0 * self.keep.powf(k);
        if direct.is_finite() && direct >= f64::MIN_POSITIVE {
            return direct;
        }
        // keep^k alone over- or underflowed: combine in log space.
        (self.p0.ln() + k * self.ln_keep).exp()
    }

    /// The price after `k` drops, floored.
    fn value(&self, k: f64) -> f64 {
        self.level(k).max(self.floor)
    }

    /// The price at time `t`.
    ///
    /// Allocates nothing and never panics. A NaN `t` gives NaN. Far before
    /// the origin the price saturates to `+inf` past `f64::MAX`.
    ///
    /// **Boundaries.** A drop happens at every `origin + k · period`. A time
    /// within a few ulps before a boundary counts as on it: calendar times
    /// are rounded when written (`4.3 / 0.1` is `42.99999999999999`, and
    /// `2024.0 + 7.0 / 12.0` falls short of seven months), and that rounding
    /// must not decide the price. Precisely, with `q = (t - origin) /
    /// period`, the count of drops is `ceil(q)` when `ceil(q) - q <= 4 ε
    /// ((|t| + |origin|) / period + |q|)` (and that slack is under half a
    /// period), else `floor(q)`. The step fit counts periods the same way.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let s = costtrend::StepDiscount::try_new(100.0, 0.5, 1.0)?;
    /// assert_eq!(s.at(1.0), 50.0);
    /// assert_eq!(s.at(-0.5), 200.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    #[inline]
    pub fn at(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        self.value(self.steps(t))
    }

    /// `at(start + i · step)` for every `i`, reusing the price while the
    /// number of drops does not change.
    pub(crate) fn fill_grid(&self, start: f64, step: f64, out: &mut [f64]) {
        let mut last_k = f64::NAN;
        let mut last_v = f64::NAN;
        for (i, o) in out.iter_mut().enumerate() {
            let k = self.steps(start + i as f64 * step);
            if k != last_k {
                last_k = k;
                last_v = self.value(k);
            }
            *o = last_v;
        }
    }

    /// The first time at or after the origin when the price is at or below
    /// `price`: the start of the first period whose price qualifies,
    /// `origin + k · period` as computed in floating point (times a few
    /// ulps before it already count as in that period; see
    /// [`at`](Self::at)). `None`
    /// if that never happens (zero discount, a target of 0, or a target below
    /// the floor), or if that time is beyond `f64::MAX`.
    ///
    /// # Formula
    ///
    /// ```text
    /// k = ceil(ln(price / p0) / ln(1 - discount)),   t = origin + k · period
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let s = costtrend::StepDiscount::try_new(100.0, 0.5, 1.0)?;
    /// assert_eq!(s.time_to(30.0), Ok(Some(2.0))); // 100, 50, then 25 at t = 2
    /// assert_eq!(s.time_to(0.0), Ok(None));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN `price`, [`ParamError::OutOfRange`]
    /// for a negative one: an invalid argument is an error, as in every
    /// query of the crate.
    pub fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        numeric::target_price(price).map(|p| self.crossing(p))
    }

    /// [`time_to`](Self::time_to) for a valid target (not NaN, at least 0).
    pub(crate) fn crossing(&self, price: f64) -> Option<f64> {
        if self.p0 <= price {
            return Some(self.origin);
        }
        if self.discount == 0.0 || price <= 0.0 || price < self.floor {
            return None;
        }
        let k = self.first_level_at_or_below(price);
        let t = self.origin + k * self.period;
        // The drop's own time, as written: times a few ulps before it count
        // as at it (see `at`), so it is the answer whenever the price there
        // qualifies.
        if t.is_finite() && self.at(t) <= price && self.at(t - self.period) > price {
            return Some(t);
        }
        numeric::settle_crossing(t, self.origin, price, |s| self.at(s))
    }

    /// The fewest drops `k >= 0` after which the unfloored level is at or
    /// below `price` (positive, below `p0`, with a positive discount).
    ///
    /// `ceil(ln(price / p0) / ln(1 - discount))`, then corrected by whole
    /// drops: the logarithms are good to a few ulps, so where `price` is
    /// (within rounding) a level, the quotient can land on either side of
    /// the whole number.
    fn first_level_at_or_below(&self, price: f64) -> f64 {
        let mut k = ((price.ln() - self.p0.ln()) / self.ln_keep).ceil().max(0.0);
        for _ in 0..4 {
            if self.level(k) > price {
                k += 1.0;
            } else if k > 0.0 && self.level(k - 1.0) <= price {
                k -= 1.0;
            } else {
                break;
            }
        }
        k
    }

    /// The fewest drops after which the price is at its floor; `+inf` if
    /// there is no floor or no discount.
    pub(crate) fn floor_drops(&self) -> f64 {
        if self.floor > 0.0 && self.discount > 0.0 {
            self.first_level_at_or_below(self.floor)
        } else {
            f64::INFINITY
        }
    }

    /// `sum over k = m..=n of at-level(k)`, the total of whole periods'
    /// prices, in closed form (a geometric series until the floor, then a
    /// constant). `n` may be `+inf`.
    fn sum_levels(&self, m: f64, n: f64) -> f64 {
        if n < m {
            return 0.0;
        }
        if m.is_infinite() {
            // Whole periods at the end of time (the floor) or since the
            // beginning of time (unbounded).
            return if m < 0.0 || self.floor > 0.0 {
                f64::INFINITY
            } else {
                0.0
            };
        }
        // First drop count at which the level is at or below the floor.
        let k_floor = self.floor_drops();
        let mut total = 0.0;
        let geo_end = n.min(k_floor - 1.0);
        if m <= geo_end {
            let count = geo_end - m + 1.0;
            total += if self.discount == 0.0 {
                self.p0 * count
            } else {
                // p0 q^m (1 - q^count) / (1 - q)
                let kept = -(count * self.ln_keep).exp_m1();
                let series = kept / self.discount;
                if series.is_finite() {
                    numeric::scaled_exp(self.p0, m * self.ln_keep, series)
                } else {
                    // 1 / discount overflowed (a subnormal discount): in logs.
                    (self.p0.ln() + m * self.ln_keep + kept.ln() - self.discount.ln()).exp()
                }
            };
        }
        let floor_start = m.max(k_floor);
        // An infinite start means the floor is beyond every representable
        // period (and inf - inf would be NaN).
        if floor_start <= n && floor_start.is_finite() && self.floor > 0.0 {
            total += self.floor * (n - floor_start + 1.0);
        }
        total
    }

    /// The cumulative cost of one unit per unit time over `[a, b]`
    /// (negative when `b < a`), exact: partial periods at both ends plus a
    /// geometric series over the whole periods between.
    ///
    /// With a zero floor the integral to `b = +inf` is finite. Saturates to
    /// `±inf` only when the true value exceeds `f64::MAX`. NaN bounds give NaN.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let s = costtrend::StepDiscount::try_new(100.0, 0.5, 1.0)?;
    /// assert_eq!(s.integral(0.0, 2.0), 150.0);
    /// assert_eq!(s.integral(0.0, f64::INFINITY), 200.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn integral(&self, a: f64, b: f64) -> f64 {
        crate::curve::oriented(a, b, |a, b| self.integral_forward(a, b))
    }

    /// [`integral`](Self::integral) for `a < b`.
    fn integral_forward(&self, a: f64, b: f64) -> f64 {
        if self.p0 == 0.0 {
            return 0.0;
        }
        if a == f64::NEG_INFINITY {
            // The price grows without bound into the past (or is constant).
            return f64::INFINITY;
        }
        let ka = self.steps(a);
        if b.is_finite() && !(ka.is_finite() && self.steps(b).is_finite()) {
            return self.integral_continuous(a, b);
        }
        if b == f64::INFINITY {
            if self.floor > 0.0 || self.discount == 0.0 {
                return f64::INFINITY;
            }
            let first = (self.origin + (ka + 1.0) * self.period - a).clamp(0.0, self.period);
            return self.span(first, ka) + self.period * self.sum_levels(ka + 1.0, f64::INFINITY);
        }
        let kb = self.steps(b);
        let width = b - a;
        if ka >= kb {
            return width * self.value(ka);
        }
        let first = (self.origin + (ka + 1.0) * self.period - a).clamp(0.0, width);
        let last = (b - (self.origin + kb * self.period)).clamp(0.0, width);
        let middle = if kb - ka >= 2.0 {
            self.period * self.sum_levels(ka + 1.0, kb - 1.0)
        } else {
            0.0
        };
        self.span(first, ka) + middle + self.span(last, kb)
    }

    /// The integral when the number of periods in `[a, b]` is beyond
    /// `f64::MAX` (periods finer than 1e-308 of the span): the steps are then
    /// indistinguishable from the continuous decline
    /// `max(p0 · exp(ln(1 - discount) · (t - origin) / period), floor)`,
    /// which is integrated exactly instead.
    fn integral_continuous(&self, a: f64, b: f64) -> f64 {
        let rate = -self.ln_keep / self.period;
        if rate == 0.0 {
            return self.p0 * (b - a);
        }
        if !rate.is_finite() {
            // Infinitely fast steps: unbounded before the origin, the floor
            // after it.
            if a < self.origin {
                return f64::INFINITY;
            }
            return if self.floor == 0.0 {
                0.0
            } else {
                self.floor * (b - a)
            };
        }
        let smooth = match crate::Exponential::try_new(self.p0, rate)
            .and_then(|e| e.set_origin(self.origin))
        {
            Ok(e) => e,
            Err(_) => return self.floor * (b - a),
        };
        let t_floor = if self.floor > 0.0 {
            self.origin + (self.p0.ln() - self.floor.ln()) / rate
        } else {
            f64::INFINITY
        };
        let split = t_floor.clamp(a, b);
        let decline = if split > a {
            smooth.integral(a, split)
        } else {
            0.0
        };
        let flat = if b > split {
            self.floor * (b - split)
        } else {
            0.0
        };
        decline + flat
    }

    /// `width · value(k)`, and 0 for an empty span even where the value
    /// overflows (no `0 · inf`).
    fn span(&self, width: f64, k: f64) -> f64 {
        if width == 0.0 {
            0.0
        } else {
            width * self.value(k)
        }
    }

    /// The derivative at `t`: 0 (the price is flat between drops; at a drop
    /// this is the right-hand derivative). NaN for a NaN `t`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::StepDiscount::try_new(9.0, 0.1, 1.0)?.slope_at(0.5), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn slope_at(&self, t: f64) -> f64 {
        if t.is_nan() { f64::NAN } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs())
    }

    #[test]
    fn floor_stops_the_drops() {
        let s = StepDiscount::try_new(100.0, 0.5, 1.0)
            .unwrap()
            .set_floor(30.0)
            .unwrap();
        assert_eq!(s.at(1.0), 50.0);
        assert_eq!(s.at(2.0), 30.0);
        assert_eq!(s.at(100.0), 30.0);
        // 100 + 50 + 30 * 3 over five whole periods
        assert!(close(s.integral(0.0, 5.0), 240.0, 1e-15));
        assert_eq!(s.time_to(30.0), Ok(Some(2.0)));
        assert_eq!(s.time_to(29.0), Ok(None));
    }

    #[test]
    fn zero_discount_is_flat() {
        let s = StepDiscount::try_new(5.0, 0.0, 1.0).unwrap();
        assert_eq!(s.at(1e300), 5.0);
        assert_eq!(s.time_to(4.0), Ok(None));
        assert!(close(s.integral(0.0, 10.0), 50.0, 1e-15));
        assert_eq!(s.integral(0.0, f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn partial_periods_at_both_ends() {
        let s = StepDiscount::try_new(100.0, 0.5, 1.0).unwrap();
        // 0.5 · 100 + 50 + 0.25 · 25
        assert!(close(s.integral(0.5, 2.25), 106.25, 1e-15));
    }

    #[test]
    fn period_of_1e_minus_300_reaches_floor_immediately() {
        let s = StepDiscount::try_new(100.0, 0.5, 1e-300).unwrap();
        assert_eq!(s.at(1.0), 0.0);
        assert!(s.integral(0.0, 1.0) < 1e-297);
    }

    #[test]
    fn time_to_lands_inside_the_qualifying_period() {
        let s = StepDiscount::try_new(100.0, 0.2, 0.1)
            .unwrap()
            .set_origin(2024.0)
            .unwrap();
        let t = s.time_to(64.0).unwrap().unwrap();
        assert!(s.at(t) <= 64.0);
        assert!(close(t, 2024.2, 1e-14));
        // the boundary as written; times a few ulps before it count as on
        // it, a nanosecond-scale step before it does not
        assert_eq!(t, 2024.0 + 2.0 * 0.1);
        assert!(s.at(numeric::next_down(t)) <= 64.0);
        assert!(s.at(t - 1e-9) > 64.0);
    }
}
#[cfg(test)]
mod fuzz_regressions {
    use super::*;

    /// Found by fuzz/model: subnormal parameters made `inf - inf` (NaN) in
    /// the floor's period count, and `1 / discount` overflow.
    #[test]
    fn subnormal_step_parameters_integrate_to_a_finite_bound() {
        let s = StepDiscount::try_new(2.06657e-317, 2.070238e-317, 2.092451e-317)
            .unwrap()
            .set_floor(8.176e-320)
            .unwrap();
        let v = s.integral(1.85133098383607e-307, 1984.0);
        // at most p0 times the width, at least the floor times the width
        assert!(
            v.is_finite() && (8.176e-320 * 1984.0 * 0.99..=2.06657e-317 * 1984.0).contains(&v),
            "{v}"
        );
        let s = StepDiscount::try_new(
            1.39067116124321e-309,
            3.46717119699306e-310,
            1.7765824089123668e-307,
        )
        .unwrap()
        .set_floor(1.147303708292775e-309)
        .unwrap();
        let (a, b) = (1.1264436493572539e-307, 2030.0000009536743);
        let v = s.integral(a, b);
        assert!(
            v.is_finite() && v <= s.p0() * (b - a) && v >= s.floor() * (b - a) * 0.99,
            "{v}"
        );
        // the smallest period: unbounded before the origin, 0 after it
        let s = StepDiscount::try_new(20.0, 0.3, 5e-324).unwrap();
        assert_eq!(
            s.integral(-2.207101745715463e307, 1.7975287955781531e308),
            f64::INFINITY
        );
        assert_eq!(s.integral(1.0, 1.7975287955781531e308), 0.0);
    }
}
