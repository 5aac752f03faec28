//! Weighted, centred first and second moments of `(x, y)` pairs: the whole
//! state of a straight-line least-squares fit, updated one point at a time
//! (Welford) and merged pairwise (Chan et al.), so calendar-year times with a
//! spread of days lose no digits.

use crate::FitError;
use crate::numeric::simd;

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
    pub(super) fn push(&mut self, x: f64, y: f64, w: f64) {
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
    pub(super) fn merge(&mut self, other: &Self) {
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
        let f = self.w * (other.w / w);
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

    /// Rescales the weights to mean 1 (weights are relative): the sums of
    /// squares scale with them, `Σ ln w` shifts by `n ln f`.
    pub(super) fn normalise_weights(&mut self) {
        if self.n == 0 || self.w <= 0.0 {
            return;
        }
        let f = self.n as f64 / self.w;
        if f == 1.0 || !f.is_finite() {
            return;
        }
        self.sxx *= f;
        self.sxy *= f;
        self.syy *= f;
        self.sum_ln_w += self.n as f64 * f.ln();
        self.w = self.n as f64;
    }

    /// Re-expresses the moments with `x` measured from `delta` further on
    /// (`x' = x - delta`): only the mean and the range move.
    pub(super) fn shift_x(&mut self, delta: f64) {
        self.mx -= delta;
        self.x_min -= delta;
        self.x_max -= delta;
    }
}

/// `a - b` as an unevaluated sum `hi + lo`, exactly (Knuth's two-sum).
#[inline]
fn two_diff(a: f64, b: f64) -> (f64, f64) {
    let s = a - b;
    let bb = s - a;
    (s, (a - (s - bb)) - (b + bb))
}

/// The residual of `(x, y)` from the least-squares line of `m`,
/// `(y - my) - b (x - mx)` with `b = sxy / sxx` (0 without a spread of
/// `x`), formed with error-free differences and a fused multiply-add so it
/// keeps its relative accuracy however close the point is to the line;
/// and `x - mx`.
#[inline]
fn line_residual(m: &Moments, x: f64, y: f64) -> (f64, f64) {
    let (dy, dy_lo) = two_diff(y, m.my);
    let (dx, dx_lo) = two_diff(x, m.mx);
    if m.sxx <= 0.0 {
        return (dy + dy_lo, dx + dx_lo);
    }
    let b = m.sxy / m.sxx;
    let p = b * dx;
    let p_lo = b.mul_add(dx, -p) + b * dx_lo;
    ((dy - p) + (dy_lo - p_lo), dx + dx_lo)
}

/// What adding `(x, y)` with weight `w > 0` to `m` adds to the residual
/// sum of squares of its least-squares line: `f S e² / (S + f dx²)`, with
/// `f = w W / (W + w)`, `S = sxx`, `e` the point's residual from the old
/// line and `dx = x - mx` (recursive least squares for one regressor; `f
/// e²` while every `x` so far is the same). A sum of such non-negative
/// terms does not cancel as `Syy - Sxy²/Sxx` does when R² nears 1.
pub(crate) fn sse_increment(m: &Moments, x: f64, y: f64, w: f64) -> f64 {
    if m.n == 0 || w <= 0.0 {
        return 0.0;
    }
    let f = w * (m.w / (m.w + w));
    let (e, dx) = line_residual(m, x, y);
    let s = m.sxx;
    let den = s + f * dx * dx;
    if den <= 0.0 {
        // every x equal, this one too: the SSE is the spread of y
        return f * e * e;
    }
    // S / den is dimensionless (in [0, 1]): no weight scale is squared,
    // so weights of 1e-200 or 1e200 neither underflow nor overflow
    f * e * e * (s / den)
}

/// What merging `b` into `a` (the same frame of `x`) adds to the sum of
/// their residual sums of squares: `(Sa Sb (ba - bb)² + f Sa ea² + f Sb
/// eb²) / (Sa + Sb + f dx²)`, where `f = Wa Wb / (Wa + Wb)`, `dx` and `dy`
/// the differences of the means, `ea = dy - ba dx` and `eb = dy - bb dx`:
/// again non-negative terms only (Chan et al.'s pairwise update, for the
/// SSE of a line).
pub(crate) fn sse_between(a: &Moments, b: &Moments) -> f64 {
    if a.n == 0 || b.n == 0 {
        return 0.0;
    }
    let f = a.w * (b.w / (a.w + b.w));
    let (dx, dy) = (b.mx - a.mx, b.my - a.my);
    let (sa, sb) = (a.sxx, b.sxx);
    let den = sa + sb + f * dx * dx;
    if den <= 0.0 {
        return f * dy * dy;
    }
    let slope = |m: &Moments| if m.sxx > 0.0 { m.sxy / m.sxx } else { 0.0 };
    let (ba, bb) = (slope(a), slope(b));
    // each term scaled by a dimensionless S / den first (see
    // `sse_increment`)
    let mut total = 0.0;
    if sa > 0.0 && sb > 0.0 {
        total += sa * (sb / den) * (ba - bb) * (ba - bb);
    }
    if sa > 0.0 {
        let e = dy - ba * dx;
        total += f * e * e * (sa / den);
    }
    if sb > 0.0 {
        let e = dy - bb * dx;
        total += f * e * e * (sb / den);
    }
    total
}

/// [`block_moments`] with every weight 1: fewer sums, no selects.
#[inline(always)]
fn block_moments_unweighted(xs: &[f64], ys: &[f64]) -> Moments {
    let mut m = Moments::default();
    if xs.is_empty() {
        return m;
    }
    let (cx, cy) = (xs[0], ys[0]);
    let (mut sx, mut sy, mut sxx) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
    let (mut sxy, mut syy, mut sum_y) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
    let mut range = simd::Range::new();
    let mut x4s = xs.chunks_exact(4);
    let mut y4s = ys.chunks_exact(4);
    for (x4, y4) in (&mut x4s).zip(&mut y4s) {
        for l in 0..4 {
            let dx = x4[l] - cx;
            let dy = y4[l] - cy;
            sx[l] += dx;
            sy[l] += dy;
            sxx[l] += dx * dx;
            sxy[l] += dx * dy;
            syy[l] += dy * dy;
            sum_y[l] += y4[l];
        }
        range.add4([x4[0], x4[1], x4[2], x4[3]]);
    }
    for (&x, &y) in x4s.remainder().iter().zip(y4s.remainder()) {
        let dx = x - cx;
        let dy = y - cy;
        sx[0] += dx;
        sy[0] += dy;
        sxx[0] += dx * dx;
        sxy[0] += dx * dy;
        syy[0] += dy * dy;
        sum_y[0] += y;
        range.add(x);
    }
    let sum = |a: [f64; 4]| a[0] + a[1] + a[2] + a[3];
    let n = xs.len() as f64;
    let (sx, sy) = (sum(sx), sum(sy));
    m.n = xs.len() as u64;
    m.w = n;
    m.mx = cx + sx / n;
    m.my = cy + sy / n;
    m.sxx = (sum(sxx) - sx * sx / n).max(0.0);
    m.sxy = sum(sxy) - sx * sy / n;
    m.syy = (sum(syy) - sy * sy / n).max(0.0);
    m.sum_y = sum(sum_y);
    (m.x_min, m.x_max) = range.bounds();
    m
}

/// How the batch accumulation turns an observation into `(x, y)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Transform {
    pub origin: f64,
    /// `x` = whole periods since the origin when set (as the step model
    /// counts them), else `t - origin`.
    pub period: Option<f64>,
    /// `y = ln(price)` when set, else the price.
    pub log: bool,
    /// Price-scale fits: `y = price · y_scale` (an exact power of two, so
    /// that squares of prices neither overflow nor underflow); 1 for log fits.
    pub y_scale: f64,
}

