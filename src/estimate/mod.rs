//! What fits and forecasts report: intervals, estimates with intervals,
//! parameters, their covariance, and rates in every convention. Their
//! `Display` is in `report.rs`, their serde in `wire.rs`, next to them.
//!
//! The types are also re-exported from [`fit`](crate::fit), where they
//! lived before this module.

use core::fmt;

pub(crate) mod criteria;
pub(crate) mod report;
#[cfg(feature = "serde")]
pub(crate) mod wire;

use crate::Rate;

/// A closed interval `[lower, upper]`. An infinite bound means the interval
/// is unbounded on that side (for example a half-life whose rate interval
/// includes 0, or a target price the pessimistic curve never reaches).
///
/// # Example
///
/// ```
/// use costtrend::estimate::Interval;
/// let i = Interval::new(1.0, f64::INFINITY);
/// assert!(i.contains(5.0));
/// assert!(!i.is_bounded_above());
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::estimate::Interval { lower: 2.0, upper: 1.0 };
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub(super) lower: f64,
    pub(super) upper: f64,
}

impl Interval {
    /// The interval between `a` and `b`, in whichever order they come.
    /// A NaN bound says nothing about either side (the order of the two is
    /// then unknown), so an interval with one is unbounded on both:
    /// `new(NaN, x)` and `new(x, NaN)` are the same `[-inf, +inf]`.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::estimate::Interval;
    /// assert_eq!(Interval::new(3.0, 1.0).lower(), 1.0);
    /// assert_eq!(Interval::new(f64::NAN, 1.0), Interval::new(1.0, f64::NAN));
    /// assert_eq!(Interval::new(f64::NAN, 1.0).upper(), f64::INFINITY);
    /// ```
    #[must_use]
    pub fn new(a: f64, b: f64) -> Self {
        if a.is_nan() || b.is_nan() {
            return Self {
                lower: f64::NEG_INFINITY,
                upper: f64::INFINITY,
            };
        }
        let (lower, upper) = if a <= b { (a, b) } else { (b, a) };
        Self { lower, upper }
    }

    /// How many times the upper bound is the lower, `upper / lower`: the
    /// spread of a price interval (`+inf` when the lower bound is 0 or less
    /// or the upper unbounded). Above about 1000 an interval is too wide
    /// to act on.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::estimate::Interval;
    /// assert_eq!(Interval::new(2.0, 50.0).spread(), 25.0);
    /// assert_eq!(Interval::new(0.0, 1.0).spread(), f64::INFINITY);
    /// ```
    #[must_use]
    pub fn spread(&self) -> f64 {
        if self.lower > 0.0 {
            self.upper / self.lower
        } else {
            f64::INFINITY
        }
    }

    /// The lower bound (`-inf` when unbounded below).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::estimate::Interval::new(1.0, 2.0).lower(), 1.0);
    /// ```
    #[must_use]
    pub fn lower(&self) -> f64 {
        self.lower
    }

    /// The upper bound (`+inf` when unbounded above).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::estimate::Interval::new(1.0, 2.0).upper(), 2.0);
    /// ```
    #[must_use]
    pub fn upper(&self) -> f64 {
        self.upper
    }

    /// The lower bound as a date or instant of type `T` (see
    /// [`time::DecimalYear`](crate::time::DecimalYear)); `None` when
    /// unbounded below.
    ///
    /// # Errors
    ///
    /// [`TimeError`](crate::time::TimeError) when the bound is beyond what
    /// `T` holds.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::estimate::Interval;
    /// let i = Interval::new(2025.5, f64::INFINITY);
    /// assert_eq!(i.lower_as::<f64>(), Ok(Some(2025.5)));
    /// assert_eq!(i.upper_as::<f64>(), Ok(None));
    /// ```
    pub fn lower_as<T: crate::time::DecimalYear>(
        &self,
    ) -> Result<Option<T>, crate::time::TimeError> {
        bound_as(self.lower)
    }

