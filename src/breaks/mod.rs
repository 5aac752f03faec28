//! Trend breaks: kinks, cuts and regimes (the methods are documented on
//! [`Breaks`]).

mod fixed;
mod kink;
mod nobreak;
pub(crate) mod segment;
mod walk;
#[cfg(feature = "serde")]
mod wire;

use core::fmt;

use crate::estimate::criteria::{Criteria, gaussian_log_likelihood};
use crate::estimate::{Estimate, Interval, RateEstimate};
use crate::input::NanPolicy;
use crate::input::{self, PriceRule};
use crate::numeric::sig;
use crate::numeric::stats::{normal_quantile, t_quantile};
use crate::time::DecimalYear;
use crate::{FitError, Piecewise};
use segment::{Cost, Series};

/// The noise a break fit assumes around its trend
/// ([`BreakOptions::noise`]; [`Breaks::noise`] says which it used).
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::breaks::{BreakOptions, Noise};
/// // a line with independent noise: the trend-stationary model wins
/// let t: Vec<f64> = (0..40).map(f64::from).collect();
/// let p: Vec<f64> = t.iter().map(|&t| (-0.1 * t + 0.05 * (t * 2.3).sin()).exp()).collect();
/// assert_eq!(BreakOptions::new().trend_breaks(&t, &p)?.noise(), Noise::Independent);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Noise {
    /// Decided from the data (the default): for kinks, a random walk unless the
    /// differences around their drifts are as negatively autocorrelated
    /// as differenced independent noise (lag-1 below -1/4, midway
    /// between a walk's 0 and independent noise's -1/2); cuts and regimes
    /// assume independent noise.
    Auto,
    /// Independent noise around the trend (trend-stationary): the level
    /// fits and their sup-F test.
    Independent,
    /// A random walk with drift (difference-stationary, the crate's
    /// forecast model): kinks are changes of the drift, found as shifts in
    /// the mean of the differences with MA(1) noise (kinks only).
    RandomWalk,
}

impl Noise {
    /// Its name in reports and JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Independent => "independent",
            Self::RandomWalk => "random walk",
        }
    }
}

/// The three break models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BreakKind {
    /// Continuous piecewise-linear `ln price`: the rate changes at a break.
    Kinks,
    /// Piecewise-constant `ln price`: the price drops at a break.
    Cuts,
    /// Piecewise-linear `ln price` that may jump: level and rate change.
    Regimes,
}

/// What distinguishes the three break models, in one table: every
/// per-kind fact the fits, the test and the reports use is read from here
/// (the algorithms that differ, the segment search and the kink
/// profiles, dispatch on the kind where they run).
pub(crate) struct KindSpec {
    /// Its name in reports (`"kinks"`).
    pub(crate) name: &'static str,
    /// The entry point's name, in errors (`"trend_breaks"`).
    pub(crate) model_name: &'static str,
    /// One break, in a report (`"kink"`).
    pub(crate) noun: &'static str,
    /// Regression parameters with no break, and added per break.
    pub(crate) params_base: usize,
    pub(crate) params_per_break: usize,
    /// Fewest points per segment by default (before `n / 20`).
    pub(crate) min_len: usize,
    /// Whether each segment is a line (kinks and regimes) or a level.
    pub(crate) lines: bool,
}

const KINKS: KindSpec = KindSpec {
    name: "kinks",
    model_name: "trend_breaks",
    noun: "kink",
    params_base: 2,
    params_per_break: 1,
    min_len: 3,
    lines: true,
};
const CUTS: KindSpec = KindSpec {
    name: "cuts",
    model_name: "price_cuts",
    noun: "cut",
    params_base: 1,
    params_per_break: 1,
    min_len: 1,
    lines: false,
};
const REGIMES: KindSpec = KindSpec {
    name: "regimes",
    model_name: "regimes",
    noun: "regime change",
    params_base: 2,
    params_per_break: 2,
    min_len: 3,
    lines: true,
};

impl BreakKind {
    /// The kind's row of the table.
    pub(crate) fn spec(self) -> &'static KindSpec {
        match self {
            BreakKind::Kinks => &KINKS,
            BreakKind::Cuts => &CUTS,
            BreakKind::Regimes => &REGIMES,
        }
    }

    /// Regression parameters with `k` breaks.
    fn params(self, k: usize) -> usize {
        let s = self.spec();
        s.params_base + s.params_per_break * k
    }

    fn default_min_len(self, n: usize) -> usize {
        self.spec().min_len.max(n.div_ceil(20))
    }

    /// The segment cost of the dynamic programme: a line or a level.
    pub(crate) fn cost(self) -> Cost {
        if self.spec().lines {
            Cost::Line
        } else {
            Cost::Level
        }
    }

    /// Its name in reports.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::breaks::BreakKind::Cuts.name(), "cuts");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

impl fmt::Display for BreakKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The default number of simulations of the no-break test.
pub const DEFAULT_REPLICAS: usize = 999;

/// The default seed of the no-break test's simulation.
pub const DEFAULT_SEED: u64 = 0x00C0_5770_0B4E_A4C5;

/// Finds where the decline changed: **kinks** in the trend of
/// `ln(price)`, which is continuous and piecewise linear, so the rate
/// changes at each break and the price does not jump. The number of
/// kinks is chosen by BIC; see [`Breaks`] for the method, the test and
/// the intervals, and [`BreakOptions`] for the options.
///
/// # Errors
///
/// [`FitError::Empty`], [`FitError::LengthMismatch`],
/// [`FitError::NonFinite`], [`FitError::NonPositivePrice`] (naming the
/// index) for bad input; [`FitError::AllTimesEqual`];
/// [`FitError::TooFewPoints`] below 3 points (or the minimum segment
/// length); [`FitError::TooManyBreaks`]
/// when more breaks are forced than segments of the minimum length allow;
/// [`FitError::InvalidBreak`] for a break given outside the data.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// // 40 % a year until 2010, then 10 % a year
/// let t: Vec<f64> = (0..21).map(|i| 2000.0 + f64::from(i)).collect();
/// let p: Vec<f64> = t
///     .iter()
///     .map(|&t| 100.0 * 0.6f64.powf((t - 2000.0).min(10.0)) * 0.9f64.powf((t - 2010.0).max(0.0)))
///     .collect();
/// let b = costtrend::breaks::trend_breaks(&t, &p)?;
/// assert_eq!(b.times(), &[2010.0]);
/// let before = b.segments()[0].rate().unwrap().percent_per(1.0).value();
/// let after = b.segments()[1].rate().unwrap().percent_per(1.0).value();
/// assert!((before - 40.0).abs() < 1e-6 && (after - 10.0).abs() < 1e-6);
/// # Ok(()) }
/// ```
pub fn trend_breaks<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Breaks, FitError> {
    BreakOptions::new().trend_breaks(t, price)
}

/// Finds irregular **price cuts**: the price is flat between cuts and
/// drops at each, on dates estimated from the data (no fixed period).
/// `ln(price)` is fitted piecewise constant by least squares, the number of
/// cuts chosen by BIC; see [`Breaks`] and [`BreakOptions`].
///
/// # Errors
///
/// As [`trend_breaks`], with [`FitError::TooFewPoints`] below 2 points.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// // a list price: $30, cut to $10, then to $5
/// let t = [2023.2, 2023.5, 2023.85, 2024.1, 2024.3, 2024.36, 2024.6];
/// let p = [30.0, 30.0, 10.0, 10.0, 10.0, 5.0, 5.0];
/// let b = costtrend::breaks::price_cuts(&t, &p)?;
/// assert_eq!(b.times(), &[2023.85, 2024.36]);
/// assert!((b.model().at(2024.0) - 10.0).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn price_cuts<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Breaks, FitError> {
    BreakOptions::new().price_cuts(t, price)
}

