//! What a fit returns: the model, its parameters with uncertainty, fit
//! statistics, and forecasts with bands at any time.

use crate::estimate::criteria::{Criteria, gaussian_log_likelihood};
use core::fmt;

use super::raw::{Raw, Shape};
use crate::estimate::{Covariance, Estimate, Interval, Parameter, RateEstimate};
use crate::{DecayModel, FitError};

/// Which fit produced a [`Fit`]: the model family, the loss and the scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// Exponential by least squares of `ln(price)` ([`exponential`](super::exponential)).
    LogLinear,
    /// Exponential by least squares on the price scale ([`exponential_nls`](super::exponential_nls)).
    ExponentialNls,
    /// Exponential toward a floor, price scale ([`exponential_with_floor`](super::exponential_with_floor)).
    ExponentialWithFloor,
    /// Straight line, price scale ([`linear`](super::linear)).
    Linear,
    /// Step discount by least squares of `ln(price)` on the step count
    /// ([`step_discount`](super::step_discount)).
    StepDiscount,
    /// Kinks in the trend of `ln(price)` ([`trend_breaks`](crate::breaks::trend_breaks));
    /// a [`Breaks`](crate::breaks::Breaks), never a [`Fit`], in a
    /// [`Comparison`](crate::select::Comparison).
    TrendBreaks,
    /// Irregular price cuts ([`price_cuts`](crate::breaks::price_cuts)); a
    /// [`Breaks`](crate::breaks::Breaks) in a [`Comparison`](crate::select::Comparison).
    PriceCuts,
}

impl Method {
    /// A short stable name: the name of the function in [`fit`](super)
    /// that makes this kind of fit (`"exponential"` for
    /// [`LogLinear`](Self::LogLinear), made by [`fit::exponential`](super::exponential);
    /// `"exponential_nls"`, `"exponential_with_floor"`, `"linear"`,
    /// `"step_discount"`). The variants name the loss, the names the
    /// function a user calls; the log-linear fit is the crate's default
    /// exponential fit, so it has the plain name.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::fit::Method::LogLinear.name(), "exponential");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::LogLinear => "exponential",
            Self::ExponentialNls => "exponential_nls",
            Self::ExponentialWithFloor => "exponential_with_floor",
            Self::Linear => "linear",
            Self::StepDiscount => "step_discount",
            Self::TrendBreaks => "trend_breaks",
            Self::PriceCuts => "price_cuts",
        }
    }

    /// Whether the loss is on `ln(price)` (true) or on the price (false).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::fit::Method::LogLinear.log_scale());
    /// assert!(!costtrend::fit::Method::Linear.log_scale());
    /// ```
    #[must_use]
    pub fn log_scale(self) -> bool {
        matches!(
            self,
            Self::LogLinear | Self::StepDiscount | Self::TrendBreaks | Self::PriceCuts
        )
    }
}

impl fmt::Display for Method {
    /// The [`name`](Self::name), honouring width and alignment.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A fitted model with its uncertainty and statistics.
///
/// Returned by every function in [`fit`](super). The model is
/// [`model`](Self::model); parameters with standard errors and confidence
/// intervals are [`parameters`](Self::parameters); forecasts with bands at
/// any time are [`predict`](Self::predict) and
/// [`predict_observation`](Self::predict_observation).
///
/// Statistics are on the scale the loss was computed on, stated per fit:
/// `ln(price)` for [`Method::LogLinear`] and [`Method::StepDiscount`], the
/// price otherwise. The information criteria ([`aic`](Self::aic),
/// [`aicc`](Self::aicc), [`bic`](Self::bic)) are instead all on the price
/// scale, so fits of the same data by different methods compare.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::fit;
/// let t = [2020.0, 2021.0, 2022.0, 2023.0, 2024.0];
/// let p = [100.0, 61.0, 35.0, 22.5, 13.0];
/// let f = fit::exponential(&t, &p)?;
/// assert_eq!(f.model().origin(), 2020.0);
/// assert_eq!(f.n(), 5);
/// assert_eq!(f.dof(), 3);
/// assert!(f.r_squared() > 0.99);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Fit {
    raw: Raw,
    model: DecayModel,
    params: Vec<Parameter>,
    /// σ² of the fitted-scale residuals (unit weight), if dof > 0.
    sigma2: Option<f64>,
    /// Student-t quantile for the confidence level, if dof > 0.
    quantile: Option<f64>,
    level: f64,
    residuals: Option<Vec<f64>>,
}