    /// The upper bound as a date or instant; `None` when unbounded above.
    /// See [`lower_as`](Self::lower_as).
    ///
    /// # Errors
    ///
    /// As [`lower_as`](Self::lower_as).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::estimate::Interval;
    /// assert_eq!(Interval::new(2025.0, 2026.0).upper_as::<f64>(), Ok(Some(2026.0)));
    /// ```
    pub fn upper_as<T: crate::time::DecimalYear>(
        &self,
    ) -> Result<Option<T>, crate::time::TimeError> {
        bound_as(self.upper)
    }

    /// Whether `x` lies in the interval.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::estimate::Interval::new(1.0, 2.0).contains(2.0));
    /// ```
    #[must_use]
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }

    /// Whether the upper bound is finite.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::estimate::Interval::new(1.0, 2.0).is_bounded_above());
    /// ```
    #[must_use]
    pub fn is_bounded_above(&self) -> bool {
        self.upper.is_finite()
    }

    /// Whether the lower bound is finite.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(!costtrend::estimate::Interval::new(f64::NEG_INFINITY, 2.0).is_bounded_below());
    /// ```
    #[must_use]
    pub fn is_bounded_below(&self) -> bool {
        self.lower.is_finite()
    }
}

impl fmt::Display for Interval {
    /// `[0.1420, 0.3736]`: four significant digits (a precision, `{:.6}`,
    /// sets how many; six when every finite side is from 1,000 to 10,000,
    /// where calendar years are, so a time tells the month), `unbounded`
    /// for an infinite side.
    ///
    /// ```
    /// use costtrend::estimate::Interval;
    /// assert_eq!(Interval::new(2025.203, 2027.519).to_string(), "[2025.20, 2027.52]");
    /// assert_eq!(Interval::new(1.1238, 1537.4).to_string(), "[1.124, 1537]");
    /// assert_eq!(Interval::new(0.14203, 0.37361).to_string(), "[0.1420, 0.3736]");
    /// assert_eq!(format!("{:.2}", Interval::new(1.0, f64::INFINITY)), "[1.0, unbounded]");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One count of digits for both sides: six only when every finite
        // side is in the range of calendar years (a time interval), so a
        // price interval such as [1.124, 1537] is not printed half in one
        // style and half in the other.
        let sides = [self.lower, self.upper];
        let mut finite = sides.iter().filter(|x| x.is_finite()).peekable();
        let years =
            finite.peek().is_some() && finite.all(|&x| crate::numeric::default_digits(x) == 6);
        let d = f.precision().unwrap_or(if years { 6 } else { 4 });
        let side = |x: f64| {
            if x.is_finite() {
                crate::numeric::sig(x, d)
            } else {
                "unbounded".to_string()
            }
        };
        crate::numeric::pad_text(f, &format!("[{}, {}]", side(self.lower), side(self.upper)))
    }
}

/// A derived quantity with its confidence interval: a prediction, a time to
/// a target, a rate in some convention.
///
/// The interval is `None` when it cannot be computed: a fit with as many
/// points as parameters has no residual degrees of freedom.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::fit;
/// let f = fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
/// let p = f.predict(4.0);
/// let band = p.interval().unwrap();
/// assert!(band.lower() < p.value() && p.value() < band.upper());
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub(super) value: f64,
    pub(super) interval: Option<Interval>,
}

impl Estimate {
    pub(crate) fn new(value: f64, interval: Option<Interval>) -> Self {
        Self { value, interval }
    }

    /// The point estimate.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?;
    /// assert!((f.predict(1.5).value() - 1.5).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The value as a date or instant of type `T` (for times: a forecast's
    /// date, when a price is reached); see
    /// [`time::DecimalYear`](crate::time::DecimalYear).
    ///
    /// # Errors
    ///
    /// [`TimeError`](crate::time::TimeError) when the value is no time `T`
    /// holds.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[2020.0, 2021.0, 2022.0], &[8.0, 4.0, 2.0])?;
    /// let when = f.time_to(1.0)?.unwrap();
    /// assert!((when.value_as::<f64>().unwrap() - 2023.0).abs() < 1e-9);
    /// # Ok(()) }
    /// ```
    pub fn value_as<T: crate::time::DecimalYear>(&self) -> Result<T, crate::time::TimeError> {
        T::from_year(self.value)
    }

