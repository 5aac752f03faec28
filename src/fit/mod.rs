//! Fitting: turn observed `(t, price)` points into a [`DecayModel`](crate::DecayModel) with
//! honest uncertainty.
//!
//! | function | model | loss | noise assumption |
//! |---|---|---|---|
//! | [`exponential`] | `p0 · exp(-lambda · (t - origin))` | least squares of `ln(price)` | multiplicative, log-normal |
//! | [`exponential_nls`] | same | least squares of the price | additive, Gaussian |
//! | [`exponential_with_floor`] | `floor + (p0 - floor) · exp(-lambda · (t - origin))` | least squares of the price | additive, Gaussian |
//! | [`linear`] | `p0 - slope · (t - origin)` | least squares of the price | additive, Gaussian |
//! | [`step_discount`] | `p0 · (1 - discount)^floor((t - origin) / period)` | least squares of `ln(price)` | multiplicative, log-normal |
//!
//! Every fit picks its origin itself (the earliest observation time, unless
//! [`FitOptions::origin`] sets one), so calendar-year data never evaluate
//! anything at year 0 and never overflow. Nothing needs a starting guess.
//! [`compare`] fits every applicable variant and ranks them by AICc on one
//! likelihood; [`Accumulator`] fits the closed-form variants in O(1) memory
//! from a stream, mergeable across threads and processes.
//!
//! Options shared by all fits (weights, origin, confidence level, NaN
//! policy, robust loss, residuals) are set on [`FitOptions`]; the free
//! functions use the defaults.
//!
//! ```
//! # fn main() -> Result<(), costtrend::FitError> {
//! use costtrend::fit;
//!
//! // Epoch AI: cheapest LLM price (USD per million tokens) at GPT-4 level on GPQA.
//! let t = [2023.197260, 2023.846575, 2024.153425, 2024.172603, 2024.356164, 2024.950685];
//! let p = [37.5, 15.0, 6.0, 0.5, 0.13, 0.1225];
//! let f = fit::exponential(&t, &p)?;
//! let fold = f.rate().unwrap().fold_per(1.0); // "x cheaper per year"
//! assert!((fold.value() - 42.0).abs() < 1.0);
//! # Ok(()) }
//! ```

mod breaks;
mod compare;
mod engine;
mod experience;
mod moments;
mod nls;
mod raw;
mod report;
pub(crate) mod result;
mod stream;
#[cfg(feature = "serde")]
pub(crate) mod wire;

pub use crate::estimate::{Covariance, Estimate, Interval, Parameter, RateEstimate};
pub use breaks::{
    BreakCount, BreakKind, BreakOptions, Breaks, DEFAULT_REPLICAS, DEFAULT_SEED, Segment,
};
pub use compare::{Candidate, Comparison};
pub use experience::ExperienceFit;
pub use result::{Fit, Method};
pub use stream::{Accumulator, AccumulatorState};

pub use crate::input::NanPolicy;
use crate::input::{self, Data, PriceRule};
use engine::{core, model_of, residuals, robust};
use raw::Shape;

use crate::FitError;
use crate::time::DecimalYear;

/// Options shared by every fit, set with a builder and applied by its fit
/// methods.
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`weights`](Self::weights) | none (all 1) | relative inverse-variance weights |
/// | [`origin`](Self::origin) | earliest time | the time at which `p0` is reported |
/// | [`confidence`](Self::confidence) | 0.95 | level of every interval |
/// | [`nan_policy`](Self::nan_policy) | [`NanPolicy::Reject`] | non-finite values |
/// | [`robust`](Self::robust) | off | Huber loss against outliers |
/// | [`keep_residuals`](Self::keep_residuals) | off | store residuals in the [`Fit`] |
/// | [`period`](Self::period) | none | step period used by [`compare`](Self::compare) |
/// | [`with_breaks`](Self::with_breaks) | off | break models in [`compare`](Self::compare) |
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::fit::{FitOptions, NanPolicy};
///
/// let t = [2020.0, 2021.0, 2022.0, f64::NAN, 2024.0];
/// let p = [100.0, 70.0, 49.0, 40.0, 24.0];
/// let f = FitOptions::new()
///     .nan_policy(NanPolicy::Omit)
///     .confidence(0.9)
///     .exponential(&t, &p)?;
/// assert_eq!(f.dropped(), 1);
/// assert_eq!(f.confidence(), 0.9);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitOptions<'w> {
    weights: Option<&'w [f64]>,
    origin: Option<f64>,
    confidence: f64,
    nan_policy: NanPolicy,
    robust: bool,
    keep_residuals: bool,
    period: Option<f64>,
    with_breaks: bool,
}

