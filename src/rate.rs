//! [`Rate`]: one rate of price decline, convertible exactly between the
//! conventions people quote.

use core::fmt;

use crate::ParamError;
use crate::numeric::{self, unwrap_param};

/// One rate of exponential price decline, stored as a continuous rate.
///
/// People quote the same decline in several ways, and they are different
/// numbers: a continuous rate `lambda` ("`exp(-0.2 t)`"), a percentage per
/// period ("20 % per year"), a half-life ("halves every 3.1 years") and a
/// fold change per period ("10x cheaper per year"). `Rate` stores `lambda`
/// and converts exactly, so the conventions can never be confused.
///
/// A positive rate means the price falls; a negative one means it rises.
///
/// # Formula
///
/// ```text
/// price(t) = price(0) · exp(-lambda · t)
/// percent per period P   = 100 · (1 - exp(-lambda · P))
/// fold per period P      = exp(lambda · P)          (price(t) / price(t + P))
/// half-life              = ln 2 / lambda             (lambda > 0)
/// ```
///
/// # Example: "20 % per year" is not `exp(-0.2 t)`
///
/// ```
/// use costtrend::{DecayModel, Rate};
///
/// let naive = DecayModel::exponential(1_000_000.0, 0.2); // lambda = 0.2
/// let true_20 = DecayModel::exponential_at_rate(1_000_000.0, Rate::from_percent_per(20.0, 1.0));
/// assert!((naive.at(5.0) - 367_879.441).abs() < 1e-3);
/// assert!((true_20.at(5.0) - 327_680.0).abs() < 1e-6);
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::Rate { lambda: f64::NAN };
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Rate {
    lambda: f64,
}

