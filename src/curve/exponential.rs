//! The exponential variant, optionally approaching a floor.

use crate::numeric;
use crate::numeric::simd;
use crate::{ParamError, Rate};

/// Points per anchor of the running product in `fill_grid`: the chains
/// advance at most 32 times, so rounding stays below about 20 ulp.
const GRID_BLOCK: usize = 256;

/// Exponential decline toward an optional floor.
///
/// # Formula
///
/// ```text
/// at(t) = floor + (p0 - floor) · exp(-lambda · (t - origin))
/// ```
///
/// `p0` is the price at `origin`; `floor` (default 0) is the level the price
/// approaches but never reaches. `lambda > 0` is a decline, `lambda < 0` a
/// rise (away from the floor). Build it through
/// [`DecayModel::exponential`](crate::DecayModel::exponential) or
/// [`Exponential::new`].
///
/// # Example
///
/// ```
/// use costtrend::{DecayModel, Exponential};
///
/// let m = DecayModel::exponential(100.0, 0.5).with_floor(10.0);
/// let DecayModel::Exponential(e) = m else { unreachable!() };
/// assert_eq!(e.floor(), 10.0);
/// assert!((e.at(0.0) - 100.0).abs() < 1e-12);
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::Exponential { p0: -1.0, lambda: f64::NAN, origin: 0.0, floor: 0.0, amplitude: 0.0 };
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exponential {
    p0: f64,
    lambda: f64,
    origin: f64,
    floor: f64,
    /// `p0 - floor`, the part of the price that decays.
    amplitude: f64,
}

impl Exponential {
    /// An exponential model with origin 0 and floor 0: the panicking form of
    /// [`Exponential::try_new`] (as everywhere in the crate, `new` panics on
    /// invalid parameters and `try_new` returns the error).
    ///
    /// # Panics
    ///
    /// If `p0` is negative, or `p0` or `lambda` is NaN or infinite.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Exponential::new(100.0, 0.5).at(2.0), 100.0 * (-1.0f64).exp());
    /// ```
    #[must_use]
    #[track_caller]
    pub fn new(p0: f64, lambda: f64) -> Self {
        crate::numeric::unwrap_param(Self::try_new(p0, lambda))
    }

