//! Kinks: where a continuous piecewise-linear trend bends.
//!
//! With kinks at `τ_1 < … < τ_k` the trend is the least-squares fit of
//! `y` on `1, x, (x - τ_1)₊, …, (x - τ_k)₊`. Continuity ties neighbouring
//! segments, so the cost does not split by segment and the dynamic
//! programme of [`segment`](super::segment) does not apply. The search
//! places kinks at observation times (the candidate positions), then
//! [`refine`] moves them on the real line ([`Slot`]: the sum of squares
//! on one interval between observations in closed form). For a given
//! set of kinks the sum of squared residuals comes from the normal
//! equations, whose entries are all `O(1)` from the prefix sums of
//! [`Prefix`]: for a kink at `τ` over the points from `i` on,
//! `Σ(x - τ) = Sx(i..) - τ N(i..)`, and so on.
//!
//! - One kink: every candidate, `O(n)`, then every interval between
//!   observations in closed form, `O(n)`: exact on the real line.
//! - Two kinks: every pair of observations, `O(n²)`, up to
//!   [`PAIR_LIMIT`] points (exact over observations), then the local
//!   refinement on the line.
//! - More, or two above that size: coordinate descent, each kink moved in
//!   turn to its best candidate with the others fixed until none moves,
//!   started both from the regime (level and slope) segmentation with as
//!   many breaks and from the best `k - 1` kinks plus the best extra one
//!   ([`extend`]), keeping the better; then the refinement, and where it
//!   ends above the count before, that count's kinks plus the best extra
//!   one on the line ([`extend_on_line`]): the SSE never rises with `k`.

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

/// The sum of squares as kink `b` moves along one interval between
/// observations, the other kinks fixed (Hudson 1966): with the kink at
/// `τ` in `[lo, hi]`, active from point `i` on, the hinge column is
/// `u - τ v` (`u = x · 1{j >= i}`, `v = 1{j >= i}`), and projecting the
/// other columns off, `SSE(τ) = S - (p - q τ)² / (A - 2 B τ + C τ²)`: a
/// ratio of quadratics whose one interior stationary point is closed form.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot {
    s: f64,
    p: f64,
    q: f64,
    a: f64,
    b: f64,
    c: f64,
    /// The interval's ends (about the first point).
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    /// The point from which the hinge is active.
    pub(crate) from: usize,
}

impl Slot {
    /// The kink's interval from point `i` (`[dx[i - 1], dx[i]]`) with the
    /// kinks `others` (activation point, location) fixed; `None` where the
    /// other columns are singular.
    pub(crate) fn new(
        prefix: &Prefix,
        dx: &[f64],
        others: &[(usize, f64)],
        i: usize,
    ) -> Option<Self> {
        let n = prefix.len();
        let p = others.len() + 2;
        let all = prefix.range(0, n);
        let tail = prefix.range(i, n);
        let mut g = vec![0.0; p * p];
        // X'u, X'v, X'y for X = [1, x, the other hinges]
        let mut xu = vec![0.0; p];
        let mut xv = vec![0.0; p];
        let mut xy = vec![0.0; p];
        g[0] = all[0];
        g[1] = all[1];
        g[p + 1] = all[3];
        (xu[0], xu[1]) = (tail[1], tail[3]);
        (xv[0], xv[1]) = (tail[0], tail[1]);
        (xy[0], xy[1]) = (all[2], all[4]);
        for (a, &(ia, ta)) in others.iter().enumerate() {
            let s = prefix.range(ia, n);
            g[a + 2] = s[1] - ta * s[0];
            g[p + a + 2] = s[3] - ta * s[1];
            xy[a + 2] = s[4] - ta * s[2];
            let both = prefix.range(ia.max(i), n);
            xu[a + 2] = both[3] - ta * both[1];
            xv[a + 2] = both[1] - ta * both[0];
            for (b, &(ib, tb)) in others.iter().enumerate().skip(a) {
                let u = prefix.range(ia.max(ib), n);
                g[(a + 2) * p + b + 2] = u[3] - (ta + tb) * u[1] + ta * tb * u[0];
            }
        }
        for r in 0..p {
            for c in 0..r {
                g[r * p + c] = g[c * p + r];
            }
        }
        let mut d = vec![0.0; p];
        let mut project = |v: &mut Vec<f64>| factor_forward(&mut g.clone(), v, &mut d, p);
        project(&mut xu)?;
        project(&mut xv)?;
        project(&mut xy)?;
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        Some(Self {
            s: all[5] - dot(&xy, &xy),
            p: tail[4] - dot(&xu, &xy),
            q: tail[2] - dot(&xv, &xy),
            a: tail[3] - dot(&xu, &xu),
            b: tail[1] - dot(&xu, &xv),
            c: tail[0] - dot(&xv, &xv),
            lo: dx[i - 1],
            hi: dx[i],
            from: i,
        })
    }

    /// `z'Mz` for the hinge at `τ`: positive where the column is not in
    /// the span of the others.
    fn spread(&self, tau: f64) -> f64 {
        self.a - 2.0 * self.b * tau + self.c * tau * tau
    }

