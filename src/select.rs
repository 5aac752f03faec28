//! Ranking the variants fitted to the same data: single curves and, on
//! request, break models, on one likelihood of the prices.
//!
//! [`compare`] ranks with default options; [`CompareOptions`] sets the fit
//! options, the step period of the step-discount candidate and whether
//! the break models compete.
//!
//! ```
//! # fn main() -> Result<(), costtrend::FitError> {
//! let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
//! let p = [100.0, 74.0, 55.5, 40.0, 30.5, 22.0, 16.6, 12.1];
//! let ranked = costtrend::select::compare(&t, &p)?;
//! assert!(ranked.best().unwrap().method().name().starts_with("exponential"));
//! # Ok(()) }
//! ```

use core::fmt;

use crate::FitError;
use crate::breaks::{self, BreakKind, Breaks};
use crate::estimate::report::digits;
use crate::fit::{Fit, FitOptions, Method};
use crate::numeric::sig;
use crate::time::DecimalYear;

/// Fits every applicable variant with default options and ranks them; see
/// [`CompareOptions::compare`].
///
/// # Errors
///
/// As [`CompareOptions::compare`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let ranked = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[10.0, 9.0, 8.0, 7.0, 6.0, 5.0])?;
/// assert_eq!(ranked.best().unwrap().method(), costtrend::fit::Method::Linear);
/// # Ok(()) }
/// ```
pub fn compare<T: DecimalYear>(t: &[T], price: &[f64]) -> Result<Comparison, FitError> {
    CompareOptions::new().compare(t, price)
}

/// Options of a comparison, set with a builder.
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`fit_options`](Self::fit_options) | [`FitOptions::new`] | weights, origin, level, NaN policy, robust loss of every candidate |
/// | [`step_period`](Self::step_period) | none | the step-discount candidate's period (left out without one) |
/// | [`with_breaks`](Self::with_breaks) | off | the break models compete too |
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::select::CompareOptions;
/// let t = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
/// let p = [100.0, 100.0, 80.0, 80.0, 64.0, 64.0, 51.2];
/// let ranked = CompareOptions::new().step_period(1.0).compare(&t, &p)?;
/// assert_eq!(ranked.best().unwrap().method(), costtrend::fit::Method::StepDiscount);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CompareOptions<'w> {
    fit: FitOptions<'w>,
    step_period: Option<f64>,
    with_breaks: bool,
}

