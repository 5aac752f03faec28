//! The test of "no break at all": a sup-F statistic with a p-value by
//! simulation.
//!
//! The statistic is the largest F statistic of one break against none,
//! over every position a break may take (each segment at least `min_len`
//! points):
//!
//! ```text
//! F(i) = ((SSE_0 - SSE_1(i)) / q) / (SSE_1(i) / (n - p_1))
//! ```
//!
//! with `SSE_0` the single trend's (a flat level for cuts, a line for
//! kinks and regimes), `q` the parameters a break adds (1 for a cut or a
//! kink, 2 for a regime) and `p_1` the regression parameters with one
//! break. Under the null of one trend with independent Gaussian noise,
//! `F(i)` is unchanged by the trend's parameters and by σ, so the null
//! distribution of `sup F` depends on the observation times alone: it is
//! simulated on those times with standard normal noise, and the p-value is
//! `(1 + #{sup F* >= sup F}) / (R + 1)`, exact for Gaussian noise up to
//! the simulation's error (about `sqrt(p (1 - p) / R)`). Above
//! [`SIMULATION_LIMIT`] points the simulation runs on every `s`-th time
//! with `min_len / s`, an approximation that leans on the null
//! distribution's convergence (Andrews 1993) as `n` grows.

use super::BreakKind;
use super::kink;
use super::segment::{Prefix, positions};
use crate::numeric::rng::Rng;

/// Points above which the simulation thins the design.
pub(crate) const SIMULATION_LIMIT: usize = 5_000;

/// `(q, p_1)`: parameters added by one break, and regression parameters
/// with one break.
fn dims(kind: BreakKind) -> (usize, usize) {
    let s = kind.spec();
    (s.params_per_break, s.params_base + s.params_per_break)
}

/// The sup-F statistic of `y` on sorted `x`; `None` if no break fits or
/// the single trend is exact.
#[cfg(test)]
pub(crate) fn sup_f(kind: BreakKind, x: &[f64], y: &[f64], h: usize) -> Option<f64> {
    sup_f_on(kind, &super::segment::Series::new(x, y), h)
}

/// [`sup_f`] on a prepared series.
pub(crate) fn sup_f_on(kind: BreakKind, series: &super::segment::Series, h: usize) -> Option<f64> {
    statistic(kind, &series.prefix, &series.dx, &series.cand, h)
}

fn statistic(
    kind: BreakKind,
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
) -> Option<f64> {
    let n = prefix.len();
    let (q, p1) = dims(kind);
    if n <= p1 {
        return None;
    }
    let cost = kind.cost();
    let sse0 = prefix.cost(0, n, cost);
    if sse0.is_nan() || sse0 <= 0.0 || sse0.is_infinite() {
        return None;
    }
    let mut best: Option<f64> = None;
    for &i in cand {
        if i < h || i + h > n {
            continue;
        }
        let sse1 = match kind {
            BreakKind::Kinks => kink::sse(prefix, dx, &[i]),
            _ => prefix.cost(0, i, cost) + prefix.cost(i, n, cost),
        };
        if !sse1.is_finite() {
            continue;
        }
        let f = if sse1 > 1e-13 * sse0 {
            ((sse0 - sse1) / q as f64) / (sse1 / (n - p1) as f64)
        } else {
            f64::MAX
        };
        best = Some(best.map_or(f, |b: f64| b.max(f)));
    }
    best
}

/// The p-value of `observed` by `replicas` simulations from `seed`.
pub(crate) fn p_value(
    kind: BreakKind,
    x: &[f64],
    h: usize,
    observed: f64,
    replicas: usize,
    seed: u64,
) -> f64 {
    let step = x.len().div_ceil(SIMULATION_LIMIT).max(1);
    let xs: Vec<f64> = x.iter().copied().step_by(step).collect();
    let hs = h.div_ceil(step).max(1);
    let cand = positions(&xs);
    let dx: Vec<f64> = xs.iter().map(|v| v - xs[0]).collect();
    let mut rng = Rng::new(seed);
    let mut y = vec![0.0; xs.len()];
    let mut exceed = 0usize;
    for _ in 0..replicas {
        rng.fill_normal(&mut y);
        let prefix = Prefix::new(&xs, &y);
        if statistic(kind, &prefix, &dx, &cand, hs).is_none_or(|f| f >= observed) {
            exceed += 1;
        }
    }
    (1 + exceed) as f64 / (replicas + 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breaks::segment::Cost;

    #[test]
    fn the_statistic_only_tries_breaks_that_leave_min_len_on_each_side() {
        // One wild first point: a break right after it would explain it,
        // but a break there leaves a segment of one point.
        let x: Vec<f64> = (0..30).map(f64::from).collect();
        let mut rng = Rng::new(9);
        let mut y = vec![0.0; 30];
        rng.fill_normal(&mut y);
        y[0] += 40.0;
        let f = |h| sup_f(BreakKind::Cuts, &x, &y, h).unwrap();
        let prefix = Prefix::new(&x, &y);
        let sse0 = prefix.cost(0, 30, Cost::Level);
        let f_at = |i: usize| {
            let sse1 = prefix.cost(0, i, Cost::Level) + prefix.cost(i, 30, Cost::Level);
            (sse0 - sse1) / (sse1 / 28.0)
        };
        let allowed = (5..=25).map(f_at).fold(f64::MIN, f64::max);
        assert!((f(5) - allowed).abs() <= 1e-9 * allowed);
        assert!(f(1) >= f_at(1) && f_at(1) > 10.0 * allowed);
    }

    #[test]
    fn above_the_simulation_limit_the_thinned_null_still_ranks_the_statistic() {
        let n = SIMULATION_LIMIT * 2 + 7;
        let x: Vec<f64> = (0..n).map(|i| i as f64 / 100.0).collect();
        let mut rng = Rng::new(4);
        let mut noise = vec![0.0; n];
        rng.fill_normal(&mut noise);
        let h = n / 20;
        // a single level: a middling p-value; a jump: the smallest possible
        let flat = sup_f(BreakKind::Cuts, &x, &noise, h).unwrap();
        let p_flat = p_value(BreakKind::Cuts, &x, h, flat, 19, 1);
        assert!(p_flat > 0.05 && p_flat <= 1.0, "{p_flat}");
        let jump: Vec<f64> = noise
            .iter()
            .enumerate()
            .map(|(i, v)| v + if i > n / 2 { 0.5 } else { 0.0 })
            .collect();
        let f = sup_f(BreakKind::Cuts, &x, &jump, h).unwrap();
        assert_eq!(p_value(BreakKind::Cuts, &x, h, f, 19, 1), 0.05);
    }
}
