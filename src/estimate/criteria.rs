//! Information criteria, written once for every fit: the Gaussian
//! log-likelihood at the maximum-likelihood variance, and AIC, AICc and
//! BIC from it.

/// The Gaussian log-likelihood of `n` residuals whose sum of squares has
/// logarithm `ln_sse`, at the maximum-likelihood variance `sse / n`:
/// `-n/2 · (ln(2π / n) + ln sse + 1)`. Taking `ln sse` lets a caller form
/// it in log space where the sum of squares itself would overflow. A fit
/// adds its Jacobian and weight terms to this.
pub(crate) fn gaussian_log_likelihood(n: f64, ln_sse: f64) -> f64 {
    -0.5 * n * ((2.0 * core::f64::consts::PI / n).ln() + ln_sse + 1.0)
}

/// A log-likelihood with the number of estimated quantities `k` and of
/// observations `n`: everything the criteria need.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Criteria {
    pub(crate) log_likelihood: f64,
    pub(crate) k: f64,
    pub(crate) n: f64,
}

impl Criteria {
    /// Akaike's criterion, `-2 ln L + 2 k`.
    pub(crate) fn aic(self) -> f64 {
        -2.0 * self.log_likelihood + 2.0 * self.k
    }

    /// AIC with the small-sample correction `2k(k+1)/(n-k-1)`; `None`
    /// when `n <= k + 1`, where it is undefined.
    pub(crate) fn aicc(self) -> Option<f64> {
        let (n, k) = (self.n, self.k);
        (n - k - 1.0 > 0.0).then(|| self.aic() + 2.0 * k * (k + 1.0) / (n - k - 1.0))
    }

    /// Schwarz's criterion, `-2 ln L + k ln n`.
    pub(crate) fn bic(self) -> f64 {
        -2.0 * self.log_likelihood + self.k * self.n.ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_likelihood_is_the_gaussian_density_at_the_ml_variance() {
        // n = 4 residuals (1, -1, 2, -2): sse 10, variance 2.5
        let direct: f64 = [1.0f64, -1.0, 2.0, -2.0]
            .iter()
            .map(|e| -0.5 * (2.0 * core::f64::consts::PI * 2.5).ln() - e * e / (2.0 * 2.5))
            .sum();
        assert!((gaussian_log_likelihood(4.0, 10f64.ln()) - direct).abs() < 1e-12);
    }

    #[test]
    fn aicc_is_undefined_without_room_and_bic_penalises_by_ln_n() {
        let c = Criteria {
            log_likelihood: -3.0,
            k: 3.0,
            n: 4.0,
        };
        assert_eq!(c.aic(), 12.0);
        assert_eq!(c.aicc(), None);
        let c = Criteria { n: 10.0, ..c };
        assert_eq!(c.aicc(), Some(12.0 + 24.0 / 6.0));
        assert!((c.bic() - (6.0 + 3.0 * 10f64.ln())).abs() < 1e-15);
    }
}