impl Default for FitOptions<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'w> FitOptions<'w> {
    /// The defaults: no weights, origin at the earliest time, 95 %
    /// intervals, reject non-finite values, least squares, no residuals.
    ///
    /// # Example
    ///
    /// ```
    /// let opts = costtrend::fit::FitOptions::new();
    /// assert_eq!(opts, costtrend::fit::FitOptions::default());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            weights: None,
            origin: None,
            confidence: 0.95,
            nan_policy: NanPolicy::Reject,
            robust: false,
            keep_residuals: false,
            period: None,
            with_breaks: false,
        }
    }

    /// Relative inverse-variance weights, one per observation: observation
    /// `i` is assumed to have noise variance `σ² / w_i` on the fitted scale,
    /// with σ² estimated from the residuals (as statsmodels' WLS and scipy's
    /// `curve_fit` without `absolute_sigma`). A weight of 0 leaves the point
    /// out, exactly as removing it would.
    ///
    /// The weights are **relative**: before the fit they are rescaled to
    /// mean 1 over the points with a positive weight, so scaling every
    /// weight by the same factor changes nothing at all, not the estimates,
    /// nor [`sse`](Fit::sse), [`rmse`](Fit::rmse), [`sigma`](Fit::sigma)
    /// (the noise of an observation of average weight), the prediction
    /// interval of [`predict_observation`](Fit::predict_observation) (a new
    /// observation of average weight), [`mean_curve`](Fit::mean_curve) or the
    /// criteria. Unweighted fits are the same as with every weight 1.
    /// (statsmodels' WLS reports σ² per unit weight instead, so its σ and
    /// observation intervals change when all weights are scaled.)
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let (t, p) = ([0.0, 1.0, 2.0, 3.0], [10.0, 8.0, 6.0, 99.0]);
    /// let f = FitOptions::new().weights(&[1.0, 1.0, 1.0, 0.0]).linear(&t, &p)?;
    /// assert!((f.parameter("slope").unwrap().value() - 2.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn weights(mut self, weights: &'w [f64]) -> Self {
        self.weights = Some(weights);
        self
    }

    /// Reports `p0` at `t0` instead of at the earliest observation.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new().origin(0.0).linear(&[1.0, 2.0, 3.0], &[9.0, 8.0, 7.0])?;
    /// assert!((f.model().p0() - 10.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn origin(mut self, t0: f64) -> Self {
        self.origin = Some(t0);
        self
    }

    /// The confidence level of every interval, in `(0, 1)` (default 0.95).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::fit::FitOptions;
    /// let err = FitOptions::new().confidence(1.5).linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0]);
    /// assert!(err.is_err());
    /// ```
    #[must_use]
    pub fn confidence(mut self, level: f64) -> Self {
        self.confidence = level;
        self
    }

    /// What to do with non-finite values (default [`NanPolicy::Reject`]).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::fit::{FitOptions, NanPolicy};
    /// let opts = FitOptions::new().nan_policy(NanPolicy::Omit);
    /// assert!(opts.linear(&[0.0, f64::NAN, 1.0, 2.0], &[3.0, 2.0, 2.0, 1.0]).is_ok());
    /// ```
    #[must_use]
    pub fn nan_policy(mut self, policy: NanPolicy) -> Self {
        self.nan_policy = policy;
        self
    }

    /// Replaces least squares with Huber's loss on the fitted scale
    /// (`ln(price)` for log fits), resistant to outliers: iteratively
    /// reweighted least squares with tuning constant 1.345 and the scale
    /// re-estimated each round as 1.4826 · the median absolute residual.
    /// Standard errors treat the final weights as fixed (an approximation),
    /// and the criteria (AIC, ...) are those of the final weighted fit.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    /// let mut p: Vec<f64> = t.iter().map(|t| 100.0 * (-0.3_f64 * t).exp()).collect();
    /// p[4] *= 3.0; // one bad quote
    /// let plain = FitOptions::new().exponential(&t, &p)?;
    /// let robust = FitOptions::new().robust(true).exponential(&t, &p)?;
    /// let err = |f: &costtrend::fit::Fit| (f.parameter("lambda").unwrap().value() - 0.3).abs();
    /// assert!(err(&robust) < err(&plain) / 10.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn robust(mut self, on: bool) -> Self {
        self.robust = on;
        self
    }

    /// Keeps the residuals in the [`Fit`] (one more pass over the data and
    /// one vector of `n` values; off by default).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new().keep_residuals(true).linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?;
    /// assert!(f.residuals().unwrap().iter().all(|r| r.abs() < 1e-12));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn keep_residuals(mut self, on: bool) -> Self {
        self.keep_residuals = on;
        self
    }

    /// The step period [`compare`](Self::compare) uses to include the
    /// step-discount variant (it is left out without one).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let t = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
    /// let p = [100.0, 100.0, 80.0, 80.0, 64.0, 64.0, 51.2];
    /// let ranked = FitOptions::new().period(1.0).compare(&t, &p)?;
    /// assert_eq!(ranked.best().unwrap().method(), costtrend::fit::Method::StepDiscount);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn period(mut self, period: f64) -> Self {
        self.period = Some(period);
        self
    }

    /// Makes [`compare`](Self::compare) also fit the break models,
    /// [`trend_breaks`] (kinks) and
    /// [`price_cuts`], each with the number of breaks
    /// that minimises its AICc, ranked on the same likelihood as the single
    /// curves (their `K` counts every break date). They are least squares
    /// of `ln(price)` without weights: with [`weights`](Self::weights) or
    /// [`robust`](Self::robust) set they are listed with
    /// [`FitError::OptionNotApplicable`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::{FitOptions, Method};
    /// // a list price cut on irregular dates
    /// let t = [0.0, 0.4, 0.9, 1.0, 1.5, 2.3, 2.4, 3.0, 3.1, 3.9];
    /// let p = [30.0, 30.0, 30.0, 10.0, 10.0, 10.0, 5.0, 5.0, 5.0, 5.0];
    /// let ranked = FitOptions::new().with_breaks(true).compare(&t, &p)?;
    /// assert_eq!(ranked.winner().unwrap().method(), Method::PriceCuts);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_breaks(mut self, on: bool) -> Self {
        self.with_breaks = on;
        self
    }

    fn check(&self) -> Result<(), FitError> {
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(FitError::InvalidOption {
                name: "confidence",
                value: self.confidence,
                expected: "in (0, 1)",
            });
        }
        if let Some(o) = self.origin {
            if !o.is_finite() {
                return Err(FitError::InvalidOption {
                    name: "origin",
                    value: o,
                    expected: "finite",
                });
            }
        }
        Ok(())
    }

    fn prepare<'a>(
        &self,
        t: &'a [f64],
        price: &'a [f64],
        rule: PriceRule,
        model: &'static str,
        needed: usize,
    ) -> Result<Data<'a>, FitError>
    where
        'w: 'a,
    {
        self.check()?;
        let data = input::prepare(t, price, self.weights, self.nan_policy, rule)?;
        if data.used < needed {
            return Err(FitError::TooFewPoints {
                model,
                needed,
                got: data.used,
            });
        }
        Ok(data)
    }

    /// Fits an exponential by least squares of `ln(price)` on time.
    ///
    /// - **Model:** `price = p0 · exp(-lambda · (t - origin))`.
    /// - **Loss:** `Σ w_i (ln price_i - ln p0 + lambda · (t_i - origin))²`,
    ///   solved in closed form in one pass over the data (centred updates).
    /// - **Noise:** multiplicative and log-normal: `ln price` has Gaussian
    ///   noise of constant variance (the convention of the price-trend
    ///   literature). The fitted curve is the **median** price; the mean is
    ///   [`Fit::mean_curve`].
    ///
    /// Parameters `p0` and `lambda` with t-based intervals (`p0`'s interval
    /// is `exp` of the interval of `ln p0`; its standard error is by the
    /// delta method). Statistics are on the log scale.
    ///
    /// # Errors
    ///
    /// Input errors as listed on [`FitError`]; [`FitError::NonPositivePrice`]
    /// for a price `<= 0`; [`FitError::InvalidEstimate`] if `p0` overflows.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new().exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.parameter("lambda").unwrap().value() - 2f64.ln()).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    pub fn exponential(&self, t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
        let data = self.prepare(t, price, PriceRule::Positive, "exponential", 2)?;
        self.run(&data, Method::LogLinear, Shape::LogLinear)
    }

    /// Fits an exponential by least squares on the price scale.
    ///
    /// - **Model:** `price = p0 · exp(-lambda · (t - origin))`.
    /// - **Loss:** `Σ w_i (price_i - p0 · exp(-lambda · (t_i - origin)))²`.
    /// - **Noise:** additive Gaussian of constant variance on the price.
    ///
    /// No starting guess: `p0` enters linearly and is solved exactly for each
    /// `lambda` (variable projection), so only `lambda` is searched, from the
    /// log-linear estimate, by Newton steps on the analytic derivative of the
    /// profiled sum of squares kept inside a bracket. Zero prices are
    /// allowed. Standard errors are `sqrt(diag(σ² (J'WJ)⁻¹))` with
    /// `σ² = sse / (n - 2)`; intervals are t-based.
    ///
    /// # Errors
    ///
    /// Input errors as listed on [`FitError`]; [`FitError::NotIdentifiable`]
    /// if the prices are all 0 or the best fit is a spike between two
    /// observations; [`FitError::InvalidEstimate`] for a negative `p0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [2020.0, 2021.0, 2022.0, 2023.0, 2024.0];
    /// let p = [100.0, 60.0, 37.0, 22.0, 0.0];
    /// let f = costtrend::fit::FitOptions::new().exponential_nls(&t, &p)?;
    /// assert!(f.parameter("lambda").unwrap().value() > 0.4);
    /// # Ok(()) }
    /// ```
    pub fn exponential_nls(&self, t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
        let data = self.prepare(t, price, PriceRule::NonNegative, "exponential_nls", 2)?;
        self.run(&data, Method::ExponentialNls, Shape::Exp)
    }

    /// Fits an exponential approaching a floor, on the price scale.
    ///
    /// - **Model:** `price = floor + (p0 - floor) · exp(-lambda · (t - origin))`.
    /// - **Loss:** least squares of the price, weighted.
    /// - **Noise:** additive Gaussian of constant variance on the price.
    ///
    /// Same method as [`exponential_nls`](Self::exponential_nls): the floor
    /// and the amplitude are solved exactly for each `lambda`. Parameters
    /// `p0`, `lambda`, `floor`.
    ///
    /// # Errors
    ///
    /// [`FitError::NotIdentifiable`] (parameter `"floor"`) when the data do
    /// not determine the floor: no curvature (the best `lambda` tends to 0,
    /// so the floor trades off against the level) or too few points past the
    /// knee (the columns of the Jacobian are collinear to rounding).
    /// [`FitError::InvalidEstimate`] when the least-squares floor is negative
    /// or above `p0`: it is reported, never clamped.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t: Vec<f64> = (0..12).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|t| 20.0 + 80.0 * (-0.5 * t).exp()).collect();
    /// let f = costtrend::fit::FitOptions::new().exponential_with_floor(&t, &p)?;
    /// assert!((f.parameter("floor").unwrap().value() - 20.0).abs() < 1e-8);
    /// // a straight line has no floor to find
    /// let line: Vec<f64> = t.iter().map(|t| 50.0 - 2.0 * t).collect();
    /// assert!(costtrend::fit::exponential_with_floor(&t, &line).is_err());
    /// # Ok(()) }
    /// ```
    pub fn exponential_with_floor(&self, t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
        let data = self.prepare(
            t,
            price,
            PriceRule::NonNegative,
            "exponential_with_floor",
            3,
        )?;
        self.run(&data, Method::ExponentialWithFloor, Shape::ExpFloor)
    }

    /// Fits a straight line by ordinary (weighted) least squares.
    ///
    /// - **Model:** `price = p0 - slope · (t - origin)` (the fitted
    ///   [`DecayModel`](crate::DecayModel) clamps at 0 beyond the data).
    /// - **Loss:** `Σ w_i (price_i - p0 + slope · (t_i - origin))²`, closed
    ///   form, one pass.
    /// - **Noise:** additive Gaussian of constant variance on the price.
    ///
    /// # Errors
    ///
    /// Input errors as listed on [`FitError`]; [`FitError::InvalidEstimate`]
    /// if `p0` comes out negative.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::FitOptions::new().linear(&[0.0, 1.0, 2.0, 3.0], &[10.0, 8.1, 5.9, 4.0])?;
    /// assert!((f.parameter("slope").unwrap().value() - 2.0).abs() < 0.1);
    /// # Ok(()) }
    /// ```
    pub fn linear(&self, t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
        let data = self.prepare(t, price, PriceRule::NonNegative, "linear", 2)?;
        self.run(&data, Method::Linear, Shape::Linear)
    }

    /// Fits a step discount with a given `period`.
    ///
    /// - **Model:** `price = p0 · (1 - discount)^k`, `k = floor((t - origin) / period)`.
    /// - **Loss:** least squares of `ln(price)` on `k`: closed form, one pass.
    /// - **Noise:** multiplicative and log-normal, as [`exponential`](Self::exponential).
    ///
    /// The origin sets the phase of the steps (default: the earliest
    /// observation starts a period).
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] for a period that is not finite and
    /// positive; [`FitError::OnePeriod`] if every observation falls in one
    /// period; [`FitError::InvalidEstimate`] if prices rise from one period
    /// to the next (the discount would be negative).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 0.5, 1.0, 1.5, 2.0];
    /// let p = [100.0, 100.0, 80.0, 80.0, 64.0];
    /// let f = costtrend::fit::FitOptions::new().step_discount(&t, &p, 1.0)?;
    /// assert!((f.parameter("discount").unwrap().value() - 0.2).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    pub fn step_discount(&self, t: &[f64], price: &[f64], period: f64) -> Result<Fit, FitError> {
        if !(period.is_finite() && period > 0.0) {
            return Err(FitError::InvalidOption {
                name: "period",
                value: period,
                expected: "finite and greater than 0",
            });
        }
        let data = self.prepare(t, price, PriceRule::Positive, "step_discount", 2)?;
        self.run(&data, Method::StepDiscount, Shape::Step { period })
    }

    /// Fits a step discount for each candidate period and returns the best.
    ///
    /// **Objective:** the smallest sum of squared `ln(price)` residuals.
    /// Every candidate has the same two parameters, so this is also the
    /// smallest AIC and BIC; ties go to the longer period (the simpler
    /// schedule). The period is chosen, not estimated: the returned standard
    /// errors are conditional on it, and the fit's criteria count it as a
    /// parameter. Candidates that cannot be fitted (all data in one period,
    /// rising steps) are skipped.
    ///
    /// A shorter period can always follow irregular cuts more closely, so
    /// on cuts that do not recur on a schedule the shortest candidate tends
    /// to win and the verdict moves with the list: fit
    /// [`price_cuts`] instead, which estimates each
    /// cut's date.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] for an empty or invalid candidate list;
    /// otherwise the error of the last candidate if none could be fitted.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t: Vec<f64> = (0..24).map(|m| f64::from(m) / 12.0).collect(); // monthly
    /// let p: Vec<f64> = t.iter().map(|t| 100.0 * 0.8f64.powf((t / 0.5).floor())).collect();
    /// let f = costtrend::fit::FitOptions::new()
    ///     .step_discount_best_period(&t, &p, &[0.25, 0.5, 1.0])?;
    /// let costtrend::DecayModel::StepDiscount(s) = f.model() else { unreachable!() };
    /// assert_eq!(s.period(), 0.5);
    /// # Ok(()) }
    /// ```
    pub fn step_discount_best_period(
        &self,
        t: &[f64],
        price: &[f64],
        candidates: &[f64],
    ) -> Result<Fit, FitError> {
        if candidates.is_empty() {
            return Err(FitError::InvalidOption {
                name: "candidates",
                value: 0.0,
                expected: "at least one period",
            });
        }
        let mut best: Option<(f64, Fit)> = None;
        let mut last_err = None;
        for &period in candidates {
            match self.step_discount(t, price, period) {
                Ok(fit) => {
                    let better = match &best {
                        None => true,
                        Some((p, b)) => {
                            fit.sse() < b.sse() || (fit.sse() == b.sse() && period > *p)
                        }
                    };
                    if better {
                        best = Some((period, fit));
                    }
                }
                Err(e @ FitError::InvalidOption { .. }) => return Err(e),
                Err(e) => last_err = Some(e),
            }
        }
        match (best, last_err) {
            (Some((_, fit)), _) => Ok(fit),
            (None, Some(e)) => Err(e),
            (None, None) => Err(FitError::Empty),
        }
    }

    /// Fits every applicable variant and ranks them by AICc; see
    /// [`Comparison`].
    ///
    /// Fitted: [`exponential`](Self::exponential) (when every price is
    /// positive), [`exponential_nls`](Self::exponential_nls),
    /// [`exponential_with_floor`](Self::exponential_with_floor),
    /// [`linear`](Self::linear), and [`step_discount`](Self::step_discount)
    /// when a [`period`](Self::period) is set. All criteria are computed under
    /// one likelihood on the price scale (log-scale fits include the
    /// Jacobian `-Σ ln price`, see [`Fit::log_likelihood`]), so they compare.
    ///
    /// # Errors
    ///
    /// The input errors common to every variant (empty, mismatched lengths,
    /// non-finite values, bad options). A variant that fails on its own
    /// (a floor that is not identifiable, a zero price on a log fit) is
    /// listed in the comparison with its error instead.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    /// let p = [100.0, 74.0, 55.5, 40.0, 30.5, 22.0, 16.6, 12.1];
    /// let ranked = costtrend::fit::compare(&t, &p)?;
    /// let best = ranked.best().unwrap();
    /// assert!(best.method().name().starts_with("exponential"));
    /// # Ok(()) }
    /// ```
    pub fn compare(&self, t: &[f64], price: &[f64]) -> Result<Comparison, FitError> {
        // Validate what all variants share first, so a bad input is one error.
        self.prepare(t, price, PriceRule::NonNegative, "compare", 2)?;
        let mut fits = vec![
            (Method::LogLinear, self.exponential(t, price)),
            (Method::ExponentialNls, self.exponential_nls(t, price)),
            (
                Method::ExponentialWithFloor,
                self.exponential_with_floor(t, price),
            ),
            (Method::Linear, self.linear(t, price)),
        ];
        if let Some(period) = self.period {
            fits.push((Method::StepDiscount, self.step_discount(t, price, period)));
        }
        let mut fits: Vec<(Method, Result<compare::Fitted, FitError>)> = fits
            .into_iter()
            .map(|(m, r)| (m, r.map(compare::Fitted::Curve)))
            .collect();
        if self.with_breaks {
            for (method, kind) in [
                (Method::TrendBreaks, BreakKind::Kinks),
                (Method::PriceCuts, BreakKind::Cuts),
            ] {
                fits.push((method, self.break_candidate(method, kind, t, price)));
            }
        }
        Ok(Comparison::rank(fits))
    }

    /// [`exponential`](Self::exponential) on any times the crate reads as
    /// decimal years ([`DecimalYear`]: `f64`, and with the features `jiff`
    /// and `chrono` their dates and instants). Equal to the fit on
    /// [`years`] of the times, exactly.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidTime`] for a time that is no decimal year, else as
    /// [`exponential`](Self::exponential).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new().exponential_dated(&[2020.0, 2021.0, 2022.0], &[8.0, 4.0, 2.1])?;
    /// assert_eq!(f.model().origin(), 2020.0);
    /// # Ok(()) }
    /// ```
    pub fn exponential_dated<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
    ) -> Result<Fit, FitError> {
        self.exponential(&self.dated_years(t)?, price)
    }

    /// [`exponential_nls`](Self::exponential_nls) on dates; see
    /// [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Errors
    ///
    /// As [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new().exponential_nls_dated(&[2020.0, 2021.0, 2022.0], &[8.0, 4.0, 2.1])?;
    /// assert!(f.lambda().unwrap().value() > 0.5);
    /// # Ok(()) }
    /// ```
    pub fn exponential_nls_dated<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
    ) -> Result<Fit, FitError> {
        self.exponential_nls(&self.dated_years(t)?, price)
    }

    /// [`exponential_with_floor`](Self::exponential_with_floor) on dates;
    /// see [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Errors
    ///
    /// As [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let t = [2020.0, 2021.0, 2022.0, 2023.0, 2024.0];
    /// let p = [10.0, 6.0, 4.0, 3.0, 2.5];
    /// let f = FitOptions::new().exponential_with_floor_dated(&t, &p)?;
    /// assert!(f.floor().unwrap().value() > 1.0);
    /// # Ok(()) }
    /// ```
    pub fn exponential_with_floor_dated<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
    ) -> Result<Fit, FitError> {
        self.exponential_with_floor(&self.dated_years(t)?, price)
    }

    /// [`linear`](Self::linear) on dates; see
    /// [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Errors
    ///
    /// As [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new().linear_dated(&[2020.0, 2021.0, 2022.0], &[9.0, 8.0, 7.0])?;
    /// assert!((f.slope().unwrap().value() - 1.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    pub fn linear_dated<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Fit, FitError> {
        self.linear(&self.dated_years(t)?, price)
    }

    /// [`step_discount`](Self::step_discount) on dates (the period in
    /// years: [`time::MONTH`](crate::time::MONTH) and the other calendar
    /// periods); see [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Errors
    ///
    /// As [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let t = [2020.0, 2020.5, 2021.0, 2021.5, 2022.0];
    /// let p = [10.0, 10.0, 8.0, 8.0, 6.4];
    /// let f = FitOptions::new().step_discount_dated(&t, &p, 1.0)?;
    /// assert!((f.discount().unwrap().value() - 0.2).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    pub fn step_discount_dated<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
        period: f64,
    ) -> Result<Fit, FitError> {
        self.step_discount(&self.dated_years(t)?, price, period)
    }

    /// [`compare`](Self::compare) on dates; see
    /// [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Errors
    ///
    /// As [`exponential_dated`](Self::exponential_dated).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let t = [2020.0, 2021.0, 2022.0, 2023.0, 2024.0, 2025.0];
    /// let p = [100.0, 50.0, 26.0, 12.4, 6.3, 3.1];
    /// let ranked = FitOptions::new().compare_dated(&t, &p)?;
    /// assert!(ranked.best().is_some());
    /// # Ok(()) }
    /// ```
    pub fn compare_dated<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
    ) -> Result<Comparison, FitError> {
        self.compare(&self.dated_years(t)?, price)
    }

    /// Fits `shape` to prepared data, robustly if asked.
    /// A break model for [`compare`](Self::compare), on the finite rows if
    /// non-finite ones are to be omitted.
    fn break_candidate(
        &self,
        method: Method,
        kind: BreakKind,
        t: &[f64],
        price: &[f64],
    ) -> Result<compare::Fitted, FitError> {
        let fit = method.name();
        if self.weights.is_some() {
            return Err(FitError::OptionNotApplicable {
                name: "weights",
                fit,
                instead: "break fits are unweighted least squares of ln(price)",
            });
        }
        if self.robust {
            return Err(FitError::OptionNotApplicable {
                name: "robust",
                fit,
                instead: "break fits are least squares of ln(price)",
            });
        }
        let (t, price): (Vec<f64>, Vec<f64>) = t
            .iter()
            .zip(price)
            .filter(|(a, b)| {
                self.nan_policy == NanPolicy::Reject || (a.is_finite() && b.is_finite())
            })
            .map(|(&a, &b)| (a, b))
            .unzip();
        breaks::by_aicc(kind, &t, &price, self.confidence).map(compare::Fitted::Breaks)
    }

    fn run(&self, data: &Data<'_>, method: Method, shape: Shape) -> Result<Fit, FitError> {
        let origin = self.origin.unwrap_or(data.t_min);
        let mut raw = if self.robust {
            robust(data, origin, method, shape)?
        } else {
            core(data, origin, None, method, shape)?
        };
        raw.dropped = data.dropped;
        let model = model_of(&raw)?;
        let residuals = self
            .keep_residuals
            .then(|| residuals(data, &raw).collect::<Vec<_>>());
        Ok(Fit::assemble(raw, model, self.confidence, residuals))
    }
}

