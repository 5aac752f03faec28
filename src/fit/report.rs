//! Readable reports: `Display` for a fit (modelled on lmfit's
//! `fit_report` and statsmodels' `summary()`; the estimates print in
//! `estimate/report.rs`).
//! Numbers have four significant digits unless a precision (`{:.6}`) asks
//! for another count.

use core::fmt;

use super::result::{Fit, Method};
use crate::estimate::report::digits;
use crate::numeric::sig;

/// What a method fits, how, and under which noise, in one line.
fn assumption(m: Method) -> &'static str {
    match m {
        Method::LogLinear => {
            "least squares of ln(price); noise multiplicative (log-normal), independent"
        }
        Method::ExponentialNls | Method::ExponentialWithFloor => {
            "least squares of the price; noise additive (Gaussian), independent"
        }
        Method::Linear => {
            "ordinary least squares of the price; noise additive (Gaussian), independent"
        }
        Method::StepDiscount => {
            "least squares of ln(price) on the step count; noise multiplicative (log-normal), independent"
        }
        Method::TrendBreaks | Method::PriceCuts => {
            "least squares of ln(price), piecewise; noise multiplicative (log-normal), independent"
        }
    }
}

impl fmt::Display for Fit {
    /// A report in the manner of lmfit's `fit_report` and statsmodels'
    /// `summary()`: method, model, counts, every parameter with its
    /// standard error and interval, the rate in the common conventions,
    /// the fit statistics, and the noise assumption.
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
    /// let report = f.to_string();
    /// for line in ["method", "lambda", "AICc", "noise"] {
    ///     assert!(report.contains(line), "{report}");
    /// }
    /// # Ok(()) }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = digits(f);
        let level = 100.0 * self.level();
        writeln!(f, "method      {}", self.method())?;
        writeln!(f, "model       {:.d$}", self.model())?;
        writeln!(
            f,
            "data        n = {}, dof = {}{}",
            self.n(),
            self.dof(),
            if self.dropped() > 0 {
                format!(", {} non-finite omitted", self.dropped())
            } else {
                String::new()
            }
        )?;
        writeln!(
            f,
            "{:<11} {:>12} {:>12}  {} % interval",
            "parameter", "value", "std error", level
        )?;
        for p in self.parameters() {
            writeln!(
                f,
                "{:<11} {:>12} {:>12}  {}",
                p.name(),
                sig(p.value(), d),
                p.std_error().map_or("-".into(), |s| sig(s, d)),
                p.interval().map_or("-".into(), |i| format!("{i:.d$}"))
            )?;
        }
        if let Some(r) = self.rate() {
            writeln!(f, "rate        {r:.d$}")?;
        }
        let scale = if self.method().log_scale() {
            "ln(price)"
        } else {
            "price"
        };
        writeln!(
            f,
            "fit         R² = {} (on {scale}), RMSE = {}, σ = {}",
            sig(self.r_squared(), d),
            sig(self.rmse(), d),
            self.sigma().map_or("-".into(), |s| sig(s, d))
        )?;
        writeln!(
            f,
            "criteria    AIC = {}, AICc = {}, BIC = {} (price scale)",
            sig(self.aic(), d),
            self.aicc().map_or("-".into(), |a| sig(a, d)),
            sig(self.bic(), d)
        )?;
        write!(f, "noise       {}", assumption(self.method()))
    }
}
