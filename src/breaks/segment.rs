//! Optimal segmentation by dynamic programming (Bai & Perron 2003), the
//! engine of the cut and regime fits.
//!
//! A series of `n` points is cut into `k + 1` contiguous segments of at
//! least `min_len` points each, minimising the total cost, where a
//! segment's cost is the sum of squared residuals of its own fit:
//!
//! - [`Cost::Level`]: a constant (the mean of `y`): price cuts, with `y`
//!   the log price;
//! - [`Cost::Line`]: a straight line in `x` (least squares): regimes,
//!   where both level and slope change at a break.
//!
//! Both costs are *segment-separable*, so the optimum for `k` breaks
//! follows from the optima for `k - 1` by
//! `F_k(j) = min_i F_{k-1}(i) + cost(i, j)`: `O(k m²)` time over `m`
//! candidate positions, `O(k m)` memory (back-pointers), and each
//! `cost(i, j)` in `O(1)` from prefix sums. The sums are taken about the
//! series' first point, which keeps calendar-year `x` and log prices far
//! from 0 from cancelling.
//!
//! A segment never starts between two points with the same time, so the
//! candidate positions are the indices where `x` increases. Above
//! [`EXACT_LIMIT`] points the search runs on a coarse grid of positions
//! and then moves each break to its best position with its neighbours
//! fixed, until none moves ([`coarse_to_fine`]): approximate.

/// Points up to which the segmentation is exact.
pub(crate) const EXACT_LIMIT: usize = 20_000;

/// Candidate positions of the coarse grid above [`EXACT_LIMIT`].
const COARSE_POSITIONS: usize = 2_000;

/// What a segment's fit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cost {
    /// A constant level.
    Level,
    /// A straight line.
    Line,
}

impl Cost {
    /// Parameters per segment.
    pub(crate) fn parameters(self) -> usize {
        match self {
            Cost::Level => 1,
            Cost::Line => 2,
        }
    }
}

/// Prefix sums of `1, x, y, x², xy, y²` about the first point,
/// accumulated with Neumaier's compensation: each stored sum is the
/// correctly rounded running total, so a segment's sums (a difference of
/// two) carry about one rounding of the total, not one per point.
pub(crate) struct Prefix {
    s: Vec<[f64; 6]>,
}

impl Prefix {
    pub(crate) fn new(x: &[f64], y: &[f64]) -> Self {
        let (x0, y0) = (x[0], y[0]);
        let mut s = Vec::with_capacity(x.len() + 1);
        let mut acc = [0.0f64; 6];
        let mut comp = [0.0f64; 6];
        s.push(acc);
        for (&xi, &yi) in x.iter().zip(y) {
            let (dx, dy) = (xi - x0, yi - y0);
            let terms = [1.0, dx, dy, dx * dx, dx * dy, dy * dy];
            for c in 0..6 {
                let (a, v) = (acc[c], terms[c]);
                let sum = a + v;
                comp[c] += if a.abs() >= v.abs() {
                    (a - sum) + v
                } else {
                    (v - sum) + a
                };
                acc[c] = sum;
            }
            s.push(core::array::from_fn(|c| acc[c] + comp[c]));
        }
        Self { s }
    }

    /// Points summed.
    pub(crate) fn len(&self) -> usize {
        self.s.len() - 1
    }

    /// The sums `[1, x, y, x², xy, y²]` over `[i, j)`, about the first
    /// point.
    #[inline]
    pub(crate) fn range(&self, i: usize, j: usize) -> [f64; 6] {
        let (a, b) = (&self.s[i], &self.s[j]);
        core::array::from_fn(|c| b[c] - a[c])
    }

    /// The cost of the segment `[i, j)`; infinite for a line through
    /// points that all share one time.
    #[inline]
    pub(crate) fn cost(&self, i: usize, j: usize, kind: Cost) -> f64 {
        let (a, b) = (&self.s[i], &self.s[j]);
        let m = b[0] - a[0];
        let sy = b[2] - a[2];
        let syy = (b[5] - a[5]) - sy * sy / m;
        let sse = match kind {
            Cost::Level => syy,
            Cost::Line => {
                let sx = b[1] - a[1];
                let raw = b[3] - a[3];
                let sxx = raw - sx * sx / m;
                if sxx.is_nan() || sxx <= 1e-10 * raw {
                    return f64::INFINITY;
                }
                let sxy = (b[4] - a[4]) - sx * sy / m;
                syy - sxy * sxy / sxx
            }
        };
        sse.max(0.0)
    }
}

/// The optimal segmentation with `k` breaks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Segmentation {
    /// The index of the first point of each segment after the first
    /// (ascending).
    pub starts: Vec<usize>,
    /// The total sum of squared residuals.
    pub sse: f64,
    /// Whether it is the exact optimum (false: coarse to fine).
    pub exact: bool,
}

