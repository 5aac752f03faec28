//! Streaming and mergeable fits for the closed-form variants.

use super::engine::{line_raw, model_of};
use super::moments::{self, Moments};
use super::raw::Shape;
use super::{Fit, FitOptions, Method};
use crate::FitError;
use crate::time::DecimalYear;

/// The closed-form fit an [`Accumulator`] computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
enum Kind {
    LogLinear,
    Linear,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::LogLinear => "log_linear",
            Kind::Linear => "linear",
        }
    }
}

/// A fit of [`exponential`](super::exponential) (log-linear) or
/// [`linear`](super::linear) built one observation at a time, in O(1)
/// memory, and mergeable: partial fits from threads, processes or the
/// partitions of a data engine combine exactly.
///
/// The state is the weighted count, means and centred sums of squares and
/// products of `(t - anchor, y)` with `anchor` the first time pushed,
/// updated by Welford's method and merged by Chan et al.'s: no raw sums of
/// `t²`, so calendar-year times with a spread of days lose no digits.
/// `anchor` is kept at the earliest time seen, which is the fit's default
/// origin.
///
/// **Accuracy.** Estimates agree with the batch fit to about 1e-12
/// relative. A stream cannot be read twice, so the residual sum of squares
/// cannot come from a second pass as in the batch fits; it is tracked term
/// by term instead: each point adds `f S e² / (S + f dx²)` (its residual
/// `e` from the line so far, formed with error-free differences) and each
/// merge a similar non-negative term, so nothing cancels as in the
/// one-pass `Syy - Sxy² / Sxx`, whose error relative to the SSE is
/// `ε / (1 - R²)`. Standard errors agree with the batch fit's to about
/// 1e-11 relative down to `1 - R² = 1e-7` (`tests/it/numerics.rs`:
/// 7.6e-12 at `1 - R² = 2.8e-7` with 5 points, where the one-pass form
/// was off by 2.5e-8; 9e-15 for a merge tree of 52,000 single points), and
/// an SSE within the rounding of the data is an exact fit (0). Weights are
/// relative: as in the batch fits, they are rescaled to mean 1 before the
/// fit.
///
/// With the `serde` feature the accumulator (de)serialises, re-validated on
/// input.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::fit::{self, Accumulator};
///
/// let t = [2024.0, 2024.1, 2024.2, 2024.3, 2024.4, 2024.5];
/// let p = [10.0, 9.1, 8.3, 7.4, 6.9, 6.1];
/// let (mut left, mut right) = (Accumulator::log_linear(), Accumulator::log_linear());
/// for i in 0..3 { left.push(t[i], p[i])?; }
/// for i in 3..6 { right.push(t[i], p[i])?; }
/// left.merge(&right)?;
/// let streamed = left.fit()?;
/// let batch = fit::exponential(&t, &p)?;
/// let (a, b) = (streamed.parameter("lambda").unwrap().value(), batch.parameter("lambda").unwrap().value());
/// assert!((a - b).abs() <= 1e-12 * b.abs());
/// # Ok(()) }
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::fit::Accumulator { pushed: 7, ..costtrend::fit::Accumulator::linear() };
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "AccumulatorRepr", into = "AccumulatorRepr")
)]
pub struct Accumulator {
    kind: Kind,
    anchor: f64,
    /// The moments of `(t - anchor, y)`, except that `syy` holds the
    /// residual sum of squares of the least-squares line, tracked term by
    /// term ([`moments::sse_increment`], [`moments::sse_between`]): the
    /// total sum of squares is `sse + sxy² / sxx`, a sum of non-negative
    /// terms, and storing the SSE in its place keeps a group's state at 128
    /// bytes. [`state`](Self::state) and the fit give both.
    moments: Moments,
    /// Observations pushed (including zero weights), for error indices.
    pushed: u64,
}

impl Accumulator {
    /// An empty accumulator for the log-linear exponential fit (least
    /// squares of `ln price`, as [`exponential`](super::exponential)).
    ///
    /// # Example
    ///
    /// ```
    /// let acc = costtrend::fit::Accumulator::log_linear();
    /// assert_eq!(acc.len(), 0);
    /// ```
    #[must_use]
    pub fn log_linear() -> Self {
        Self::new(Kind::LogLinear)
    }

