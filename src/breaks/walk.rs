//! Kinks under random-walk noise: a change of the drift of a random walk
//! with drift, found as a shift in the mean of the differences.
//!
//! Technology prices are random walks with drift (Farmer & Lafond 2016;
//! the crate's [`forecast`](crate::forecast)). On a random walk the level
//! fit's sup-F test rejects a single trend in about nine series of ten: the
//! walk's wanderings look like kinks. In the differences the walk is
//! noise around its drift, and a kink (a change of the rate of decline) is
//! a shift in their mean:
//!
//! ```text
//! z_i = d_i / √Δ_i = μ_j √Δ_i + e_i,    d_i = y_i - y_{i-1},  Δ_i = t_i - t_{i-1}
//! ```
//!
//! with the drift `μ_j` constant within a segment and `e_i` MA(1) noise
//! (`e_i = v_i + θ v_{i-1}`, Farmer and Lafond's model; `θ` from the lag-1
//! autocorrelation of the residuals around the BIC-best drifts). The test
//! of no change is Bai and Perron's double maximum over 1 to `max_breaks`
//! changes (so a collapse followed by a slowdown counts), its null
//! distribution simulated with MA(1) noise of the estimated `θ` (a
//! parametric bootstrap: the statistic is unchanged by the drift and the
//! scale). Which noise a series has is read from the
//! differences ([`is_walk`]): differenced independent noise is MA(1) with
//! `θ = -1`, lag-1 autocorrelation `-1/2`, where a random walk's
//! differences have `θ / (1 + θ²)`, 0 to 0.45 for Farmer and Lafond's
//! walks.

use super::segment::{Cost, Series, dynamic, optimal_on};
use crate::numeric::rng::Rng;

/// The differences of a sorted series with distinct times: `z_i` and
/// `Δ_i` (see the module docs); `None` where two times are equal.
pub(crate) fn differences(x: &[f64], y: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    let mut z = Vec::with_capacity(x.len().saturating_sub(1));
    let mut w2 = Vec::with_capacity(z.capacity());
    for i in 1..x.len() {
        let dt = x[i] - x[i - 1];
        if dt.is_nan() || dt <= 0.0 {
            return None;
        }
        z.push((y[i] - y[i - 1]) / dt.sqrt());
        w2.push(dt);
    }
    Some((z, w2))
}

/// The per-year differences `d_i / Δ_i`, whose mean is the drift.
pub(crate) fn rates(z: &[f64], w2: &[f64]) -> Vec<f64> {
    z.iter().zip(w2).map(|(z, w)| z / w.sqrt()).collect()
}

/// The drift changes of the differences for 0 to `cap` changes, each
/// segment at least `h` differences: the exact segmentation of the
/// per-year differences `d_i / Δ_i` (piecewise constant mean; the segment
/// starts, the first difference of each new drift).
pub(crate) fn drift_fits(
    xd: &[f64],
    z: &[f64],
    w2: &[f64],
    h: usize,
    cap: usize,
) -> Vec<Vec<usize>> {
    let rates = rates(z, w2);
    optimal_on(&Series::new(xd, &rates), Cost::Level, h, cap)
        .into_iter()
        .map(|f| f.starts)
        .collect()
}

/// The BIC of `k` drift changes on `m` differences with sum of squares
/// `sse`: `m ln(SSE/m) + (2k + 2) ln m` (`k + 1` drifts, `k` dates, the
/// variance).
pub(crate) fn drift_bic(m: usize, sse: f64, k: usize) -> f64 {
    let m = m as f64;
    m * (sse.max(f64::MIN_POSITIVE) / m).ln() + (2 * k + 2) as f64 * m.ln()
}

/// The count of drift changes BIC prefers ([`drift_bic`]) and its
/// segment starts.
pub(crate) fn bic_best<'a>(
    z: &[f64],
    w2: &[f64],
    fits: &'a [Vec<usize>],
) -> Option<(usize, &'a [usize])> {
    fits.iter()
        .enumerate()
        .map(|(k, starts)| (drift_bic(z.len(), drift_sse(z, w2, starts), k), k, starts))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k, s)| (k, s.as_slice()))
}