impl Rate {
    /// A continuous rate: the price is multiplied by `exp(-lambda)` per unit
    /// of time.
    ///
    /// # Panics
    ///
    /// If `lambda` is NaN or infinite. [`Rate::try_continuous`] returns an
    /// error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// let r = Rate::continuous(std::f64::consts::LN_2);
    /// assert!((r.half_life().unwrap() - 1.0).abs() < 1e-15);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn continuous(lambda: f64) -> Self {
        unwrap_param(Self::try_continuous(lambda))
    }

    /// Checked form of [`Rate::continuous`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `lambda` is NaN or infinite.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::Rate;
    /// let r = Rate::try_continuous(0.5)?;
    /// assert_eq!(r.lambda(), 0.5);
    /// assert!(Rate::try_continuous(f64::NAN).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_continuous(lambda: f64) -> Result<Self, ParamError> {
        Ok(Self {
            lambda: numeric::finite("lambda", lambda)?,
        })
    }

    /// A decline of `percent` % per `period`: after one period the price is
    /// `1 - percent / 100` of what it was. A negative percentage is a rise.
    ///
    /// # Formula
    ///
    /// ```text
    /// lambda = -ln(1 - percent / 100) / period
    /// ```
    ///
    /// # Panics
    ///
    /// If `percent` is not finite or not below 100, or `period` is not finite
    /// and positive. [`Rate::try_from_percent_per`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// let r = Rate::from_percent_per(20.0, 1.0);
    /// assert!((r.lambda() - 0.223_143_551_314_209_7).abs() < 1e-15);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_percent_per(percent: f64, period: f64) -> Self {
        unwrap_param(Self::try_from_percent_per(percent, period))
    }

    /// Checked form of [`Rate::from_percent_per`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN or infinite argument;
    /// [`ParamError::OutOfRange`] if `percent >= 100` (a 100 % decline
    /// reaches zero in one period, which no exponential does) or
    /// `period <= 0`, or if the resulting rate overflows or, for a nonzero
    /// percentage, underflows below `f64::MIN_POSITIVE` (where it would keep
    /// too few digits to mean what was asked).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::Rate;
    /// let r = Rate::try_from_percent_per(50.0, 2.0)?;
    /// assert!(Rate::try_from_percent_per(1e-300, 1e10).is_err()); // underflows
    /// assert!((r.half_life().unwrap() - 2.0).abs() < 1e-15);
    /// assert!(Rate::try_from_percent_per(100.0, 1.0).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_from_percent_per(percent: f64, period: f64) -> Result<Self, ParamError> {
        let percent = numeric::finite("percent", percent)?;
        if percent >= 100.0 {
            return Err(ParamError::OutOfRange {
                name: "percent",
                value: percent,
                expected: "less than 100",
            });
        }
        let period = numeric::positive("period", period)?;
        let lambda = -(-percent / 100.0).ln_1p() / period;
        finite_lambda(lambda, percent != 0.0)
    }

    /// A rate at which the price halves every `half_life` time units.
    ///
    /// # Formula
    ///
    /// ```text
    /// lambda = ln 2 / half_life
    /// ```
    ///
    /// # Panics
    ///
    /// If `half_life` is not finite and positive.
    /// [`Rate::try_from_half_life`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// let r = Rate::from_half_life(2.0);
    /// assert!((r.percent_per(2.0) - 50.0).abs() < 1e-12);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_half_life(half_life: f64) -> Self {
        unwrap_param(Self::try_from_half_life(half_life))
    }

    /// Checked form of [`Rate::from_half_life`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] or [`ParamError::OutOfRange`] unless
    /// `half_life` is finite and greater than 0, or if the resulting rate
    /// overflows (a subnormal half-life) or underflows below
    /// `f64::MIN_POSITIVE` (a half-life beyond about 1e307).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::Rate;
    /// assert!((Rate::try_from_half_life(1.0)?.lambda() - std::f64::consts::LN_2).abs() < 1e-16);
    /// assert!(Rate::try_from_half_life(0.0).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_from_half_life(half_life: f64) -> Result<Self, ParamError> {
        let h = numeric::positive("half_life", half_life)?;
        finite_lambda(core::f64::consts::LN_2 / h, true)
    }

    /// A rate at which the price becomes `fold` times cheaper every
    /// `period` ("10x cheaper per year" is `from_fold_per(10.0, 1.0)`).
    /// A fold below 1 is a rise.
    ///
    /// # Formula
    ///
    /// ```text
    /// lambda = ln(fold) / period
    /// ```
    ///
    /// # Panics
    ///
    /// If `fold` is not finite and positive, or `period` is not finite and
    /// positive. [`Rate::try_from_fold_per`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// let r = Rate::from_fold_per(10.0, 1.0);
    /// assert!((r.percent_per(1.0) - 90.0).abs() < 1e-12);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_fold_per(fold: f64, period: f64) -> Self {
        unwrap_param(Self::try_from_fold_per(fold, period))
    }

    /// Checked form of [`Rate::from_fold_per`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] or [`ParamError::OutOfRange`] unless both
    /// `fold` and `period` are finite and greater than 0, or if the
    /// resulting rate overflows or, for a fold other than 1, underflows
    /// below `f64::MIN_POSITIVE`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::Rate;
    /// let r = Rate::try_from_fold_per(40.0, 1.0)?;
    /// assert!((r.fold_per(1.0) - 40.0).abs() < 1e-12);
    /// assert!(Rate::try_from_fold_per(0.0, 1.0).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_from_fold_per(fold: f64, period: f64) -> Result<Self, ParamError> {
        let fold = numeric::positive("fold", fold)?;
        let period = numeric::positive("period", period)?;
        finite_lambda(fold.ln() / period, fold != 1.0)
    }

    /// The continuous rate `lambda`, per unit of time.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// assert_eq!(Rate::continuous(0.3).lambda(), 0.3);
    /// ```
    #[must_use]
    pub fn lambda(self) -> f64 {
        self.lambda
    }

    /// The time for the price to halve, `ln 2 / lambda`; `None` when the
    /// price never halves (`lambda <= 0`: flat or rising).
    ///
    /// A rate so slow that the half-life exceeds `f64::MAX` (a subnormal
    /// `lambda`) gives `Some(f64::INFINITY)`.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// assert!((Rate::continuous(std::f64::consts::LN_2).half_life().unwrap() - 1.0).abs() < 1e-15);
    /// assert_eq!(Rate::continuous(-0.1).half_life(), None);
    /// ```
    #[must_use]
    pub fn half_life(self) -> Option<f64> {
        (self.lambda > 0.0).then(|| core::f64::consts::LN_2 / self.lambda)
    }

    /// The percentage by which the price falls over `period`:
    /// `100 · (1 - exp(-lambda · period))`. Negative for a rise.
    ///
    /// The value is below 100 for any finite decline; a rise so steep that
    /// the price overflows gives `-inf`. A NaN `period` gives NaN.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// let r = Rate::from_fold_per(10.0, 1.0);
    /// assert!((r.percent_per(1.0) - 90.0).abs() < 1e-12);
    /// assert!((r.percent_per(0.5) - 68.377_223_398_316_2).abs() < 1e-9);
    /// ```
    #[must_use]
    pub fn percent_per(self, period: f64) -> f64 {
        percent_of(self.lambda, period)
    }

    /// How many times cheaper the price gets over `period`:
    /// `exp(lambda · period)`. Below 1 for a rise.
    ///
    /// Saturates to `+inf` when the factor exceeds `f64::MAX`. A NaN
    /// `period` gives NaN.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Rate;
    /// let r = Rate::from_percent_per(90.0, 1.0);
    /// assert!((r.fold_per(1.0) - 10.0).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn fold_per(self, period: f64) -> f64 {
        fold_of(self.lambda, period)
    }
}