/// Finds **regime** changes: `ln(price)` is piecewise linear and both its
/// level and its slope may change at a break (the model of R's
/// `strucchange`), the number of breaks chosen by BIC; see [`Breaks`] and
/// [`BreakOptions`].
///
/// # Errors
///
/// As [`trend_breaks`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t: Vec<f64> = (0..24).map(f64::from).collect();
/// let p: Vec<f64> = t.iter().map(|&t| if t < 12.0 { 50.0 * (-0.05 * t).exp() } else { 10.0 * (-0.3 * (t - 12.0)).exp() }).collect();
/// let b = costtrend::breaks::regimes(&t, &p)?;
/// assert_eq!(b.times(), &[12.0]);
/// # Ok(()) }
/// ```
pub fn regimes<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Breaks, FitError> {
    BreakOptions::new().regimes(t, price)
}

/// Options of the break fits, set with a builder.
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`min_len`](Self::min_len) | `max(n / 20, 1)` for cuts, `max(n / 20, 3)` otherwise | fewest points per segment |
/// | [`max_breaks`](Self::max_breaks) | 5 | most breaks BIC considers |
/// | [`breaks`](Self::breaks) | chosen by BIC | a forced number of breaks |
/// | [`at`](Self::at) | searched | breaks at given times |
/// | [`level`](Self::level) | 0.95 | level of every interval |
/// | [`replicas`](Self::replicas) | 999 | simulations of the no-break test (0: no test) |
/// | [`significance`](Self::significance) | 0.05 | the test's size: breaks are reported only where it rejects |
/// | [`noise`](Self::noise) | [`Noise::Auto`] | the noise around the trend, read from the data for kinks |
/// | [`seed`](Self::seed) | fixed | the simulation's seed |
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::breaks::BreakOptions;
/// let t: Vec<f64> = (0..30).map(f64::from).collect();
/// let p: Vec<f64> = t.iter().map(|&t| if t < 12.0 { 30.0 } else { 10.0 }).collect();
/// let b = BreakOptions::new().max_breaks(3).price_cuts(&t, &p)?;
/// assert_eq!(b.times(), &[12.0]);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakOptions<'b> {
    min_len: Option<usize>,
    max_breaks: usize,
    count: Option<usize>,
    at: Option<&'b [f64]>,
    level: f64,
    replicas: usize,
    significance: f64,
    noise: Noise,
    seed: u64,
}