impl<'w> CompareOptions<'w> {
    /// The defaults: default fit options, no step-discount candidate, no
    /// break models.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::select::CompareOptions;
    /// assert_eq!(CompareOptions::new(), CompareOptions::default());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            fit: FitOptions::new(),
            step_period: None,
            with_breaks: false,
        }
    }

    /// The options every candidate is fitted with.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{fit::FitOptions, select::CompareOptions};
    /// let opts = CompareOptions::new().fit_options(FitOptions::new().level(0.9));
    /// let ranked = opts.compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 1.8])?;
    /// assert_eq!(ranked.best().unwrap().level(), 0.9);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn fit_options(mut self, options: FitOptions<'w>) -> Self {
        self.fit = options;
        self
    }

    /// Includes the step-discount variant with this period (in years: a
    /// price that drops every `period`; see
    /// [`FitOptions::step_discount`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::select::CompareOptions;
    /// let t = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
    /// let p = [100.0, 100.0, 80.0, 80.0, 64.0, 64.0, 51.2];
    /// let ranked = CompareOptions::new().step_period(1.0).compare(&t, &p)?;
    /// assert_eq!(ranked.candidates().len(), 5);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn step_period(mut self, period: f64) -> Self {
        self.step_period = Some(period);
        self
    }

    /// Makes the break models compete too,
    /// [`trend_breaks`](breaks::trend_breaks) (kinks) and
    /// [`price_cuts`](breaks::price_cuts), each with the number of breaks
    /// that minimises its AICc, ranked on the same likelihood as the single
    /// curves (their `K` counts every break date). They are least squares
    /// of `ln(price)` without weights: with
    /// [`FitOptions::weights`] or [`FitOptions::robust`] set they are
    /// listed with [`FitError::OptionNotApplicable`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{fit::Method, select::CompareOptions};
    /// // a list price cut on irregular dates
    /// let t = [0.0, 0.4, 0.9, 1.0, 1.5, 2.3, 2.4, 3.0, 3.1, 3.9];
    /// let p = [30.0, 30.0, 30.0, 10.0, 10.0, 10.0, 5.0, 5.0, 5.0, 5.0];
    /// let ranked = CompareOptions::new().with_breaks(true).compare(&t, &p)?;
    /// assert_eq!(ranked.winner().unwrap().method(), Method::PriceCuts);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_breaks(mut self, on: bool) -> Self {
        self.with_breaks = on;
        self
    }

    /// Fits every applicable variant and ranks them by AICc; see
    /// [`Comparison`].
    ///
    /// Fitted: [`exponential`](FitOptions::exponential) (when every price
    /// is positive), [`exponential_nls`](FitOptions::exponential_nls),
    /// [`exponential_with_floor`](FitOptions::exponential_with_floor),
    /// [`linear`](FitOptions::linear), and
    /// [`step_discount`](FitOptions::step_discount) when a
    /// [`step_period`](Self::step_period) is set. All criteria are computed
    /// under one likelihood on the price scale (log-scale fits include the
    /// Jacobian `-Σ ln price`, see [`Fit::log_likelihood`]), so they
    /// compare.
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
    /// use costtrend::select::CompareOptions;
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    /// let p = [100.0, 74.0, 55.5, 40.0, 30.5, 22.0, 16.6, 12.1];
    /// let ranked = CompareOptions::new().compare(&t, &p)?;
    /// assert!(ranked.best().unwrap().method().name().starts_with("exponential"));
    /// # Ok(()) }
    /// ```
    pub fn compare<T: DecimalYear>(&self, t: &[T], price: &[f64]) -> Result<Comparison, FitError> {
        let t = T::years(t);
        let t: &[f64] = &t;
        let fit = &self.fit;
        // Validate what all variants share first, so a bad input is one error.
        fit.validate(t, price, "compare")?;
        let mut fits = vec![
            (Method::LogLinear, fit.exponential(t, price)),
            (Method::ExponentialNls, fit.exponential_nls(t, price)),
            (
                Method::ExponentialWithFloor,
                fit.exponential_with_floor(t, price),
            ),
            (Method::Linear, fit.linear(t, price)),
        ];
        if let Some(period) = self.step_period {
            fits.push((Method::StepDiscount, fit.step_discount(t, price, period)));
        }
        let mut fits: Vec<(Method, Result<Fitted, FitError>)> = fits
            .into_iter()
            .map(|(m, r)| (m, r.map(Fitted::Curve)))
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

    /// A break model for [`compare`](Self::compare), on the finite rows if
    /// non-finite ones are to be omitted.
    fn break_candidate(
        &self,
        method: Method,
        kind: BreakKind,
        t: &[f64],
        price: &[f64],
    ) -> Result<Fitted, FitError> {
        let (omit, level) = self.fit.unweighted_log_fit(method.name())?;
        let (t, price): (Vec<f64>, Vec<f64>) = t
            .iter()
            .zip(price)
            .filter(|(a, b)| !omit || (a.is_finite() && b.is_finite()))
            .map(|(&a, &b)| (a, b))
            .unzip();
        breaks::by_aicc(kind, &t, &price, level).map(Fitted::Breaks)
    }
}

/// What a candidate fitted: one curve, or a break model.
#[derive(Clone, Debug)]
pub(crate) enum Fitted {
    Curve(Fit),
    Breaks(Breaks),
}

/// One variant in a [`Comparison`]: its fit (a single curve, or a break
/// model) or the reason it could not be fitted, with its criteria.
#[derive(Clone, Debug)]
pub struct Candidate {
    method: Method,
    result: Result<Fitted, FitError>,
    delta_aicc: Option<f64>,
    weight: Option<f64>,
}

