//! Kinks: where a continuous piecewise-linear trend bends.
//!
//! With kinks at `τ_1 < … < τ_k` the trend is the least-squares fit of
//! `y` on `1, x, (x - τ_1)₊, …, (x - τ_k)₊`. Continuity ties neighbouring
//! segments, so the cost does not split by segment and the dynamic
//! programme of [`segment`](super::segment) does not apply. Kinks are
//! placed at observation times (the candidate positions), and for a given
//! set of kinks the sum of squared residuals comes from the normal
//! equations, whose entries are all `O(1)` from the prefix sums of
//! [`Prefix`]: for a kink at `τ` over the points from `i` on,
//! `Σ(x - τ) = Sx(i..) - τ N(i..)`, and so on.
//!
//! - One kink: every candidate, `O(n)`: exact.
//! - Two kinks: every pair, `O(n²)`, up to [`PAIR_LIMIT`] points: exact.
//! - More, or two above that size: coordinate descent, each kink moved in
//!   turn to its best candidate with the others fixed until none moves,
//!   started both from the regime (level and slope) segmentation with as
//!   many breaks and from the best `k - 1` kinks plus the best extra one
//!   ([`extend`]), keeping the better: a local optimum whose SSE never
//!   rises with `k`.

use super::segment::Prefix;
use crate::numeric::linalg::factor_forward;

/// Points up to which two kinks are found by exhaustive search.
pub(crate) const PAIR_LIMIT: usize = 3_000;

/// Kinks up to which [`sse`] works in stack buffers (the search's hot
/// path allocates nothing); more fall back to the heap.
const STACK_KINKS: usize = 14;

/// The sum of squared residuals of the continuous fit with kinks at the
/// points `knots` (ascending indices; the kink is at that point's time),
/// from the normal equations: `Syy - r' G⁻¹ r = Syy - |z|²` with
/// `L z = r`, `G = L L'`; infinite when they are singular.
pub(crate) fn sse(prefix: &Prefix, dx: &[f64], knots: &[usize]) -> f64 {
    let p = knots.len() + 2;
    if p <= STACK_KINKS + 2 {
        const P: usize = STACK_KINKS + 2;
        let (mut g, mut r, mut d) = ([0.0; P * P], [0.0; P], [0.0; P]);
        sse_in(prefix, dx, knots, &mut g[..p * p], &mut r[..p], &mut d[..p])
    } else {
        let (mut g, mut r, mut d) = (vec![0.0; p * p], vec![0.0; p], vec![0.0; p]);
        sse_in(prefix, dx, knots, &mut g, &mut r, &mut d)
    }
}

/// [`sse`] in the given buffers (`p × p`, `p`, `p`, zeroed).
fn sse_in(
    prefix: &Prefix,
    dx: &[f64],
    knots: &[usize],
    g: &mut [f64],
    r: &mut [f64],
    d: &mut [f64],
) -> f64 {
    let n = prefix.len();
    let p = knots.len() + 2;
    let all = prefix.range(0, n);
    // [1, x, y, x², xy, y²]
    g[0] = all[0];
    g[1] = all[1];
    g[p + 1] = all[3];
    r[0] = all[2];
    r[1] = all[4];
    for (a, &ia) in knots.iter().enumerate() {
        let ta = dx[ia];
        let s = prefix.range(ia, n);
        g[a + 2] = s[1] - ta * s[0];
        g[p + a + 2] = s[3] - ta * s[1];
        r[a + 2] = s[4] - ta * s[2];
        for (b, &ib) in knots.iter().enumerate().skip(a) {
            let tb = dx[ib];
            let u = prefix.range(ib, n);
            g[(a + 2) * p + b + 2] = u[3] - (ta + tb) * u[1] + ta * tb * u[0];
        }
    }
    for i in 0..p {
        for j in 0..i {
            g[i * p + j] = g[j * p + i];
        }
    }
    match factor_forward(g, r, d, p) {
        Some(()) => (all[5] - r.iter().map(|z| z * z).sum::<f64>()).max(0.0),
        None => f64::INFINITY,
    }
}