    /// An empty accumulator for the straight-line fit (as
    /// [`linear`](super::linear)).
    ///
    /// # Example
    ///
    /// ```
    /// let acc = costtrend::fit::Accumulator::linear();
    /// assert!(acc.is_empty());
    /// ```
    #[must_use]
    pub fn linear() -> Self {
        Self::new(Kind::Linear)
    }

    fn new(kind: Kind) -> Self {
        Self {
            kind,
            anchor: 0.0,
            moments: Moments::default(),
            pushed: 0,
        }
    }

    /// Observations with a positive weight so far.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let mut acc = costtrend::fit::Accumulator::linear();
    /// acc.push(0.0, 1.0)?;
    /// assert_eq!(acc.len(), 1);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn len(&self) -> u64 {
        self.moments.n
    }

    /// Whether nothing has been added.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::fit::Accumulator::linear().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.moments.n == 0
    }

    /// Adds one observation with weight 1.
    ///
    /// # Errors
    ///
    /// [`FitError::NonFinite`] for a NaN or infinite value,
    /// [`FitError::NonPositivePrice`] (log-linear) or
    /// [`FitError::NegativePrice`] (linear); the index is the number of
    /// observations pushed before. Nothing is added on error.
    ///
    /// # Example
    ///
    /// ```
    /// let mut acc = costtrend::fit::Accumulator::log_linear();
    /// assert!(acc.push(2024.0, 3.0).is_ok());
    /// assert!(acc.push(2024.5, 0.0).is_err());
    /// assert_eq!(acc.len(), 1);
    /// ```
    pub fn push<T: DecimalYear>(&mut self, t: T, price: f64) -> Result<(), FitError> {
        self.push_weighted(t, price, 1.0)
    }

    /// Adds one observation with a relative inverse-variance weight (see
    /// [`FitOptions::weights`]).
    ///
    /// # Errors
    ///
    /// As [`push`](Self::push), and [`FitError::InvalidWeight`] for a
    /// negative or non-finite weight.
    ///
    /// # Example
    ///
    /// ```
    /// let mut acc = costtrend::fit::Accumulator::linear();
    /// assert!(acc.push_weighted(0.0, 1.0, 2.0).is_ok());
    /// assert!(acc.push_weighted(1.0, 1.0, -1.0).is_err());
    /// ```
    pub fn push_weighted<T: DecimalYear>(
        &mut self,
        t: T,
        price: f64,
        weight: f64,
    ) -> Result<(), FitError> {
        let t = T::years(core::slice::from_ref(&t))[0];
        let index = usize::try_from(self.pushed).unwrap_or(usize::MAX);
        for (name, value) in [("t", t), ("price", price)] {
            if !value.is_finite() {
                return Err(FitError::NonFinite { name, index, value });
            }
        }
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(FitError::InvalidWeight {
                index,
                value: weight,
            });
        }
        let y = match self.kind {
            Kind::LogLinear if price <= 0.0 => {
                return Err(FitError::NonPositivePrice {
                    index,
                    value: price,
                });
            }
            Kind::Linear if price < 0.0 => {
                return Err(FitError::NegativePrice {
                    index,
                    value: price,
                });
            }
            Kind::LogLinear => price.ln(),
            Kind::Linear => price,
        };
        if weight > 0.0 {
            if self.moments.n == 0 {
                self.anchor = t;
            } else if t < self.anchor {
                self.reanchor(t);
            }
        }
        let x = t - self.anchor;
        let sse = self.moments.syy + moments::sse_increment(&self.moments, x, y, weight);
        self.moments.push(x, y, weight);
        self.moments.syy = sse;
        self.pushed += 1;
        Ok(())
    }

    /// Adds everything `other` has seen.
    ///
    /// # Errors
    ///
    /// [`FitError::MergeMismatch`] if the two accumulate different fits.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::Accumulator;
    /// let mut a = Accumulator::linear();
    /// a.push(0.0, 3.0)?;
    /// let mut b = Accumulator::linear();
    /// b.push(1.0, 2.0)?;
    /// a.merge(&b)?;
    /// assert_eq!(a.len(), 2);
    /// assert!(a.merge(&Accumulator::log_linear()).is_err());
    /// # Ok(()) }
    /// ```
    pub fn merge(&mut self, other: &Self) -> Result<(), FitError> {
        if self.kind != other.kind {
            return Err(FitError::MergeMismatch {
                left: self.kind.name(),
                right: other.kind.name(),
            });
        }
        self.pushed += other.pushed;
        if other.moments.n == 0 {
            return Ok(());
        }
        if self.moments.n == 0 {
            self.anchor = other.anchor;
            self.moments = other.moments;
            return Ok(());
        }
        let mut theirs = other.moments;
        if other.anchor < self.anchor {
            self.reanchor(other.anchor);
        }
        theirs.shift_x(self.anchor - other.anchor);
        let sse = self.moments.syy + theirs.syy + moments::sse_between(&self.moments, &theirs);
        self.moments.merge(&theirs);
        self.moments.syy = sse;
        self.moments.x_min = self.moments.x_min.max(0.0);
        Ok(())
    }

    /// Measures times from `t` (earlier than the anchor) from now on: the
    /// anchor stays the earliest time seen, so the fit's default origin is
    /// that time exactly, not `anchor + x_min` rounded.
    fn reanchor(&mut self, t: f64) {
        self.moments.shift_x(t - self.anchor);
        self.moments.x_min = 0.0;
        self.anchor = t;
    }

    /// The fit with default options.
    ///
    /// # Errors
    ///
    /// [`FitError::TooFewPoints`] below two observations,
    /// [`FitError::AllTimesEqual`], [`FitError::InvalidEstimate`] as the
    /// batch fit.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let mut acc = costtrend::fit::Accumulator::linear();
    /// for (t, p) in [(0.0, 3.0), (1.0, 2.0), (2.0, 1.0)] { acc.push(t, p)?; }
    /// assert!((acc.fit()?.parameter("slope").unwrap().value() - 1.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    pub fn fit(&self) -> Result<Fit, FitError> {
        self.fit_with(&FitOptions::new())
    }

    /// The fit with the origin and confidence level of `options`. The other
    /// options concern the batch input and are rejected rather than
    /// ignored: weights go in with [`push_weighted`](Self::push_weighted),
    /// non-finite values are refused by [`push`](Self::push), and the
    /// robust loss, kept residuals and a step period need the data, which
    /// an accumulator does not keep.
    ///
    /// # Errors
    ///
    /// As [`fit`](Self::fit), [`FitError::InvalidOption`] for a bad
    /// option, and [`FitError::OptionNotApplicable`] for an option other
    /// than the origin and the confidence level.
    ///
    /// ```
    /// use costtrend::fit::{Accumulator, FitOptions};
    /// let mut acc = Accumulator::linear();
    /// for (t, p) in [(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)] { acc.push(t, p).unwrap(); }
    /// assert!(acc.fit_with(&FitOptions::new().robust(true)).is_err());
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::{Accumulator, FitOptions};
    /// let mut acc = Accumulator::linear();
    /// for (t, p) in [(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)] { acc.push(t, p)?; }
    /// let f = acc.fit_with(&FitOptions::new().origin(0.0))?;
    /// assert!((f.model().p0() - 4.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    pub fn fit_with(&self, options: &FitOptions<'_>) -> Result<Fit, FitError> {
        options.check()?;
        let fit = "a streaming accumulator";
        let refuse = |name, instead| Err(FitError::OptionNotApplicable { name, fit, instead });
        if options.weights.is_some() {
            return refuse("weights", "give each point's weight to push_weighted");
        }
        if options.nan_policy != super::NanPolicy::Reject {
            return refuse(
                "nan_policy",
                "push refuses non-finite values; skip them before pushing",
            );
        }
        if options.robust {
            return refuse(
                "robust",
                "the robust loss needs the data: use the batch fit",
            );
        }
        if options.keep_residuals {
            return refuse(
                "keep_residuals",
                "an accumulator keeps no data: use the batch fit",
            );
        }
        let (method, shape) = match self.kind {
            Kind::LogLinear => (Method::LogLinear, Shape::LogLinear),
            Kind::Linear => (Method::Linear, Shape::Linear),
        };
        if self.moments.n == 0 {
            return Err(FitError::Empty);
        }
        // The anchor is the earliest time (x_min = 0) unless an older wire
        // form said otherwise.
        let t_min = if self.moments.x_min == 0.0 {
            self.anchor
        } else {
            self.anchor + self.moments.x_min
        };
        let t_max = self.anchor + self.moments.x_max;
        let origin = options.origin.unwrap_or(t_min);
        let mut m = self.moments;
        m.normalise_weights();
        m.shift_x(origin - self.anchor);
        // `syy` holds the tracked SSE (rescaled with the weights like the
        // other sums); the fit gets the total sum of squares and takes the
        // tracked SSE, not the one-pass `Syy - Sxy²/Sxx`, which cancels as
        // R² nears 1.
        let sse = m.syy;
        m.syy = total_squares(&m);
        let mut raw = line_raw(&m, method, shape, origin, t_min, t_max - t_min)?;
        // An SSE within the rounding of the data (as the batch fits judge
        // it: `Σ (8 ε |y|)²`, here from the mean and spread of y) is an
        // exact fit.
        let e8 = 8.0 * f64::EPSILON;
        let rounding = e8 * e8 * (m.n as f64 * m.my * m.my + m.syy);
        raw.sse = if sse <= rounding { 0.0 } else { sse.min(m.syy) };
        let model = model_of(&raw)?;
        Ok(Fit::assemble(raw, model, options.level, None))
    }
}