impl Transform {
    /// Fills `xs` and `ys` for one block of observations.
    #[inline(always)]
    fn block(&self, tb: &[f64], pb: &[f64], xs: &mut [f64], ys: &mut [f64]) {
        match self.period {
            Some(p) => {
                // crate::numeric::whole_periods, with its constants hoisted
                const FOUR_EPS: f64 = 4.0 * f64::EPSILON;
                let (c, oa, origin) = (FOUR_EPS / p, self.origin.abs(), self.origin);
                for (x, &ti) in xs.iter_mut().zip(tb) {
                    let q = (ti - origin) / p;
                    let k = q.floor();
                    let up = k + 1.0;
                    let slack = (ti.abs() + oa) * c + FOUR_EPS * q.abs();
                    let snap = (k != q) & (slack < 0.5) & (up - q <= slack);
                    *x = if snap { up } else { k };
                }
            }
            None => {
                for (x, &ti) in xs.iter_mut().zip(tb) {
                    *x = ti - self.origin;
                }
            }
        }
        if self.log {
            let mut ok = true;
            for (y, &p) in ys.iter_mut().zip(pb) {
                ok &= simd::ln_in_range(p);
                *y = simd::ln_core(p);
            }
            if !ok {
                for (y, &p) in ys.iter_mut().zip(pb) {
                    if !simd::ln_in_range(p) {
                        *y = p.ln();
                    }
                }
            }
        } else {
            for (y, &p) in ys.iter_mut().zip(pb) {
                *y = p * self.y_scale;
            }
        }
    }
}