impl Default for BreakOptions<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'b> BreakOptions<'b> {
    /// The defaults (see the table above).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::breaks::BreakOptions::new(), Default::default());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            min_len: None,
            max_breaks: 5,
            count: None,
            at: None,
            level: 0.95,
            replicas: DEFAULT_REPLICAS,
            significance: 0.05,
            noise: Noise::Auto,
            seed: DEFAULT_SEED,
        }
    }

    /// The fewest points a segment may hold (at least 1; a regime or kink
    /// segment also needs two distinct times).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let p = [9.0, 9.0, 9.0, 9.0, 9.0, 3.0];
    /// // a cut before the last point needs segments of one point
    /// assert_eq!(BreakOptions::new().min_len(1).price_cuts(&t, &p)?.times(), &[5.0]);
    /// assert!(BreakOptions::new().min_len(2).price_cuts(&t, &p)?.times() != &[5.0]);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn min_len(mut self, points: usize) -> Self {
        self.min_len = Some(points);
        self
    }

    /// The most breaks BIC considers (default 5).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let p = [9.0, 9.0, 6.0, 6.0, 3.0, 3.0];
    /// assert!(BreakOptions::new().max_breaks(1).price_cuts(&t, &p)?.times().len() <= 1);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn max_breaks(mut self, breaks: usize) -> Self {
        self.max_breaks = breaks;
        self
    }

    /// Fits exactly this many breaks instead of choosing by BIC.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t: Vec<f64> = (0..20).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|t| 100.0 * (-0.2 * t).exp()).collect();
    /// assert_eq!(BreakOptions::new().breaks(2).trend_breaks(&t, &p)?.times().len(), 2);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn breaks(mut self, breaks: usize) -> Self {
        self.count = Some(breaks);
        self
    }

    /// Places the breaks at these times (ascending, inside the data)
    /// instead of searching: the segment fits for known dates. Their
    /// intervals are the dates themselves.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t: Vec<f64> = (2000..2020).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| if t < 2010.0 { 50.0 } else { 20.0 }).collect();
    /// let b = BreakOptions::new().at(&[2009.5]).price_cuts(&t, &p)?;
    /// assert!((b.segments()[1].level().value() - 20.0).abs() < 1e-9);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn at(mut self, times: &'b [f64]) -> Self {
        self.at = Some(times);
        self
    }

    /// The level of every interval, in `(0, 1)` (default 0.95).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::breaks::BreakOptions;
    /// assert!(BreakOptions::new().level(0.0).price_cuts(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0]).is_err());
    /// ```
    #[must_use]
    pub fn level(mut self, level: f64) -> Self {
        self.level = level;
        self
    }

    /// Simulations of the no-break test's null distribution (default
    /// 999; 0 skips the test, and [`Breaks::p_value`] is `None`). Each
    /// costs one pass over the data (over 5,000 evenly thinned times
    /// above that size).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let p = [9.0, 9.0, 6.0, 6.0, 3.0, 3.0];
    /// assert_eq!(BreakOptions::new().replicas(0).price_cuts(&t, &p)?.p_value(), None);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn replicas(mut self, replicas: usize) -> Self {
        self.replicas = replicas;
        self
    }

    /// The size of the no-break test that gates the count (default 0.05,
    /// in `(0, 1)`): where the count is chosen (not forced with
    /// [`breaks`](Self::breaks) or placed with [`at`](Self::at)) and the
    /// test runs, a p-value above it means no break is reported, whatever
    /// BIC prefers. So a series without breaks shows one in about this
    /// share of cases, as the test promises, where BIC alone (without the
    /// test, [`replicas(0)`](Self::replicas)) reports breaks in 8-15 % of
    /// flat prices and single trends.
    ///
    /// # Errors
    ///
    /// The fits return [`FitError::InvalidOption`] outside `(0, 1)`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// // a flat price with noise: BIC alone may see a cut, the test not
    /// let t: Vec<f64> = (0..40).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| 10.0 * (0.05 * (t * 1.7).sin())).map(f64::exp).collect();
    /// let b = BreakOptions::new().price_cuts(&t, &p)?;
    /// assert!(b.times().is_empty() || b.p_value().unwrap() <= 0.05);
    /// assert!(BreakOptions::new().significance(1.5).price_cuts(&t, &p).is_err());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn significance(mut self, alpha: f64) -> Self {
        self.significance = alpha;
        self
    }

    /// The noise around the trend (default [`Noise::Auto`]: read from the
    /// data for kinks, independent for cuts and regimes).
    /// [`Noise::RandomWalk`] applies to kinks only. On random walks with drift (issue 23's 200
    /// walks of 50 yearly points, MA(1) θ = 0.63) the independent-noise
    /// test rejects a single trend in most series, while
    /// [`Noise::Auto`] chooses the walk and its drift test holds its size;
    /// the figures are in the README (`tests/it/breaks.rs`).
    ///
    /// # Errors
    ///
    /// The fits return [`FitError::OptionNotApplicable`] for
    /// [`Noise::RandomWalk`] with cuts or regimes, and
    /// [`FitError::NotIdentifiable`] for it on a series with repeated times
    /// (a difference needs two distinct times).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::{BreakOptions, Noise};
    /// let t: Vec<f64> = (0..30).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| (-0.1 * t).exp()).collect();
    /// let b = BreakOptions::new().noise(Noise::RandomWalk).trend_breaks(&t, &p)?;
    /// assert_eq!(b.noise(), Noise::RandomWalk);
    /// assert!(BreakOptions::new().noise(Noise::RandomWalk).price_cuts(&t, &p).is_err());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn noise(mut self, noise: Noise) -> Self {
        self.noise = noise;
        self
    }

    /// The seed of the test's simulation (the same seed, the same p-value).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    /// let p = [9.0, 8.0, 9.5, 6.0, 6.5, 5.0, 6.0, 5.5];
    /// let a = BreakOptions::new().seed(7).price_cuts(&t, &p)?.p_value();
    /// assert_eq!(a, BreakOptions::new().seed(7).price_cuts(&t, &p)?.p_value());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Kinks: the trend of `ln price` bends at each break; see
    /// [`breaks::trend_breaks`](trend_breaks).
    ///
    /// # Errors
    ///
    /// As [`breaks::trend_breaks`](trend_breaks).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t: Vec<f64> = (0..40).map(|i| 2000.0 + 0.5 * f64::from(i)).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| if t < 2010.0 { (-(t - 2000.0)).exp() } else { (-10.0 - 0.1 * (t - 2010.0)).exp() }).collect();
    /// let b = BreakOptions::new().trend_breaks(&t, &p)?;
    /// assert_eq!(b.times(), &[2010.0]);
    /// # Ok(()) }
    /// ```
    pub fn trend_breaks<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Breaks, FitError> {
        self.run(BreakKind::Kinks, &T::years(t), price)
    }

    /// Cuts: the price is flat between breaks and drops at each; see
    /// [`breaks::price_cuts`](price_cuts).
    ///
    /// # Errors
    ///
    /// As [`breaks::price_cuts`](price_cuts).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let b = BreakOptions::new().min_len(2).price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.times(), &[2.0]);
    /// # Ok(()) }
    /// ```
    pub fn price_cuts<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Breaks, FitError> {
        self.run(BreakKind::Cuts, &T::years(t), price)
    }

    /// Regimes: level and rate both change at each break; see
    /// [`breaks::regimes`](regimes).
    ///
    /// # Errors
    ///
    /// As [`breaks::regimes`](regimes).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::BreakOptions;
    /// let t: Vec<f64> = (0..30).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| if t < 15.0 { 100.0 * (-0.1 * t).exp() } else { 5.0 * (-0.3 * (t - 15.0)).exp() }).collect();
    /// let b = BreakOptions::new().regimes(&t, &p)?;
    /// assert_eq!(b.times(), &[15.0]);
    /// # Ok(()) }
    /// ```
    pub fn regimes<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Breaks, FitError> {
        self.run(BreakKind::Regimes, &T::years(t), price)
    }

    fn check(&self) -> Result<(), FitError> {
        crate::numeric::level_option(self.level)?;
        if !crate::numeric::is_probability(self.significance) {
            return Err(FitError::InvalidOption {
                name: "significance",
                value: self.significance,
                expected: "in (0, 1)",
            });
        }
        if self.min_len == Some(0) {
            return Err(FitError::InvalidOption {
                name: "min_len",
                value: 0.0,
                expected: "at least 1",
            });
        }
        Ok(())
    }

    /// The break fit of `kind`, in stages: the data checked and sorted
    /// ([`prepared`](Self::prepared)), the dates searched (or given), the
    /// segments solved at them ([`segment_estimates`](Self::segment_estimates)),
    /// the dates' intervals, the no-break test
    /// ([`no_break_test`](Self::no_break_test)) and the criteria.
    fn run(&self, kind: BreakKind, t: &[f64], price: &[f64]) -> Result<Breaks, FitError> {
        let (x, y, h) = self.prepared(kind, t, price)?;
        let n = x.len();
        let jac: f64 = y.iter().sum();
        let series = Series::new(&x, &y);
        let noise = self.noise_of(kind, &x, &y, h)?;
        let walk_data = match noise {
            Noise::RandomWalk => walk::differences(&x, &y),
            _ => None,
        };
        // the no-break test first: where it does not reject, no break is
        // reported (the count is gated by the test, then chosen by BIC)
        let (sup_f, p_value) = match &walk_data {
            Some((z, w2)) => self.walk_test(&x, z, w2, h),
            None => self.no_break_test(kind, &series, &x, h),
        };
        let gated = p_value.is_some_and(|p| p > self.significance);
        let (search, walk_intervals) = match (self.at, &walk_data) {
            (Some(at), _) => (Search::fixed(&x, at, kind)?, None),
            (None, Some((z, w2))) => {
                let (s, i) = self.walk_search(&series, &x, z, w2, h, gated)?;
                (s, Some(i))
            }
            (None, None) => (self.search(kind, &series, &x, &y, h, gated)?, None),
        };
        let Search {
            starts,
            bounds,
            counts,
            exact,
        } = search;
        let k = starts.len();
        // Estimated dates count against the residual degrees of freedom
        // where any are left.
        let dated = self.at.is_none() && n > kind.params(k) + k;
        let solved = fixed::solve(kind, &x, &y, &starts, &bounds, dated).ok_or(
            FitError::NotIdentifiable {
                parameter: "segments",
                reason: "a segment's times do not determine its trend",
            },
        )?;
        let floor = sse_floor(&y);
        let sse = solved.sse;
        let params = kind.params(k) + if self.at.is_some() { 0 } else { k };
        // Residual degrees of freedom net of the dates where any are left,
        // else of the regression parameters alone.
        let net = if n > params { params } else { kind.params(k) };
        let s2 = fixed::sigma2(sse.max(floor), n, net);
        let (segments, model) =
            self.segment_estimates(kind, &x, &solved, &starts, &bounds, n.saturating_sub(net))?;
        let intervals = if self.at.is_some() {
            bounds.iter().map(|&b| Interval::new(b, b)).collect()
        } else if let Some(i) = walk_intervals {
            i
        } else {
            match kind {
                BreakKind::Kinks => self.kink_intervals(&series, &x, h, &starts, &bounds, s2),
                _ => self.date_intervals(kind, &series, &x, h, &starts, s2),
            }
        };
        let chosen_bic = bic(kind, n, sse.max(floor), jac, k, self.at.is_none());
        // The chosen count's row reports the final fit's SSE and BIC, so
        // `bic()` and `counts()[k].bic()` are one number, computed once.
        let mut counts = counts;
        // (under random-walk noise the counts are the differences' fits)
        if let Some(c) = counts
            .iter_mut()
            .find(|c| c.breaks == k && noise == Noise::Independent)
        {
            c.sse = sse;
            c.bic = chosen_bic;
        }
        Ok(Breaks {
            kind,
            times: bounds,
            intervals,
            segments,
            model,
            p_value,
            sup_f,
            counts,
            n,
            sse,
            sigma: (n > net).then(|| fixed::sigma2(sse, n, net).sqrt()),
            min_len: h,
            exact,
            conditional: !solved.unconditional,
            noise,
            level: self.level,
            log_likelihood: log_likelihood(n, sse.max(floor), jac),
            bic: chosen_bic,
            params: params + 1,
            sum_ln_price: jac,
            floor,
        })
    }

    /// The options and data checked: times and `ln price` in time order,
    /// and the minimum segment length.
    fn prepared(
        &self,
        kind: BreakKind,
        t: &[f64],
        price: &[f64],
    ) -> Result<(Vec<f64>, Vec<f64>, usize), FitError> {
        self.check()?;
        let data = input::prepare(t, price, None, NanPolicy::Reject, PriceRule::Positive)?;
        let mut rows: Vec<(f64, f64)> = data
            .t
            .iter()
            .zip(data.price.iter())
            .map(|(&t, &p)| (t, p.ln()))
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (x, y): (Vec<f64>, Vec<f64>) = rows.into_iter().unzip();
        let n = x.len();
        let needed = kind.params(0) + 1;
        if n < needed {
            return Err(FitError::TooFewPoints {
                model: kind.model_name(),
                needed,
                got: n,
            });
        }
        if x[0] == x[n - 1] {
            return Err(FitError::AllTimesEqual { t: x[0] });
        }
        if !((x[n - 1] - x[0]).powi(2) * n as f64).is_finite() {
            return Err(FitError::NotIdentifiable {
                parameter: "time span",
                reason: "the times span so wide a range that their sums of squares overflow",
            });
        }
        let h = self.min_len.unwrap_or_else(|| kind.default_min_len(n));
        if n < h {
            return Err(FitError::TooFewPoints {
                model: kind.model_name(),
                needed: h,
                got: n,
            });
        }
        if let (Some(_), Some(_)) = (self.at, self.count) {
            return Err(FitError::OptionNotApplicable {
                name: "breaks",
                fit: "a break fit with dates given by at",
                instead: "give either the dates or the number of breaks",
            });
        }
        Ok((x, y, h))
    }

    /// Each segment's level and rate with t-based intervals on `dof`
    /// residual degrees of freedom, and the piecewise model they make.
    fn segment_estimates(
        &self,
        kind: BreakKind,
        x: &[f64],
        solved: &fixed::Solved,
        starts: &[usize],
        bounds: &[f64],
        dof: usize,
    ) -> Result<(Vec<Segment>, Piecewise), FitError> {
        let (n, k) = (x.len(), starts.len());
        let q = if dof > 0 {
            t_quantile(0.5 + self.level / 2.0, dof as f64)
        } else {
            f64::INFINITY
        };
        let mut segments = Vec::with_capacity(k + 1);
        let mut levels = Vec::with_capacity(k + 1);
        let mut lambdas = Vec::with_capacity(k + 1);
        for (j, line) in solved.lines.iter().enumerate() {
            let lo = if j == 0 { 0 } else { starts[j - 1] };
            let hi = starts.get(j).copied().unwrap_or(n);
            let (lv, vv) = line.level;
            let level = lv.exp();
            if !(level.is_finite() && level > 0.0) {
                return Err(FitError::InvalidEstimate {
                    parameter: "level",
                    value: level,
                    reason: "a segment's level overflows",
                });
            }
            let half = q * vv.sqrt();
            let level_iv = (dof > 0 && half.is_finite())
                .then(|| Interval::new((lv - half).exp(), (lv + half).exp()));
            let rate = line.slope.map(|(b, vb)| {
                let half = q * vb.sqrt();
                RateEstimate {
                    lambda: -b,
                    interval: (dof > 0 && half.is_finite())
                        .then(|| Interval::new(-b - half, -b + half)),
                }
            });
            levels.push(level);
            lambdas.push(line.slope.map_or(0.0, |(b, _)| -b));
            segments.push(Segment {
                start: if j == 0 { x[0] } else { bounds[j - 1] },
                first: x[lo],
                last: x[hi - 1],
                points: hi - lo,
                level: Estimate::new(level, level_iv),
                rate,
            });
        }
        let model = match kind {
            BreakKind::Kinks => Piecewise::try_continuous(levels[0], x[0], bounds, &lambdas),
            _ => Piecewise::try_new(x[0], bounds, &levels, &lambdas),
        }
        .map_err(|_| FitError::InvalidEstimate {
            parameter: "level",
            value: f64::INFINITY,
            reason: "a segment's level overflows",
        })?;
        Ok((segments, model))
    }

    /// The no-break test's statistic and p-value, if asked for
    /// ([`replicas`](Self::replicas) > 0) and defined.
    fn no_break_test(
        &self,
        kind: BreakKind,
        series: &Series,
        x: &[f64],
        h: usize,
    ) -> (Option<f64>, Option<f64>) {
        if self.replicas == 0 {
            return (None, None);
        }
        match nobreak::sup_f_on(kind, series, h) {
            Some(f) => (
                Some(f),
                Some(nobreak::p_value(kind, x, h, f, self.replicas, self.seed)),
            ),
            None => (None, None),
        }
    }

    /// The noise model of this fit: as asked, or for [`Noise::Auto`] and
    /// kinks read from the differences' autocorrelation around their
    /// drifts ([`walk::is_walk`]).
    fn noise_of(&self, kind: BreakKind, x: &[f64], y: &[f64], h: usize) -> Result<Noise, FitError> {
        match (self.noise, kind) {
            (Noise::Independent, _) => Ok(Noise::Independent),
            (Noise::RandomWalk, BreakKind::Kinks) => {
                if walk::differences(x, y).is_none() {
                    return Err(FitError::NotIdentifiable {
                        parameter: "noise",
                        reason: "random-walk noise needs distinct times (a difference over no time)",
                    });
                }
                Ok(Noise::RandomWalk)
            }
            (Noise::RandomWalk, _) => Err(FitError::OptionNotApplicable {
                name: "noise(Noise::RandomWalk)",
                fit: kind.model_name(),
                instead: "fit kinks (trend_breaks) for random-walk noise",
            }),
            (_, BreakKind::Kinks) => {
                let Some((z, w2)) = walk::differences(x, y) else {
                    return Ok(Noise::Independent);
                };
                // the same reading whatever count is forced
                let fits = walk::drift_fits(&x[1..], &z, &w2, walk_len(h), self.max_breaks.max(1));
                Ok(match walk::is_walk(&z, &w2, &fits) {
                    Some(true) => Noise::RandomWalk,
                    _ => Noise::Independent,
                })
            }
            _ => Ok(Noise::Independent),
        }
    }

    /// The no-drift-change test under random-walk noise
    /// ([`walk::test`]), where the test runs.
    fn walk_test(&self, x: &[f64], z: &[f64], w2: &[f64], h: usize) -> (Option<f64>, Option<f64>) {
        if self.replicas == 0 {
            return (None, None);
        }
        let cap = self.count.unwrap_or(self.max_breaks);
        match walk::test(&x[1..], z, w2, walk_len(h), cap, self.replicas, self.seed) {
            Some((f, p, _)) if f.is_finite() => (Some(f), Some(p)),
            _ => (None, None),
        }
    }

    /// Kinks under random-walk noise: the drift changes are the cuts of
    /// the per-year differences `d_i / Δ_i` (the exact segmentation), the
    /// count gated by the test and then chosen by BIC on the differences
    /// (`m ln(SSE/m) + (2k + 2) ln m`: `k + 1` drifts, `k` dates and the
    /// variance); a kink at the observation where the drift changes, its
    /// interval from the cut's profile likelihood. Returns the search and
    /// the kinks' intervals.
    fn walk_search(
        &self,
        series: &Series,
        x: &[f64],
        z: &[f64],
        w2: &[f64],
        h: usize,
        gated: bool,
    ) -> Result<(Search, Vec<Interval>), FitError> {
        let m = z.len();
        let hd = walk_len(h);
        let xd = &x[1..];
        let rates = walk::rates(z, w2);
        let dseries = Series::new(xd, &rates);
        let cap = self.count.unwrap_or(self.max_breaks);
        let found: Vec<segment::Segmentation> =
            segment::optimal_on(&dseries, BreakKind::Cuts.cost(), hd, cap)
                .into_iter()
                .enumerate()
                .take_while(|(k, _)| m > 2 * k + 2)
                .map(|(_, f)| f)
                .collect();
        let most = found.len().saturating_sub(1);
        if let Some(asked) = self.count.filter(|&a| a > most) {
            return Err(FitError::TooManyBreaks {
                asked,
                most,
                points: x.len(),
                min_len: h,
            });
        }
        // the weighted sums of squares of the differences (their
        // likelihood), as the noise choice reads them
        let counts: Vec<BreakCount> = found
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let sse = walk::drift_sse(z, w2, &f.starts);
                BreakCount {
                    breaks: k,
                    sse,
                    bic: walk::drift_bic(m, sse, k),
                    exact: f.exact,
                }
            })
            .collect();
        let pick = self.pick(&counts, gated);
        let Some(chosen) = found.get(pick) else {
            return Err(FitError::TooManyBreaks {
                asked: pick,
                most,
                points: x.len(),
                min_len: h,
            });
        };
        let starts_d = chosen.starts.clone();
        let s2 = fixed::sigma2(chosen.sse, m, 2 * pick + 1); // the DP's scale
        // a cut at difference c (the pair c, c + 1) bends the trend at x[c]
        let intervals: Vec<Interval> = self
            .date_intervals(BreakKind::Cuts, &dseries, xd, hd, &starts_d, s2)
            .into_iter()
            .zip(&starts_d)
            .map(|(i, &c)| {
                // the cut's interval ends at xd[hi] = x[hi + 1], the
                // latest kink it allows at x[hi], the observation before
                let j = x.partition_point(|&v| v < i.upper()).min(x.len() - 1);
                let upper = x[j.saturating_sub(1)].max(x[c]);
                Interval::new(i.lower().min(x[c]), upper)
            })
            .collect();
        // each kink moved between its neighbouring observations to the
        // level fit's least-squares location (Hudson's closed form)
        let (moved, _) = if starts_d.is_empty() {
            (Vec::new(), 0.0)
        } else {
            kink::refine_near(
                &series.prefix,
                &series.dx,
                &series.cand,
                h.max(2),
                &starts_d,
            )
        };
        let bounds: Vec<f64> = moved.iter().map(|k| k.1 + x[0]).collect();
        let intervals = intervals
            .into_iter()
            .zip(&bounds)
            .map(|(i, &b): (Interval, &f64)| Interval::new(i.lower().min(b), i.upper().max(b)))
            .collect();
        let search = Search {
            bounds,
            starts: moved.iter().map(|k| k.0).collect(),
            counts,
            exact: chosen.exact,
        };
        Ok((search, intervals))
    }

    /// The count reported: as forced, none where the no-break test does
    /// not reject (`gated`), else the least BIC.
    fn pick(&self, counts: &[BreakCount], gated: bool) -> usize {
        match self.count {
            Some(k) => k,
            None if gated => 0,
            None => counts
                .iter()
                .min_by(|a, b| a.bic.total_cmp(&b.bic))
                .map_or(0, |c| c.breaks),
        }
    }

    /// Every candidate count's optimum, and the chosen one.
    fn search(
        &self,
        kind: BreakKind,
        series: &Series,
        x: &[f64],
        y: &[f64],
        h: usize,
        gated: bool,
    ) -> Result<Search, FitError> {
        let jac: f64 = y.iter().sum();
        let n = x.len();
        let floor = sse_floor(y);
        let cap = self.count.unwrap_or(self.max_breaks);
        // (break points, sum of squares, exact, kink locations)
        let found: Vec<KinkFit> = match kind {
            BreakKind::Cuts | BreakKind::Regimes => {
                segment::optimal_on(series, kind.cost(), h, cap)
                    .into_iter()
                    .map(|s| (s.starts, s.sse, s.exact, Vec::new()))
                    .collect()
            }
            BreakKind::Kinks => kinks_on_the_line(series, h, cap),
        };
        // No more regression parameters and break dates than points.
        let found: Vec<_> = found
            .into_iter()
            .enumerate()
            .take_while(|(k, _)| n >= kind.params(*k) + k)
            .map(|(_, f)| f)
            .collect();
        let most = found.len().saturating_sub(1);
        if let Some(asked) = self.count
            && asked > most
        {
            return Err(FitError::TooManyBreaks {
                asked,
                most,
                points: n,
                min_len: h,
            });
        }
        if found.is_empty() {
            return Err(FitError::TooManyBreaks {
                asked: 0,
                most: 0,
                points: n,
                min_len: h,
            });
        }
        let counts: Vec<BreakCount> = found
            .iter()
            .enumerate()
            .map(|(k, (_, sse, exact, _))| BreakCount {
                breaks: k,
                sse: *sse,
                bic: bic(kind, n, sse.max(floor), jac, k, true),
                exact: *exact,
            })
            .collect();
        let pick = self.pick(&counts, gated);
        let starts = found[pick].0.clone();
        let bounds = match kind {
            BreakKind::Kinks => found[pick].3.iter().map(|&t| t + x[0]).collect(),
            _ => starts.iter().map(|&i| x[i]).collect(),
        };
        Ok(Search {
            starts,
            bounds,
            counts,
            exact: found[pick].2,
        })
    }

    /// Profile-likelihood intervals of each kink's location on the real
    /// line, the others fixed: the locations whose sum of squares is
    /// within `z² s²` of the least (`z` the normal quantile of the level),
    /// found in closed form on each interval between observations
    /// ([`kink::region`]).
    fn kink_intervals(
        &self,
        series: &Series,
        x: &[f64],
        h: usize,
        starts: &[usize],
        bounds: &[f64],
        s2: f64,
    ) -> Vec<Interval> {
        let (prefix, cand, dx) = (&series.prefix, &series.cand, &series.dx);
        let z = normal_quantile(0.5 + self.level / 2.0);
        let scale = if s2 > 0.0 { s2 } else { f64::MIN_POSITIVE };
        let kinks: Vec<(usize, f64)> = starts
            .iter()
            .zip(bounds)
            .map(|(&i, &t)| (i, t - x[0]))
            .collect();
        (0..kinks.len())
            .map(|b| {
                let at = kinks[b].1;
                let best = kink::slots_best(prefix, dx, cand, h.max(2), &kinks, b);
                kink::region(prefix, dx, cand, h.max(2), &kinks, b, best + z * z * scale)
                    .map_or(Interval::new(at + x[0], at + x[0]), |(lo, hi)| {
                        Interval::new(lo.min(at) + x[0], hi.max(at) + x[0])
                    })
            })
            .collect()
    }

    /// Profile-likelihood intervals of each cut or regime break date,
    /// the others fixed.
    fn date_intervals(
        &self,
        kind: BreakKind,
        series: &Series,
        x: &[f64],
        h: usize,
        starts: &[usize],
        s2: f64,
    ) -> Vec<Interval> {
        let n = x.len();
        let (prefix, cand) = (&series.prefix, &series.cand);
        let crit = -2.0 * (1.0 - self.level.sqrt()).ln();
        let cost = kind.cost();
        let mut out = Vec::with_capacity(starts.len());
        for b in 0..starts.len() {
            let lo = if b == 0 { 0 } else { starts[b - 1] };
            let hi = starts.get(b + 1).copied().unwrap_or(n);
            let mut others = segment::total_cost(prefix, cost, starts);
            others -= prefix.cost(lo, starts[b], cost) + prefix.cost(starts[b], hi, cost);
            let profile: Vec<(usize, f64)> = cand
                .iter()
                .copied()
                .filter(|&i| i >= lo + h.max(1) && i + h.max(1) <= hi)
                .map(|i| {
                    (
                        i,
                        others + prefix.cost(lo, i, cost) + prefix.cost(i, hi, cost),
                    )
                })
                .collect();
            let best = profile.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let scale = if s2 > 0.0 { s2 } else { f64::MIN_POSITIVE };
            let inside = profile
                .iter()
                .filter(|p| p.1.is_finite() && (p.1 - best) / scale <= crit)
                .map(|p| p.0);
            let (mut lo_i, mut hi_i) = (starts[b], starts[b]);
            for i in inside {
                lo_i = lo_i.min(i);
                hi_i = hi_i.max(i);
            }
            let lower = x[lo_i - 1];
            let upper = x[hi_i];
            out.push(Interval::new(lower, upper));
        }
        out
    }
}

