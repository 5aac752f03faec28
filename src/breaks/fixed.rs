//! The fit for given break positions: segment parameters, their
//! covariance, the residual variance.

use super::BreakKind;
use crate::numeric::linalg::solve_spd;

/// One segment's fitted line on the log scale, at its start.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    /// `ln price` at the segment's start, and its variance.
    pub level: (f64, f64),
    /// The slope of `ln price` (`-lambda`) and its variance (`None` for a
    /// flat segment).
    pub slope: Option<(f64, f64)>,
}

/// A fit at fixed breaks.
#[derive(Clone, Debug)]
pub(crate) struct Solved {
    pub lines: Vec<Line>,
    pub sse: f64,
    /// Whether the covariance includes the break dates' uncertainty.
    pub unconditional: bool,
}

/// The least-squares fit with segments starting at `starts` (indices into
/// sorted `x`; `bounds` the break times, `starts[j]` the first point at or
/// after `bounds[j]`). `dated`: the break dates were estimated, so they
/// count against the residual degrees of freedom (and a kink fit's
/// covariance includes them).
pub(crate) fn solve(
    kind: BreakKind,
    x: &[f64],
    y: &[f64],
    starts: &[usize],
    bounds: &[f64],
    dated: bool,
) -> Option<Solved> {
    let dates = if dated { bounds.len() } else { 0 };
    match kind {
        BreakKind::Cuts | BreakKind::Regimes => separate(kind, x, y, starts, bounds, dates),
        BreakKind::Kinks => hinged(x, y, bounds, dates),
    }
}

/// Cuts and regimes: each segment fitted on its own (two-pass, centred),
/// one residual variance pooled over all.
fn separate(
    kind: BreakKind,
    x: &[f64],
    y: &[f64],
    starts: &[usize],
    bounds: &[f64],
    dates: usize,
) -> Option<Solved> {
    let n = x.len();
    let mut lines = Vec::with_capacity(starts.len() + 1);
    let mut raw = Vec::with_capacity(starts.len() + 1);
    let mut sse = 0.0;
    let mut lo = 0;
    for (j, &hi) in starts.iter().chain(core::iter::once(&n)).enumerate() {
        let (xs, ys) = (&x[lo..hi], &y[lo..hi]);
        let m = xs.len() as f64;
        if xs.is_empty() {
            return None;
        }
        let my = ys.iter().sum::<f64>() / m;
        let start = if j == 0 { x[0] } else { bounds[j - 1] };
        if kind == BreakKind::Cuts {
            sse += ys.iter().map(|v| (v - my) * (v - my)).sum::<f64>();
            raw.push((my, 1.0 / m, None));
        } else {
            let mx = xs.iter().sum::<f64>() / m;
            let sxx: f64 = xs.iter().map(|v| (v - mx) * (v - mx)).sum();
            if sxx.is_nan() || sxx <= 0.0 {
                return None;
            }
            let sxy: f64 = xs.iter().zip(ys).map(|(a, b)| (a - mx) * (b - my)).sum();
            let b = sxy / sxx;
            sse += xs
                .iter()
                .zip(ys)
                .map(|(a, v)| {
                    let r = v - my - b * (a - mx);
                    r * r
                })
                .sum::<f64>();
            let d = start - mx;
            raw.push((my + b * d, 1.0 / m + d * d / sxx, Some((b, 1.0 / sxx))));
        }
        lo = hi;
    }
    let params = (starts.len() + 1) * if kind == BreakKind::Cuts { 1 } else { 2 };
    let s2 = sigma2(sse, n, params + dates);
    for (level, v, slope) in raw {
        lines.push(Line {
            level: (level, v * s2),
            slope: slope.map(|(b, vb)| (b, vb * s2)),
        });
    }
    Some(Solved {
        lines,
        sse,
        unconditional: false,
    })
}

/// `sse / (n - params)`, or 0 when no degrees of freedom are left.
pub(crate) fn sigma2(sse: f64, n: usize, params: usize) -> f64 {
    if n > params {
        sse / (n - params) as f64
    } else {
        0.0
    }
}