impl Candidate {
    /// The variant.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 1.8])?;
    /// assert_eq!(c.candidates().len(), 4);
    /// assert!(c.candidates().iter().any(|k| k.method() == costtrend::fit::Method::Linear));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn method(&self) -> Method {
        self.method
    }

    /// The fit, if the variant could be fitted.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 1.8])?;
    /// assert!(c.candidates()[0].fit().is_some());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn fit(&self) -> Option<&Fit> {
        match &self.result {
            Ok(Fitted::Curve(f)) => Some(f),
            _ => None,
        }
    }

    /// The break model, for a [`TrendBreaks`](Method::TrendBreaks) or
    /// [`PriceCuts`](Method::PriceCuts) candidate that could be fitted
    /// (see [`CompareOptions::with_breaks`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{fit::Method, select::CompareOptions};
    /// let t: Vec<f64> = (0..12).map(f64::from).collect();
    /// let p = [9.0, 9.1, 8.9, 9.0, 3.0, 3.1, 2.9, 3.0, 1.0, 1.02, 0.99, 1.0];
    /// let c = CompareOptions::new().with_breaks(true).compare(&t, &p)?;
    /// let top = c.winner().unwrap();
    /// assert_eq!(top.method(), Method::PriceCuts);
    /// assert_eq!(top.breaks().unwrap().times(), &[4.0, 8.0]);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn breaks(&self) -> Option<&Breaks> {
        match &self.result {
            Ok(Fitted::Breaks(b)) => Some(b),
            _ => None,
        }
    }

    fn fitted(&self) -> bool {
        self.result.is_ok()
    }

    /// Why the variant could not be fitted, if it could not.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// // a zero price rules out the log-scale fit
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 0.0])?;
    /// let log = c.candidates().iter().find(|k| k.method() == costtrend::fit::Method::LogLinear).unwrap();
    /// assert!(log.error().is_some());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn error(&self) -> Option<&FitError> {
        self.result.as_ref().err()
    }

    /// AICc of the fit (see [`Fit::aicc`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[9.0, 6.1, 3.9, 2.7, 1.8, 1.2])?;
    /// assert!(c.candidates()[0].aicc().is_some());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn aicc(&self) -> Option<f64> {
        match &self.result {
            Ok(Fitted::Curve(f)) => f.aicc(),
            Ok(Fitted::Breaks(b)) => b.aicc(),
            Err(_) => None,
        }
    }

    fn aic(&self) -> Option<f64> {
        match &self.result {
            Ok(Fitted::Curve(f)) => Some(f.aic()),
            Ok(Fitted::Breaks(b)) => Some(b.aic()),
            Err(_) => None,
        }
    }

    /// BIC of the fit (see [`Fit::bic`]).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 1.8])?;
    /// assert!(c.candidates()[0].bic().is_some());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn bic(&self) -> Option<f64> {
        match &self.result {
            Ok(Fitted::Curve(f)) => Some(f.bic()),
            Ok(Fitted::Breaks(b)) => Some(b.bic()),
            Err(_) => None,
        }
    }

    /// AICc minus the best AICc (0 for the best).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[9.0, 6.1, 3.9, 2.7, 1.8, 1.2])?;
    /// assert_eq!(c.candidates()[0].delta_aicc(), Some(0.0));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn delta_aicc(&self) -> Option<f64> {
        self.delta_aicc
    }

    /// The Akaike weight `exp(-Δ/2) / Σ exp(-Δ_j/2)` over the candidates
    /// with an AICc: the relative support for this variant.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[9.0, 6.1, 3.9, 2.7, 1.8, 1.2])?;
    /// let total: f64 = c.candidates().iter().filter_map(|k| k.akaike_weight()).sum();
    /// assert!((total - 1.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn akaike_weight(&self) -> Option<f64> {
        self.weight
    }
}

/// Every applicable variant fitted to the same data, best first.
///
/// **Ranking:** by AICc (`-2 ln L + 2K + 2K(K+1)/(n-K-1)`, `K` the model's
/// parameters plus the noise variance), with `ln L` the likelihood of the
/// observed **prices** under each fit's own noise model: Gaussian on the
/// price for price-scale fits, log-normal (Gaussian on `ln price` plus the
/// Jacobian `-Σ ln price`) for log-scale fits. So an exponential fitted on
/// the log scale and one fitted on the price scale compete on the same
/// footing, and the comparison also says which noise model the data favour.
/// Variants whose AICc is undefined (`n <= K + 1`) follow, by AIC; variants
/// that could not be fitted come last. BIC is reported alongside.
///
/// A step discount's `K` counts its period (chosen, so fitted). With
/// [`FitOptions::with_breaks`](CompareOptions::with_breaks) the break
/// models compete too ([`trend_breaks`](breaks::trend_breaks) and
/// [`price_cuts`](breaks::price_cuts), on the same log-normal likelihood,
/// `K` counting each break date), each with the number of breaks that
/// minimises its AICc.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
/// let p = [100.0, 74.0, 55.5, 40.0, 30.5, 22.0, 16.6, 12.1];
/// let ranked = costtrend::select::compare(&t, &p)?;
/// for c in ranked.candidates() {
///     if let (Some(fit), Some(d)) = (c.fit(), c.delta_aicc()) {
///         println!("{:<24} ΔAICc {:>8.2}  R² {:.4}", c.method(), d, fit.r_squared());
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Comparison {
    candidates: Vec<Candidate>,
}

