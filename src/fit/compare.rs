//! Ranking the variants fitted to the same data.

use super::{Breaks, Fit, Method};
use crate::FitError;

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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 1.8])?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 1.8])?;
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
    /// (see [`FitOptions::with_breaks`](super::FitOptions::with_breaks)).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::{FitOptions, Method};
    /// let t: Vec<f64> = (0..12).map(f64::from).collect();
    /// let p = [9.0, 9.1, 8.9, 9.0, 3.0, 3.1, 2.9, 3.0, 1.0, 1.02, 0.99, 1.0];
    /// let c = FitOptions::new().with_breaks(true).compare(&t, &p)?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 0.0])?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[9.0, 6.1, 3.9, 2.7, 1.8, 1.2])?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0], &[9.0, 6.1, 3.9, 2.7, 1.8])?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[9.0, 6.1, 3.9, 2.7, 1.8, 1.2])?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[9.0, 6.1, 3.9, 2.7, 1.8, 1.2])?;
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
/// [`FitOptions::with_breaks`](super::FitOptions::with_breaks) the break
/// models compete too ([`trend_breaks`](super::trend_breaks) and
/// [`price_cuts`](super::price_cuts), on the same log-normal likelihood,
/// `K` counting each break date), each with the number of breaks that
/// minimises its AICc.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
/// let p = [100.0, 74.0, 55.5, 40.0, 30.5, 22.0, 16.6, 12.1];
/// let ranked = costtrend::fit::compare(&t, &p)?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0], &[8.0, 4.0, 2.0, 1.0])?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0], &[8.0, 4.0, 2.0, 1.0])?;
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
    /// let c = costtrend::fit::compare(&[0.0, 1.0, 2.0, 3.0], &[8.0, 4.0, 2.0, 1.0])?;
    /// assert_eq!(c.candidates()[0].fit().map(|f| f.method()), c.best().map(|f| f.method()));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }
}