/// The indices where a segment may start: where `x` increases.
pub(crate) fn positions(x: &[f64]) -> Vec<usize> {
    (1..x.len()).filter(|&i| x[i] > x[i - 1]).collect()
}

/// A sorted series' prefix sums, candidate break positions and times
/// from its first point: built once per fit, shared by the search, the
/// break-date profiles and the no-break test.
pub(crate) struct Series {
    pub prefix: Prefix,
    pub cand: Vec<usize>,
    pub dx: Vec<f64>,
}

impl Series {
    /// `x` sorted ascending and not empty.
    pub(crate) fn new(x: &[f64], y: &[f64]) -> Self {
        Self {
            prefix: Prefix::new(x, y),
            cand: positions(x),
            dx: x.iter().map(|v| v - x[0]).collect(),
        }
    }
}

/// The optimal segmentation of sorted `x` for every number of breaks from
/// 0 to `max_breaks` that fits (each segment at least `min_len` points):
/// element `k` is the best with `k` breaks. Exact up to [`EXACT_LIMIT`]
/// points, coarse to fine above.
#[cfg(test)]
pub(crate) fn optimal(
    x: &[f64],
    y: &[f64],
    kind: Cost,
    min_len: usize,
    max_breaks: usize,
) -> Vec<Segmentation> {
    if x.is_empty() {
        return Vec::new();
    }
    optimal_on(&Series::new(x, y), kind, min_len, max_breaks)
}

/// [`optimal`] on a prepared series.
pub(crate) fn optimal_on(
    series: &Series,
    kind: Cost,
    min_len: usize,
    max_breaks: usize,
) -> Vec<Segmentation> {
    let (prefix, cand) = (&series.prefix, &series.cand);
    if prefix.len() <= EXACT_LIMIT {
        dynamic(prefix, kind, cand, min_len, max_breaks, true)
    } else {
        coarse_to_fine(prefix, kind, cand, min_len, max_breaks)
    }
}

/// The dynamic programme over the candidate starts `cand` (ascending,
/// within `1..n`).
pub(crate) fn dynamic(
    prefix: &Prefix,
    kind: Cost,
    cand: &[usize],
    min_len: usize,
    max_breaks: usize,
    exact: bool,
) -> Vec<Segmentation> {
    let n = prefix.len();
    let h = min_len.max(kind.parameters()).max(1);
    if n < h {
        return Vec::new();
    }
    // Node 0 is the start of the series, nodes 1..=m the candidates, node
    // m + 1 its end.
    let mut pos = Vec::with_capacity(cand.len() + 2);
    pos.push(0);
    pos.extend(cand.iter().copied().filter(|&i| i >= h && i + h <= n));
    pos.push(n);
    let m = pos.len();
    let k_max = max_breaks.min(n / h - 1);
    // f[v]: the best cost of points [0, pos[v]) in the current number of
    // segments; back[k][v]: the node where its last segment starts.
    let mut f: Vec<f64> = pos
        .iter()
        .map(|&j| {
            if j >= h {
                prefix.cost(0, j, kind)
            } else {
                f64::INFINITY
            }
        })
        .collect();
    let mut back: Vec<Vec<u32>> = Vec::with_capacity(k_max);
    let mut out = Vec::new();
    if f[m - 1].is_finite() {
        out.push(Segmentation {
            starts: Vec::new(),
            sse: f[m - 1],
            exact,
        });
    } else {
        return out;
    }
    for k in 1..=k_max {
        let mut g = vec![f64::INFINITY; m];
        let mut arg = vec![0u32; m];
        for v in 1..m {
            let j = pos[v];
            if j < (k + 1) * h {
                continue;
            }
            let (mut best, mut at) = (f64::INFINITY, 0u32);
            for u in 1..v {
                let i = pos[u];
                if i + h > j {
                    break;
                }
                let fi = f[u];
                if fi.is_finite() {
                    let c = fi + prefix.cost(i, j, kind);
                    if c < best {
                        best = c;
                        at = u as u32;
                    }
                }
            }
            g[v] = best;
            arg[v] = at;
        }
        back.push(arg);
        f = g;
        // No segmentation with k breaks reaches the end (nor with more).
        if !f[m - 1].is_finite() {
            break;
        }
        // Follow the back-pointers from the end.
        let mut starts = vec![0usize; k];
        let mut v = m - 1;
        for level in (0..k).rev() {
            let u = back[level][v] as usize;
            starts[level] = pos[u];
            v = u;
        }
        out.push(Segmentation {
            starts,
            sse: f[m - 1],
            exact,
        });
    }
    out
}

