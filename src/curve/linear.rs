//! The linear variant, clamped at a floor.

use crate::ParamError;
use crate::numeric;

/// Linear decline, never below a floor (0 by default: a price is never
/// negative).
///
/// # Formula
///
/// ```text
/// at(t) = max(p0 - slope · (t - origin), floor)
/// ```
///
/// `slope` is in price units per unit time (an absolute slope, unlike the
/// relative [`Rate`](crate::Rate) of the exponential). `slope > 0` is a
/// decline, `slope < 0` a rise. Build it through
/// [`DecayModel::linear`](crate::DecayModel::linear) or [`Linear::new`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::ParamError> {
/// use costtrend::Linear;
/// let l = Linear::try_new(100.0, 30.0)?;
/// assert_eq!(l.at(2.0), 40.0);
/// assert_eq!(l.at(10.0), 0.0); // clamped at the floor
/// # Ok(()) }
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::Linear { p0: -1.0, slope: f64::NAN, origin: 0.0, floor: 0.0 };
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    p0: f64,
    slope: f64,
    origin: f64,
    floor: f64,
}

impl Linear {
    /// A linear model with origin 0 and floor 0: the panicking form of
    /// [`Linear::try_new`] (as everywhere in the crate, `new` panics on
    /// invalid parameters and `try_new` returns the error).
    ///
    /// # Panics
    ///
    /// If `p0` is negative, or `p0` or `slope` is NaN or infinite.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Linear::new(100.0, 30.0).at(2.0), 40.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn new(p0: f64, slope: f64) -> Self {
        crate::numeric::unwrap_param(Self::try_new(p0, slope))
    }

    /// A validated linear model with origin 0 and floor 0.
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `p0` or `slope` is NaN or infinite;
    /// [`ParamError::OutOfRange`] if `p0 < 0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::Linear;
    /// assert_eq!(Linear::try_new(10.0, 1.0)?.slope(), 1.0);
    /// assert!(Linear::try_new(-10.0, 1.0).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_new(p0: f64, slope: f64) -> Result<Self, ParamError> {
        Ok(Self {
            p0: numeric::non_negative("p0", p0)?,
            slope: numeric::finite("slope", slope)?,
            origin: 0.0,
            floor: 0.0,
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

    /// The price at the origin.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::Linear::try_new(10.0, 1.0)?.p0(), 10.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn p0(&self) -> f64 {
        self.p0
    }

    /// The slope: how much the price falls per unit time, in price units
    /// (positive for a falling price; the model is `p0 - slope (t - origin)`).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::Linear::try_new(10.0, 1.5)?.slope(), 1.5);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn slope(&self) -> f64 {
        self.slope
    }

    /// The time at which the price equals `p0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// assert_eq!(costtrend::Linear::try_new(10.0, 1.0)?.origin(), 0.0);
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
    /// assert_eq!(costtrend::Linear::try_new(10.0, 1.0)?.floor(), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// The time at which the line meets the floor (`±inf` for a zero slope).
    fn kink(&self) -> f64 {
        self.origin + (self.p0 - self.floor) / self.slope
    }

    /// The unclamped line `p0 - slope · (t - origin)`.
    fn line(&self, t: f64) -> f64 {
        if self.slope == 0.0 {
            return self.p0;
        }
        let dt = t - self.origin;
        if dt.is_finite() || !t.is_finite() {
            self.p0 - self.slope * dt
        } else {
            // t - origin overflowed with both finite: split the product.
            self.p0 - self.slope * t + self.slope * self.origin
        }
    }

    /// The price at time `t`.
    ///
    /// Allocates nothing and never panics. A NaN `t` gives NaN. A rising line
    /// saturates to `+inf` past `f64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let l = costtrend::Linear::try_new(100.0, 30.0)?;
    /// assert_eq!(l.at(1.0), 70.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    #[inline]
    pub fn at(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        self.line(t).max(self.floor)
    }

    /// The first time at or after the origin when the price is at or below
    /// `price`, or `None` if that never happens (a flat or rising line that
    /// starts above `price`, or a target below the floor). A target equal to
    /// the floor is reached, at the kink.
    ///
    /// # Formula
    ///
    /// ```text
    /// t = origin + (p0 - price) / slope
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let l = costtrend::Linear::try_new(100.0, 25.0)?;
    /// assert_eq!(l.time_to(50.0), Ok(Some(2.0)));
    /// assert_eq!(l.time_to(0.0), Ok(Some(4.0)));
    /// assert!(l.time_to(-1.0).is_err()); // an invalid target
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
        if self.slope <= 0.0 || price < self.floor {
            return None;
        }
        let t = self.origin + (self.p0 - price) / self.slope;
        numeric::settle_crossing(t, self.origin, price, |s| self.at(s))
    }

    /// The cumulative cost of one unit per unit time over `[a, b]`
    /// (negative when `b < a`): the area under the clamped line, split
    /// exactly at the kink where the line meets the floor.
    ///
    /// Saturates to `±inf` only when the true value exceeds `f64::MAX`. NaN
    /// bounds give NaN.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let l = costtrend::Linear::try_new(100.0, 50.0)?;
    /// // a triangle of area 100 over [0, 2], then zero
    /// assert_eq!(l.integral(0.0, 5.0), 100.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn integral(&self, a: f64, b: f64) -> f64 {
        crate::curve::oriented(a, b, |a, b| self.integral_forward(a, b))
    }

    /// [`integral`](Self::integral) for `a < b`.
    fn integral_forward(&self, a: f64, b: f64) -> f64 {
        if self.slope == 0.0 {
            return if self.p0 == 0.0 {
                0.0
            } else {
                self.p0 * (b - a)
            };
        }
        let kink = self.kink();
        // The line lies above the floor before the kink on a decline and
        // after it on a rise.
        let (line_part, floor_part) = if self.slope > 0.0 {
            ((a, b.min(kink)), (a.max(kink), b))
        } else {
            ((a.max(kink), b), (a, b.min(kink)))
        };
        let mut total = 0.0;
        if line_part.0 < line_part.1 {
            let (lo, hi) = line_part;
            if (hi - lo).is_infinite() {
                // The line grows without bound toward an infinite end.
                return f64::INFINITY;
            }
            // Exact for a line: width times the value at the midpoint.
            total += (hi - lo) * self.line(lo + 0.5 * (hi - lo));
        }
        if floor_part.0 < floor_part.1 && self.floor != 0.0 {
            total += (floor_part.1 - floor_part.0) * self.floor;
        }
        total
    }

    /// The derivative at `t`: `-slope` where the line is above the floor and
    /// 0 on the floor. At the kink it is the right-hand derivative.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// let l = costtrend::Linear::try_new(100.0, 50.0)?;
    /// assert_eq!(l.slope_at(1.0), -50.0);
    /// assert_eq!(l.slope_at(3.0), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn slope_at(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if self.slope == 0.0 {
            return 0.0;
        }
        let kink = self.kink();
        let on_line = if self.slope > 0.0 {
            t < kink
        } else {
            t >= kink
        };
        if on_line { -self.slope } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_time_is_not_hidden_by_the_floor() {
        assert!(Linear::try_new(1.0, 1.0).unwrap().at(f64::NAN).is_nan());
    }

    #[test]
    fn flat_line_at_infinite_time_is_p0() {
        assert_eq!(Linear::try_new(3.0, 0.0).unwrap().at(f64::INFINITY), 3.0);
    }

    #[test]
    fn rising_line_is_floored_in_the_past() {
        let l = Linear::try_new(10.0, -2.0).unwrap().set_floor(4.0).unwrap();
        assert_eq!(l.at(-10.0), 4.0);
        assert_eq!(l.at(1.0), 12.0);
        // floor over [-10, -3], line from 4 to 10 over [-3, 0]
        assert!((l.integral(-10.0, 0.0) - (7.0 * 4.0 + 3.0 * 7.0)).abs() < 1e-12);
        assert_eq!(l.slope_at(-5.0), 0.0);
        assert_eq!(l.slope_at(-3.0), 2.0);
    }

    #[test]
    fn slope_of_a_falling_line_is_right_handed_at_the_kink() {
        let l = Linear::try_new(100.0, 50.0).unwrap();
        assert_eq!(l.slope_at(1.0), -50.0);
        assert_eq!(l.slope_at(2.0), 0.0); // the kink: right-hand derivative
        assert_eq!(l.slope_at(3.0), 0.0);
        assert_eq!(l.slope_at(-1e9), -50.0);
    }

    #[test]
    fn flat_line_integral_is_p0_times_width() {
        let l = Linear::try_new(3.0, 0.0).unwrap();
        assert_eq!(l.integral(1.0, 5.0), 12.0);
        assert_eq!(
            Linear::try_new(0.0, 0.0)
                .unwrap()
                .integral(1.0, f64::INFINITY),
            0.0
        );
    }

    #[test]
    fn integral_splits_at_kink_with_floor() {
        let l = Linear::try_new(10.0, 2.0).unwrap().set_floor(2.0).unwrap();
        // line from 10 to 2 over [0, 4] (area 24), floor 2 over [4, 6] (area 4)
        assert!((l.integral(0.0, 6.0) - 28.0).abs() < 1e-12);
    }
}