/// Fits an experience curve (Wright's law) with default options; see
/// [`FitOptions::experience_curve`].
///
/// # Errors
///
/// As [`FitOptions::experience_curve`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let x = [1.0, 2.0, 4.0, 8.0];
/// let c = [100.0, 80.0, 64.0, 51.2];
/// let f = costtrend::fit::experience_curve(&x, &c)?;
/// assert!((f.learning_rate().value() - 0.2).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn experience_curve(volume: &[f64], cost: &[f64]) -> Result<ExperienceFit, FitError> {
    FitOptions::new().experience_curve(volume, cost)
}

/// Fits an exponential by least squares of `ln(price)` with default options;
/// see [`FitOptions::exponential`].
///
/// # Errors
///
/// As [`FitOptions::exponential`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
/// assert!((f.model().at(3.0) - 1.0).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn exponential(t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
    FitOptions::new().exponential(t, price)
}

/// Fits an exponential by least squares on the price scale with default
/// options; see [`FitOptions::exponential_nls`].
///
/// # Errors
///
/// As [`FitOptions::exponential_nls`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let f = costtrend::fit::exponential_nls(&[0.0, 1.0, 2.0, 3.0], &[8.0, 4.0, 2.0, 1.0])?;
/// assert!((f.parameter("lambda").unwrap().value() - 2f64.ln()).abs() < 1e-10);
/// # Ok(()) }
/// ```
pub fn exponential_nls(t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
    FitOptions::new().exponential_nls(t, price)
}