/// The linear fit's parameter: price change per unit time.
const SLOPE: &str = "slope";

/// Names of the reported parameters per shape.
fn names(shape: Shape) -> &'static [&'static str] {
    match shape {
        Shape::LogLinear | Shape::Exp => &["p0", "lambda"],
        Shape::Linear => &["p0", SLOPE],
        Shape::Step { .. } => &["p0", "discount"],
        Shape::ExpFloor => &["p0", "lambda", "floor"],
    }
}

impl Fit {
    /// What the fit was computed from.
    #[cfg(feature = "serde")]
    pub(crate) fn raw(&self) -> &Raw {
        &self.raw
    }

    /// Assembles a fit; `model` must already be validated.
    pub(crate) fn assemble(
        raw: Raw,
        model: DecayModel,
        level: f64,
        residuals: Option<Vec<f64>>,
    ) -> Self {
        let dof = raw.n.saturating_sub(raw.k);
        let sigma2 = (dof > 0).then(|| raw.sse / dof as f64);
        let quantile =
            (dof > 0).then(|| crate::numeric::stats::t_quantile(0.5 + level / 2.0, dof as f64));
        let mut params = Vec::with_capacity(raw.k);
        for (i, &name) in names(raw.shape).iter().enumerate() {
            let th = raw.theta[i];
            let se_theta = sigma2.map(|s2| (s2 * raw.inv[i][i]).max(0.0).sqrt());
            let ci_theta = se_theta
                .zip(quantile)
                .map(|(se, q)| (th - q * se, th + q * se));
            let (value, std_error, interval) = match (raw.shape, i) {
                // ln p0 -> p0: delta-method error, interval by exp.
                (Shape::LogLinear | Shape::Step { .. }, 0) => {
                    let p0 = th.exp();
                    (
                        p0,
                        se_theta.map(|s| p0 * s),
                        ci_theta.map(|(a, b)| Interval::new(a.exp(), b.exp())),
                    )
                }
                // ln(1 - d) -> d
                (Shape::Step { .. }, 1) => {
                    let d = -th.exp_m1();
                    (
                        d,
                        se_theta.map(|s| th.exp() * s),
                        ci_theta.map(|(a, b)| Interval::new(-a.exp_m1(), -b.exp_m1())),
                    )
                }
                _ => {
                    let u = raw.unit(i);
                    (
                        th * u,
                        se_theta.map(|s| s * u),
                        ci_theta.map(|(a, b)| Interval::new(a * u, b * u)),
                    )
                }
            };
            // A delta-method error of a value that underflowed to 0 against
            // an infinite one (0 · inf) is unbounded, not NaN.
            let std_error = std_error.map(|s| if s.is_nan() { f64::INFINITY } else { s });
            params.push(Parameter {
                name,
                value,
                std_error,
                interval,
            });
        }
        Self {
            raw,
            model,
            params,
            sigma2,
            quantile,
            level,
            residuals,
        }
    }