impl BreakKind {
    fn model_name(self) -> &'static str {
        self.spec().model_name
    }
}

/// Break positions and what the search found.
struct Search {
    starts: Vec<usize>,
    bounds: Vec<f64>,
    counts: Vec<BreakCount>,
    exact: bool,
}

impl Search {
    /// Breaks at given times.
    fn fixed(x: &[f64], at: &[f64], kind: BreakKind) -> Result<Self, FitError> {
        let n = x.len();
        let (first, last) = (x[0], x[n - 1]);
        let mut starts = Vec::with_capacity(at.len());
        let mut prev = 0usize;
        for (index, &b) in at.iter().enumerate() {
            let bad = |reason: String| FitError::InvalidBreak {
                index,
                value: b,
                reason,
            };
            if !b.is_finite() {
                return Err(bad("a break must be finite".into()));
            }
            if !(b > first && b <= last) {
                return Err(bad(format!(
                    "a break must lie inside the data, in ({first}, {last}]"
                )));
            }
            let s = x.partition_point(|&v| v < b);
            if index > 0 && b <= at[index - 1] {
                return Err(bad("breaks must be strictly ascending".into()));
            }
            let need = if kind == BreakKind::Regimes { 2 } else { 1 };
            if kind != BreakKind::Kinks && s - prev < need {
                return Err(bad(format!(
                    "the segment before it holds {} points, and a {} segment needs {need}",
                    s - prev,
                    kind.name()
                )));
            }
            starts.push(s);
            prev = s;
        }
        Ok(Self {
            starts,
            bounds: at.to_vec(),
            counts: Vec::new(),
            exact: true,
        })
    }
}