/// Fits an exponential toward a floor with default options; see
/// [`FitOptions::exponential_with_floor`].
///
/// # Errors
///
/// As [`FitOptions::exponential_with_floor`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
/// let p: Vec<f64> = t.iter().map(|t| 5.0 + 20.0 * (-0.7_f64 * t).exp()).collect();
/// let f = costtrend::fit::exponential_with_floor(&t, &p)?;
/// assert!((f.model().floor() - 5.0).abs() < 1e-8);
/// # Ok(()) }
/// ```
pub fn exponential_with_floor(t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
    FitOptions::new().exponential_with_floor(t, price)
}

/// Fits a straight line by least squares with default options; see
/// [`FitOptions::linear`].
///
/// # Errors
///
/// As [`FitOptions::linear`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?;
/// assert_eq!(f.model().time_to(0.0), Ok(Some(3.0)));
/// # Ok(()) }
/// ```
pub fn linear(t: &[f64], price: &[f64]) -> Result<Fit, FitError> {
    FitOptions::new().linear(t, price)
}

/// Fits a step discount with a given period and default options; see
/// [`FitOptions::step_discount`].
///
/// # Errors
///
/// As [`FitOptions::step_discount`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let f = costtrend::fit::step_discount(&[0.0, 1.0, 2.0], &[10.0, 5.0, 2.5], 1.0)?;
/// assert!((f.parameter("discount").unwrap().value() - 0.5).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn step_discount(t: &[f64], price: &[f64], period: f64) -> Result<Fit, FitError> {
    FitOptions::new().step_discount(t, price, period)
}

