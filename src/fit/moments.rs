//! Weighted, centred first and second moments of `(x, y)` pairs: the whole
//! state of a straight-line least-squares fit, updated one point at a time
//! (Welford) and merged pairwise (Chan et al.), so calendar-year times with a
//! spread of days lose no digits.

use crate::FitError;

/// Centred moments of weighted `(x, y)` observations.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Moments {
    /// Observations with a positive weight.
    pub n: u64,
    /// Sum of weights.
    pub w: f64,
    /// Weighted means.
    pub mx: f64,
    pub my: f64,
    /// Weighted centred sums of squares and products.
    pub sxx: f64,
    pub sxy: f64,
    pub syy: f64,
    /// Unweighted sum of `y` (for a log-scale fit, `Σ ln price`: the
    /// Jacobian term of the likelihood on the price scale).
    pub sum_y: f64,
    /// Sum of `ln w`.
    pub sum_ln_w: f64,
    /// Range of `x`.
    pub x_min: f64,
    pub x_max: f64,
}

impl Default for Moments {
    fn default() -> Self {
        Self {
            n: 0,
            w: 0.0,
            mx: 0.0,
            my: 0.0,
            sxx: 0.0,
            sxy: 0.0,
            syy: 0.0,
            sum_y: 0.0,
            sum_ln_w: 0.0,
            x_min: f64::INFINITY,
            x_max: f64::NEG_INFINITY,
        }
    }
}

impl Moments {
    /// Adds one observation; a zero weight adds nothing.
    #[inline]
    pub fn push(&mut self, x: f64, y: f64, w: f64) {
        if w <= 0.0 {
            return;
        }
        self.n += 1;
        self.w += w;
        let f = w / self.w;
        let dx = x - self.mx;
        let dy = y - self.my;
        self.mx += dx * f;
        self.my += dy * f;
        let ry = y - self.my;
        self.sxx += w * dx * (x - self.mx);
        self.sxy += w * dx * ry;
        self.syy += w * dy * ry;
        self.sum_y += y;
        if w != 1.0 {
            self.sum_ln_w += w.ln();
        }
        self.x_min = self.x_min.min(x);
        self.x_max = self.x_max.max(x);
    }

    /// Combines the moments of two disjoint sets of observations.
    pub fn merge(&mut self, other: &Self) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let w = self.w + other.w;
        let dx = other.mx - self.mx;
        let dy = other.my - self.my;
        let f = self.w * other.w / w;
        self.sxx += other.sxx + dx * dx * f;
        self.sxy += other.sxy + dx * dy * f;
        self.syy += other.syy + dy * dy * f;
        self.mx += dx * (other.w / w);
        self.my += dy * (other.w / w);
        self.w = w;
        self.n += other.n;
        self.sum_y += other.sum_y;
        self.sum_ln_w += other.sum_ln_w;
        self.x_min = self.x_min.min(other.x_min);
        self.x_max = self.x_max.max(other.x_max);
    }

    /// Re-expresses the moments with `x` measured from `delta` further on
    /// (`x' = x - delta`): only the mean and the range move.
    pub fn shift_x(&mut self, delta: f64) {
        self.mx -= delta;
        self.x_min -= delta;
        self.x_max -= delta;
    }
}

/// The least-squares line `y = intercept + slope · x` with its covariance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Line {
    pub intercept: f64,
    pub slope: f64,
    /// Weighted sum of squared residuals.
    pub sse: f64,
    /// Weighted total sum of squares about the mean.
    pub sst: f64,
    /// `(X'WX)^-1` entries: intercept, slope, and their product.
    pub inv_ii: f64,
    pub inv_ss: f64,
    pub inv_is: f64,
}

/// An SSE below this fraction of the total sum of squares is rounding noise
/// of `Syy - Sxy² / Sxx`: the fit is exact and the SSE is reported as 0.
pub(crate) const EXACT_FIT_RELATIVE_SSE: f64 = 64.0 * f64::EPSILON;

/// Solves the weighted least-squares line from its moments.
///
/// `x_is_time` chooses the error for a zero spread of `x` (all times equal)
/// against the step fit's (all in one period), which the caller maps.
pub(crate) fn solve_line(m: &Moments) -> Result<Line, FitError> {
    if m.sxx <= 0.0 || m.x_max <= m.x_min {
        return Err(FitError::AllTimesEqual { t: m.mx });
    }
    let slope = m.sxy / m.sxx;
    let intercept = m.my - slope * m.mx;
    let mut sse = (m.syy - slope * m.sxy).max(0.0);
    if sse <= EXACT_FIT_RELATIVE_SSE * m.syy {
        sse = 0.0;
    }
    Ok(Line {
        intercept,
        slope,
        sse,
        sst: m.syy,
        inv_ii: 1.0 / m.w + m.mx * m.mx / m.sxx,
        inv_ss: 1.0 / m.sxx,
        inv_is: -m.mx / m.sxx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_matches_two_pass_statistics() {
        let xs = [2024.0, 2024.01, 2024.02, 2024.05, 2024.11];
        let ys = [3.0, 2.9, 2.7, 2.75, 2.2];
        let mut m = Moments::default();
        for (&x, &y) in xs.iter().zip(&ys) {
            m.push(x - 2024.0, y, 1.0);
        }
        let n = xs.len() as f64;
        let mx = xs.iter().map(|x| x - 2024.0).sum::<f64>() / n;
        let my = ys.iter().sum::<f64>() / n;
        let sxx: f64 = xs.iter().map(|x| (x - 2024.0 - mx).powi(2)).sum();
        let sxy: f64 = xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| (x - 2024.0 - mx) * (y - my))
            .sum();
        assert!((m.sxx - sxx).abs() < 1e-15);
        assert!((m.sxy - sxy).abs() < 1e-15);
    }

    #[test]
    fn merge_equals_pushing_everything() {
        let pts = [
            (0.0, 1.0, 1.0),
            (1.0, 3.0, 2.0),
            (2.5, 2.0, 0.5),
            (4.0, 7.0, 1.0),
        ];
        let mut all = Moments::default();
        let mut a = Moments::default();
        let mut b = Moments::default();
        for (i, &(x, y, w)) in pts.iter().enumerate() {
            all.push(x, y, w);
            if i % 2 == 0 {
                a.push(x, y, w)
            } else {
                b.push(x, y, w)
            }
        }
        a.merge(&b);
        for (u, v) in [
            (a.sxx, all.sxx),
            (a.sxy, all.sxy),
            (a.syy, all.syy),
            (a.mx, all.mx),
        ] {
            assert!((u - v).abs() < 1e-14 * v.abs().max(1.0));
        }
        assert_eq!(a.n, 4);
    }

    #[test]
    fn exact_line_has_zero_sse() {
        let mut m = Moments::default();
        for i in 0..10 {
            let x = f64::from(i) * 0.1;
            m.push(x, 4.0 - 0.3 * x, 1.0);
        }
        let line = solve_line(&m).unwrap();
        assert_eq!(line.sse, 0.0);
        assert!((line.slope + 0.3).abs() < 1e-14);
    }

    #[test]
    fn zero_spread_is_all_times_equal() {
        let mut m = Moments::default();
        m.push(1.0, 2.0, 1.0);
        m.push(1.0, 3.0, 1.0);
        assert!(matches!(
            solve_line(&m),
            Err(FitError::AllTimesEqual { .. })
        ));
    }
}