/// The kink search for 0 to `cap` kinks (entries stop at the first count
/// that does not fit).
fn kinks(series: &Series, h: usize, cap: usize) -> Vec<(Vec<usize>, f64, bool)> {
    let (prefix, cand, dx) = (&series.prefix, &series.cand, &series.dx);
    let n = prefix.len();
    let h = h.max(2);
    let mut out = Vec::new();
    let s0 = prefix.cost(0, n, Cost::Line);
    if !s0.is_finite() {
        return out;
    }
    out.push((Vec::new(), s0, true));
    if cap == 0 {
        return out;
    }
    let Some((i, s1)) = kink::one(prefix, dx, cand, h) else {
        return out;
    };
    out.push((vec![i], s1, true));
    if cap == 1 {
        return out;
    }
    // Seeds for more kinks: the regime segmentation's breaks, computed
    // when first needed.
    let mut seeds: Option<Vec<segment::Segmentation>> = None;
    for k in 2..=cap {
        let found = if k == 2 && n <= kink::PAIR_LIMIT {
            kink::two(prefix, dx, cand, h).map(|(p, s)| (p.to_vec(), s, true))
        } else {
            let seeds =
                seeds.get_or_insert_with(|| segment::optimal_on(series, Cost::Line, h, cap));
            let Some(seed) = seeds.get(k) else { break };
            let from_regimes = kink::descend(prefix, dx, cand, h, seed.starts.clone());
            // also from the best k - 1 kinks plus one, so that forcing one
            // more kink can never give a worse fit
            let from_fewer = out
                .last()
                .and_then(|prev| kink::extend(prefix, dx, cand, h, &prev.0))
                .map(|(knots, _)| kink::descend(prefix, dx, cand, h, knots));
            let (knots, s) = match from_fewer {
                Some(f) if f.1 < from_regimes.1 => f,
                _ => from_regimes,
            };
            s.is_finite().then_some((knots, s, false))
        };
        match found {
            Some(f) => out.push(f),
            None => break,
        }
    }
    out
}

