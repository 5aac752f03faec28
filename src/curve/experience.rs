//! [`ExperienceCurve`]: cost as a power of cumulative production (Wright's
//! law), and its bridge to a price decline in time.

use core::fmt;

use super::PriceCurve;
use crate::numeric;
use crate::numeric::unwrap_param;
use crate::{DecayModel, ParamError, Rate};

/// Cost falling with cumulative production: Wright's law.
///
/// # Formula
///
/// ```text
/// cost(x) = c1 · x^(-b)            x: cumulative volume (x > 0)
/// learning rate = 1 - 2^(-b)       fraction of cost lost per doubling of x
/// ```
///
/// `c1` is the cost of the first unit (`x = 1`). `b > 0` is learning; a
/// negative `b` (costs rising with volume) is allowed.
///
/// # Example: solar PV modules learn about 20 % per doubling
///
/// ```
/// use costtrend::ExperienceCurve;
///
/// let solar = ExperienceCurve::from_learning_rate(100.0, 0.20);
/// assert!((solar.cost_at(2.0) - 80.0).abs() < 1e-12);
/// assert!((solar.cost_at(4.0) - 64.0).abs() < 1e-12);
/// assert!((solar.volume_to(64.0).unwrap() - 4.0).abs() < 1e-9);
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::ExperienceCurve { c1: -1.0, b: f64::NAN };
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExperienceCurve {
    c1: f64,
    b: f64,
}