/// `Syy` of moments whose `syy` holds the SSE: `sse + sxy² / sxx`.
fn total_squares(m: &Moments) -> f64 {
    if m.sxx > 0.0 {
        m.syy + m.sxy * (m.sxy / m.sxx)
    } else {
        m.syy
    }
}

/// The wire form of an [`Accumulator`], validated on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AccumulatorRepr {
    kind: Kind,
    pushed: u64,
    /// `None` while empty.
    state: Option<StateRepr>,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StateRepr {
    anchor: f64,
    moments: Moments,
    /// The tracked residual sum of squares; absent in states saved before
    /// it was tracked (then the one-pass `Syy - Sxy²/Sxx`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sse: Option<f64>,
}

#[cfg(feature = "serde")]
impl From<Accumulator> for AccumulatorRepr {
    fn from(a: Accumulator) -> Self {
        Self {
            kind: a.kind,
            pushed: a.pushed,
            state: (a.moments.n > 0).then_some({
                let mut moments = a.moments;
                moments.syy = total_squares(&a.moments);
                StateRepr {
                    anchor: a.anchor,
                    moments,
                    sse: Some(a.moments.syy),
                }
            }),
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<AccumulatorRepr> for Accumulator {
    type Error = FitError;

    fn try_from(r: AccumulatorRepr) -> Result<Self, FitError> {
        let Some(state) = r.state else {
            let mut acc = Accumulator::new(r.kind);
            acc.pushed = r.pushed;
            return Ok(acc);
        };
        let mut s = AccumulatorState::of(r.kind, r.pushed, state.anchor, &state.moments, 0.0);
        s.sse = state.sse.unwrap_or_else(|| s.one_pass_sse());
        Accumulator::from_state(&s)
    }
}

/// An [`Accumulator`]'s statistics as plain numbers: what a data engine
/// stores between the partial and final steps of an aggregation (as
/// fixed-width columns), and reads back with
/// [`Accumulator::from_state`], which validates them.
///
/// Times are measured from `anchor` (the earliest time seen); `n`, `w` and
/// the sums are over the observations with a positive weight. An empty
/// accumulator has `n = 0` and the other statistics 0, except `x_min = +inf`
/// and `x_max = -inf`.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::fit::Accumulator;
/// let mut acc = Accumulator::log_linear();
/// for (t, p) in [(2024.0, 10.0), (2025.0, 5.0), (2026.0, 2.6)] { acc.push(t, p)?; }
/// let state = acc.state();
/// assert_eq!((state.n(), state.moment("anchor")), (3, Some(2024.0)));
/// assert_eq!(Accumulator::from_state(&state)?, acc);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AccumulatorState {
    /// True for the log-linear fit, false for the linear one.
    log_scale: bool,
    /// Observations pushed, including zero weights.
    pushed: u64,
    /// Observations with a positive weight.
    n: u64,
    /// The earliest time seen (times below are relative to it).
    anchor: f64,
    /// Sum of weights.
    w: f64,
    /// Weighted means of `t - anchor` and of `y` (`ln price` or price).
    mx: f64,
    /// See `mx`.
    my: f64,
    /// Weighted centred sums of squares and products.
    sxx: f64,
    /// See `sxx`.
    sxy: f64,
    /// See `sxx`.
    syy: f64,
    /// Unweighted sum of `y`.
    sum_y: f64,
    /// Sum of `ln w`.
    sum_ln_w: f64,
    /// Range of `t - anchor`.
    x_min: f64,
    /// See `x_min`.
    x_max: f64,
    /// The residual sum of squares of the least-squares line, tracked
    /// term by term as points arrive and states merge (it does not cancel
    /// as `syy - sxy² / sxx` does near R² = 1). From a producer that does
    /// not track it, give that one-pass value: [`AccumulatorState::one_pass_sse`].
    sse: f64,
}

impl AccumulatorState {
    /// The names of the float statistics, in the order of
    /// [`moments`](Self::moments) and [`new`](Self::new): `anchor` (the
    /// earliest time; times are relative to it), `w` (sum of weights), `mx`
    /// and `my` (weighted means of `t - anchor` and of `y`), `sxx`, `sxy`,
    /// `syy` (weighted centred sums of squares and products), `sum_y`
    /// (unweighted sum of `y`), `sum_ln_w`, `x_min` and `x_max` (range of
    /// `t - anchor`), `sse` (the tracked residual sum of squares).
    pub const MOMENTS: [&'static str; 12] = [
        "anchor", "w", "mx", "my", "sxx", "sxy", "syy", "sum_y", "sum_ln_w", "x_min", "x_max",
        "sse",
    ];

    /// A state from its numbers, as a data engine reads them back: the
    /// kind (`log_scale`: the log-linear fit), the observations pushed and
    /// those with a positive weight, and the float statistics in
    /// [`MOMENTS`](Self::MOMENTS) order. Not validated here:
    /// [`Accumulator::from_state`] validates.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::{Accumulator, AccumulatorState};
    /// let mut acc = Accumulator::linear();
    /// for (t, p) in [(0.0, 3.0), (1.0, 2.5), (2.0, 1.0)] { acc.push(t, p)?; }
    /// let s = acc.state();
    /// let back = AccumulatorState::new(s.log_scale(), s.pushed(), s.n(), s.moments());
    /// assert_eq!(Accumulator::from_state(&back)?, acc);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn new(log_scale: bool, pushed: u64, n: u64, moments: [f64; 12]) -> Self {
        let [
            anchor,
            w,
            mx,
            my,
            sxx,
            sxy,
            syy,
            sum_y,
            sum_ln_w,
            x_min,
            x_max,
            sse,
        ] = moments;
        Self {
            log_scale,
            pushed,
            n,
            anchor,
            w,
            mx,
            my,
            sxx,
            sxy,
            syy,
            sum_y,
            sum_ln_w,
            x_min,
            x_max,
            sse,
        }
    }

    /// True for the log-linear fit, false for the linear one.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::fit::Accumulator::log_linear().state().log_scale());
    /// ```
    #[must_use]
    pub fn log_scale(&self) -> bool {
        self.log_scale
    }

    /// Observations pushed, including zero weights.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::fit::Accumulator::linear().state().pushed(), 0);
    /// ```
    #[must_use]
    pub fn pushed(&self) -> u64 {
        self.pushed
    }

    /// Observations with a positive weight.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::fit::Accumulator::linear().state().n(), 0);
    /// ```
    #[must_use]
    pub fn n(&self) -> u64 {
        self.n
    }

    /// The float statistics in [`MOMENTS`](Self::MOMENTS) order.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::{Accumulator, AccumulatorState};
    /// let mut acc = Accumulator::log_linear();
    /// for (t, p) in [(2024.0, 10.0), (2025.0, 5.0)] { acc.push(t, p)?; }
    /// let m = acc.state().moments();
    /// assert_eq!(m[0], 2024.0); // the anchor
    /// assert_eq!(AccumulatorState::MOMENTS[0], "anchor");
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn moments(&self) -> [f64; 12] {
        [
            self.anchor,
            self.w,
            self.mx,
            self.my,
            self.sxx,
            self.sxy,
            self.syy,
            self.sum_y,
            self.sum_ln_w,
            self.x_min,
            self.x_max,
            self.sse,
        ]
    }

    /// The statistic of that name (see [`MOMENTS`](Self::MOMENTS)).
    ///
    /// # Example
    ///
    /// ```
    /// let s = costtrend::fit::Accumulator::linear().state();
    /// assert_eq!(s.moment("x_min"), Some(f64::INFINITY));
    /// assert_eq!(s.moment("nope"), None);
    /// ```
    #[must_use]
    pub fn moment(&self, name: &str) -> Option<f64> {
        let i = Self::MOMENTS.iter().position(|&m| m == name)?;
        Some(self.moments()[i])
    }

    /// The same state with the statistic `name` set to `value` (a name not
    /// in [`MOMENTS`](Self::MOMENTS) changes nothing): for a producer that
    /// writes one statistic differently, or a test of validation.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{FitError, fit::Accumulator};
    /// let s = Accumulator::linear().state().with_moment("syy", 1.0); // set while empty
    /// assert!(matches!(Accumulator::from_state(&s), Err(FitError::InvalidState { name: "n", .. })));
    /// ```
    #[must_use]
    pub fn with_moment(&self, name: &str, value: f64) -> Self {
        let mut m = self.moments();
        if let Some(i) = Self::MOMENTS.iter().position(|&k| k == name) {
            m[i] = value;
        }
        Self::new(self.log_scale, self.pushed, self.n, m)
    }

    /// The one-pass residual sum of squares `syy - sxy² / sxx` of these
    /// statistics (at least 0; `syy` when `sxx` is 0): for states written
    /// by a producer that does not track `sse`. It loses
    /// `-log10(1 - R²)` digits as R² nears 1.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let mut acc = costtrend::fit::Accumulator::linear();
    /// for (t, p) in [(0.0, 3.0), (1.0, 2.5), (2.0, 1.0)] { acc.push(t, p)?; }
    /// let s = acc.state();
    /// assert!((s.one_pass_sse() - s.moment("sse").unwrap()).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn one_pass_sse(&self) -> f64 {
        if self.sxx > 0.0 {
            (self.syy - self.sxy * self.sxy / self.sxx).max(0.0)
        } else {
            self.syy
        }
    }