    /// The sum of squares with the kink at `τ`.
    pub(crate) fn sse(&self, tau: f64) -> f64 {
        let d = self.spread(tau);
        if d.is_nan() || d <= 1e-12 * (self.a.abs() + self.c * tau * tau) {
            return f64::INFINITY;
        }
        let e = self.p - self.q * tau;
        (self.s - e * e / d).max(0.0)
    }

    /// The least sum of squares on the interval and where: the ends, and
    /// the stationary point `(qA - pB) / (qB - pC)` where it lies inside
    /// (the other root, `p / q`, is the maximum).
    pub(crate) fn best(&self) -> (f64, f64) {
        let mut best = (self.hi, self.sse(self.hi));
        let mut consider = |tau: f64| {
            let c = self.sse(tau);
            if c < best.1 {
                best = (tau, c);
            }
        };
        consider(self.lo);
        let den = self.q * self.b - self.p * self.c;
        if den != 0.0 {
            let tau = (self.q * self.a - self.p * self.b) / den;
            if tau > self.lo && tau < self.hi {
                consider(tau);
            }
        }
        best
    }

    /// The part of the interval where the sum of squares is at most
    /// `level`, as its hull `(from, to)`; `None` where it is nowhere. On
    /// the interval the condition is a quadratic inequality,
    /// `(p - q τ)² - (S - level) (A - 2 B τ + C τ²) >= 0`.
    pub(crate) fn below(&self, level: f64) -> Option<(f64, f64)> {
        let k = self.s - level;
        let (a2, a1, a0) = (
            self.q * self.q - k * self.c,
            -2.0 * self.p * self.q + 2.0 * k * self.b,
            self.p * self.p - k * self.a,
        );
        let holds = |t: f64| self.sse(t) <= level;
        // the sign changes of the quadratic inside the interval, with the
        // ends: the set is a union of the pieces between them
        let mut cuts = vec![self.lo, self.hi];
        if a2 != 0.0 {
            let disc = a1 * a1 - 4.0 * a2 * a0;
            if disc >= 0.0 {
                let r = disc.sqrt();
                let q = -0.5 * (a1 + a1.signum() * r);
                for t in [q / a2, if q != 0.0 { a0 / q } else { f64::NAN }] {
                    if t > self.lo && t < self.hi {
                        cuts.push(t);
                    }
                }
            }
        } else if a1 != 0.0 {
            let t = -a0 / a1;
            if t > self.lo && t < self.hi {
                cuts.push(t);
            }
        }
        cuts.sort_by(f64::total_cmp);
        let mut hull: Option<(f64, f64)> = None;
        let mut take = |t: f64| {
            hull = Some(hull.map_or((t, t), |(l, h)| (l.min(t), h.max(t))));
        };
        for w in cuts.windows(2) {
            let mid = 0.5 * (w[0] + w[1]);
            if holds(mid) {
                take(w[0]);
                take(w[1]);
            }
        }
        for &t in &cuts {
            if holds(t) {
                take(t);
            }
        }
        hull
    }
}

/// The intervals kink `b` may take between its neighbours, each segment
/// keeping at least `h` points: the activation points of
/// [`window`], the others fixed.
fn slots(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    kinks: &[(usize, f64)],
    b: usize,
    near: Option<usize>,
) -> Vec<Slot> {
    let n = prefix.len();
    let lo = if b == 0 { 0 } else { kinks[b - 1].0 };
    let hi = kinks.get(b + 1).map_or(n, |k| k.0);
    let others: Vec<(usize, f64)> = kinks
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != b)
        .map(|(_, k)| *k)
        .collect();
    window(cand, lo, hi, h)
        .iter()
        .filter(|&&i| i >= 1)
        .filter(|&&i| near.is_none_or(|c| i + 1 >= c && i <= c + 1))
        .filter_map(|&i| Slot::new(prefix, dx, &others, i))
        .collect()
}

/// The kinks moved off the observation times: each in turn to its best
/// location on the real line, the others fixed, until none moves. For one
/// kink every interval between observations is searched (exact: the
/// least-squares location, Hudson 1966); for more, the intervals next to
/// each kink's current one (a local search from the exact discrete
/// optimum). Returns (activation point, location about the first point)
/// per kink and the sum of squares.
pub(crate) fn refine(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    knots: &[usize],
) -> (Vec<(usize, f64)>, f64) {
    // one kink: every interval once (exact); more: a local search
    let local = (knots.len() > 1).then_some(50);
    refine_from(
        prefix,
        dx,
        cand,
        h,
        on_observations(dx, knots),
        sse(prefix, dx, knots),
        local,
    )
}

/// Kinks at the observations `knots`: (activation point, location).
fn on_observations(dx: &[f64], knots: &[usize]) -> Vec<(usize, f64)> {
    knots.iter().map(|&i| (i, dx[i])).collect()
}

/// [`refine`] within the intervals next to each kink's observation only
/// and one pass (for kinks found by another model, the random walk's
/// drift changes: moved next to their observations, not elsewhere).
pub(crate) fn refine_near(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    knots: &[usize],
) -> (Vec<(usize, f64)>, f64) {
    refine_from(
        prefix,
        dx,
        cand,
        h,
        on_observations(dx, knots),
        sse(prefix, dx, knots),
        Some(1),
    )
}