/// What [`residual_sse`] returns.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Residuals {
    pub sse: f64,
    pub wr: f64,
    pub wrx: f64,
    pub rounding: f64,
}

impl Residuals {
    /// One step of iterative refinement of the line `my + slope (x - mx)`
    /// given the moments: the corrected `(my, slope)` and the SSE of the
    /// corrected line (0 when within the rounding of the data).
    pub(crate) fn refine(&self, m: &Moments, slope: f64) -> (f64, f64, f64) {
        let da = self.wr / m.w;
        let db = self.wrx / m.sxx;
        let sse = (self.sse - da * self.wr - db * self.wrx).max(0.0);
        let sse = if sse <= self.rounding { 0.0 } else { sse };
        (m.my + da, slope + db, sse)
    }
}

/// The weighted sum of squared residuals about the line
/// `y = my + slope · (x - mx)`, from a second pass over the data, and the
/// part of it that is rounding of the data alone.
///
/// Each residual `(y - my) - slope · (x - mx)` is formed with error-free
/// transformations (two-sum, and a fused multiply-add for the product), so
/// it keeps its relative accuracy however small it is against `y`: the
/// one-pass `Syy - Sxy² / Sxx` loses all digits as R² nears 1. Since the
/// least-squares line is a stationary point of the SSE, the rounding of
/// `my`, `mx` and `slope` changes the SSE only to second order.
///
/// The pass also returns `Σ w r` and `Σ w r (x - mx)`, one step of
/// iterative refinement: they correct the line for the rounding of its
/// coefficients ([`Residuals::refine`]), so the SSE is that of the exact
/// least-squares line to second order, whatever the order of the data.
///
/// `rounding` is `Σ w (8 ε (|y| + |slope · (x - mx)|))²`: an SSE at or
/// below it is indistinguishable from data that lie exactly on the line
/// but were rounded to floats.
pub(crate) fn residual_sse(
    t: &[f64],
    price: &[f64],
    weights: Option<&[f64]>,
    tr: Transform,
    mx: f64,
    my: f64,
    slope: f64,
) -> Residuals {
    #[inline(always)]
    fn two_sum(a: f64, b: f64) -> (f64, f64) {
        let s = a + b;
        let bb = s - a;
        (s, (a - (s - bb)) + (b - bb))
    }
    simd::dispatch(
        #[inline(always)]
        || {
            let mut sse = [0.0f64; 4];
            let mut tol = [0.0f64; 4];
            let mut wr_sum = [0.0f64; 4];
            let mut wrx = [0.0f64; 4];
            let mut xs = [0.0; simd::BLOCK];
            let mut ys = [0.0; simd::BLOCK];
            let mut ws = [1.0; simd::BLOCK];
            for (b, (tb, pb)) in t
                .chunks(simd::BLOCK)
                .zip(price.chunks(simd::BLOCK))
                .enumerate()
            {
                let len = tb.len();
                let (xs, ys, ws) = (&mut xs[..len], &mut ys[..len], &mut ws[..len]);
                tr.block(tb, pb, xs, ys);
                simd::block_weights(ws, weights, b);
                // Zero-weight points hold finite values (validated): w = 0
                // adds exactly 0.
                let mut lane = |l: usize, x: f64, y: f64, w: f64| {
                    let (dy, dy_lo) = two_sum(y, -my);
                    let (dx, dx_lo) = two_sum(x, -mx);
                    let p = slope * dx;
                    let p_lo = slope.mul_add(dx, -p) + slope * dx_lo;
                    let r = (dy - p) + (dy_lo - p_lo);
                    let e = 8.0 * f64::EPSILON * (y.abs() + p.abs());
                    let wr = w * r;
                    sse[l] += wr * r;
                    tol[l] += w * e * e;
                    wr_sum[l] += wr;
                    wrx[l] += wr * dx;
                };
                let rest = len - len % 4;
                for i in (0..rest).step_by(4) {
                    for l in 0..4 {
                        lane(l, xs[i + l], ys[i + l], ws[i + l]);
                    }
                }
                for i in rest..len {
                    lane(0, xs[i], ys[i], ws[i]);
                }
            }
            let sum = |a: [f64; 4]| a[0] + a[1] + a[2] + a[3];
            Residuals {
                sse: sum(sse),
                wr: sum(wr_sum),
                wrx: sum(wrx),
                rounding: sum(tol),
            }
        },
    )
}