/// [`kinks`] with every count's kinks moved off the observation times to
/// their least-squares locations ([`kink::refine`]): (activation points,
/// sum of squares, exact, locations about the first point). One kink stays
/// exact (every interval between observations is searched); two or more
/// are a local search from the exact discrete optimum.
fn kinks_on_the_line(series: &Series, h: usize, cap: usize) -> Vec<KinkFit> {
    let (prefix, cand, dx) = (&series.prefix, &series.cand, &series.dx);
    let h = h.max(2);
    let mut out: Vec<(Vec<usize>, f64, bool, Vec<f64>)> = Vec::new();
    let mut prev: Option<(Vec<(usize, f64)>, f64)> = None;
    for (knots, s, exact) in kinks(series, h, cap) {
        if knots.is_empty() {
            prev = Some((Vec::new(), s));
            out.push((knots, s, exact, Vec::new()));
            continue;
        }
        let (mut moved, mut refined) = kink::refine(prefix, dx, cand, h, &knots);
        // one more kink never fits worse: where the local search from the
        // discrete optimum ends above the count before, start from that
        // count's kinks plus the best extra one
        if let Some((before, s_before)) = &prev
            && refined > *s_before
            && let Some((more, c)) = kink::extend_on_line(prefix, dx, cand, h, before)
        {
            let (m, r) = kink::refine_from(prefix, dx, cand, h, more, c, Some(50));
            if r < refined {
                (moved, refined) = (m, r);
            }
        }
        prev = Some((moved.clone(), refined));
        let (from, taus) = moved.into_iter().unzip();
        out.push((from, refined, exact && knots.len() == 1, taus));
    }
    out
}

/// One count's break fit: (break points, sum of squares, exact, kink
/// locations; empty for cuts and regimes).
type KinkFit = (Vec<usize>, f64, bool, Vec<f64>);

/// The fewest differences a drift segment keeps under random-walk noise:
/// a segment of `h` points holds `h - 1` differences, and at least 2.
fn walk_len(h: usize) -> usize {
    h.saturating_sub(1).max(2)
}

/// The smallest sum of squares told apart from an exact fit: the larger
/// of the rounding of `ln price` and `1e-10` of its total sum of squares
/// (the prefix sums the search uses carry about that much cancellation).
/// Fits closer than that count as exact, so BIC does not reward breaks
/// that only remove rounding.
fn sse_floor(y: &[f64]) -> f64 {
    let n = y.len() as f64;
    let scale = y.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    let e = 16.0 * f64::EPSILON * scale;
    let mean = y.iter().sum::<f64>() / n;
    let sst: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    (n * e * e).max(1e-10 * sst)
}

/// BIC of `k` breaks on the price scale, `-2 ln L + K ln n`
/// (`dated`: the break dates were estimated and count in `K`).
fn bic(kind: BreakKind, n: usize, sse: f64, sum_ln_price: f64, k: usize, dated: bool) -> f64 {
    let params = kind.params(k) + if dated { k } else { 0 } + 1;
    criteria(log_likelihood(n, sse, sum_ln_price), params, n).bic()
}

fn criteria(log_likelihood: f64, params: usize, n: usize) -> Criteria {
    Criteria {
        log_likelihood,
        k: params as f64,
        n: n as f64,
    }
}

/// The Gaussian log-likelihood of `ln price` at the ML variance, plus the
/// Jacobian `-Σ ln price`: the likelihood of the prices themselves, as in
/// [`select::compare`](crate::select::compare).
pub(crate) fn log_likelihood(n: usize, sse: f64, sum_ln_price: f64) -> f64 {
    gaussian_log_likelihood(n as f64, sse.ln()) - sum_ln_price
}

/// The break model of `kind` with the number of breaks (at least one)
/// that minimises AICc, or one break where no count has an AICc (for
/// [`select::compare`](crate::select::compare)): searched with BIC first, then refitted at
/// the AICc choice if that differs. No test is run.
pub(crate) fn by_aicc(
    kind: BreakKind,
    t: &[f64],
    price: &[f64],
    level: f64,
) -> Result<Breaks, FitError> {
    let opts = BreakOptions::new().replicas(0).level(level);
    let first = opts.run(kind, t, price)?;
    // At least one break: with none it is the single curve, already a
    // candidate of its own.
    let k = first
        .count_aiccs()
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(k, a)| a.map(|a| (k, a)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(1, |(k, _)| k);
    if k == first.times.len() {
        Ok(first)
    } else {
        opts.breaks(k).run(kind, t, price)
    }
}

/// One number of breaks the search considered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakCount {
    pub(crate) breaks: usize,
    pub(crate) sse: f64,
    pub(crate) bic: f64,
    pub(crate) exact: bool,
}

impl BreakCount {
    /// The number of breaks.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.counts()[0].breaks(), 0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn breaks(&self) -> usize {
        self.breaks
    }

    /// The least sum of squared residuals of `ln price` found with this
    /// many breaks.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert!(b.counts()[1].sse() < 1e-20);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn sse(&self) -> f64 {
        self.sse
    }

    /// Its BIC on the price scale, `-2 ln L + K ln n`, with `ln L` the
    /// log-normal likelihood of the prices (as
    /// [`Fit::bic`](crate::fit::Fit::bic)) and `K` the regression parameters,
    /// one per break date, and the noise variance. The sum of squares is
    /// floored at `1e-10` of its total (or the rounding of `ln price`), so
    /// an exact fit stays finite and more breaks cannot win by removing
    /// rounding.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert!(b.counts()[1].bic() < b.counts()[0].bic());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn bic(&self) -> f64 {
        self.bic
    }

    /// Whether this count's break positions are the exact optimum (false:
    /// a local search; see the [`Breaks`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert!(b.counts().iter().all(|c| c.exact()));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn exact(&self) -> bool {
        self.exact
    }
}