/// Kinks: `y` on `1, x - x0, (x - τ_j)₊` by least squares (normal
/// equations on the unit-diagonal scaling, then the residuals in a
/// second pass), with the covariance of the segment slopes and levels
/// from the Gauss–Newton matrix that includes the kink locations
/// (`∂/∂τ_j = -c_j · 1{x > τ_j}`, as R's `segmented`), falling back to
/// the covariance conditional on them where that matrix is singular.
fn hinged(x: &[f64], y: &[f64], taus: &[f64], dates: usize) -> Option<Solved> {
    let n = x.len();
    let k = taus.len();
    let p = k + 2;
    let x0 = x[0];
    let y0 = y[0];
    let row = |xi: f64, out: &mut Vec<f64>| {
        out.clear();
        out.push(1.0);
        out.push(xi - x0);
        for &t in taus {
            out.push((xi - t).max(0.0));
        }
    };
    let mut g = vec![0.0; p * p];
    let mut r = vec![0.0; p];
    let mut buf = Vec::with_capacity(p);
    for (&xi, &yi) in x.iter().zip(y) {
        row(xi, &mut buf);
        for a in 0..p {
            r[a] += buf[a] * (yi - y0);
            for b in 0..p {
                g[a * p + b] += buf[a] * buf[b];
            }
        }
    }
    let beta = solve_spd(&mut g.clone(), &mut r.clone(), p)?;
    let mut sse = 0.0;
    for (&xi, &yi) in x.iter().zip(y) {
        row(xi, &mut buf);
        let fit: f64 = buf.iter().zip(&beta).map(|(a, b)| a * b).sum();
        let e = yi - y0 - fit;
        sse += e * e;
    }
    // Slopes per segment: b + Σ_{i<=j} c_i.
    let slopes: Vec<f64> = (0..=k)
        .map(|j| beta[1] + beta[2..2 + j].iter().sum::<f64>())
        .collect();
    let s2 = sigma2(sse, n, p + dates);
    // Gauss–Newton matrix with the τ columns.
    let q = p + k;
    let mut jj = vec![0.0; q * q];
    let mut full = Vec::with_capacity(q);
    for &xi in x {
        row(xi, &mut buf);
        full.clear();
        full.extend_from_slice(&buf);
        for (j, &t) in taus.iter().enumerate() {
            full.push(if xi > t { -beta[2 + j] } else { 0.0 });
        }
        for a in 0..q {
            for b in 0..q {
                jj[a * q + b] += full[a] * full[b];
            }
        }
    }
    let (cov, unconditional) = match invert_spd(&jj, q) {
        Some(c) if dates > 0 => (c, true),
        _ => (invert_spd(&g, p)?, false),
    };
    let dim = if unconditional { q } else { p };
    let quad = |a: &[f64]| -> f64 {
        let mut v = 0.0;
        for i in 0..dim {
            for j in 0..dim {
                v += a[i] * cov[i * dim + j] * a[j];
            }
        }
        (v * s2).max(0.0)
    };
    let mut lines = Vec::with_capacity(k + 1);
    for j in 0..=k {
        let start = if j == 0 { x0 } else { taus[j - 1] };
        // ln price at the start and the slope, as combinations of β (and τ).
        let mut a_level = vec![0.0; dim];
        let mut a_slope = vec![0.0; dim];
        a_level[0] = 1.0;
        a_level[1] = start - x0;
        a_slope[1] = 1.0;
        for (i, &t) in taus.iter().enumerate() {
            a_level[2 + i] = (start - t).max(0.0);
            if i < j {
                a_slope[2 + i] = 1.0;
            }
            if unconditional && start > t {
                a_level[p + i] = -beta[2 + i];
            }
        }
        let level: f64 = y0
            + a_level[..p]
                .iter()
                .zip(&beta)
                .map(|(a, b)| a * b)
                .sum::<f64>();
        lines.push(Line {
            level: (level, quad(&a_level)),
            slope: Some((slopes[j], quad(&a_slope))),
        });
    }
    Some(Solved {
        lines,
        sse,
        unconditional,
    })
}

/// The inverse of a symmetric positive definite `p × p` matrix, column by
/// column through [`solve_spd`]; `None` if singular.
fn invert_spd(m: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut inv = vec![0.0; p * p];
    for c in 0..p {
        let mut e = vec![0.0; p];
        e[c] = 1.0;
        let col = solve_spd(&mut m.to_vec(), &mut e, p)?;
        for r in 0..p {
            inv[r * p + c] = col[r];
        }
    }
    Some(inv)
}