/// The dynamic programme on every `step`-th candidate, then each break
/// moved to its best position between its neighbours (all candidates)
/// until none moves: a local optimum near the coarse one.
fn coarse_to_fine(
    prefix: &Prefix,
    kind: Cost,
    cand: &[usize],
    min_len: usize,
    max_breaks: usize,
) -> Vec<Segmentation> {
    let step = cand.len().div_ceil(COARSE_POSITIONS).max(1);
    let coarse: Vec<usize> = cand.iter().copied().step_by(step).collect();
    let mut out = dynamic(prefix, kind, &coarse, min_len, max_breaks, false);
    let n = prefix.len();
    let h = min_len.max(kind.parameters()).max(1);
    for seg in out.iter_mut().skip(1) {
        for _round in 0..50 {
            let mut moved = false;
            for b in 0..seg.starts.len() {
                let lo = if b == 0 { 0 } else { seg.starts[b - 1] };
                let hi = seg.starts.get(b + 1).copied().unwrap_or(n);
                let from = cand.partition_point(|&i| i < lo + h);
                let (mut best, mut at) = (f64::INFINITY, seg.starts[b]);
                for &i in &cand[from..] {
                    if i + h > hi {
                        break;
                    }
                    let c = prefix.cost(lo, i, kind) + prefix.cost(i, hi, kind);
                    if c < best {
                        best = c;
                        at = i;
                    }
                }
                if at != seg.starts[b] {
                    seg.starts[b] = at;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        seg.sse = total_cost(prefix, kind, &seg.starts);
    }
    out
}

/// The cost of a segmentation.
pub(crate) fn total_cost(prefix: &Prefix, kind: Cost, starts: &[usize]) -> f64 {
    let n = prefix.len();
    let mut total = 0.0;
    let mut lo = 0;
    for &s in starts.iter().chain(core::iter::once(&n)) {
        total += prefix.cost(lo, s, kind);
        lo = s;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sum of squared residuals of each segment's fit, computed
    /// directly (two passes).
    fn direct(x: &[f64], y: &[f64], bounds: &[usize], kind: Cost) -> f64 {
        let mut total = 0.0;
        for w in bounds.windows(2) {
            let (xs, ys) = (&x[w[0]..w[1]], &y[w[0]..w[1]]);
            let m = xs.len() as f64;
            let (mx, my) = (xs.iter().sum::<f64>() / m, ys.iter().sum::<f64>() / m);
            let sxx: f64 = xs.iter().map(|v| (v - mx).powi(2)).sum();
            let sxy: f64 = xs.iter().zip(ys).map(|(a, b)| (a - mx) * (b - my)).sum();
            let slope = if kind == Cost::Line && sxx > 0.0 {
                sxy / sxx
            } else {
                0.0
            };
            total += xs
                .iter()
                .zip(ys)
                .map(|(a, b)| (b - my - slope * (a - mx)).powi(2))
                .sum::<f64>();
        }
        total
    }

    fn series(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut s = seed | 1;
        let mut u = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let x: Vec<f64> = (0..n)
            .map(|i| 2000.0 + i as f64 * 0.5 + 0.2 * u())
            .collect();
        let y: Vec<f64> = x
            .iter()
            .map(|&t| {
                let level = if t < 2005.0 {
                    3.0
                } else if t < 2011.0 {
                    1.0
                } else {
                    0.5
                };
                level - 0.05 * (t - 2000.0) + 0.2 * (u() - 0.5)
            })
            .collect();
        (x, y)
    }

    #[test]
    fn the_dynamic_programme_equals_exhaustive_search() {
        for seed in 1..40u64 {
            let n = 12 + (seed as usize * 7) % 29;
            let (x, y) = series(n, seed);
            for kind in [Cost::Level, Cost::Line] {
                let h = kind.parameters() + (seed as usize % 3);
                let dp = optimal(&x, &y, kind, h, 2);
                // no break
                assert!(
                    (dp[0].sse - direct(&x, &y, &[0, n], kind)).abs()
                        <= 1e-9 * dp[0].sse.max(1e-12)
                );
                // one break: every position
                let mut best1 = (f64::INFINITY, 0);
                for i in h..=n - h {
                    let c = direct(&x, &y, &[0, i, n], kind);
                    if c < best1.0 {
                        best1 = (c, i);
                    }
                }
                assert!(
                    (dp[1].sse - best1.0).abs() <= 1e-9 * best1.0.max(1e-12),
                    "seed {seed} {kind:?}"
                );
                assert!(
                    (direct(&x, &y, &[0, dp[1].starts[0], n], kind) - best1.0).abs()
                        <= 1e-9 * best1.0.max(1e-12)
                );
                // two breaks: every pair
                if dp.len() > 2 {
                    let mut best2 = f64::INFINITY;
                    for i in h..=n - 2 * h {
                        for j in i + h..=n - h {
                            best2 = best2.min(direct(&x, &y, &[0, i, j, n], kind));
                        }
                    }
                    assert!(
                        (dp[2].sse - best2).abs() <= 1e-9 * best2.max(1e-12),
                        "seed {seed} {kind:?}"
                    );
                    let s = &dp[2].starts;
                    assert!(s[0] >= h && s[1] >= s[0] + h && n - s[1] >= h);
                }
            }
        }
    }

    #[test]
    fn a_clear_cut_is_found_where_it_is() {
        let x: Vec<f64> = (0..30).map(f64::from).collect();
        let y: Vec<f64> = x
            .iter()
            .map(|&t| if t < 12.0 { 2.0 } else { 0.5 })
            .collect();
        let dp = optimal(&x, &y, Cost::Level, 2, 3);
        assert_eq!(dp[1].starts, vec![12]);
        assert_eq!(dp[1].sse, 0.0);
        // more breaks cannot lower an exact fit
        assert!(dp[2].sse <= 1e-24 && dp[3].sse <= 1e-24);
    }

    #[test]
    fn too_short_a_series_has_no_segmentation() {
        assert!(optimal(&[0.0, 1.0], &[1.0, 2.0], Cost::Line, 3, 2).is_empty());
        let dp = optimal(
            &[0.0, 1.0, 2.0, 3.0],
            &[1.0, 2.0, 2.0, 1.0],
            Cost::Line,
            2,
            5,
        );
        assert_eq!(dp.len(), 2); // at most one break fits
    }

    #[test]
    fn coarse_to_fine_finds_exact_steps_above_the_exact_limit() {
        let n = EXACT_LIMIT + 9_001;
        let x: Vec<f64> = (0..n).map(|i| i as f64 * 1e-3).collect();
        let truth = [7_777usize, 18_123];
        let y: Vec<f64> = (0..n)
            .map(|i| {
                if i < truth[0] {
                    1.0
                } else if i < truth[1] {
                    0.4
                } else {
                    -0.3
                }
            })
            .collect();
        let dp = optimal(&x, &y, Cost::Level, 300, 3);
        assert!(!dp[2].exact);
        assert_eq!(dp[2].starts, truth.to_vec());
        assert!(dp[2].sse < 1e-9, "{}", dp[2].sse);
        // with noise, no worse than the true breaks
        let mut s = 99u64;
        let noisy: Vec<f64> = y
            .iter()
            .map(|v| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                v + 0.2 * ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5)
            })
            .collect();
        let prefix = Prefix::new(&x, &noisy);
        for kind in [Cost::Level, Cost::Line] {
            let dp = optimal(&x, &noisy, kind, 300, 2);
            let at_truth = total_cost(&prefix, kind, &truth);
            assert!(dp[2].sse <= at_truth * (1.0 + 1e-12), "{kind:?}");
            for (got, want) in dp[2].starts.iter().zip(truth) {
                assert!(got.abs_diff(want) <= 50, "{kind:?}: {got} vs {want}");
            }
        }
    }

    /// A bundled series (tests/data), sorted by time, as (t, ln price).
    fn bundled(name: &str) -> (Vec<f64>, Vec<f64>) {
        let path = format!("{}/tests/data/{name}.csv", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let mut rows: Vec<(f64, f64)> = text
            .lines()
            .skip(1)
            .map(|l| {
                let mut it = l.split(',');
                let t: f64 = it.next().unwrap().parse().unwrap();
                let p: f64 = it.next().unwrap().parse().unwrap();
                (t, p.ln())
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        rows.into_iter().unzip()
    }

    #[test]
    fn the_segmentations_equal_ruptures_dynp_on_the_bundled_series() {
        // tests/data/segmentation_ref.py: ruptures 1.1.10, Dynp, cost l2 on
        // log price (cuts) and linear on [1, t] (regimes), min_size 3.
        let v: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/segmentation_ref.json")).unwrap();
        let mut checked = 0;
        for case in v["cases"].as_array().unwrap() {
            let (x, y) = bundled(case["series"].as_str().unwrap());
            let kind = if case["cost"] == "level" {
                Cost::Level
            } else {
                Cost::Line
            };
            let k = case["breaks"].as_u64().unwrap() as usize;
            let dp = optimal(&x, &y, kind, 3, k);
            let starts: Vec<usize> = case["starts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_u64().unwrap() as usize)
                .collect();
            let want = case["sse"].as_f64().unwrap();
            assert_eq!(dp[k].starts, starts, "{case}");
            assert!(
                (dp[k].sse - want).abs() <= 1e-9 * want,
                "{case}: {}",
                dp[k].sse
            );
            checked += 1;
        }
        assert_eq!(checked, 36); // four bundled series and two synthetic ones
    }
}