/// The double-maximum statistic of Bai and Perron (2003, `UDmax`): the
/// largest over `k = 1..=cap` of the F statistic of `k` drift changes
/// (at their least-squares dates) against none,
/// `((SSE_0 - SSE_k) / k) / (SSE_k / (m - 2k - 1))`, so that several
/// changes (a collapse, then a slowdown) count as much as one.
///
/// The dates range over at most [`TEST_POSITIONS`] evenly thinned
/// positions (all of them up to that many differences), the same for
/// the data and every simulation, so the test's cost stops growing with
/// the square of the length.
fn udmax(xd: &[f64], z: &[f64], w2: &[f64], h: usize, cap: usize) -> Option<f64> {
    let rates = rates(z, w2);
    let series = Series::new(xd, &rates);
    let step = series.cand.len().div_ceil(TEST_POSITIONS).max(1);
    let cand: Vec<usize> = series.cand.iter().copied().step_by(step).collect();
    let fits: Vec<Vec<usize>> = dynamic(&series.prefix, Cost::Level, &cand, h, cap, step == 1)
        .into_iter()
        .map(|f| f.starts)
        .collect();
    let m = z.len() as f64;
    let sse0 = drift_sse(z, w2, fits.first()?);
    fits.iter()
        .enumerate()
        .skip(1)
        .filter(|(k, _)| m > (2 * k + 1) as f64)
        .map(|(k, starts)| {
            let sse = drift_sse(z, w2, starts);
            let k = k as f64;
            if sse > 0.0 {
                ((sse0 - sse) / k) / (sse / (m - 2.0 * k - 1.0))
            } else {
                f64::INFINITY
            }
        })
        .reduce(f64::max)
}

/// The most candidate dates of the test statistic ([`udmax`]).
const TEST_POSITIONS: usize = 200;

/// The test of no drift change against up to `cap` changes: `(UDmax,
/// p-value, θ)`, the p-value `(1 + #{UDmax* >= UDmax}) / (R + 1)` over
/// `replicas` simulations of MA(1) noise on the same spacing, with the
/// `θ` of the residuals around the BIC-best drifts ([`theta_of`]; the
/// statistic is unchanged by the drift and the scale).
pub(crate) fn test(
    xd: &[f64],
    z: &[f64],
    w2: &[f64],
    h: usize,
    cap: usize,
    replicas: usize,
    seed: u64,
) -> Option<(f64, f64, f64)> {
    let cap = cap.max(1);
    let f = udmax(xd, z, w2, h, cap)?;
    let th = theta_of(lag1(z, w2, &[]));
    let mut rng = Rng::new(seed);
    let m = z.len();
    let mut v = vec![0.0; m + 1];
    let mut e = vec![0.0; m];
    let mut above = 0usize;
    for _ in 0..replicas {
        rng.fill_normal(&mut v);
        for i in 0..m {
            e[i] = v[i + 1] + th * v[i];
        }
        if udmax(xd, &e, w2, h, cap).is_some_and(|s| s >= f) {
            above += 1;
        }
    }
    Some((f, (1 + above) as f64 / (replicas + 1) as f64, th))
}

/// The MA(1) `θ` (`e_i = v_i + θ v_{i-1}`) of a lag-1 autocorrelation
/// `r = θ / (1 + θ²)`: the invertible root, `r` within ±0.49 and `θ`
/// within ±0.9.
pub(crate) fn theta_of(r: f64) -> f64 {
    let r1 = r.clamp(-0.49, 0.49);
    if r1.abs() < 1e-12 {
        return 0.0;
    }
    ((1.0 - (1.0 - 4.0 * r1 * r1).sqrt()) / (2.0 * r1)).clamp(-0.9, 0.9)
}

/// The weighted sum of squares of the differences around their segment
/// drifts, `Σ (z_i - μ_j √Δ_i)²` with `μ_j = Σ d / Σ Δ` over segment `j`
/// (`starts`: the first difference of each segment after the first).
pub(crate) fn drift_sse(z: &[f64], w2: &[f64], starts: &[usize]) -> f64 {
    residuals(z, w2, starts).iter().map(|r| r * r).sum()
}