impl fmt::Display for Rate {
    /// Prints the continuous rate, e.g. `lambda = 0.2 per unit time`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("lambda = ")?;
        crate::numeric::write_number(f, self.lambda)?;
        f.write_str(" per unit time")
    }
}

/// `100 · (1 - exp(-lambda · period))`, for any `lambda` including the
/// infinite bounds of an interval (`-inf` and 100 at the extremes).
pub(crate) fn percent_of(lambda: f64, period: f64) -> f64 {
    let x = if lambda == 0.0 { 0.0 } else { -lambda * period };
    // + 0.0: a zero rate is 0 %, not -0 %.
    -100.0 * x.exp_m1() + 0.0
}

/// `exp(lambda · period)`, for any `lambda` including infinite bounds.
pub(crate) fn fold_of(lambda: f64, period: f64) -> f64 {
    if lambda == 0.0 {
        return if period.is_nan() { f64::NAN } else { 1.0 };
    }
    (lambda * period).exp()
}

/// The rate, unless it overflowed, or (for a convention that asked for a
/// change, `changes`) underflowed below the normal range, where it keeps
/// too few digits to mean what was asked.
fn finite_lambda(lambda: f64, changes: bool) -> Result<Rate, ParamError> {
    if changes && lambda.abs() < f64::MIN_POSITIVE {
        return Err(ParamError::OutOfRange {
            name: "lambda",
            value: lambda,
            expected: "a normal number (the rate underflows)",
        });
    }
    if lambda.is_finite() {
        Ok(Rate {
            lambda: lambda + 0.0,
        })
    } else {
        Err(ParamError::OutOfRange {
            name: "lambda",
            value: lambda,
            expected: "finite (the rate overflows)",
        })
    }
}

/// A rate of **growth**, for quantities that grow (usage, demand): the
/// counterpart of [`Rate`], which is always a rate of decline. "Grows 50 %
/// per year" and "3x per year" are said as they read, with no sign to
/// flip: `Growth::from_percent_per(50.0, 1.0)` makes 1 into 1.5 a year
/// later (a [`Rate`] of "50 % per year" halves it).
///
/// A negative growth shrinks (a percentage above -100, a fold below 1).
///
/// # Example
///
/// ```
/// use costtrend::{Growth, Usage};
/// let u = Usage::exponential(1.0, Growth::from_percent_per(50.0, 1.0));
/// assert!((u.at(1.0) - 1.5).abs() < 1e-12);
/// let triples = Growth::from_percent_per(200.0, 1.0); // "usage triples yearly"
/// assert!((triples.fold_per(1.0) - 3.0).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Growth {
    g: f64,
}

impl Growth {
    /// Continuous growth `exp(g · t)`.
    ///
    /// # Panics
    ///
    /// If `g` is not finite; [`Growth::try_continuous`] returns an error.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Growth::continuous(0.1).per_unit_time(), 0.1);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn continuous(g: f64) -> Self {
        unwrap_param(Self::try_continuous(g))
    }

    /// Checked form of [`Growth::continuous`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for NaN or infinity.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::Growth::try_continuous(f64::NAN).is_err());
    /// ```
    pub fn try_continuous(g: f64) -> Result<Self, ParamError> {
        Ok(Self {
            g: numeric::finite("growth", g)?,
        })
    }

    /// Growth of `percent` % per `period`: `g = ln(1 + percent/100) / period`.
    ///
    /// # Panics
    ///
    /// As [`Growth::try_from_percent_per`].
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{time::MONTH, Growth};
    /// let g = Growth::from_percent_per(2.0, MONTH); // 2 % a month
    /// assert!((g.percent_per(1.0) - 26.824).abs() < 1e-3); // 26.8 % a year
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_percent_per(percent: f64, period: f64) -> Self {
        unwrap_param(Self::try_from_percent_per(percent, period))
    }

    /// Checked form of [`Growth::from_percent_per`].
    ///
    /// # Errors
    ///
    /// [`ParamError`] unless `percent > -100` and `period > 0`, both finite.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::Growth::try_from_percent_per(-100.0, 1.0).is_err());
    /// ```
    pub fn try_from_percent_per(percent: f64, period: f64) -> Result<Self, ParamError> {
        let percent = numeric::finite("percent", percent)?;
        if percent <= -100.0 {
            return Err(ParamError::OutOfRange {
                name: "percent",
                value: percent,
                expected: "greater than -100",
            });
        }
        let period = numeric::positive("period", period)?;
        Self::try_continuous((percent / 100.0).ln_1p() / period)
    }

    /// Growth by a factor `fold` per `period`: `g = ln(fold) / period`.
    ///
    /// # Panics
    ///
    /// As [`Growth::try_from_fold_per`].
    ///
    /// # Example
    ///
    /// ```
    /// let g = costtrend::Growth::from_fold_per(3.0, 1.0); // 3x a year
    /// assert!((g.per_unit_time() - 3f64.ln()).abs() < 1e-15);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_fold_per(fold: f64, period: f64) -> Self {
        unwrap_param(Self::try_from_fold_per(fold, period))
    }

    /// Checked form of [`Growth::from_fold_per`].
    ///
    /// # Errors
    ///
    /// [`ParamError`] unless `fold` and `period` are finite and positive.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::Growth::try_from_fold_per(0.0, 1.0).is_err());
    /// ```
    pub fn try_from_fold_per(fold: f64, period: f64) -> Result<Self, ParamError> {
        let fold = numeric::positive("fold", fold)?;
        let period = numeric::positive("period", period)?;
        Self::try_continuous(fold.ln() / period)
    }

    /// The continuous growth rate `g` per unit time.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Growth::continuous(-0.5).per_unit_time(), -0.5);
    /// ```
    #[must_use]
    pub fn per_unit_time(self) -> f64 {
        self.g
    }

    /// Growth in percent per `period`: `100 · (exp(g · period) - 1)`.
    ///
    /// # Example
    ///
    /// ```
    /// let g = costtrend::Growth::from_percent_per(50.0, 1.0);
    /// assert!((g.percent_per(1.0) - 50.0).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn percent_per(self, period: f64) -> f64 {
        100.0 * (self.g * period).exp_m1() + 0.0
    }

    /// The factor of growth per `period`: `exp(g · period)`.
    ///
    /// # Example
    ///
    /// ```
    /// let g = costtrend::Growth::from_fold_per(4.0, 1.0);
    /// assert!((g.fold_per(0.5) - 2.0).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn fold_per(self, period: f64) -> f64 {
        (self.g * period).exp()
    }
}