/// One segment of a break fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub(crate) start: f64,
    pub(crate) first: f64,
    pub(crate) last: f64,
    pub(crate) points: usize,
    pub(crate) level: Estimate,
    pub(crate) rate: Option<RateEstimate>,
}

impl Segment {
    /// Where the segment starts: the earliest time for the first, the
    /// break before it otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.segments()[1].start(), 2.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn start(&self) -> f64 {
        self.start
    }

    /// The times of its first and last observations.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.segments()[0].observed(), (0.0, 1.0));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn observed(&self) -> (f64, f64) {
        (self.first, self.last)
    }

    /// How many observations it holds.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.segments()[0].points(), 2);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn points(&self) -> usize {
        self.points
    }

    /// The fitted (median) price at its start, with its interval.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert!((b.segments()[1].level().value() - 2.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn level(&self) -> Estimate {
        self.level
    }

    /// Its rate of decline, with its interval, in every
    /// [`Rate`](crate::Rate) convention; `None` for cuts (flat by the
    /// model).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t: Vec<f64> = (0..30).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| 100.0 * (-0.5 * t.min(15.0) - 0.1 * (t - 15.0).max(0.0)).exp()).collect();
    /// let b = costtrend::breaks::trend_breaks(&t, &p)?;
    /// let slowed = b.segments()[1].rate().unwrap().percent_per(1.0).value();
    /// assert!((slowed - 100.0 * (1.0 - (-0.1f64).exp())).abs() < 1e-6);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn rate(&self) -> Option<RateEstimate> {
        self.rate
    }
}

/// A break fit: where the trend changed, how sure that is, and the rates
/// between.
///
///
/// Three models of a log price whose trend changes at `k` breaks, fitted
/// by least squares of `ln(price)` (multiplicative, log-normal noise of
/// constant variance, independent between observations, as
/// [`fit::exponential`](crate::fit::exponential)):
///
/// | fit | model of `ln price` | at a break |
/// |---|---|---|
/// | [`trend_breaks`] | continuous, piecewise linear | the rate changes, the price does not jump (a kink) |
/// | [`price_cuts`] | piecewise constant | the price drops (a cut); flat between |
/// | [`regimes`] | piecewise linear | both level and rate change (strucchange's model) |
///
/// **Search.** Cuts and regimes are segment-separable: the optimal break
/// positions for every number of breaks come from Bai & Perron's dynamic
/// programme, exact up to 20,000 points (above, a coarse grid then a local
/// refinement: approximate, [`Breaks::exact`] says which). Kinks are not
/// separable: one kink, and two up to 3,000 points, are found by
/// exhaustive search over observation times, more by coordinate descent
/// from the regime solution; then every kink moves to its least-squares
/// location on the real line, between observations too. On each interval
/// between two observations the sum of squares is a ratio of quadratics
/// in the location with one stationary point in closed form (Hudson
/// 1966), so one kink is exact over the whole line in `O(n)`; two or more
/// are a local search from there (not [`Breaks::exact`]), never worse
/// than one kink fewer. A cut or regime break is placed at the first
/// observation of the new segment (it happened after the observation
/// before).
///
/// **How many.** First the no-break test (below): where its p-value is
/// above [`significance`](BreakOptions::significance) (0.05), no break is
/// reported, so a series without breaks shows one about as often as the
/// test's size says (in simulation 4-5 % of flat prices and single
/// trends, where BIC alone reports breaks in 8-15 %: `tests/it/breaks.rs`).
/// Where it rejects, or where the test is off
/// ([`replicas(0)`](BreakOptions::replicas)), by BIC,
/// `-2 ln L + K ln n`, where `K` counts the
/// regression parameters, one per break date and the noise variance
/// (Yao 1988; Bai & Perron 2003), from 0 to
/// [`max_breaks`](BreakOptions::max_breaks) with segments of at least
/// [`min_len`](BreakOptions::min_len) points; or forced with
/// [`breaks`](BreakOptions::breaks), or placed at given times with
/// [`at`](BreakOptions::at). Every candidate count's criteria are in
/// [`Breaks::counts`].
///
/// **Is there a break at all?** [`Breaks::p_value`]: a sup-F test of one
/// break against none, its null distribution simulated on the observed
/// times with a fixed seed (exact for Gaussian noise up to simulation
/// error; see [`BreakOptions::replicas`]).
///
/// **Break-date intervals** invert the profile likelihood of each break
/// with the others fixed: the positions whose
/// `(SSE(i) - SSE_min) / σ̂²` stays below a critical value. For cuts and
/// regimes, positions are observations, the interval widened to the one
/// before (the break lies between), and the critical value is Hansen's
/// (2000) `-2 ln(1 - √level)` (7.35 at 95 %) for the non-standard limit
/// of a jump's location. For kinks, whose location is a smooth parameter,
/// the locations on the real line (solved in closed form on each interval
/// between observations) within the χ²₁ quantile (3.84 at 95 %): on 200
/// simulated series with a kink between yearly observations the 95 %
/// interval covers 96.5 % with a median width of 0.66 years
/// (`tests/it/breaks.rs`).
///
/// **Segment intervals.** For cuts and regimes they are conditional on the
/// break dates (asymptotically the same as unconditional, the dates being
/// estimated at rate `n`: Bai & Perron 1998). For kinks they include the
/// kink locations' uncertainty through the Gauss–Newton covariance (as R's
/// `segmented`). [`Breaks::conditional`] says which.
///
/// **Forecasting from the last segment.** Fit the random walk of
/// [`forecast`](crate::forecast) on the observations from the last break
/// on: [`Breaks::last_segment`] gives the index range in sorted order, or
/// filter by `t >= breaks.times().last()`.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// // genome-like: a slow decline, a collapse from 2008, a slow one again
/// let t: Vec<f64> = (0..60).map(|i| 2001.0 + f64::from(i) / 3.0).collect();
/// let lnp = |t: f64| 18.0 - 0.2 * (t - 2001.0) - 1.3 * (t - 2008.0).max(0.0) + 1.2 * (t - 2011.0).max(0.0);
/// let p: Vec<f64> = t.iter().map(|&t| lnp(t).exp()).collect();
/// let b = costtrend::breaks::trend_breaks(&t, &p)?;
/// assert_eq!(b.times().len(), 2);
/// assert!(b.intervals()[0].contains(2008.0));
/// assert!(b.p_value().unwrap() < 0.01);
/// let r = |j: usize| b.segments()[j].rate().unwrap().percent_per(1.0).value();
/// println!("{:.0} % then {:.0} % then {:.0} % a year", r(0), r(1), r(2));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Breaks {
    pub(crate) kind: BreakKind,
    pub(crate) times: Vec<f64>,
    pub(crate) intervals: Vec<Interval>,
    pub(crate) segments: Vec<Segment>,
    pub(crate) model: Piecewise,
    pub(crate) p_value: Option<f64>,
    pub(crate) sup_f: Option<f64>,
    pub(crate) counts: Vec<BreakCount>,
    pub(crate) n: usize,
    pub(crate) sse: f64,
    pub(crate) sigma: Option<f64>,
    pub(crate) min_len: usize,
    pub(crate) exact: bool,
    pub(crate) conditional: bool,
    pub(crate) noise: Noise,
    pub(crate) level: f64,
    pub(crate) log_likelihood: f64,
    pub(crate) bic: f64,
    pub(crate) params: usize,
    pub(crate) sum_ln_price: f64,
    /// The sum of squares counted as an exact fit (see `sse_floor`).
    pub(crate) floor: f64,
}

