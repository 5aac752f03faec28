//! Fitting Wright's law: cost against cumulative volume on log-log axes.

use super::{Fit, FitOptions};
use crate::estimate::{Estimate, Interval, Parameter};
use crate::{ExperienceCurve, FitError};

impl FitOptions<'_> {
    /// Fits an experience curve (Wright's law) to costs observed at
    /// cumulative volumes.
    ///
    /// - **Model:** `cost = c1 · volume^(-b)`; learning rate `1 - 2^(-b)`.
    /// - **Loss:** least squares of `ln(cost)` on `ln(volume)`, closed form
    ///   (the log-linear fit on the log-volume axis, so every option and
    ///   statistic of [`exponential`](Self::exponential) applies).
    /// - **Noise:** multiplicative and log-normal in cost.
    ///
    /// `c1` is the cost at volume 1 (the origin option is ignored: the fit's
    /// axis is `ln(volume)`, with origin 0). Allocates one vector of `n`
    /// logarithms.
    ///
    /// # Errors
    ///
    /// As [`exponential`](Self::exponential) (with the volume in the place
    /// of the time), and [`FitError::NonPositiveVolume`] for a volume `<= 0`;
    /// errors name the inputs as given: [`FitError::NonFinite`] names
    /// `volume` or `cost`, and a cost `<= 0` is [`FitError::NonPositiveCost`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// let x = [10.0, 20.0, 40.0, 80.0, 160.0];
    /// let c = [50.0, 41.0, 31.5, 26.0, 20.4];
    /// let f = FitOptions::new().level(0.9).experience_curve(&x, &c)?;
    /// let lr = f.learning_rate();
    /// assert!(lr.interval().unwrap().contains(lr.value()));
    /// # Ok(()) }
    /// ```
    pub fn experience_curve(
        &self,
        volume: &[f64],
        cost: &[f64],
    ) -> Result<ExperienceFit, FitError> {
        for (index, &value) in volume.iter().enumerate() {
            if value.is_finite() && value <= 0.0 {
                return Err(FitError::NonPositiveVolume { index, value });
            }
        }
        // NaN and infinities stay as they are for the NaN policy to handle.
        let log_volume: Vec<f64> = volume
            .iter()
            .map(|&v| if v.is_finite() { v.ln() } else { v })
            .collect();
        // The fit sees (ln volume, cost) as (t, price): its errors are
        // renamed to the caller's names.
        let inner = self
            .origin(0.0)
            .exponential(&log_volume, cost)
            .map_err(|e| match e {
                FitError::NonFinite { name, index, value } => FitError::NonFinite {
                    name: if name == "t" { "volume" } else { "cost" },
                    index,
                    value,
                },
                FitError::NonPositivePrice { index, value } => {
                    FitError::NonPositiveCost { index, value }
                }
                other => other,
            })?;
        Ok(ExperienceFit { inner })
    }
}

/// A fitted experience curve with its uncertainty; from
/// [`fit::experience_curve`](super::experience_curve).
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let x = [1.0, 2.0, 4.0, 8.0, 16.0];
/// let c = [100.0, 81.0, 63.0, 51.5, 40.8];
/// let f = costtrend::fit::experience_curve(&x, &c)?;
/// let curve = f.curve();
/// assert!((curve.learning_rate() - f.learning_rate().value()).abs() < 1e-15);
/// assert_eq!(f.parameters()[0].name(), "c1");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ExperienceFit {
    inner: Fit,
}

impl ExperienceFit {
    /// The fitted curve.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::experience_curve(&[1.0, 2.0, 4.0], &[10.0, 5.0, 2.5])?;
    /// assert!((f.curve().b() - 1.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn curve(&self) -> ExperienceCurve {
        let model = self.inner.model();
        let b = model.rate().map_or(0.0, |r| r.lambda());
        ExperienceCurve::try_new(model.p0(), b).unwrap_or_else(|_| ExperienceCurve::new(1.0, 0.0))
    }

    /// The underlying log-log fit: its time axis is `ln(volume)`, its `p0`
    /// is `c1` and its `lambda` is `b`. Every statistic (R² on the log
    /// scale, AIC, residuals, ...) is there.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::experience_curve(&[1.0, 2.0, 4.0, 8.0], &[10.0, 8.1, 6.3, 5.2])?;
    /// assert!(f.fit().r_squared() > 0.99);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn fit(&self) -> &Fit {
        &self.inner
    }

    /// `c1` and `b`, each with standard error and interval.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::experience_curve(&[1.0, 2.0, 4.0, 8.0], &[10.0, 8.1, 6.3, 5.2])?;
    /// let names: Vec<_> = f.parameters().iter().map(|p| p.name()).collect();
    /// assert_eq!(names, ["c1", "b"]);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn parameters(&self) -> Vec<Parameter> {
        let p = self.inner.parameters();
        vec![p[0].renamed("c1"), p[1].renamed("b")]
    }

    /// The learning rate `1 - 2^(-b)` with its interval (the image of `b`'s
    /// interval, the map being increasing).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::experience_curve(&[1.0, 2.0, 4.0, 8.0], &[10.0, 8.1, 6.3, 5.2])?;
    /// assert!((f.learning_rate().value() - 0.2).abs() < 0.02);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn learning_rate(&self) -> Estimate {
        let b = self.inner.parameters()[1];
        let lr = |b: f64| -(-b * core::f64::consts::LN_2).exp_m1();
        Estimate::new(
            lr(b.value()),
            b.interval()
                .map(|i| Interval::new(lr(i.lower()), lr(i.upper()))),
        )
    }

    /// The fitted (median) cost at cumulative volume `x > 0` with a
    /// confidence band; NaN for `x <= 0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::experience_curve(&[1.0, 2.0, 4.0, 8.0], &[10.0, 8.1, 6.3, 5.2])?;
    /// let e = f.predict(32.0);
    /// assert!(e.interval().unwrap().contains(e.value()));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn predict(&self, x: f64) -> Estimate {
        self.inner.predict(if x > 0.0 { x.ln() } else { f64::NAN })
    }

    /// Like [`predict`](Self::predict), with the prediction interval of a
    /// new observation.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::experience_curve(&[1.0, 2.0, 4.0, 8.0], &[10.0, 8.1, 6.3, 5.2])?;
    /// let (c, o) = (f.predict(32.0), f.predict_observation(32.0));
    /// assert!(o.interval().unwrap().upper() > c.interval().unwrap().upper());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn predict_observation(&self, x: f64) -> Estimate {
        self.inner
            .predict_observation(if x > 0.0 { x.ln() } else { f64::NAN })
    }
}