/// serde for [`Rate`] (feature `serde`).
#[cfg(feature = "serde")]
mod wire {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Rate;

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RateRepr {
        lambda: f64,
    }

    /// Serialises as `{"lambda": ..}`, the continuous rate.
    impl Serialize for Rate {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            RateRepr {
                lambda: self.lambda(),
            }
            .serialize(serializer)
        }
    }

    /// Deserialises `{"lambda": ..}`, rejecting a non-finite rate and unknown
    /// fields.
    impl<'de> Deserialize<'de> for Rate {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let repr = RateRepr::deserialize(deserializer)?;
            Rate::try_continuous(repr.lambda).map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_fold_round_trip() {
        let r = Rate::from_percent_per(37.5, 2.0);
        assert!((r.percent_per(2.0) - 37.5).abs() < 1e-12);
        let r = Rate::from_fold_per(3.0, 0.25);
        assert!((r.fold_per(0.25) - 3.0).abs() < 1e-14);
    }

    #[test]
    fn negative_percent_is_a_rise() {
        let r = Rate::from_percent_per(-50.0, 1.0);
        assert!(r.lambda() < 0.0);
        assert!((r.fold_per(1.0) - 1.0 / 1.5).abs() < 1e-15);
        assert_eq!(r.half_life(), None);
    }

    #[test]
    fn zero_rate_has_no_half_life_and_unit_fold() {
        let r = Rate::continuous(0.0);
        assert_eq!(r.half_life(), None);
        assert_eq!(r.fold_per(1e300), 1.0);
        assert_eq!(r.percent_per(1e300), 0.0);
    }

    #[test]
    fn rejects_percent_at_or_above_one_hundred() {
        assert!(matches!(
            Rate::try_from_percent_per(100.0, 1.0),
            Err(ParamError::OutOfRange {
                name: "percent",
                ..
            })
        ));
    }

    #[test]
    fn a_zero_decline_is_positive_zero_not_negative_zero() {
        // -ln(1 - 0) is -0.0: stored as +0.0 so it prints and serialises as 0.
        let r = Rate::from_percent_per(0.0, 1.0);
        assert_eq!(r.lambda(), 0.0);
        assert!(r.lambda().is_sign_positive());
        assert_eq!(r.to_string(), "lambda = 0 per unit time");
    }

    #[test]
    fn subnormal_half_life_reports_overflow() {
        let err = Rate::try_from_half_life(1e-310).unwrap_err();
        assert!(matches!(err, ParamError::OutOfRange { name: "lambda", .. }));
    }

    #[test]
    #[should_panic(expected = "invalid parameter: lambda must be finite, got NaN")]
    fn continuous_panics_on_nan() {
        let _ = Rate::continuous(f64::NAN);
    }

    #[test]
    fn display_shows_lambda() {
        assert_eq!(
            Rate::continuous(0.2).to_string(),
            "lambda = 0.2 per unit time"
        );
    }
}