impl Breaks {
    /// The noise model the fit used ([`Noise::Independent`] or
    /// [`Noise::RandomWalk`]; see [`BreakOptions::noise`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::breaks::{self, Noise};
    /// let t: Vec<f64> = (0..20).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| if t < 10.0 { 9.0 } else { 3.0 }).collect();
    /// assert_eq!(breaks::price_cuts(&t, &p)?.noise(), Noise::Independent);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn noise(&self) -> Noise {
        self.noise
    }

    /// The model fitted.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.kind(), costtrend::breaks::BreakKind::Cuts);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn kind(&self) -> BreakKind {
        self.kind
    }

    /// The break times, ascending: for cuts and regimes the first
    /// observation after the change, for kinks the observation where the
    /// trend bends.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.times(), &[2.0]);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn times(&self) -> &[f64] {
        &self.times
    }

    /// One interval per break, at the [`level`](Self::level)
    /// level, by profile likelihood (see the [`Breaks`]):
    /// it always spans at least from the observation before the break.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// let i = b.intervals()[0];
    /// assert_eq!((i.lower(), i.upper()), (1.0, 2.0)); // the cut came after t = 1
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn intervals(&self) -> &[Interval] {
        &self.intervals
    }

    /// The segments, in time order (one more than the breaks).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.segments().len(), b.times().len() + 1);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The fitted piecewise curve (the median price).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert!((b.model().at(1.5) - 8.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn model(&self) -> &Piecewise {
        &self.model
    }

    /// The p-value of the test of no break at all against one (see the
    /// [`Breaks`]); `None` when no break fits the
    /// data, the single trend is exact, or the test was turned off with
    /// [`replicas(0)`](BreakOptions::replicas).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t: Vec<f64> = (0..20).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|&t| if t < 10.0 { 9.0 } else { 3.0 } * (1.0 + 0.01 * (t * 7.0).sin())).collect();
    /// assert!(costtrend::breaks::price_cuts(&t, &p)?.p_value().unwrap() < 0.01);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn p_value(&self) -> Option<f64> {
        self.p_value
    }

    /// The test's statistic: the largest F of one break against none.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let b = costtrend::breaks::price_cuts(&t, &[9.0, 9.5, 9.0, 3.0, 3.1, 3.0])?;
    /// assert!(b.sup_f().unwrap() > 100.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn sup_f(&self) -> Option<f64> {
        self.sup_f
    }

    /// The criteria of every number of breaks searched (empty for breaks
    /// given with [`at`](BreakOptions::at)).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// let best = b.counts().iter().min_by(|a, c| a.bic().total_cmp(&c.bic())).unwrap();
    /// assert_eq!(best.breaks(), b.times().len());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn counts(&self) -> &[BreakCount] {
        &self.counts
    }

    /// Whether the break positions are the exact least-squares optimum for
    /// their number (false: a local search).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert!(costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?.exact());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// Whether the segments' intervals are conditional on the break dates
    /// (cuts and regimes), or include their uncertainty (kinks).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert!(costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?.conditional());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn conditional(&self) -> bool {
        self.conditional
    }

    /// The index range, in time order, of the last segment's observations:
    /// the data to start a forecast from.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.last_segment(), 2..4);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn last_segment(&self) -> core::ops::Range<usize> {
        let last = self.segments.last().map_or(0, |s| s.points);
        self.n - last..self.n
    }

    /// Observations fitted.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert_eq!(costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?.n(), 4);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn n(&self) -> usize {
        self.n
    }

    /// The sum of squared residuals of `ln price`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert!(costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?.sse() < 1e-20);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn sse(&self) -> f64 {
        self.sse
    }

    /// The residual standard deviation of `ln price`,
    /// `sqrt(SSE / (n - K))` with `K` the regression parameters and break
    /// dates; `None` without residual degrees of freedom (`n <= K`).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// assert!(costtrend::breaks::price_cuts(&t, &[9.0, 9.5, 9.0, 3.0, 3.1, 3.0])?.sigma() > Some(0.0));
    /// // two points, two levels at a given cut: no residual degrees of freedom
    /// let two = costtrend::breaks::BreakOptions::new().min_len(1).at(&[1.0]);
    /// assert_eq!(two.price_cuts(&[0.0, 1.0], &[9.0, 3.0])?.sigma(), None);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn sigma(&self) -> Option<f64> {
        self.sigma
    }

    /// The minimum segment length used.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::BreakOptions::new().min_len(2).price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.min_len(), 2);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn min_len(&self) -> usize {
        self.min_len
    }

    /// The level of the intervals.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert_eq!(costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?.level(), 0.95);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The log-likelihood of the observed prices (log-normal noise,
    /// including the Jacobian `-Σ ln price`, as
    /// [`Fit::log_likelihood`](crate::fit::Fit::log_likelihood)), so a break
    /// fit and a single-curve fit compare on one footing.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let p = [9.0, 9.5, 9.0, 3.0, 3.1, 3.0];
    /// let cuts = costtrend::breaks::price_cuts(&t, &p)?;
    /// let one = costtrend::fit::exponential(&t, &p)?;
    /// assert!(cuts.log_likelihood() > one.log_likelihood());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn log_likelihood(&self) -> f64 {
        self.log_likelihood
    }

    /// Parameters counted by the criteria: regression parameters, break
    /// dates (when estimated) and the noise variance.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// // two levels, one date, sigma
    /// assert_eq!(costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?.parameter_count(), 4);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn parameter_count(&self) -> usize {
        self.params
    }

    /// Akaike's criterion on the price scale, `-2 ln L + 2 K` with `K`
    /// the [`parameter_count`](Self::parameter_count).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 8.1, 2.0, 2.1, 1.9])?;
    /// assert!((b.aic() - (-2.0 * b.log_likelihood() + 2.0 * b.parameter_count() as f64)).abs() < 1e-9);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn aic(&self) -> f64 {
        criteria(self.log_likelihood, self.params, self.n).aic()
    }

    /// AIC with the small-sample correction `2K(K+1)/(n-K-1)`; `None` when
    /// `n <= K + 1`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.aicc(), None); // n = 4, K = 4
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn aicc(&self) -> Option<f64> {
        criteria(self.log_likelihood, self.params, self.n).aicc()
    }

    /// The AICc of every number of breaks searched (`None` where undefined).
    fn count_aiccs(&self) -> Vec<Option<f64>> {
        let floor_ll = |sse: f64| log_likelihood(self.n, sse, self.sum_ln_price);
        self.counts
            .iter()
            .map(|c| {
                let k = c.breaks;
                let params = self.kind.params(k) + k + 1;
                criteria(floor_ll(c.sse.max(self.floor)), params, self.n).aicc()
            })
            .collect()
    }

    /// BIC of the chosen fit (see [`BreakCount::bic`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert_eq!(b.bic(), b.counts()[1].bic());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn bic(&self) -> f64 {
        self.bic
    }
}

impl fmt::Display for Breaks {
    /// A report: the breaks with their intervals, and each segment's rate.
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let b = costtrend::breaks::price_cuts(&[0.0, 1.0, 2.0, 3.0], &[8.0, 8.0, 2.0, 2.0])?;
    /// assert!(b.to_string().contains("1 cut"));
    /// # Ok(()) }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = self.times.len();
        let noun = self.kind.spec().noun;
        write!(f, "{k} {noun}{}", if k == 1 { "" } else { "s" })?;
        write!(
            f,
            " ({} search, n = {}, min segment {})",
            if self.exact { "exact" } else { "local" },
            self.n,
            self.min_len
        )?;
        if let Some(p) = self.p_value {
            write!(f, "; no-break test p = {}", sig(p, 2))?;
        }
        if self.noise == Noise::RandomWalk {
            write!(f, "; random-walk noise (drift changes)")?;
        }
        writeln!(f)?;
        let pct = (self.level * 100.0).round();
        for (t, iv) in self.times.iter().zip(&self.intervals) {
            writeln!(
                f,
                "  break at {t}  ({pct} %: {} to {})",
                iv.lower(),
                iv.upper()
            )?;
        }
        for s in &self.segments {
            write!(
                f,
                "  from {}: {} points, level {}",
                s.start,
                s.points,
                sig(s.level.value(), 4)
            )?;
            if let Some(r) = s.rate {
                let e = r.percent_per(1.0);
                write!(f, ", {} % per unit time", sig(e.value(), 3))?;
                if let Some(iv) = e.interval() {
                    write!(f, " [{}, {}]", sig(iv.lower(), 3), sig(iv.upper(), 3))?;
                }
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