    /// The fitted model.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.model().at(3.0) - 1.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn model(&self) -> DecayModel {
        self.model
    }

    /// The method that produced this fit.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?;
    /// assert_eq!(f.method(), costtrend::fit::Method::Linear);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn method(&self) -> Method {
        self.raw.method
    }

    /// Every parameter with its standard error and interval.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// let names: Vec<_> = f.parameters().iter().map(|p| p.name()).collect();
    /// assert_eq!(names, ["p0", "lambda"]);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn parameters(&self) -> &[Parameter] {
        &self.params
    }

    /// The parameter called `name`, if this fit has one.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.parameter("p0").unwrap().value() - 8.0).abs() < 1e-12);
    /// assert!(f.parameter("discount").is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.params.iter().find(|p| p.name == name)
    }

    /// `p0`, the price at the origin (every fit has it).
    ///
    /// The typed accessors ([`p0`](Self::p0), [`lambda`](Self::lambda),
    /// [`slope`](Self::slope), [`floor`](Self::floor),
    /// [`discount`](Self::discount)) are `None` for a fit without that
    /// parameter; [`parameter`](Self::parameter) takes a name, for generic
    /// code.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// assert!((f.p0().unwrap().value() - 8.0).abs() < 1e-12);
    /// assert!((f.lambda().unwrap().value() - 2f64.ln()).abs() < 1e-12);
    /// assert!(f.slope().is_none() && f.floor().is_none() && f.discount().is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn p0(&self) -> Option<&Parameter> {
        self.parameter("p0")
    }

    /// `lambda`, the continuous rate of an exponential fit.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[8.0, 4.0, 1.0])?;
    /// assert!(f.lambda().is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn lambda(&self) -> Option<&Parameter> {
        self.parameter("lambda")
    }

    /// The slope of a linear fit, in price per unit time (its decline:
    /// positive for a falling price).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0], &[8.0, 6.0, 4.0])?;
    /// assert!((f.slope().unwrap().value() - 2.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn slope(&self) -> Option<&Parameter> {
        self.parameter(SLOPE)
    }

    /// The floor of an exponential fit toward a floor.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let p: Vec<f64> = t.iter().map(|t| 2.0 + 8.0 * (-0.7f64 * t).exp()).collect();
    /// let f = costtrend::fit::exponential_with_floor(&t, &p)?;
    /// assert!((f.floor().unwrap().value() - 2.0).abs() < 1e-8);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn floor(&self) -> Option<&Parameter> {
        self.parameter("floor")
    }

    /// The discount of a step-discount fit.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::step_discount(&[0.0, 1.0, 2.0, 3.0], &[10.0, 8.0, 6.4, 5.12], 1.0)?;
    /// assert!((f.discount().unwrap().value() - 0.2).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn discount(&self) -> Option<&Parameter> {
        self.parameter("discount")
    }

    /// The covariance of the parameters; `None` without residual degrees of
    /// freedom.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0], &[3.0, 2.0])?;
    /// assert!(f.covariance().is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn covariance(&self) -> Option<Covariance> {
        let s2 = self.sigma2?;
        let k = self.raw.k;
        // Derivative of each reported parameter with respect to its θ.
        let scale: Vec<f64> = (0..k)
            .map(|i| match (self.raw.shape, i) {
                (Shape::LogLinear | Shape::Step { .. }, 0) => self.raw.theta[0].exp(),
                (Shape::Step { .. }, 1) => -self.raw.theta[1].exp(),
                _ => self.raw.unit(i),
            })
            .collect();
        let mut values = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                let v = s2 * self.raw.inv[i][j] * scale[i] * scale[j];
                // 0 · inf where a value underflowed: unbounded, not NaN.
                values[i * k + j] = if v.is_nan() { f64::INFINITY } else { v };
            }
        }
        Some(Covariance {
            names: names(self.raw.shape).to_vec(),
            values,
        })
    }

    /// Observations used (with a positive weight).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert_eq!(costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?.n(), 3);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn n(&self) -> usize {
        self.raw.n
    }

    /// Residual degrees of freedom, `n - parameters`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert_eq!(costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?.dof(), 1);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn dof(&self) -> usize {
        self.raw.n.saturating_sub(self.raw.k)
    }

    /// Observations omitted for a non-finite value
    /// ([`NanPolicy::Omit`](super::NanPolicy::Omit)).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::NanPolicy;
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new()
    ///     .nan_policy(NanPolicy::Omit)
    ///     .linear(&[0.0, 1.0, f64::NAN, 3.0], &[3.0, 2.0, 5.0, 0.0])?;
    /// assert_eq!(f.dropped(), 1);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn dropped(&self) -> usize {
        self.raw.dropped
    }

    /// The confidence level of every interval (default 0.95).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert_eq!(costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?.level(), 0.95);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The weighted sum of squared residuals, on the fitted scale.
    ///
    /// Price-scale fits compute it on prices divided by a power of two near
    /// the largest price and scale it back by that factor squared: for
    /// prices beyond about 1e154 (or below 1e-154) the product may leave the
    /// `f64` range and saturate to `+inf` (or 0), while [`rmse`](Self::rmse),
    /// [`sigma`](Self::sigma), the standard errors and the criteria
    /// (computed in log space) do not. Where `1 - R²` is below 1e-3 the SSE
    /// comes from a second, compensated pass over the residuals rather than
    /// from the one-pass `Syy - Sxy²/Sxx`, so it keeps its digits as `R²`
    /// nears 1; an SSE within the rounding of the data (every residual
    /// within about 8 ulps of its observation) is reported as 0.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert_eq!(costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?.sse(), 0.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn sse(&self) -> f64 {
        let u = self.raw.out_unit();
        self.raw.sse * u * u
    }

    /// Root mean squared residual, `sqrt(sse / n)`, on the fitted scale.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 1.0])?;
    /// assert!((f.rmse() - (f.sse() / 4.0).sqrt()).abs() < 1e-15);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn rmse(&self) -> f64 {
        (self.raw.sse / self.raw.n as f64).sqrt() * self.raw.out_unit()
    }

    /// The residual standard error `sqrt(sse / dof)` on the fitted scale;
    /// `None` without residual degrees of freedom.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 1.0])?;
    /// assert!((f.sigma().unwrap() - (f.sse() / 2.0).sqrt()).abs() < 1e-15);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn sigma(&self) -> Option<f64> {
        self.sigma2.map(|s2| s2.sqrt() * self.raw.out_unit())
    }

    /// The coefficient of determination `1 - sse / sst` on the fitted
    /// scale (`ln(price)` for log-scale fits), with weights; 1 when the data
    /// have no variation and the fit is exact.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// assert_eq!(costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?.r_squared(), 1.0);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn r_squared(&self) -> f64 {
        if self.raw.sst > 0.0 {
            1.0 - self.raw.sse / self.raw.sst
        } else {
            1.0
        }
    }

    /// The maximised log-likelihood on the **price** scale, under Gaussian
    /// noise on the fitted scale with variance `σ² / w_i` (σ² at its maximum
    /// likelihood value `sse / n`). For log-scale fits the Jacobian
    /// `-Σ ln price_i` converts the density of `ln(price)` into a density of
    /// the price, so every method's likelihood is of the same data.
    ///
    /// `+inf` for an exact fit (`sse = 0`): the likelihood is unbounded.
    ///
    /// # Formula
    ///
    /// ```text
    /// ln L = -n/2 · (ln(2π · sse / n) + 1) + ½ Σ ln w_i  [- Σ ln price_i]
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 1.0])?;
    /// assert!((f.aic() - (-2.0 * f.log_likelihood() + 2.0 * 3.0)).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn log_likelihood(&self) -> f64 {
        if self.raw.sse == 0.0 {
            return f64::INFINITY;
        }
        // ln(sse) in log space: the SSE in units of the data may overflow.
        let ln_sse = self.raw.sse.ln() + 2.0 * self.raw.out_unit().ln();
        gaussian_log_likelihood(self.raw.n as f64, ln_sse) + 0.5 * self.raw.sum_ln_w
            - self.raw.jacobian
    }

    /// Number of estimated quantities in the criteria: the model's
    /// parameters plus the noise variance, plus the period for a step
    /// discount (it is chosen, in practice by looking at the data, so it
    /// is counted as fitted).
    fn n_estimated(&self) -> f64 {
        let period = usize::from(self.raw.method == Method::StepDiscount);
        (self.raw.k + 1 + period) as f64
    }

    /// The number of estimated quantities the criteria count: the model's
    /// parameters, the noise variance and, for a step discount, its
    /// period (as [`Breaks::parameter_count`](crate::breaks::Breaks::parameter_count)).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 1.0])?;
    /// assert_eq!(f.parameter_count(), f.parameters().len() + 1); // p0, slope, sigma
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn parameter_count(&self) -> usize {
        self.n_estimated() as usize
    }

    fn criteria(&self) -> Criteria {
        Criteria {
            log_likelihood: self.log_likelihood(),
            k: self.n_estimated(),
            n: self.raw.n as f64,
        }
    }

    /// Akaike's criterion on the price scale, `-2 ln L + 2 K` with `K` the
    /// model parameters plus the noise variance (and, for a step discount,
    /// its period: a period picked from a list of candidates is a fitted
    /// quantity, so it is counted). `-inf` for an exact fit.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let p = [100.0, 50.0, 26.0, 12.4, 6.3, 3.1];
    /// let exp = costtrend::fit::exponential(&t, &p)?;
    /// let lin = costtrend::fit::linear(&t, &p)?;
    /// assert!(exp.aic() < lin.aic());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn aic(&self) -> f64 {
        self.criteria().aic()
    }

    /// AIC with the small-sample correction `2K(K+1)/(n-K-1)`; `None` when
    /// `n <= K + 1`, where it is undefined.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 1.0])?;
    /// assert_eq!(f.aicc(), None); // n = 4, K = 3
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn aicc(&self) -> Option<f64> {
        self.criteria().aicc()
    }

    /// Schwarz's criterion on the price scale, `-2 ln L + K ln n`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    /// let p = [9.0, 8.1, 6.9, 6.2, 4.8, 4.1, 3.2, 1.9, 1.1];
    /// let f = costtrend::fit::linear(&t, &p)?;
    /// assert!(f.bic() > f.aic()); // ln 9 > 2: BIC penalises harder
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn bic(&self) -> f64 {
        self.criteria().bic()
    }

    /// The residuals `observed - fitted` on the fitted scale, in input order
    /// (omitted observations excluded), if they were asked for with
    /// [`FitOptions::keep_residuals`](super::FitOptions::keep_residuals).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let f = FitOptions::new().keep_residuals(true).linear(&[0.0, 1.0, 2.0], &[3.0, 2.5, 1.0])?;
    /// assert_eq!(f.residuals().unwrap().len(), 3);
    /// assert!(costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.5, 1.0])?.residuals().is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn residuals(&self) -> Option<&[f64]> {
        self.residuals.as_deref()
    }

    /// The fitted-scale value at `t`, and half-widths of the confidence
    /// band of the curve and of a new observation.
    ///
    /// The variance `σ² (gᵀ V g [+ 1])` is formed with `g` divided by its
    /// largest entry (a power of two) and that factor taken out of the
    /// square root, so it overflows only when the half-width itself does.
    fn band(&self, t: f64, observation: bool) -> (f64, Option<f64>) {
        let (v, mut g) = self.raw.shape.eval(&self.raw.theta, t, self.raw.origin);
        let out = self.raw.out_unit();
        let half = self.sigma2.zip(self.quantile).map(|(s2, q)| {
            let k = self.raw.k;
            let big = g[..k].iter().fold(0.0f64, |m, x| m.max(x.abs()));
            let m = if big > 1.0 && big.is_finite() {
                crate::numeric::pow2_floor(big)
            } else {
                1.0
            };
            for x in &mut g[..k] {
                *x /= m;
            }
            let mut var = 0.0;
            for i in 0..k {
                for j in 0..k {
                    var += g[i] * self.raw.inv[i][j] * g[j];
                }
            }
            let obs = if observation { 1.0 / (m * m) } else { 0.0 };
            q * (s2 * (var.max(0.0) + obs)).sqrt() * m * out
        });
        (v * out, half)
    }

    /// The predictive distribution of a new observation at `t` on the
    /// fitted scale: location, scale of the Student-t, degrees of freedom;
    /// `None` without residual degrees of freedom.
    pub(crate) fn predictive(&self, t: f64) -> Option<(f64, f64, f64)> {
        let (v, half) = self.band(t, true);
        let q = self.quantile?;
        Some((v, half? / q, self.dof() as f64))
    }

    fn to_price(&self, v: f64) -> f64 {
        if self.raw.shape.log_scale() {
            v.exp()
        } else {
            // Prices are never negative: the linear model clamps at 0 and a
            // band is cut there too.
            v.max(0.0)
        }
    }

    fn estimate_at(&self, t: f64, observation: bool) -> Estimate {
        let (v, half) = self.band(t, observation);
        let value = self.model.at(t);
        let interval = half.map(|h| {
            let (lo, hi) = (self.to_price(v - h), self.to_price(v + h));
            // The band always contains the estimate, also where the model
            // clamps (the linear floor) or rounds differently.
            Interval::new(lo.min(value), hi.max(value))
        });
        Estimate::new(value, interval)
    }

    /// The fitted price at any time `t` with a confidence band for the
    /// curve (t-based, at the fit's confidence level; delta method for the
    /// price-scale exponential fits).
    ///
    /// For log-scale fits the value is the **median** price
    /// `exp(E[ln price])`; see [`mean_curve`](Self::mean_curve). Bands are
    /// cut at 0. A NaN `t` gives NaN.
    ///
    /// **Without residual degrees of freedom** (as many points as
    /// parameters) there is no spread to quote, and the crate's one rule
    /// applies: a result that carries an optional interval (this
    /// [`Estimate`]) has none, and a query whose answer *is* the spread
    /// ([`Forecast::quantile_at`](crate::forecast::Forecast::quantile_at),
    /// `interval_at`, `prob_at_or_below`) is [`FitError::TooFewPoints`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[2020.0, 2021.0, 2022.0, 2023.0], &[100.0, 52.0, 24.0, 13.0])?;
    /// let p = f.predict(2026.0); // three years past the data
    /// assert!(p.value() < 13.0);
    /// let band = p.interval().unwrap();
    /// assert!(band.lower() < p.value() && p.value() < band.upper());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn predict(&self, t: f64) -> Estimate {
        self.estimate_at(t, false)
    }

    /// Like [`predict`](Self::predict), with the wider prediction interval
    /// for one new observation at `t` (of unit weight, which after the
    /// weights' rescaling to mean 1 is an observation of average weight).
    ///
    /// **What it assumes, and how it fares.** The interval assumes the
    /// fit's noise model: independent errors around one fixed curve. Real
    /// technology prices wander around their trend like a random walk, so
    /// beyond the data this interval is far too narrow: hindcast on six
    /// bundled long series, 1 to 20 points ahead, the nominal 95 % interval
    /// of the log-linear fit holds 47 % of the outcomes. To forecast, use
    /// [`forecast::random_walk`](crate::forecast::random_walk) (90 % on the
    /// same hindcasts), and [`forecast::backtest`](crate::forecast::backtest)
    /// to check either on your own series.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
    /// let curve = f.predict(5.0).interval().unwrap();
    /// let obs = f.predict_observation(5.0).interval().unwrap();
    /// assert!(obs.lower() < curve.lower() && curve.upper() < obs.upper());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn predict_observation(&self, t: f64) -> Estimate {
        self.estimate_at(t, true)
    }

    /// When the price first reaches `price` (at or after the origin), with
    /// an interval found by inverting the confidence band: the lower bound is
    /// when the band's lower edge reaches the price, the upper bound when its
    /// upper edge does.
    ///
    /// `None` when the fitted curve never reaches the price (a rising fit,
    /// a price below the floor, or 0 on an exponential). The upper bound is
    /// `+inf` where the pessimistic edge never gets there (for example when
    /// the rate's interval includes 0). Crossings are judged on the fitted
    /// scale, so no overflow of the band or underflow of the curve counts
    /// as reaching a price: a log-scale fit never reaches 0, and a
    /// price-scale exponential reaches its asymptote (0, or its floor) only
    /// where its band goes strictly below it. Bounds are never swapped and
    /// never before the origin.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidArgument`] if `price` is NaN or negative.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
    /// let when = f.time_to(1.0)?.unwrap();
    /// let i = when.interval().unwrap();
    /// assert!(i.lower() <= when.value() && when.value() <= i.upper());
    /// assert!(f.time_to(0.0)?.is_none()); // an exponential never reaches 0
    /// assert!(f.time_to(f64::NAN).is_err());
    /// # Ok(()) }
    /// ```
    pub fn time_to(&self, price: f64) -> Result<Option<Estimate>, FitError> {
        if price.is_nan() || price < 0.0 {
            return Err(FitError::InvalidArgument {
                name: "price",
                value: price,
                expected: "a number at least 0",
            });
        }
        let Some(point) = self.model.crossing(price) else {
            return Ok(None);
        };
        // Crossings are judged on the fitted scale, where nothing
        // underflows: a log-scale band reaches `price` when its edge in
        // `ln(price)` does (never for a price of 0), and a price-scale band
        // reaches its curve's asymptote (0, or the floor) only by going
        // strictly below it, not by both terms underflowing onto it.
        let log = self.raw.shape.log_scale();
        let target = if log { price.ln() } else { price };
        let asymptote = match self.raw.shape {
            Shape::Exp => 0.0,
            Shape::ExpFloor => self.raw.values()[2],
            _ => f64::NEG_INFINITY,
        };
        let strict = !log && target <= asymptote;
        let interval = self.quantile.map(|_| {
            let edge = |upper: bool| {
                move |t: f64| {
                    let (v, half) = self.band(t, false);
                    let h = half.unwrap_or(0.0);
                    let e = if upper { v + h } else { v - h };
                    if log {
                        e.is_finite() && e <= target
                    } else if strict {
                        e < target
                    } else {
                        e <= target
                    }
                }
            };
            let lo = first_crossing(edge(false), self.raw.origin, self.raw.span);
            let hi = first_crossing(edge(true), self.raw.origin, self.raw.span);
            Interval::new(lo.min(point), hi.max(point))
        });
        Ok(Some(Estimate::new(point, interval)))
    }

    /// The decline rate with its interval in every convention, for the
    /// exponential fits; `None` for linear and step-discount fits.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 10.0, 1.1, 0.1])?;
    /// let fold = f.rate().unwrap().fold_per(1.0);
    /// assert!((fold.value() - 10.0).abs() < 0.5);
    /// assert!(costtrend::fit::linear(&[0.0, 1.0, 2.0], &[3.0, 2.0, 1.0])?.rate().is_none());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn rate(&self) -> Option<RateEstimate> {
        match self.raw.shape {
            Shape::LogLinear | Shape::Exp | Shape::ExpFloor => {
                let p = self.params[1];
                Some(RateEstimate {
                    lambda: p.value,
                    interval: p.interval,
                })
            }
            _ => None,
        }
    }

    /// For log-scale fits, the **mean** price curve: the median curve
    /// scaled by the log-normal correction `exp(σ² / 2)` (σ² the residual
    /// variance of `ln(price)`). `None` for price-scale fits, whose curve is
    /// already the mean, and without residual degrees of freedom.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
    /// let mean = f.mean_curve().unwrap();
    /// assert!(mean.at(1.0) > f.model().at(1.0));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn mean_curve(&self) -> Option<DecayModel> {
        if !self.raw.shape.log_scale() {
            return None;
        }
        let factor = (self.sigma2? / 2.0).exp();
        let p0 = self.model.p0() * factor;
        let model = match self.model {
            DecayModel::Exponential(m) => DecayModel::try_exponential(p0, m.lambda()),
            DecayModel::StepDiscount(m) => {
                DecayModel::try_step_discount(p0, m.discount(), m.period())
            }
            _ => return None,
        };
        model.and_then(|m| m.try_with_origin(self.raw.origin)).ok()
    }
}

/// The first time at or after `origin` at which `reached` holds, for a
/// `reached` that stays true once it is: doubling steps from the data's
/// span until it does, then bisection. `+inf` if no representable time
/// gets there.
pub(crate) fn first_crossing(reached: impl Fn(f64) -> bool, origin: f64, span: f64) -> f64 {
    if reached(origin) {
        return origin;
    }
    let mut step = if span > 0.0 { span / 16.0 } else { 1.0 };
    let mut lo = origin;
    let hi = loop {
        let t = origin + step;
        if !t.is_finite() || step > 1e300 {
            return f64::INFINITY;
        }
        if reached(t) {
            break t;
        }
        lo = t;
        step *= 2.0;
    };
    crate::numeric::bisect(lo, hi, reached).1
}