impl Moments {
    /// The moments of a whole data set, vectorised: per block of
    /// [`simd::BLOCK`] observations the logarithms are taken branch-free and
    /// the block's sums are formed about its first point (no division in the
    /// loop), then the block is merged in with Chan's update. Agrees with
    /// pushing every point to rounding.
    pub(crate) fn accumulate(
        t: &[f64],
        price: &[f64],
        weights: Option<&[f64]>,
        tr: Transform,
    ) -> Self {
        simd::dispatch(
            #[inline(always)]
            || {
                let mut total = Moments::default();
                let mut xs = [0.0; simd::BLOCK];
                let mut ys = [0.0; simd::BLOCK];
                let mut ws = [1.0; simd::BLOCK];
                for (b, (tb, pb)) in t
                    .chunks(simd::BLOCK)
                    .zip(price.chunks(simd::BLOCK))
                    .enumerate()
                {
                    let len = tb.len();
                    let (xs, ys, ws) = (&mut xs[..len], &mut ys[..len], &mut ws[..len]);
                    tr.block(tb, pb, xs, ys);
                    simd::block_weights(ws, weights, b);
                    total.merge(&block_moments(xs, ys, ws, weights.is_some()));
                }
                total
            },
        )
    }
}

/// The moments of one block, from sums about its first point.
#[inline(always)]
fn block_moments(xs: &[f64], ys: &[f64], ws: &[f64], weighted: bool) -> Moments {
    if !weighted {
        return block_moments_unweighted(xs, ys);
    }
    let mut m = Moments::default();
    let Some(first) = (0..xs.len()).find(|&i| ws[i] > 0.0) else {
        return m;
    };
    let (cx, cy) = (xs[first], ys[first]);
    // Four lanes of [w, w dx, w dy, w dx², w dx dy, w dy², y, count].
    let mut acc = [[0.0f64; 4]; 8];
    let mut lo = [f64::INFINITY; 4];
    let mut hi = [f64::NEG_INFINITY; 4];
    let mut chunks = xs
        .chunks_exact(4)
        .zip(ys.chunks_exact(4))
        .zip(ws.chunks_exact(4));
    for ((x4, y4), w4) in &mut chunks {
        for l in 0..4 {
            let w = w4[l];
            let used = if w > 0.0 { 1.0 } else { 0.0 };
            let dx = x4[l] - cx;
            let dy = y4[l] - cy;
            acc[0][l] += w;
            acc[1][l] += w * dx;
            acc[2][l] += w * dy;
            acc[3][l] += w * dx * dx;
            acc[4][l] += w * dx * dy;
            acc[5][l] += w * dy * dy;
            acc[6][l] += used * y4[l];
            acc[7][l] += used;
            // Plain comparisons (the data are finite) vectorise; f64::min
            // would not.
            let (a, b) = if w > 0.0 {
                (x4[l], x4[l])
            } else {
                (f64::INFINITY, f64::NEG_INFINITY)
            };
            lo[l] = if a < lo[l] { a } else { lo[l] };
            hi[l] = if b > hi[l] { b } else { hi[l] };
        }
    }
    let mut x_min = lo[0].min(lo[1]).min(lo[2]).min(lo[3]);
    let mut x_max = hi[0].max(hi[1]).max(hi[2]).max(hi[3]);
    let rest = xs.len() - xs.len() % 4;
    for i in rest..xs.len() {
        let w = ws[i];
        let used = if w > 0.0 { 1.0 } else { 0.0 };
        let dx = xs[i] - cx;
        let dy = ys[i] - cy;
        acc[0][0] += w;
        acc[1][0] += w * dx;
        acc[2][0] += w * dy;
        acc[3][0] += w * dx * dx;
        acc[4][0] += w * dx * dy;
        acc[5][0] += w * dy * dy;
        acc[6][0] += used * ys[i];
        acc[7][0] += used;
    }
    for (&x, &w) in xs[rest..].iter().zip(&ws[rest..]) {
        if w > 0.0 {
            x_min = x_min.min(x);
            x_max = x_max.max(x);
        }
    }
    let sum = |k: usize| acc[k][0] + acc[k][1] + acc[k][2] + acc[k][3];
    let (w, sx, sy) = (sum(0), sum(1), sum(2));
    m.n = sum(7) as u64;
    m.w = w;
    m.mx = cx + sx / w;
    m.my = cy + sy / w;
    m.sxx = (sum(3) - sx * sx / w).max(0.0);
    m.sxy = sum(4) - sx * sy / w;
    m.syy = (sum(5) - sy * sy / w).max(0.0);
    m.sum_y = sum(6);
    if weighted {
        m.sum_ln_w = ws
            .iter()
            .filter(|&&w| w > 0.0 && w != 1.0)
            .map(|w| w.ln())
            .sum();
    }
    m.x_min = x_min;
    m.x_max = x_max;
    m
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
    fn block_accumulation_equals_pushing_every_point() {
        let n = 1000;
        let t: Vec<f64> = (0..n)
            .map(|i| 2024.0 + (i as f64 * 0.37).sin() * 0.01)
            .collect();
        let p: Vec<f64> = (0..n).map(|i| 5.0 + (i as f64 * 0.11).cos()).collect();
        let w: Vec<f64> = (0..n)
            .map(|i| {
                if i % 7 == 0 {
                    0.0
                } else {
                    1.0 + (i % 3) as f64
                }
            })
            .collect();
        for (weights, log) in [(None, true), (Some(&w[..]), true), (Some(&w[..]), false)] {
            let tr = Transform {
                origin: 2024.0,
                period: None,
                log,
                y_scale: 1.0,
            };
            let fast = Moments::accumulate(&t, &p, weights, tr);
            let mut slow = Moments::default();
            for i in 0..n {
                let y = if log { p[i].ln() } else { p[i] };
                slow.push(t[i] - 2024.0, y, weights.map_or(1.0, |w| w[i]));
            }
            assert_eq!(fast.n, slow.n);
            for (a, b) in [
                (fast.sxx, slow.sxx),
                (fast.sxy, slow.sxy),
                (fast.syy, slow.syy),
                (fast.mx, slow.mx),
                (fast.my, slow.my),
                (fast.w, slow.w),
                (fast.sum_y, slow.sum_y),
                (fast.sum_ln_w, slow.sum_ln_w),
            ] {
                assert!((a - b).abs() <= 1e-12 * b.abs().max(1e-300), "{a} vs {b}");
            }
            assert_eq!((fast.x_min, fast.x_max), (slow.x_min, slow.x_max));
        }
    }

    #[test]
    fn the_step_transform_counts_periods_as_the_model_does() {
        let period = 1.0 / 12.0;
        let tr = Transform {
            origin: 2024.0,
            period: Some(period),
            log: false,
            y_scale: 1.0,
        };
        let t: Vec<f64> = (0..300)
            .map(|k| 2024.0 + f64::from(k) * period * 0.5)
            .collect();
        let mut xs = vec![0.0; t.len()];
        let mut ys = vec![0.0; t.len()];
        tr.block(&t, &t, &mut xs, &mut ys);
        for (x, &ti) in xs.iter().zip(&t) {
            assert_eq!(
                *x,
                crate::numeric::whole_periods(ti, 2024.0, period),
                "{ti}"
            );
        }
        // and boundaries written as origin + k · period are on them
        assert_eq!(xs[14], 7.0);
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