    /// The confidence interval, if the fit has residual degrees of freedom.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// // two points, two parameters: exact, no interval
    /// let f = costtrend::fit::linear(&[0.0, 1.0], &[3.0, 2.0])?;
    /// assert!(f.predict(0.5).interval().is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn interval(&self) -> Option<Interval> {
        self.interval
    }
}

/// One fitted parameter: name, value, standard error and confidence
/// interval (both `None` without residual degrees of freedom).
///
/// Names: `"p0"` (price at the origin), `"lambda"` (continuous rate of the
/// exponential), `"slope"` (of the linear model: its fall in price per unit
/// time),
/// `"discount"` (step discount), `"floor"`.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
/// let lambda = f.parameter("lambda").unwrap();
/// assert!(lambda.interval().unwrap().contains(lambda.value()));
/// assert!(lambda.std_error().unwrap() > 0.0);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parameter {
    pub(super) name: &'static str,
    pub(super) value: f64,
    pub(super) std_error: Option<f64>,
    pub(super) interval: Option<Interval>,
}

impl Parameter {
    /// A parameter from its parts (for deserialisation).
    #[cfg(feature = "serde")]
    pub(crate) fn from_parts(
        name: &'static str,
        value: f64,
        std_error: Option<f64>,
        interval: Option<Interval>,
    ) -> Self {
        Self {
            name,
            value,
            std_error,
            interval,
        }
    }

    /// The same estimate under another name (for fits reported in another
    /// parametrisation, such as the experience curve's `c1` and `b`).
    pub(crate) fn renamed(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// The parameter's name.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.2])?;
    /// assert_eq!(f.parameters()[1].name(), "slope");
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The estimate.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?;
    /// assert!((f.parameter("slope").unwrap().value() - 1.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The standard error (0 for an exact fit with spare points; `None`
    /// with no residual degrees of freedom).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?;
    /// assert_eq!(f.parameter("slope").unwrap().std_error(), Some(0.0));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn std_error(&self) -> Option<f64> {
        self.std_error
    }

    /// The confidence interval at the fit's confidence level.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.1, 0.9, 0.1])?;
    /// let ci = f.parameter("slope").unwrap().interval().unwrap();
    /// assert!(ci.lower() < 1.0 && 1.0 < ci.upper());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn interval(&self) -> Option<Interval> {
        self.interval
    }
}

/// The covariance matrix of the reported parameters (in the order of
/// [`Fit::parameters`](crate::fit::Fit::parameters)).
///
/// For log-scale fits the parameters are estimated as `ln p0` (and
/// `ln(1 - discount)`); their covariance is carried to `p0` (and
/// `discount`) by the delta method.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.1, 0.9, 0.1])?;
/// let c = f.covariance().unwrap();
/// let se = f.parameter("slope").unwrap().std_error().unwrap();
/// assert!((c.get("slope", "slope").unwrap() - se * se).abs() < 1e-12);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Covariance {
    pub(super) names: Vec<&'static str>,
    pub(super) values: Vec<f64>,
}

impl Covariance {
    /// The parameter names, in row order.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.1, 0.9, 0.1])?;
    /// assert_eq!(f.covariance().unwrap().names(), &["p0", "slope"]);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// The entry for parameters `a` and `b`, or `None` for an unknown name.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.1, 0.9, 0.1])?;
    /// let c = f.covariance().unwrap();
    /// assert_eq!(c.get("p0", "slope"), c.get("slope", "p0"));
    /// assert_eq!(c.get("p0", "floor"), None);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn get(&self, a: &str, b: &str) -> Option<f64> {
        let i = self.names.iter().position(|n| *n == a)?;
        let j = self.names.iter().position(|n| *n == b)?;
        Some(self.values[i * self.names.len() + j])
    }
}