    /// A validated exponential with origin 0 and floor 0.
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `p0` or `lambda` is NaN or infinite;
    /// [`ParamError::OutOfRange`] if `p0 < 0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::Exponential;
    /// let e = Exponential::try_new(50.0, 0.1)?;
    /// assert_eq!(e.lambda(), 0.1);
    /// assert!(Exponential::try_new(50.0, f64::INFINITY).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_new(p0: f64, lambda: f64) -> Result<Self, ParamError> {
        let p0 = numeric::non_negative("p0", p0)?;
        let lambda = numeric::finite("lambda", lambda)?;
        Ok(Self {
            p0,
            lambda,
            origin: 0.0,
            floor: 0.0,
            amplitude: p0,
        })
    }

    pub(crate) fn set_origin(mut self, origin: f64) -> Result<Self, ParamError> {
        self.origin = numeric::finite("origin", origin)?;
        Ok(self)
    }

    pub(crate) fn set_floor(mut self, floor: f64) -> Result<Self, ParamError> {
        self.floor = numeric::floor_for(self.p0, floor)?;
        // p0 - floor, nudged by an ulp where needed so that
        // floor + amplitude rounds to p0 exactly: the price at the origin is
        // then p0 itself, and time_to(at(origin)) is the origin.
        let mut amp = self.p0 - self.floor;
        for _ in 0..4 {
            let sum = self.floor + amp;
            if sum == self.p0 {
                break;
            }
            let nudged = if sum > self.p0 {
                -numeric::next_up(-amp)
            } else {
                numeric::next_up(amp)
            };
            if !(0.0..=self.p0).contains(&nudged) {
                break;
            }
            amp = nudged;
        }
        self.amplitude = amp;
        Ok(self)
    }

    /// The price at the origin.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::Exponential::try_new(50.0, 0.1)?.p0(), 50.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn p0(&self) -> f64 {
        self.p0
    }

    /// The continuous decline rate per unit time.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::Exponential::try_new(50.0, 0.1)?.lambda(), 0.1);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// The decline rate as a [`Rate`], convertible to every convention.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let e = costtrend::Exponential::try_new(50.0, std::f64::consts::LN_2)?;
    /// assert!((e.rate().half_life().unwrap() - 1.0).abs() < 1e-15);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn rate(&self) -> Rate {
        Rate::continuous(self.lambda)
    }

    /// The time at which the price equals `p0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::Exponential::try_new(50.0, 0.1)?.origin(), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn origin(&self) -> f64 {
        self.origin
    }

    /// The level the price approaches (0 unless set).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::Exponential::try_new(50.0, 0.1)?.floor(), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// The price at time `t`.
    ///
    /// Allocates nothing and never panics. A NaN `t` gives NaN. Where the
    /// exponential alone would over- or underflow the product is formed in
    /// log space, so a representable price is always returned. Going back in
    /// time on a decline (or forward on a rise) the price grows without
    /// bound and saturates to `+inf` past `f64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let e = costtrend::Exponential::try_new(100.0, 0.5)?;
    /// assert!((e.at(2.0) - 100.0 * (-1.0_f64).exp()).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    #[inline]
    pub fn at(&self, t: f64) -> f64 {
        let e = (-self.lambda * (t - self.origin)).exp();
        if e.is_finite() && e >= f64::MIN_POSITIVE {
            return self.bounded(self.floor + self.amplitude * e, e);
        }
        self.at_extreme(t)
    }

    /// `floor + amplitude · e` kept on its side of `p0`: `floor + amplitude`
    /// can round an ulp away from `p0`, and the price must be `p0` at the
    /// origin and never cross it.
    #[inline(always)]
    fn bounded(&self, v: f64, e: f64) -> f64 {
        if e <= 1.0 {
            if v < self.p0 { v } else { self.p0 }
        } else if v > self.p0 {
            v
        } else {
            self.p0
        }
    }

    /// `at` where the exponential alone over- or underflows (or is NaN):
    /// the product is formed in log space, so a representable price is
    /// returned even when `exp` of the exponent is not.
    #[cold]
    fn at_extreme(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if self.amplitude == 0.0 {
            return self.floor;
        }
        let dt = t - self.origin;
        if self.lambda == 0.0 {
            // A zero rate at an infinite time: flat.
            return self.p0;
        }
        if t.is_infinite() {
            // The limits: the floor on the side the price falls toward,
            // unbounded on the other.
            return if (t > 0.0) == (self.lambda > 0.0) {
                self.floor
            } else {
                f64::INFINITY
            };
        }
        let x = if dt.is_finite() {
            -self.lambda * dt
        } else {
            // t - origin overflowed with both finite, so t and the origin
            // have opposite signs and the two halves below share a sign:
            // their sum may overflow to an infinity but is never NaN.
            -self.lambda * t + self.lambda * self.origin
        };
        self.floor + (x + self.amplitude.ln()).exp()
    }

    /// `at(t)` for every `t` in `ts`, vectorised (see `crate::simd`): within
    /// 2 ulp of the exponential in [`at`](Self::at), which it falls back to
    /// for any exponent outside `[-708, 709]` (or NaN).
    pub(crate) fn fill(&self, ts: &[f64], out: &mut [f64]) {
        if self.lambda == 0.0 {
            // Flat (and 0 · inf would make NaN exponents at infinite times).
            for (o, &t) in out.iter_mut().zip(ts) {
                *o = self.at(t);
            }
            return;
        }
        simd::dispatch(
            #[inline(always)]
            || {
                for (tb, ob) in ts.chunks(simd::BLOCK).zip(out.chunks_mut(simd::BLOCK)) {
                    let mut all_in_range = true;
                    for (o, &t) in ob.iter_mut().zip(tb) {
                        let x = -self.lambda * (t - self.origin);
                        all_in_range &= simd::exp_in_range(x);
                        let e = simd::exp_core(x);
                        *o = self.bounded(self.floor + self.amplitude * e, e);
                    }
                    // A NaN time gives NaN either way; infinities and
                    // overflow are out of range and recomputed.
                    if !all_in_range {
                        for (o, &t) in ob.iter_mut().zip(tb) {
                            if !simd::exp_in_range(-self.lambda * (t - self.origin)) {
                                *o = self.at(t);
                            }
                        }
                    }
                }
            },
        );
    }

    /// `at(start + i · step)` for every `i`, as a running product re-anchored
    /// every [`GRID_BLOCK`] points (see `DecayModel::eval_grid_into`).
    pub(crate) fn fill_grid(&self, start: f64, step: f64, out: &mut [f64]) {
        const LANES: usize = 8;
        let x0 = -self.lambda * (start - self.origin);
        let dx = -self.lambda * step;
        let mut lane_factor = [0.0; LANES];
        for (j, f) in lane_factor.iter_mut().enumerate() {
            *f = (j as f64 * dx).exp();
        }
        let advance = (LANES as f64 * dx).exp();
        for (b, block) in out.chunks_mut(GRID_BLOCK).enumerate() {
            let i0 = (b * GRID_BLOCK) as f64;
            let first = x0 + i0 * dx;
            let last = x0 + (i0 + block.len() as f64) * dx;
            let anchor = self.amplitude * first.exp();
            let end = self.amplitude * last.exp();
            // Point by point where a value of the block (or the exponent)
            // leaves the normal range: `at` handles it in log space.
            let normal = |v: f64| v.is_finite() && v >= f64::MIN_POSITIVE;
            if !(first.abs() <= 700.0 && last.abs() <= 700.0 && normal(anchor) && normal(end)) {
                for (i, o) in block.iter_mut().enumerate() {
                    *o = self.at(start + (i0 + i as f64) * step);
                }
                continue;
            }
            let mut lanes = [0.0; LANES];
            for (l, f) in lanes.iter_mut().zip(&lane_factor) {
                *l = anchor * f;
            }
            let mut chunks = block.chunks_exact_mut(LANES);
            for chunk in &mut chunks {
                for j in 0..LANES {
                    chunk[j] = self.floor + lanes[j];
                    lanes[j] *= advance;
                }
            }
            for (o, l) in chunks.into_remainder().iter_mut().zip(&lanes) {
                *o = self.floor + l;
            }
        }
    }

    /// The first time at or after the origin when the price is at or below
    /// `price`, or `None` if that never happens.
    ///
    /// `None` for a flat or rising price that starts above `price`, and for a
    /// target at or below the floor (which is approached, never reached).
    /// If `p0 <= price` the answer is the origin.
    ///
    /// # Formula
    ///
    /// ```text
    /// t = origin + ln((p0 - floor) / (price - floor)) / lambda
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let e = costtrend::Exponential::try_new(100.0, std::f64::consts::LN_2)?;
    /// assert!((e.time_to(25.0).unwrap().unwrap() - 2.0).abs() < 1e-12);
    /// assert_eq!(e.time_to(0.0), Ok(None));
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
        if self.lambda <= 0.0 || price <= self.floor {
            return None;
        }
        let ratio = self.amplitude.ln() - (price - self.floor).ln();
        let t = self.origin + ratio / self.lambda;
        numeric::settle_crossing(t, self.origin, price, |s| self.at(s))
    }

    /// The cumulative cost of one unit per unit time over `[a, b]`: the
    /// integral of `at` from `a` to `b` (negative when `b < a`).
    ///
    /// Exact closed form, stable as `lambda` tends to 0 (through `expm1`),
    /// free of intermediate overflow; saturates to `±inf` only when the true
    /// value exceeds `f64::MAX`. NaN bounds give NaN.
    ///
    /// # Formula
    ///
    /// ```text
    /// floor · (b - a) + (p0 - floor) · (exp(-lambda (a - origin)) - exp(-lambda (b - origin))) / lambda
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let e = costtrend::Exponential::try_new(100.0, 0.5)?;
    /// let exact = 100.0 / 0.5 * (1.0 - (-0.5_f64 * 4.0).exp());
    /// assert!((e.integral(0.0, 4.0) - exact).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn integral(&self, a: f64, b: f64) -> f64 {
        crate::curve::oriented(a, b, |a, b| self.integral_forward(a, b))
    }

    /// [`integral`](Self::integral) for `a < b`.
    fn integral_forward(&self, a: f64, b: f64) -> f64 {
        let width = b - a;
        let flat = if self.floor == 0.0 {
            0.0
        } else {
            self.floor * width
        };
        if self.lambda == 0.0 || self.amplitude == 0.0 {
            return if self.amplitude == 0.0 {
                flat
            } else {
                flat + self.amplitude * width
            };
        }
        // Anchor the exponential at the end where it is largest, so the
        // remaining factor lies in (0, 1] and carries no overflow.
        let anchor = if self.lambda > 0.0 { a } else { b };
        let x_anchor = -self.lambda * (anchor - self.origin);
        let speed = self.lambda.abs();
        let x_width = speed * width;
        let h = if x_width > 40.0 {
            // exp(-x_width) is below 1e-17: (1 - exp(-x)) / lambda = 1 / lambda.
            1.0 / speed
        } else {
            width * numeric::one_minus_exp_over(x_width)
        };
        flat + numeric::scaled_exp(self.amplitude, x_anchor, h)
    }

    /// The derivative of the price at `t` (negative while falling).
    ///
    /// # Formula
    ///
    /// ```text
    /// slope_at(t) = -lambda · (p0 - floor) · exp(-lambda · (t - origin))
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let e = costtrend::Exponential::try_new(100.0, 0.5)?;
    /// assert!((e.slope_at(0.0) + 50.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn slope_at(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if self.lambda == 0.0 || self.amplitude == 0.0 {
            return 0.0;
        }
        let sign = -self.lambda.signum();
        let x = -self.lambda * (t - self.origin);
        sign * numeric::scaled_exp(self.amplitude, x, self.lambda.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs()).max(f64::MIN_POSITIVE)
    }

    #[test]
    fn at_approaches_floor() {
        let e = Exponential::try_new(100.0, 1.0)
            .unwrap()
            .set_floor(10.0)
            .unwrap();
        assert!(close(e.at(0.0), 100.0, 1e-15));
        assert!(close(e.at(50.0), 10.0, 1e-15));
        assert!(e.at(50.0) >= 10.0);
    }

    #[test]
    fn at_is_flat_for_zero_rate_even_at_infinite_time() {
        let e = Exponential::try_new(7.0, 0.0).unwrap();
        assert_eq!(e.at(f64::INFINITY), 7.0);
        assert_eq!(e.at(f64::NEG_INFINITY), 7.0);
    }

    #[test]
    fn at_with_zero_amplitude_never_gives_nan() {
        let e = Exponential::try_new(5.0, 1.0)
            .unwrap()
            .set_floor(5.0)
            .unwrap();
        assert_eq!(e.at(-1e6), 5.0);
        assert!(
            Exponential::try_new(5.0, 1.0)
                .unwrap()
                .at(f64::NAN)
                .is_nan()
        );
    }

    #[test]
    fn at_infinite_times_are_the_limits_even_for_extreme_parameters() {
        // found by fuzz/model: -lambda · t + lambda · origin was inf - inf
        let e = Exponential::try_new(3.21476618459896e301, 5.791820719868926e303)
            .unwrap()
            .set_origin(-7.056645651348771e174)
            .unwrap();
        assert_eq!(e.at(f64::NEG_INFINITY), f64::INFINITY);
        assert_eq!(e.at(f64::INFINITY), 0.0);
        let e = Exponential::try_new(2.0, 1e300)
            .unwrap()
            .set_origin(-1e308)
            .unwrap();
        assert_eq!(e.at(1e308), 0.0);
    }

    #[test]
    fn at_on_calendar_axis_has_no_overflow() {
        let e = Exponential::try_new(30.0, 1.2)
            .unwrap()
            .set_origin(2023.0)
            .unwrap();
        assert!(close(e.at(2025.0), 30.0 * (-2.4_f64).exp(), 1e-14));
    }

    #[test]
    fn time_to_floor_or_below_is_none() {
        let e = Exponential::try_new(100.0, 1.0)
            .unwrap()
            .set_floor(10.0)
            .unwrap();
        assert_eq!(e.time_to(10.0), Ok(None));
        assert_eq!(e.time_to(5.0), Ok(None));
        let t = e.time_to(55.0).unwrap().unwrap();
        assert!(close(t, 2.0_f64.ln(), 1e-14));
    }

    #[test]
    fn time_to_on_rising_price_is_none_unless_already_there() {
        let e = Exponential::try_new(10.0, -0.5).unwrap();
        assert_eq!(e.time_to(5.0), Ok(None));
        assert_eq!(e.time_to(10.0), Ok(Some(0.0)));
    }

    #[test]
    fn integral_of_rising_price_anchors_at_upper_bound() {
        let e = Exponential::try_new(1.0, -1.0).unwrap();
        let exact = 2.0_f64.exp() - 1.0;
        assert!(close(e.integral(0.0, 2.0), exact, 1e-14));
    }

    #[test]
    fn integral_tends_to_p0_times_width_as_lambda_vanishes() {
        let e = Exponential::try_new(3.0, 1e-300).unwrap();
        assert!(close(e.integral(2.0, 5.0), 9.0, 1e-15));
        let e = Exponential::try_new(3.0, 1e-9).unwrap();
        let exact = 3.0 * -(-1e-9_f64 * 3.0).exp_m1() / 1e-9;
        assert!(close(e.integral(0.0, 3.0), exact, 1e-12));
    }

    #[test]
    fn integral_with_huge_rate_is_p0_over_lambda() {
        let e = Exponential::try_new(2.0, 1e300).unwrap();
        assert!(close(e.integral(0.0, 1.0), 2e-300, 1e-15));
    }

    #[test]
    fn slope_is_zero_for_flat_price() {
        assert_eq!(Exponential::try_new(4.0, 0.0).unwrap().slope_at(1e300), 0.0);
    }
}