/// Fits every applicable variant with default options and ranks them; see
/// [`FitOptions::compare`].
///
/// # Errors
///
/// As [`FitOptions::compare`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let ranked = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[10.0, 9.0, 8.0, 7.0, 6.0, 5.0])?;
/// assert_eq!(ranked.best().unwrap().method(), costtrend::fit::Method::Linear);
/// # Ok(()) }
/// ```
pub fn compare(t: &[f64], price: &[f64]) -> Result<Comparison, FitError> {
    FitOptions::new().compare(t, price)
}

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
/// let b = costtrend::fit::trend_breaks(&t, &p)?;
/// assert_eq!(b.times(), &[2010.0]);
/// let before = b.segments()[0].rate().unwrap().percent_per(1.0).value();
/// let after = b.segments()[1].rate().unwrap().percent_per(1.0).value();
/// assert!((before - 40.0).abs() < 1e-6 && (after - 10.0).abs() < 1e-6);
/// # Ok(()) }
/// ```
pub fn trend_breaks(t: &[f64], price: &[f64]) -> Result<Breaks, FitError> {
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
/// let b = costtrend::fit::price_cuts(&t, &p)?;
/// assert_eq!(b.times(), &[2023.85, 2024.36]);
/// assert!((b.model().at(2024.0) - 10.0).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn price_cuts(t: &[f64], price: &[f64]) -> Result<Breaks, FitError> {
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
/// let b = costtrend::fit::regimes(&t, &p)?;
/// assert_eq!(b.times(), &[12.0]);
/// # Ok(()) }
/// ```
pub fn regimes(t: &[f64], price: &[f64]) -> Result<Breaks, FitError> {
    BreakOptions::new().regimes(t, price)
}

impl FitOptions<'_> {
    /// The decimal years of `times` for a dated fit: as [`years`], except
    /// that under [`NanPolicy::Omit`] a non-finite `f64` time becomes NaN
    /// for the fit to omit, as the plain fits do, instead of an error.
    fn dated_years<T: DecimalYear>(&self, times: &[T]) -> Result<Vec<f64>, FitError> {
        let omit = matches!(self.nan_policy, NanPolicy::Omit);
        times
            .iter()
            .enumerate()
            .map(|(index, t)| match t.to_year() {
                Err(crate::time::TimeError::NotFinite { .. }) if omit => Ok(f64::NAN),
                other => other.map_err(|source| FitError::InvalidTime { index, source }),
            })
            .collect()
    }
}

/// The decimal years of `times` (see [`time`](crate::time)): what every
/// `*_dated` fit does first.
///
/// # Errors
///
/// [`FitError::InvalidTime`] naming the first time that is no decimal year.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t = costtrend::fit::years(&[2024.0, 2024.5])?;
/// assert_eq!(t, [2024.0, 2024.5]);
/// assert!(costtrend::fit::years(&[2024.0, f64::NAN]).is_err());
/// # Ok(()) }
/// ```
pub fn years<T: DecimalYear>(times: &[T]) -> Result<Vec<f64>, FitError> {
    times
        .iter()
        .enumerate()
        .map(|(index, t)| {
            t.to_year()
                .map_err(|source| FitError::InvalidTime { index, source })
        })
        .collect()
}