/// A fitted decline rate with its interval, in every convention of
/// [`Rate`]. From [`Fit::rate`](crate::fit::Fit::rate) on the exponential fits.
///
/// Every conversion is monotone in `lambda`, so each interval is the image
/// of the `lambda` interval. Infinite bounds mean unbounded: a half-life
/// interval whose `lambda` interval includes 0 is unbounded above.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
/// let r = f.rate().unwrap();
/// let pct = r.percent_per(1.0);
/// assert!(pct.value() > 40.0 && pct.value() < 60.0);
/// assert!(r.half_life().unwrap().interval().unwrap().is_bounded_above());
/// # Ok(()) }
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::estimate::RateEstimate { lambda: f64::NAN, interval: None };
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateEstimate {
    pub(super) lambda: f64,
    pub(super) interval: Option<Interval>,
}

impl RateEstimate {
    /// A rate estimate from its parts (for deserialisation).
    #[cfg(feature = "serde")]
    pub(crate) fn from_parts(lambda: f64, interval: Option<Interval>) -> Self {
        Self { lambda, interval }
    }

    /// The point estimate as a [`Rate`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.rate().unwrap().rate().half_life().unwrap() - 1.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn rate(&self) -> Rate {
        Rate::continuous(self.lambda)
    }

    fn map(&self, value: f64, f: impl Fn(f64) -> f64) -> Estimate {
        Estimate::new(
            value,
            self.interval
                .map(|i| Interval::new(f(i.lower()), f(i.upper()))),
        )
    }

    /// The continuous rate `lambda` per unit time.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.rate().unwrap().lambda().value() - 2f64.ln()).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn lambda(&self) -> Estimate {
        self.map(self.lambda, |l| l)
    }

    /// The decline in percent per `period`: `100 · (1 - exp(-lambda · period))`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.rate().unwrap().percent_per(1.0).value() - 50.0).abs() < 1e-9);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn percent_per(&self, period: f64) -> Estimate {
        // Interval bounds may be infinite: no Rate (which must be finite).
        let of = |l: f64| crate::rate::percent_of(l, period);
        self.map(of(self.lambda), of)
    }

    /// How many times cheaper per `period`: `exp(lambda · period)`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.rate().unwrap().fold_per(1.0).value() - 2.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn fold_per(&self, period: f64) -> Estimate {
        let of = |l: f64| crate::rate::fold_of(l, period);
        self.map(of(self.lambda), of)
    }

    /// The half-life `ln 2 / lambda`; `None` where the fitted price does not
    /// fall (`lambda <= 0`: it never halves). The interval is unbounded
    /// above where the `lambda` interval includes 0 (see the crate's
    /// convention for "never", in the [crate docs](crate)).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// // a noisy, barely falling series: the rate's interval includes 0
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[10.0, 12.0, 8.0, 9.5])?;
    /// let h = f.rate().unwrap().half_life().unwrap();
    /// assert!(!h.interval().unwrap().is_bounded_above());
    /// // a rising price never halves
    /// let up = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[1.0, 2.0, 4.1])?;
    /// assert!(up.rate().unwrap().half_life().is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn half_life(&self) -> Option<Estimate> {
        let of = |l: f64| {
            if l > 0.0 {
                core::f64::consts::LN_2 / l
            } else {
                f64::INFINITY
            }
        };
        (self.lambda > 0.0).then(|| self.map(of(self.lambda), of))
    }
}

/// An interval bound as `T`, `None` where unbounded.
fn bound_as<T: crate::time::DecimalYear>(x: f64) -> Result<Option<T>, crate::time::TimeError> {
    if x.is_infinite() {
        Ok(None)
    } else {
        T::from_year(x).map(Some)
    }
}
