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
//! [`select::compare`](crate::select::compare) fits every applicable variant and ranks them by AICc on one
//! likelihood; [`Accumulator`] fits the closed-form variants in O(1) memory
//! from a stream, mergeable across threads and processes.
//!
//! Options shared by all fits (weights, origin, interval level, NaN
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

pub use experience::ExperienceFit;
pub use result::{Fit, Method};
pub use stream::{Accumulator, AccumulatorState};

use crate::input::{self, Data, NanPolicy, PriceRule};
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
/// | [`level`](Self::level) | 0.95 | level of every interval |
/// | [`nan_policy`](Self::nan_policy) | [`NanPolicy::Reject`] | non-finite values |
/// | [`robust`](Self::robust) | off | Huber loss against outliers |
/// | [`keep_residuals`](Self::keep_residuals) | off | store residuals in the [`Fit`] |
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::NanPolicy;
/// use costtrend::fit::FitOptions;
///
/// let t = [2020.0, 2021.0, 2022.0, f64::NAN, 2024.0];
/// let p = [100.0, 70.0, 49.0, 40.0, 24.0];
/// let f = FitOptions::new()
///     .nan_policy(NanPolicy::Omit)
///     .level(0.9)
///     .exponential(&t, &p)?;
/// assert_eq!(f.dropped(), 1);
/// assert_eq!(f.level(), 0.9);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitOptions<'w> {
    weights: Option<&'w [f64]>,
    origin: Option<f64>,
    level: f64,
    nan_policy: NanPolicy,
    robust: bool,
    keep_residuals: bool,
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
            level: 0.95,
            nan_policy: NanPolicy::Reject,
            robust: false,
            keep_residuals: false,
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

    /// The level of every interval, in `(0, 1)` (default 0.95).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::fit::FitOptions;
    /// let err = FitOptions::new().level(1.5).linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0]);
    /// assert!(err.is_err());
    /// ```
    #[must_use]
    pub fn level(mut self, level: f64) -> Self {
        self.level = level;
        self
    }

    /// What to do with non-finite values (default [`NanPolicy::Reject`]).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::NanPolicy;
    /// use costtrend::fit::FitOptions;
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

    fn check(&self) -> Result<(), FitError> {
        crate::numeric::level_option(self.level)?;
        if let Some(o) = self.origin
            && !o.is_finite()
        {
            return Err(FitError::InvalidOption {
                name: "origin",
                value: o,
                expected: "finite",
            });
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

    /// Checks the options and what every fit of a comparison shares (the
    /// lengths, the values under the NaN policy, at least two points).
    pub(crate) fn validate(
        &self,
        t: &[f64],
        price: &[f64],
        model: &'static str,
    ) -> Result<(), FitError> {
        self.prepare(t, price, PriceRule::NonNegative, model, 2)
            .map(|_| ())
    }

    /// For a fit that is unweighted least squares of `ln(price)` (a break
    /// model in a comparison): whether non-finite rows are to be omitted,
    /// and the interval level; an error naming the option if weights or
    /// the robust loss are set, which such a fit cannot honour.
    pub(crate) fn unweighted_log_fit(&self, fit: &'static str) -> Result<(bool, f64), FitError> {
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
        Ok((self.nan_policy == NanPolicy::Omit, self.level))
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
    pub fn exponential<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Fit, FitError> {
        let t = T::years(t);
        let data = self.prepare(&t, price, PriceRule::Positive, "exponential", 2)?;
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
    pub fn exponential_nls<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Fit, FitError> {
        let t = T::years(t);
        let data = self.prepare(&t, price, PriceRule::NonNegative, "exponential_nls", 2)?;
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
    pub fn exponential_with_floor<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
    ) -> Result<Fit, FitError> {
        let t = T::years(t);
        let data = self.prepare(
            &t,
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
    pub fn linear<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Fit, FitError> {
        let t = T::years(t);
        let data = self.prepare(&t, price, PriceRule::NonNegative, "linear", 2)?;
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
    pub fn step_discount<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
        period: f64,
    ) -> Result<Fit, FitError> {
        let t = T::years(t);
        if !(period.is_finite() && period > 0.0) {
            return Err(FitError::InvalidOption {
                name: "period",
                value: period,
                expected: "finite and greater than 0",
            });
        }
        let data = self.prepare(&t, price, PriceRule::Positive, "step_discount", 2)?;
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
    /// [`price_cuts`](crate::breaks::price_cuts) instead, which estimates each
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
    pub fn step_discount_best_period<T: DecimalYear>(
        &self,
        t: &[T],
        price: &[f64],
        candidates: &[f64],
    ) -> Result<Fit, FitError> {
        let t = T::years(t);
        let t: &[f64] = &t;
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

    /// Fits `shape` to prepared data, robustly if asked.
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
        Ok(Fit::assemble(raw, model, self.level, residuals))
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
pub fn exponential<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Fit, FitError> {
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
pub fn exponential_nls<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Fit, FitError> {
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
pub fn exponential_with_floor<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Fit, FitError> {
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
pub fn linear<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Fit, FitError> {
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
pub fn step_discount<T: DecimalYear>(t: &[T], price: &[f64], period: f64) -> Result<Fit, FitError> {
    FitOptions::new().step_discount(t, price, period)
}