/// [`refine`] from kinks already on the real line, whose sum of squares
/// is `current`; `local`: `Some(sweeps)` moves each kink only within the
/// intervals next to its own, at most `sweeps` passes; `None` searches
/// every interval in one pass.
pub(crate) fn refine_from(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    mut kinks: Vec<(usize, f64)>,
    mut current: f64,
    local: Option<usize>,
) -> (Vec<(usize, f64)>, f64) {
    for _sweep in 0..local.unwrap_or(1) {
        let mut moved = false;
        for b in 0..kinks.len() {
            let near = local.map(|_| kinks[b].0);
            for slot in slots(prefix, dx, cand, h, &kinks, b, near) {
                let (tau, c) = slot.best();
                if c < current * (1.0 - 1e-12) {
                    current = c;
                    kinks[b] = (slot.from, tau);
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    (kinks, current)
}

/// One more kink added to `kinks` (locations on the real line) where it
/// lowers the sum of squares most: every interval between observations
/// that keeps each segment at least `h` points, each in closed form
/// ([`Slot::best`]). Adding a hinge column never raises the sum of
/// squares, so the result is never worse than `kinks`; `None` where no
/// interval is left.
pub(crate) fn extend_on_line(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    kinks: &[(usize, f64)],
) -> Option<(Vec<(usize, f64)>, f64)> {
    let n = prefix.len();
    let mut best: Option<((usize, f64), f64)> = None;
    for gap in 0..=kinks.len() {
        let lo = if gap == 0 { 0 } else { kinks[gap - 1].0 };
        let hi = kinks.get(gap).map_or(n, |k| k.0);
        for &i in window(cand, lo, hi, h).iter().filter(|&&i| i >= 1) {
            let Some(slot) = Slot::new(prefix, dx, kinks, i) else {
                continue;
            };
            let (tau, c) = slot.best();
            if best.is_none_or(|b| c < b.1) {
                best = Some(((i, tau), c));
            }
        }
    }
    let (new, c) = best?;
    let mut out = kinks.to_vec();
    let at = out.partition_point(|k| k.0 < new.0);
    out.insert(at, new);
    Some((out, c))
}

/// The least sum of squares over the locations kink `b` may take, the
/// others fixed.
pub(crate) fn slots_best(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    kinks: &[(usize, f64)],
    b: usize,
) -> f64 {
    slots(prefix, dx, cand, h, kinks, b, None)
        .iter()
        .map(|s| s.best().1)
        .fold(f64::INFINITY, f64::min)
}

/// The hull of the locations of kink `b` (others fixed) where the sum of
/// squares is at most `level`, about the first point.
pub(crate) fn region(
    prefix: &Prefix,
    dx: &[f64],
    cand: &[usize],
    h: usize,
    kinks: &[(usize, f64)],
    b: usize,
    level: f64,
) -> Option<(f64, f64)> {
    slots(prefix, dx, cand, h, kinks, b, None)
        .iter()
        .filter_map(|s| s.below(level))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
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
    fn a_slot_gives_the_least_squares_fit_at_any_location_in_its_interval() {
        let (x, y) = series(40, 9);
        let prefix = Prefix::new(&x, &y);
        let dx: Vec<f64> = x.iter().map(|v| v - x[0]).collect();
        // one kink, and a second beside one held at point 30's time
        for others in [vec![], vec![(30usize, dx[30])]] {
            for i in [5usize, 12, 21] {
                let slot = Slot::new(&prefix, &dx, &others, i).unwrap();
                for f in [0.0, 0.3, 0.77, 1.0] {
                    let tau = dx[i - 1] + f * (dx[i] - dx[i - 1]);
                    let mut taus: Vec<f64> = others.iter().map(|o| o.1 + x[0]).collect();
                    taus.push(tau + x[0]);
                    let want = direct(&x, &y, &taus);
                    let got = slot.sse(tau);
                    assert!(
                        (got - want).abs() <= 1e-9 * want,
                        "{i} {f}: {got} vs {want}"
                    );
                }
                // the closed-form best is no worse than a fine grid, and the
                // region at a level holds exactly the grid points below it
                let (tau, best) = slot.best();
                assert!((slot.lo..=slot.hi).contains(&tau));
                let grid: Vec<f64> = (0..=1000)
                    .map(|k| slot.lo + (slot.hi - slot.lo) * f64::from(k) / 1000.0)
                    .collect();
                let least = grid
                    .iter()
                    .map(|&t| slot.sse(t))
                    .fold(f64::INFINITY, f64::min);
                assert!(best <= least * (1.0 + 1e-12));
                let level = best + 0.5 * (least.max(best) - best + 0.01);
                let (from, to) = slot.below(level).unwrap();
                for &t in &grid {
                    let inside = slot.sse(t) <= level;
                    if inside {
                        assert!(t >= from - 1e-12 && t <= to + 1e-12);
                    }
                }
            }
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