impl Comparison {
    pub(crate) fn rank(fits: Vec<(Method, Result<Fitted, FitError>)>) -> Self {
        let mut candidates: Vec<Candidate> = fits
            .into_iter()
            .map(|(method, result)| Candidate {
                method,
                result,
                delta_aicc: None,
                weight: None,
            })
            .collect();
        // (failed, no AICc, criterion)
        let key = |c: &Candidate| match (c.aicc(), c.aic()) {
            (Some(a), _) => (0u8, a),
            (None, Some(a)) => (1, a),
            (None, None) => (2, 0.0),
        };
        candidates.sort_by(|a, b| {
            let (ka, va) = key(a);
            let (kb, vb) = key(b);
            ka.cmp(&kb).then(va.total_cmp(&vb))
        });
        let best = candidates.iter().filter_map(Candidate::aicc).next();
        if let Some(best) = best {
            let delta = |a: f64| {
                if a == best { 0.0 } else { a - best }
            };
            let total: f64 = candidates
                .iter()
                .filter_map(Candidate::aicc)
                .map(|a| (-0.5 * delta(a)).exp())
                .sum();
            for c in &mut candidates {
                if let Some(a) = c.aicc() {
                    let d = delta(a);
                    c.delta_aicc = Some(d);
                    c.weight = Some((-0.5 * d).exp() / total);
                }
            }
        }
        Self { candidates }
    }

    /// The best single-curve fit: the first candidate with a [`Fit`] (a
    /// break model ranked above it is [`winner`](Self::winner)).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0], &[8.0, 4.0, 2.0, 1.0])?;
    /// assert!(c.best().is_some());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn best(&self) -> Option<&Fit> {
        self.candidates.iter().find_map(Candidate::fit)
    }

    /// The top-ranked candidate that could be fitted, a single curve or a
    /// break model.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0], &[8.0, 4.0, 2.0, 1.0])?;
    /// assert_eq!(c.winner().and_then(|w| w.fit()).map(|f| f.method()), c.best().map(|f| f.method()));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn winner(&self) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.fitted())
    }

    /// Every candidate, best first.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0], &[8.0, 4.0, 2.0, 1.0])?;
    /// assert_eq!(c.candidates()[0].fit().map(|f| f.method()), c.best().map(|f| f.method()));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }
}

impl fmt::Display for Comparison {
    /// The ranked table: each variant with its AICc, ΔAICc, Akaike weight,
    /// BIC and R², best first; variants that could not be fitted last, with
    /// the reason.
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let p = [100.0, 50.0, 26.0, 12.4, 6.3, 3.1];
    /// let table = costtrend::select::compare(&t, &p)?.to_string();
    /// assert!(table.lines().nth(1).unwrap().starts_with("exponential "));
    /// # Ok(()) }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = digits(f);
        writeln!(
            f,
            "{:<24} {:>10} {:>9} {:>7} {:>10} {:>8}",
            "model", "AICc", "ΔAICc", "weight", "BIC", "R²"
        )?;
        let mut first = true;
        for c in self.candidates() {
            if !first {
                writeln!(f)?;
            }
            first = false;
            match (c.fit(), c.bic()) {
                (fit, Some(bic)) => write!(
                    f,
                    "{:<24} {:>10} {:>9} {:>7} {:>10} {:>8}",
                    c.method(),
                    c.aicc().map_or("-".into(), |a| sig(a, d)),
                    c.delta_aicc().map_or("-".into(), |a| format!("{a:.2}")),
                    c.akaike_weight().map_or("-".into(), |w| format!("{w:.3}")),
                    sig(bic, d),
                    fit.map_or("-".into(), |fit| format!("{:.4}", fit.r_squared()))
                )?,
                (_, None) => write!(
                    f,
                    "{:<24} not fitted: {}",
                    c.method(),
                    c.error().map_or(String::new(), ToString::to_string)
                )?,
            }
        }
        Ok(())
    }
}

/// serde for comparisons (feature `serde`): written as a report.
#[cfg(feature = "serde")]
mod wire {
    use serde::ser::SerializeStruct;
    use serde::{Serialize, Serializer};

    use super::{Candidate, Comparison};
    use crate::estimate::wire::Wide;

    impl Serialize for Candidate {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Candidate", 8)?;
            st.serialize_field("method", self.method().name())?;
            st.serialize_field("fit", &self.fit())?;
            st.serialize_field("breaks", &self.breaks())?;
            st.serialize_field("error", &self.error().map(ToString::to_string))?;
            st.serialize_field("aicc", &self.aicc().map(Wide))?;
            st.serialize_field("bic", &self.bic().map(Wide))?;
            st.serialize_field("delta_aicc", &self.delta_aicc().map(Wide))?;
            st.serialize_field("akaike_weight", &self.akaike_weight())?;
            st.end()
        }
    }

    /// A comparison is written as a report and not read back: a candidate
    /// that failed holds a typed [`FitError`](crate::FitError), whose static
    /// names JSON cannot carry back. Each candidate's `fit` loads as a
    /// [`Fit`](crate::fit::Fit) and its `breaks` as a
    /// [`Breaks`](crate::breaks::Breaks).
    impl Serialize for Comparison {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Comparison", 1)?;
            st.serialize_field("candidates", self.candidates())?;
            st.end()
        }
    }
}