impl ExperienceCurve {
    /// A curve from `c1` (cost at `x = 1`) and the exponent `b`.
    ///
    /// # Panics
    ///
    /// If `c1` is not finite and positive or `b` is not finite.
    /// [`ExperienceCurve::try_new`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// let c = costtrend::ExperienceCurve::new(10.0, 1.0);
    /// assert_eq!(c.cost_at(5.0), 2.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn new(c1: f64, b: f64) -> Self {
        unwrap_param(Self::try_new(c1, b))
    }

    /// Checked form of [`ExperienceCurve::new`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] or [`ParamError::OutOfRange`] unless `c1`
    /// is finite and positive and `b` finite.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::ExperienceCurve;
    /// assert_eq!(ExperienceCurve::try_new(10.0, 0.5)?.b(), 0.5);
    /// assert!(ExperienceCurve::try_new(0.0, 0.5).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_new(c1: f64, b: f64) -> Result<Self, ParamError> {
        Ok(Self {
            c1: numeric::positive("c1", c1)?,
            b: numeric::finite("b", b)?,
        })
    }

    /// A curve from `c1` and a learning rate per doubling (`0.2` for 20 %):
    /// `b = -log2(1 - learning_rate)`.
    ///
    /// # Panics
    ///
    /// If `c1` is not finite and positive or the learning rate is not
    /// finite and below 1. [`ExperienceCurve::try_from_learning_rate`]
    /// returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// let c = costtrend::ExperienceCurve::from_learning_rate(1.0, 0.5);
    /// assert!((c.b() - 1.0).abs() < 1e-15);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_learning_rate(c1: f64, learning_rate: f64) -> Self {
        unwrap_param(Self::try_from_learning_rate(c1, learning_rate))
    }

    /// Checked form of [`ExperienceCurve::from_learning_rate`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] or [`ParamError::OutOfRange`] for a bad
    /// `c1`, or a learning rate that is not finite or not below 1 (a rate of
    /// 1 would make the second unit free).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::ExperienceCurve;
    /// assert!((ExperienceCurve::try_from_learning_rate(1.0, 0.2)?.learning_rate() - 0.2).abs() < 1e-15);
    /// assert!(ExperienceCurve::try_from_learning_rate(1.0, 1.0).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_from_learning_rate(c1: f64, learning_rate: f64) -> Result<Self, ParamError> {
        let lr = numeric::finite("learning_rate", learning_rate)?;
        if lr >= 1.0 {
            return Err(ParamError::OutOfRange {
                name: "learning_rate",
                value: lr,
                expected: "less than 1",
            });
        }
        Self::try_new(c1, -(-lr).ln_1p() / core::f64::consts::LN_2)
    }

    /// The cost of the first unit (`x = 1`).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::ExperienceCurve::new(10.0, 1.0).c1(), 10.0);
    /// ```
    #[must_use]
    pub fn c1(&self) -> f64 {
        self.c1
    }

    /// The exponent `b`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::ExperienceCurve::new(10.0, 0.3).b(), 0.3);
    /// ```
    #[must_use]
    pub fn b(&self) -> f64 {
        self.b
    }

    /// The fraction of cost lost at each doubling of cumulative volume,
    /// `1 - 2^(-b)` (negative when costs rise).
    ///
    /// # Example
    ///
    /// ```
    /// assert!((costtrend::ExperienceCurve::new(1.0, 1.0).learning_rate() - 0.5).abs() < 1e-15);
    /// ```
    #[must_use]
    pub fn learning_rate(&self) -> f64 {
        -(-self.b * core::f64::consts::LN_2).exp_m1()
    }

    /// The cost at cumulative volume `x`: `c1 · x^(-b)`.
    ///
    /// `x` must be positive: at `x = 0` the cost saturates to `+inf` for
    /// `b > 0` (and is 0 for `b < 0`); a negative or NaN `x` gives NaN.
    ///
    /// # Example
    ///
    /// ```
    /// let c = costtrend::ExperienceCurve::from_learning_rate(50.0, 0.2);
    /// assert!((c.cost_at(8.0) - 50.0 * 0.8f64.powi(3)).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn cost_at(&self, x: f64) -> f64 {
        if x.is_nan() || x < 0.0 {
            return f64::NAN;
        }
        if self.b == 0.0 {
            return self.c1;
        }
        let direct = self.c1 * x.powf(-self.b);
        if direct.is_finite() && direct > 0.0 {
            return direct;
        }
        // x^(-b) alone overflowed or underflowed: combine in log space.
        (self.c1.ln() - self.b * x.ln()).exp()
    }

    /// The cumulative volume at which the cost reaches `cost`:
    /// `(c1 / cost)^(1 / b)`. `None` when it never does (a non-positive or
    /// NaN cost, `b = 0` with `cost != c1`, or the volume overflows).
    ///
    /// # Example
    ///
    /// ```
    /// let c = costtrend::ExperienceCurve::new(100.0, 0.5);
    /// assert!((c.volume_to(10.0).unwrap() - 100.0).abs() < 1e-9);
    /// assert_eq!(c.volume_to(0.0), None);
    /// ```
    #[must_use]
    pub fn volume_to(&self, cost: f64) -> Option<f64> {
        if cost.is_nan() || cost <= 0.0 {
            return None;
        }
        if self.b == 0.0 {
            return (cost == self.c1).then_some(1.0);
        }
        let x = ((self.c1.ln() - cost.ln()) / self.b).exp();
        (x.is_finite() && x > 0.0).then_some(x)
    }

    /// The price decline in time implied when cumulative volume grows
    /// exponentially: with `x(t) = x0 · exp(g · (t - origin))`, Wright's law
    /// gives `cost(t) = cost_at(x0) · exp(-b · g · (t - origin))`, an
    /// exponential decline at `lambda = b · g` (Wright plus exponential
    /// growth gives Moore). **Assumption:** cumulative volume grows at the
    /// constant continuous rate `g` = `volume_growth.lambda()` (read as
    /// growth: `Rate::from_fold_per(2.0, 3.0)` is "doubles every three
    /// years").
    ///
    /// # Errors
    ///
    /// [`ParamError`] if `x0` is not finite and positive, or the implied
    /// model's parameters are not finite.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::{ExperienceCurve, Rate};
    /// // 20 % per doubling, cumulative volume doubling every 2 years:
    /// // 20 % cheaper every 2 years.
    /// let c = ExperienceCurve::from_learning_rate(1.0, 0.2);
    /// let m = c.to_decay_model(1000.0, Rate::from_fold_per(2.0, 2.0), 2024.0)?;
    /// assert!((m.rate().unwrap().percent_per(2.0) - 20.0).abs() < 1e-9);
    /// assert!((m.at(2024.0) - c.cost_at(1000.0)).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    pub fn to_decay_model(
        &self,
        x0: f64,
        volume_growth: Rate,
        origin: f64,
    ) -> Result<DecayModel, ParamError> {
        let x0 = numeric::positive("x0", x0)?;
        DecayModel::try_exponential(self.cost_at(x0), self.b * volume_growth.lambda())?
            .try_with_origin(origin)
    }
}

/// Wright's law as a price curve on the **cumulative-volume** axis: `at`
/// is [`cost_at`](ExperienceCurve::cost_at), `time_to` the volume at which
/// the cost is first at or below a target
/// ([`volume_to`](ExperienceCurve::volume_to)), `integral(a, b)` the total
/// cost of producing the units from cumulative volume `a` to `b`
/// (`c1 (b^(1-β) - a^(1-β)) / (1-β)`, `c1 ln(b / a)` at `β = 1`), exact.
///
/// # Example
///
/// ```
/// use costtrend::{ExperienceCurve, PriceCurve};
/// let c = ExperienceCurve::new(100.0, 0.5);
/// // units 1 to 4 cost 100 · 2 (√4 - √1) = 200 in all
/// assert!((c.integral(1.0, 4.0) - 200.0).abs() < 1e-12);
/// assert!((c.mean(1.0, 4.0) - 200.0 / 3.0).abs() < 1e-12);
/// assert_eq!(c.time_to(10.0), Ok(c.volume_to(10.0)));
/// ```
impl PriceCurve for ExperienceCurve {
    fn at(&self, x: f64) -> f64 {
        self.cost_at(x)
    }