/// The differences around their segment drifts, `z_i - μ_j √Δ_i`
/// (`starts` as in [`drift_sse`]).
fn residuals(z: &[f64], w2: &[f64], starts: &[usize]) -> Vec<f64> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(starts);
    bounds.push(z.len());
    let mut r = Vec::with_capacity(z.len());
    for b in bounds.windows(2) {
        let (z, w2) = (&z[b[0]..b[1]], &w2[b[0]..b[1]]);
        let mu = z.iter().zip(w2).map(|(z, w)| z * w.sqrt()).sum::<f64>() / w2.iter().sum::<f64>();
        r.extend(z.iter().zip(w2).map(|(z, w)| z - mu * w.sqrt()));
    }
    r
}

/// The lag-1 autocorrelation of the differences around their segment
/// drifts (`starts` as in [`drift_sse`]).
pub(crate) fn lag1(z: &[f64], w2: &[f64], starts: &[usize]) -> f64 {
    let r = residuals(z, w2, starts);
    let ss: f64 = r.iter().map(|v| v * v).sum();
    if ss > 0.0 {
        r.windows(2).map(|p| p[0] * p[1]).sum::<f64>() / ss
    } else {
        0.0
    }
}

/// The lag-1 autocorrelation below which the differences' noise is taken
/// for independent noise in the levels: differencing independent noise
/// gives `-1/2`, a random walk `θ / (1 + θ²)`, 0 for Farmer and Lafond's
/// walk without MA term and 0.45 with their θ = 0.63; the cut is midway
/// between 0 and `-1/2`.
pub(crate) const INDEPENDENT_BELOW: f64 = -0.25;

/// Whether the noise is a random walk: the differences around the drifts
/// of their BIC-best segmentation (`m ln(SSE/m) + (2k + 2) ln m`) are not
/// as negatively autocorrelated as differenced independent noise
/// ([`INDEPENDENT_BELOW`]). `walk_fits` holds each count's segment starts;
/// `None` below 4 differences.
pub(crate) fn is_walk(z: &[f64], w2: &[f64], walk_fits: &[Vec<usize>]) -> Option<bool> {
    if z.len() < 4 {
        return None;
    }
    let (_, starts) = bic_best(z, w2, walk_fits)?;
    Some(lag1(z, w2, starts) > INDEPENDENT_BELOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random walk with drift and MA(1) noise, yearly.
    fn walk(rng: &mut Rng, n: usize, theta: f64, shift_at: Option<usize>) -> (Vec<f64>, Vec<f64>) {
        let x: Vec<f64> = (0..n).map(|i| 1970.0 + i as f64).collect();
        let mut y = vec![0.0; n];
        let mut prev = rng.normal();
        for i in 1..n {
            let v = rng.normal();
            let drift = if shift_at.is_some_and(|c| i >= c) {
                0.74f64.ln()
            } else {
                0.95f64.ln()
            };
            y[i] = y[i - 1] + drift + 0.1 * (v + theta * prev);
            prev = v;
        }
        (x, y)
    }

    #[test]
    fn one_change_is_the_best_split_and_its_f_is_the_two_fits_it_compares() {
        let mut rng = Rng::new(3);
        let (x, y) = walk(&mut rng, 30, 0.3, Some(15));
        let (z, w2) = differences(&x, &y).unwrap();
        let fits = drift_fits(&x[1..], &z, &w2, 3, 1);
        let c = fits[1][0];
        // regular spacing: a plain mean shift in the differences
        let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
        let ss = |s: &[f64]| {
            let m = mean(s);
            s.iter().map(|v| (v - m) * (v - m)).sum::<f64>()
        };
        let best = (3..=z.len() - 3)
            .min_by(|&a, &b| (ss(&z[..a]) + ss(&z[a..])).total_cmp(&(ss(&z[..b]) + ss(&z[b..]))))
            .unwrap();
        assert_eq!(c, best);
        let (sse0, sse1) = (ss(&z), ss(&z[..c]) + ss(&z[c..]));
        let want = (sse0 - sse1) / (sse1 / (z.len() - 3) as f64);
        let f = udmax(&x[1..], &z, &w2, 3, 1).unwrap();
        assert!((f - want).abs() <= 1e-9 * want, "{f} {want}");
        assert!((12..=18).contains(&c), "{c}");
    }

    #[test]
    fn theta_is_recovered_from_a_long_walk() {
        let mut rng = Rng::new(11);
        let (x, y) = walk(&mut rng, 20_000, 0.63, None);
        let (z, w2) = differences(&x, &y).unwrap();
        assert!((theta_of(lag1(&z, &w2, &[])) - 0.63).abs() < 0.05);
    }
}