/// The positions a kink may take given the kinks before and after it
/// (`lo`, `hi`: indices of the neighbouring kinks or the series' ends),
/// each segment keeping at least `h` points.
fn window(cand: &[usize], lo: usize, hi: usize, h: usize) -> &[usize] {
    let from = cand.partition_point(|&i| i < lo + h);
    let to = cand.partition_point(|&i| i + h <= hi);
    &cand[from..to.max(from)]
}

/// The best single kink: exhaustive.
pub(crate) fn one(prefix: &Prefix, dx: &[f64], cand: &[usize], h: usize) -> Option<(usize, f64)> {
    window(cand, 0, prefix.len(), h)
        .iter()
        .map(|&i| (i, sse(prefix, dx, &[i])))
        .filter(|c| c.1.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The best pair of kinks: exhaustive.
pub(crate) fn two(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
) -> Option<([usize; 2], f64)> {
    let n = prefix.len();
    let mut best: Option<([usize; 2], f64)> = None;
    for &i in window(cand, 0, n, h) {
        for &j in window(cand, i, n, h) {
            let c = sse(prefix, dx, &[i, j]);
            if c.is_finite() && best.is_none_or(|b| c < b.1) {
                best = Some(([i, j], c));
            }
        }
    }
    best
}

/// The best place for one more kink with `knots` fixed: every admissible
/// candidate in every gap between them (`None` when no gap has room).
/// Adding a regressor never raises a least-squares SSE, so the result is
/// at most the SSE of `knots`: started from it, the search for `k + 1`
/// kinks cannot end worse than the one for `k`.
pub(crate) fn extend(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    knots: &[usize],
) -> Option<(Vec<usize>, f64)> {
    let n = prefix.len();
    let mut best: Option<(Vec<usize>, f64)> = None;
    let mut trial = Vec::with_capacity(knots.len() + 1);
    for g in 0..=knots.len() {
        let lo = if g == 0 { 0 } else { knots[g - 1] };
        let hi = knots.get(g).copied().unwrap_or(n);
        for &i in window(cand, lo, hi, h) {
            trial.clear();
            trial.extend_from_slice(&knots[..g]);
            trial.push(i);
            trial.extend_from_slice(&knots[g..]);
            let c = sse(prefix, dx, &trial);
            if c.is_finite() && best.as_ref().is_none_or(|b| c < b.1) {
                best = Some((trial.clone(), c));
            }
        }
    }
    best
}

/// Coordinate descent from `knots`: each kink in turn moves to its best
/// position with the others fixed, until none moves (at most 100 sweeps).
pub(crate) fn descend(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    mut knots: Vec<usize>,
) -> (Vec<usize>, f64) {
    let n = prefix.len();
    let mut current = sse(prefix, dx, &knots);
    for _sweep in 0..100 {
        let mut moved = false;
        for b in 0..knots.len() {
            let lo = if b == 0 { 0 } else { knots[b - 1] };
            let hi = knots.get(b + 1).copied().unwrap_or(n);
            let mut trial = knots.clone();
            for &i in window(cand, lo, hi, h) {
                trial[b] = i;
                let c = sse(prefix, dx, &trial);
                if c < current {
                    current = c;
                    knots[b] = i;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    (knots, current)
}

/// The profile of one kink: the sum of squares with kink `b` at each
/// position it may take, the others fixed.
pub(crate) fn profile(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    knots: &[usize],
    b: usize,
) -> Vec<(usize, f64)> {
    let n = prefix.len();
    let lo = if b == 0 { 0 } else { knots[b - 1] };
    let hi = knots.get(b + 1).copied().unwrap_or(n);
    let mut trial = knots.to_vec();
    window(cand, lo, hi, h)
        .iter()
        .map(|&i| {
            trial[b] = i;
            (i, sse(prefix, dx, &trial))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The least-squares sum of squares with the hinge columns, by
    /// modified Gram–Schmidt on the centred design (independent of the
    /// normal equations above).
    pub(crate) fn direct(x: &[f64], y: &[f64], taus: &[f64]) -> f64 {
        let n = x.len();
        let mut cols: Vec<Vec<f64>> = vec![vec![1.0; n], x.to_vec()];
        for &t in taus {
            cols.push(x.iter().map(|&v| (v - t).max(0.0)).collect());
        }
        let mut r = y.to_vec();
        let mut q: Vec<Vec<f64>> = Vec::new();
        for mut c in cols {
            for qi in &q {
                let d: f64 = c.iter().zip(qi).map(|(a, b)| a * b).sum();
                for (ci, qv) in c.iter_mut().zip(qi) {
                    *ci -= d * qv;
                }
            }
            let norm = c.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm < 1e-9 {
                return f64::INFINITY;
            }
            c.iter_mut().for_each(|v| *v /= norm);
            let d: f64 = r.iter().zip(&c).map(|(a, b)| a * b).sum();
            for (ri, cv) in r.iter_mut().zip(&c) {
                *ri -= d * cv;
            }
            q.push(c);
        }
        r.iter().map(|v| v * v).sum()
    }

    fn series(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut rng = crate::numeric::rng::Rng::new(seed);
        let x: Vec<f64> = (0..n)
            .map(|i| 1990.0 + i as f64 * 0.4 + 0.1 * rng.uniform())
            .collect();
        let y: Vec<f64> = x
            .iter()
            .map(|&t| {
                let d = t - 1990.0;
                5.0 - 0.1 * d - 0.5 * (d - 6.0).max(0.0)
                    + 0.45 * (d - 14.0).max(0.0)
                    + 0.3 * rng.normal()
            })
            .collect();
        (x, y)
    }

    #[test]
    fn the_normal_equations_give_the_least_squares_fit() {
        let (x, y) = series(40, 3);
        let prefix = Prefix::new(&x, &y);
        let dx: Vec<f64> = x.iter().map(|v| v - x[0]).collect();
        for knots in [vec![], vec![10], vec![7, 30], vec![5, 12, 33]] {
            let taus: Vec<f64> = knots.iter().map(|&i| x[i]).collect();
            let want = direct(&x, &y, &taus);
            let got = sse(&prefix, &dx, &knots);
            assert!(
                (got - want).abs() <= 1e-9 * want,
                "{knots:?}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn one_and_two_kinks_equal_exhaustive_search() {
        for seed in 1..25u64 {
            let n = 15 + (seed as usize * 11) % 46; // up to 60
            let (x, y) = series(n, seed);
            let prefix = Prefix::new(&x, &y);
            let dx: Vec<f64> = x.iter().map(|v| v - x[0]).collect();
            let cand = super::super::segment::positions(&x);
            let h = 3;
            let mut best1 = (f64::INFINITY, 0);
            let mut best2 = (f64::INFINITY, [0, 0]);
            for i in h..=n - h {
                let c = direct(&x, &y, &[x[i]]);
                if c < best1.0 {
                    best1 = (c, i);
                }
                for j in i + h..=n - h {
                    let c = direct(&x, &y, &[x[i], x[j]]);
                    if c < best2.0 {
                        best2 = (c, [i, j]);
                    }
                }
            }
            let (i1, s1) = one(&prefix, &dx, &cand, h).unwrap();
            assert_eq!(i1, best1.1, "seed {seed}");
            assert!((s1 - best1.0).abs() <= 1e-8 * best1.0);
            let (k2, s2) = two(&prefix, &dx, &cand, h).unwrap();
            assert_eq!(k2, best2.1, "seed {seed}");
            assert!((s2 - best2.0).abs() <= 1e-8 * best2.0);
            // descent from the optimum stays there
            let (d, _) = descend(&prefix, &dx, &cand, h, k2.to_vec());
            assert_eq!(d, k2.to_vec());
        }
    }
}