    fn integral(&self, a: f64, b: f64) -> f64 {
        super::oriented(a, b, |a, b| {
            if a < 0.0 {
                return f64::NAN;
            }
            let one_minus = 1.0 - self.b;
            if one_minus == 0.0 {
                return self.c1 * (b.ln() - a.ln());
            }
            // x^(1-β) at 0 is 0 for β < 1 and +inf for β > 1 (the first
            // unit's cost diverges): the integral from 0 is infinite then.
            self.c1 * (b.powf(one_minus) - a.powf(one_minus)) / one_minus
        })
    }

    fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        let price = numeric::target_price(price)?;
        Ok(if self.b > 0.0 {
            // Falling from +inf at x = 0 towards 0, which it never reaches.
            self.volume_to(price)
        } else if self.b == 0.0 {
            // Constant: at the start, or never.
            (price >= self.c1).then_some(0.0)
        } else {
            // Rising from 0 at x = 0.
            Some(0.0)
        })
    }

    fn slope_at(&self, x: f64) -> f64 {
        if x.is_nan() || x < 0.0 {
            return f64::NAN;
        }
        if self.b == 0.0 {
            return 0.0;
        }
        -self.b * self.cost_at(x) / x
    }

    fn integral_scaled(&self, c: f64, a: f64, b: f64) -> Option<f64> {
        Self::try_new(self.c1 / c, self.b)
            .ok()
            .map(|m| m.integral(a, b))
    }
}

impl fmt::Display for ExperienceCurve {
    /// `100 · x^(-0.3219)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::numeric::write_number(f, self.c1)?;
        f.write_str(" · x^(-")?;
        crate::numeric::write_number(f, self.b)?;
        f.write_str(")")
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use super::ExperienceCurve;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Repr {
        c1: f64,
        b: f64,
    }

    /// Serialises as `{"c1": .., "b": ..}`.
    impl Serialize for ExperienceCurve {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Repr {
                c1: self.c1,
                b: self.b,
            }
            .serialize(s)
        }
    }

    /// Deserialises `{"c1": .., "b": ..}`, re-validated.
    impl<'de> Deserialize<'de> for ExperienceCurve {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let r = Repr::deserialize(d)?;
            ExperienceCurve::try_new(r.c1, r.b).map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_doubling_costs_the_learning_rate() {
        let c = ExperienceCurve::from_learning_rate(7.0, 0.22);
        for x in [1.0, 3.0, 1e6] {
            assert!((c.cost_at(2.0 * x) / c.cost_at(x) - 0.78).abs() < 1e-12);
        }
    }

    #[test]
    fn accessors_and_learning_rate_follow_the_exponent() {
        let c = ExperienceCurve::new(40.0, 1.0);
        assert_eq!((c.c1(), c.b()), (40.0, 1.0));
        assert!((c.learning_rate() - 0.5).abs() < 1e-15);
        let c = ExperienceCurve::from_learning_rate(3.0, 0.2);
        assert!((c.b() - 0.321_928_094_887_362_3).abs() < 1e-15);
        assert!((c.learning_rate() - 0.2).abs() < 1e-15);
        assert!((ExperienceCurve::new(1.0, -1.0).learning_rate() + 1.0).abs() < 1e-15);
    }

    #[test]
    fn volume_to_inverts_cost_at() {
        let c = ExperienceCurve::new(120.0, 0.37);
        for x in [0.5, 2.0, 1e5] {
            assert!((c.volume_to(c.cost_at(x)).unwrap() / x - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn cost_is_exact_on_the_direct_path_and_nan_for_negative_volume() {
        let c = ExperienceCurve::new(10.0, 1.0);
        assert_eq!(c.cost_at(5.0), 2.0);
        // an integer exponent would give a number for x < 0: it must not
        assert!(c.cost_at(-1.0).is_nan());
        // x^(-b) overflows on its own, the product does not
        let tiny = ExperienceCurve::new(1e-300, 1.0);
        assert!((tiny.cost_at(1e-310) / 1e10 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn volume_too_large_to_represent_is_none_not_zero() {
        assert_eq!(ExperienceCurve::new(1.0, 1e-3).volume_to(1e300), None);
        assert_eq!(ExperienceCurve::new(1.0, 1e-3).volume_to(1e-300), None);
    }

    #[test]
    fn edge_volumes_are_documented_values() {
        let c = ExperienceCurve::new(1.0, 0.5);
        assert_eq!(c.cost_at(0.0), f64::INFINITY);
        assert!(c.cost_at(-1.0).is_nan());
        assert_eq!(ExperienceCurve::new(3.0, 0.0).volume_to(2.0), None);
    }

    #[test]
    fn display_shows_formula() {
        assert_eq!(
            ExperienceCurve::new(100.0, 0.5).to_string(),
            "100 · x^(-0.5)"
        );
    }
}