    fn of(kind: Kind, pushed: u64, anchor: f64, m: &Moments, sse: f64) -> Self {
        Self {
            log_scale: kind == Kind::LogLinear,
            pushed,
            n: m.n,
            anchor,
            w: m.w,
            mx: m.mx,
            my: m.my,
            sxx: m.sxx,
            sxy: m.sxy,
            syy: m.syy,
            sum_y: m.sum_y,
            sum_ln_w: m.sum_ln_w,
            x_min: m.x_min,
            x_max: m.x_max,
            sse,
        }
    }
}

impl Accumulator {
    /// Its statistics as plain numbers (see [`AccumulatorState`]).
    ///
    /// # Example
    ///
    /// ```
    /// let s = costtrend::fit::Accumulator::linear().state();
    /// assert_eq!((s.n(), s.log_scale()), (0, false));
    /// ```
    #[must_use]
    pub fn state(&self) -> AccumulatorState {
        let mut m = self.moments;
        m.syy = total_squares(&self.moments);
        let mut s = AccumulatorState::of(self.kind, self.pushed, self.anchor, &m, self.moments.syy);
        if self.moments.n == 0 {
            s.anchor = 0.0;
        }
        s
    }

    /// The accumulator with these statistics, validated: a state no
    /// accumulator could have reached is an error naming the statistic.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidState`] naming a statistic that is not finite
    /// (or, for an empty state, not its empty value), `n` above `pushed`, a
    /// non-positive `w`, a negative sum of squares, a mean outside the
    /// range of `t`, or a product larger than Cauchy–Schwarz allows.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{FitError, fit::{Accumulator, AccumulatorState}};
    /// let mut acc = Accumulator::log_linear();
    /// for (t, p) in [(2024.0, 10.0), (2025.0, 5.0)] { acc.push(t, p)?; }
    /// let s = acc.state();
    /// assert_eq!(Accumulator::from_state(&s)?, acc);
    /// // more observations than were pushed
    /// let more = AccumulatorState::new(true, 2, 3, s.moments());
    /// assert!(matches!(Accumulator::from_state(&more), Err(FitError::InvalidState { name: "n", .. })));
    /// # Ok(()) }
    /// ```
    pub fn from_state(s: &AccumulatorState) -> Result<Self, FitError> {
        let bad = |name, value, expected| FitError::InvalidState {
            name,
            value,
            expected,
        };
        let kind = if s.log_scale {
            Kind::LogLinear
        } else {
            Kind::Linear
        };
        let mut acc = Accumulator::new(kind);
        acc.pushed = s.pushed;
        if s.n == 0 {
            let empty = Moments::default();
            let same = [
                s.w == empty.w,
                s.mx == empty.mx,
                s.my == empty.my,
                s.sxx == empty.sxx,
                s.sxy == empty.sxy,
                s.syy == empty.syy,
                s.sum_y == empty.sum_y,
                s.sum_ln_w == empty.sum_ln_w,
                s.x_min == empty.x_min,
                s.x_max == empty.x_max,
                s.sse == 0.0,
            ];
            if same.iter().all(|&b| b) {
                return Ok(acc);
            }
            return Err(bad("n", 0.0, "positive when any statistic is set"));
        }
        let finite = [
            ("anchor", s.anchor),
            ("w", s.w),
            ("mx", s.mx),
            ("my", s.my),
            ("sxx", s.sxx),
            ("sxy", s.sxy),
            ("syy", s.syy),
            ("sum_y", s.sum_y),
            ("sum_ln_w", s.sum_ln_w),
            ("x_min", s.x_min),
            ("x_max", s.x_max),
            ("sse", s.sse),
        ];
        for (name, value) in finite {
            if !value.is_finite() {
                return Err(bad(name, value, "finite"));
            }
        }
        if s.n > s.pushed {
            return Err(bad("n", s.n as f64, "between 1 and pushed"));
        }
        if s.w <= 0.0 {
            return Err(bad("w", s.w, "greater than 0"));
        }
        if s.sxx < 0.0 || s.syy < 0.0 {
            return Err(bad("sxx", s.sxx.min(s.syy), "at least 0"));
        }
        if s.x_min > s.x_max || s.mx < s.x_min || s.mx > s.x_max {
            return Err(bad("mx", s.mx, "between x_min and x_max"));
        }
        if s.sxy * s.sxy > s.sxx * s.syy * (1.0 + 1e-9) {
            return Err(bad("sxy", s.sxy, "at most sqrt(sxx · syy) in size"));
        }
        if s.sse < 0.0 || s.sse > s.syy * (1.0 + 1e-9) {
            return Err(bad("sse", s.sse, "between 0 and syy"));
        }

        acc.anchor = s.anchor;
        acc.moments = Moments {
            n: s.n,
            w: s.w,
            mx: s.mx,
            my: s.my,
            sxx: s.sxx,
            sxy: s.sxy,
            // the accumulator keeps the SSE in `syy` (see the field)
            syy: s.sse,
            sum_y: s.sum_y,
            sum_ln_w: s.sum_ln_w,
            x_min: s.x_min,
            x_max: s.x_max,
        };
        Ok(acc)
    }
}
