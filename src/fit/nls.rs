//! Least squares on the price scale for the exponential, with and without a
//! floor, by variable projection: for a fixed `lambda` the amplitude (and
//! the floor) enter linearly and are solved exactly, so the search is one-
//! dimensional. The stationarity condition of the profiled sum of squares is
//! solved by Newton steps on its analytic derivative, kept inside a bracket.

use super::data::Data;
use crate::simd;
use crate::FitError;

/// The observations a search works on.
pub(crate) struct Problem<'d> {
    pub data: &'d Data<'d>,
    /// Weights overriding the data's own (robust iterations).
    pub weights: Option<&'d [f64]>,
    pub origin: f64,
    pub floor: bool,
    /// Prices are multiplied by this (a power of two: exact) before use, so
    /// that their squares stay in range; the solution is in those units.
    pub y_scale: f64,
}

impl Problem<'_> {
    #[inline]
    fn weight(&self, i: usize) -> f64 {
        match self.weights {
            Some(w) => w[i],
            None => self.data.weight(i),
        }
    }
}

/// The solution of the search.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Solution {
    pub p0: f64,
    pub lambda: f64,
    pub floor: f64,
    pub sse: f64,
    pub sst: f64,
    /// `J'WJ` in `(p0, lambda, floor)` (the first two only without floor).
    pub jtwj: [[f64; 3]; 3],
    pub sum_ln_w: f64,
    pub n: usize,
    /// `Σ w y²` (from the last pass; 0 where it was not needed).
    pub wyy: f64,
}

/// Raw weighted sums at one `lambda`, with `e = exp(-lambda (s - s_ref))`,
/// `q = s e`, `r = s² e` and `y` shifted by a constant `c`.
///
/// With a floor every sum involving `e` is centred, which makes it blind to
/// a constant shift of `e`; there `e - 1` (from `expm1`) stands in for `e`,
/// so a nearly flat exponential keeps its digits through the centring.
#[derive(Default, Clone, Copy)]
struct Sums {
    w: f64,
    e: f64,
    q: f64,
    r: f64,
    y: f64,
    ye: f64,
    ee: f64,
    yq: f64,
    eq: f64,
    yr: f64,
    qq: f64,
    er: f64,
    yy: f64,
}

/// The pieces of the profiled problem at one `lambda`.
struct Profile {
    /// Centred (or raw) `Σ w y e` and `Σ w e²`.
    a: f64,
    b: f64,
    /// `g` is proportional to the derivative of the profiled SSE:
    /// `dSSE/dlambda = 2 a g / b²`; `dg` is its derivative.
    g: f64,
    dg: f64,
    /// `-dA/dlambda` and `-dB/dlambda / 2`, for a first-order update of the
    /// amplitude after the last Newton step.
    yq: f64,
    eq: f64,
    sums: Sums,
}

impl Profile {
    /// Sign of the derivative of the profiled SSE (0 at a stationary point).
    fn slope_sign(&self) -> f64 {
        let d = self.a * self.g;
        if d > 0.0 {
            1.0
        } else if d < 0.0 {
            -1.0
        } else {
            0.0
        }
    }
}

/// Weighted sums that do not depend on `lambda`.
#[derive(Clone, Copy, Default)]
struct Totals {
    w: f64,
    y: f64,
    yy: f64,
}

struct Searcher<'p, 'd> {
    problem: &'p Problem<'d>,
    totals: Totals,
    /// Shift of the prices (their weighted mean for the floor model).
    c: f64,
    s_min: f64,
    s_max: f64,
}

impl Searcher<'_, '_> {
    fn s_ref(&self, lambda: f64) -> f64 {
        // Keep every e in (0, 1]: no overflow for rising fits.
        if lambda >= 0.0 {
            self.s_min
        } else {
            self.s_max
        }
    }

    fn sums(&self, lambda: f64) -> Sums {
        if self.problem.floor {
            self.sums_floor(lambda)
        } else {
            self.sums_vectorised(lambda)
        }
    }

    /// The floor model's sums, one observation at a time: they are centred,
    /// so `e - 1` (from `expm1`, which has no vectorised kernel) stands in
    /// for `e` to keep a nearly flat exponential's digits.
    fn sums_floor(&self, lambda: f64) -> Sums {
        let d = self.problem.data;
        let s_ref = self.s_ref(lambda);
        let mut z = Sums::default();
        for i in 0..d.len() {
            let w = self.problem.weight(i);
            if w == 0.0 {
                continue;
            }
            let s = d.t[i] - self.problem.origin;
            let y = d.price[i] * self.problem.y_scale - self.c;
            let x = -lambda * (s - s_ref);
            let e_true = x.exp();
            let e = x.exp_m1();
            let q = s * e_true;
            let r = s * q;
            z.w += w;
            z.e += w * e;
            z.q += w * q;
            z.r += w * r;
            z.y += w * y;
            z.ye += w * y * e;
            z.ee += w * e * e;
            z.yq += w * y * q;
            z.eq += w * e * q;
            z.yr += w * y * r;
            z.qq += w * q * q;
            z.er += w * e * r;
        }
        z
    }

    /// The sums without a floor, vectorised (see `crate::simd`): per block,
    /// the exponentials branch-free, then the sums in four lanes.
    fn sums_vectorised(&self, lambda: f64) -> Sums {
        let d = self.problem.data;
        let s_ref = self.s_ref(lambda);
        let origin = self.problem.origin;
        let y_scale = self.problem.y_scale;
        let weights = match self.problem.weights {
            Some(w) => Some(w),
            None => d.weights.as_deref(),
        };
        simd::dispatch(
            #[inline(always)]
            || {
                let (mut ye, mut ee, mut yq) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
                let (mut eq, mut yr, mut qq) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
                let mut ss = [0.0; simd::BLOCK];
                let mut es = [0.0; simd::BLOCK];
                let mut ws = [1.0; simd::BLOCK];
                for (b, (tb, pb)) in
                    d.t.chunks(simd::BLOCK)
                        .zip(d.price.chunks(simd::BLOCK))
                        .enumerate()
                {
                    let len = tb.len();
                    let (ss, es, ws) = (&mut ss[..len], &mut es[..len], &mut ws[..len]);
                    let mut ok = true;
                    for ((s, e), &t) in ss.iter_mut().zip(es.iter_mut()).zip(tb) {
                        *s = t - origin;
                        // x <= 0 for every point in use (s_ref is the
                        // end of their range the curve is highest at); a
                        // zero-weight point outside that range would make
                        // e overflow, and 0 · inf NaN: it is capped at 1.
                        let x = (-lambda * (*s - s_ref)).min(0.0);
                        ok &= simd::exp_in_range(x);
                        *e = simd::exp_core(x);
                    }
                    if !ok {
                        for (s, e) in ss.iter().zip(es.iter_mut()) {
                            let x = (-lambda * (*s - s_ref)).min(0.0);
                            if !simd::exp_in_range(x) {
                                *e = x.exp();
                            }
                        }
                    }
                    simd::block_weights(ws, weights, b);
                    let lanes = ws
                        .chunks_exact(4)
                        .zip(ss.chunks_exact(4))
                        .zip(es.chunks_exact(4))
                        .zip(pb.chunks_exact(4));
                    for (((w4, s4), e4), y4) in lanes {
                        for l in 0..4 {
                            let (w, sv, y) = (w4[l], s4[l], y4[l] * y_scale);
                            let e = e4[l];
                            let q = sv * e;
                            let r = sv * q;
                            let (we, wy) = (w * e, w * y);
                            ye[l] += wy * e;
                            ee[l] += we * e;
                            yq[l] += wy * q;
                            eq[l] += we * q;
                            yr[l] += wy * r;
                            qq[l] += w * q * q;
                        }
                    }
                    for i in len - len % 4..len {
                        let (w, sv, y) = (ws[i], ss[i], pb[i] * y_scale);
                        let e = es[i];
                        let q = sv * e;
                        let r = sv * q;
                        let (we, wy) = (w * e, w * y);
                        ye[0] += wy * e;
                        ee[0] += we * e;
                        yq[0] += wy * q;
                        eq[0] += we * q;
                        yr[0] += wy * r;
                        qq[0] += w * q * q;
                    }
                }
                let sum = |a: [f64; 4]| a[0] + a[1] + a[2] + a[3];
                // Without a floor nothing is centred, and Σw and Σwy do
                // not depend on lambda: they come from the first pass.
                Sums {
                    w: self.totals.w,
                    e: 0.0,
                    q: 0.0,
                    r: 0.0,
                    y: self.totals.y,
                    ye: sum(ye),
                    ee: sum(ee),
                    yq: sum(yq),
                    eq: sum(eq),
                    yr: sum(yr),
                    qq: sum(qq),
                    er: sum(qq),
                    yy: self.totals.yy,
                }
            },
        )
    }

    fn profile(&self, lambda: f64) -> Profile {
        let z = self.sums(lambda);
        // Centring against the floor's constant column, or none.
        let centre = |u: f64, v: f64| if self.problem.floor { u * v / z.w } else { 0.0 };
        let a = z.ye - centre(z.y, z.e);
        let b = z.ee - centre(z.e, z.e);
        let yq = z.yq - centre(z.y, z.q);
        let eq = z.eq - centre(z.e, z.q);
        let yr = z.yr - centre(z.y, z.r);
        let qq = z.qq - centre(z.q, z.q);
        let er = z.er - centre(z.e, z.r);
        Profile {
            a,
            b,
            g: yq * b - a * eq,
            dg: -yr * b - yq * eq + a * (qq + er),
            yq,
            eq,
            sums: z,
        }
    }

    /// The amplitude at `s = 0` and the floor at `lambda`.
    fn coefficients(&self, lambda: f64, p: &Profile) -> (f64, f64) {
        let amp_ref = p.a / p.b;
        let floor = if self.problem.floor {
            // the sums hold e - 1 here: Σ w e = Σ w (e - 1) + W
            self.c + (p.sums.y - amp_ref * (p.sums.e + p.sums.w)) / p.sums.w
        } else {
            0.0
        };
        (amp_ref * (lambda * self.s_ref(lambda)).exp(), floor)
    }
}

/// What the search needs to know of the data before it starts.
struct FirstPass {
    s_min: f64,
    s_max: f64,
    w: f64,
    y: f64,
    yy: f64,
    n: usize,
    sum_ln_w: f64,
}

/// Range of times and the `lambda`-free sums, in one vectorised pass.
fn first_pass(problem: &Problem<'_>) -> FirstPass {
    let d = problem.data;
    let weights = match problem.weights {
        Some(w) => Some(w),
        None => d.weights.as_deref(),
    };
    let origin = problem.origin;
    let y_scale = problem.y_scale;
    let (mut out, lo, hi) = simd::dispatch(
        #[inline(always)]
        || {
            let mut acc = [[0.0f64; 4]; 4];
            let mut lo = [f64::INFINITY; 4];
            let mut hi = [f64::NEG_INFINITY; 4];
            let mut ws = [1.0; simd::BLOCK];
            for (b, (tb, pb)) in
                d.t.chunks(simd::BLOCK)
                    .zip(d.price.chunks(simd::BLOCK))
                    .enumerate()
            {
                let len = tb.len();
                let ws = &mut ws[..len];
                simd::block_weights(ws, weights, b);
                let mut lanes = ws
                    .chunks_exact(4)
                    .zip(pb.chunks_exact(4))
                    .zip(tb.chunks_exact(4));
                for ((w4, y4), t4) in &mut lanes {
                    for l in 0..4 {
                        let (w, y) = (w4[l], y4[l] * y_scale);
                        let s = t4[l] - origin;
                        let used = if w > 0.0 { 1.0 } else { 0.0 };
                        acc[0][l] += w;
                        acc[1][l] += w * y;
                        acc[2][l] += w * y * y;
                        acc[3][l] += used;
                        let a = if w > 0.0 { s } else { f64::INFINITY };
                        let z = if w > 0.0 { s } else { f64::NEG_INFINITY };
                        lo[l] = if a < lo[l] { a } else { lo[l] };
                        hi[l] = if z > hi[l] { z } else { hi[l] };
                    }
                }
                for i in len - len % 4..len {
                    let (w, y, s) = (ws[i], pb[i] * y_scale, tb[i] - origin);
                    if w > 0.0 {
                        acc[0][0] += w;
                        acc[1][0] += w * y;
                        acc[2][0] += w * y * y;
                        acc[3][0] += 1.0;
                        lo[0] = lo[0].min(s);
                        hi[0] = hi[0].max(s);
                    }
                }
            }
            let sum = |k: usize| acc[k][0] + acc[k][1] + acc[k][2] + acc[k][3];
            let out = FirstPass {
                s_min: 0.0,
                s_max: 0.0,
                w: sum(0),
                y: sum(1),
                yy: sum(2),
                n: sum(3) as usize,
                sum_ln_w: 0.0,
            };
            (out, lo, hi)
        },
    );
    out.s_min = lo[0].min(lo[1]).min(lo[2]).min(lo[3]);
    out.s_max = hi[0].max(hi[1]).max(hi[2]).max(hi[3]);
    if let Some(w) = weights {
        out.sum_ln_w = w
            .iter()
            .filter(|&&w| w > 0.0 && w != 1.0)
            .map(|w| w.ln())
            .sum();
    }
    out
}

/// Finds the least-squares `lambda` starting from `lambda0` (the log-linear
/// estimate), then the linear coefficients and the statistics.
pub(crate) fn solve(problem: &Problem<'_>, lambda0: f64) -> Result<Solution, FitError> {
    let d = problem.data;
    let pre = first_pass(problem);
    let (s_min, s_max, w_sum, wy, n, sum_ln_w) =
        (pre.s_min, pre.s_max, pre.w, pre.y, pre.n, pre.sum_ln_w);
    let span = s_max - s_min;
    if span.is_nan() || span <= 0.0 {
        return Err(FitError::AllTimesEqual { t: d.t_min });
    }
    let searcher = Searcher {
        problem,
        totals: Totals {
            w: w_sum,
            y: wy,
            yy: pre.yy,
        },
        c: if problem.floor { wy / w_sum } else { 0.0 },
        s_min,
        s_max,
    };
    let (at, profile, step) = find_lambda(&searcher, lambda0, span)?;
    if profile.b <= 0.0 || !profile.b.is_finite() {
        return Err(FitError::NotIdentifiable {
            parameter: "lambda",
            reason: "the exponential is flat over the data",
        });
    }
    let (amplitude, floor) = searcher.coefficients(at, &profile);
    let lambda = at + step;
    let mut p0 = floor + amplitude;
    if !problem.floor && searcher.s_ref(at) == 0.0 && searcher.s_ref(lambda) == 0.0 {
        // The amplitude A/B moved to the last step's lambda, to first order:
        // d(A/B)/dlambda = (2 A Eq - Yq B) / B² (its error is of the step's
        // square, below rounding).
        let (a, b) = (profile.a, profile.b);
        p0 += step * (2.0 * a * profile.eq - profile.yq * b) / (b * b);
        // Without a floor and with e unscaled, the sums at the solution hold
        // everything: SSE = Σwy² - (Σwye)² / Σwe², and J = [e, -p0 s e].
        // That one-pass SSE carries an error of about ε Σwy², so it is kept
        // only where that is below 1e-13 of it; nearly exact fits take the
        // SSE from a last pass over the residuals instead.
        let z = profile.sums;
        let sse = z.yy - a * a / b;
        if sse >= ONE_PASS_SSE * z.yy {
            let mut jtwj = [[0.0; 3]; 3];
            jtwj[0][0] = z.ee;
            jtwj[0][1] = -p0 * z.eq;
            jtwj[1][0] = jtwj[0][1];
            jtwj[1][1] = p0 * p0 * z.qq;
            return Ok(Solution {
                p0,
                lambda,
                floor,
                sse,
                sst: (z.yy - z.y * z.y / z.w).max(0.0),
                jtwj,
                sum_ln_w,
                n,
                wyy: z.yy,
            });
        }
    }
    let mut sol = finish(problem, p0, lambda, floor, wy / w_sum)?;
    sol.sum_ln_w = sum_ln_w;
    sol.n = n;
    Ok(sol)
}

/// The one-pass SSE `Σwy² - (Σwye)²/Σwe²` (or `Syy - Sxy²/Sxx`) is used
/// only when it is at least this fraction of `Σwy²` (`Syy`): its rounding
/// error, about `ε Σwy²`, is then below 2.2e-13 of it. Below, the SSE comes
/// from a second pass over the residuals.
pub(crate) const ONE_PASS_SSE: f64 = 1e-3;

/// Relative size of a Newton step after which the search stops without a
/// floor (the step is taken, the next would be below 1e-14).
const LAST_STEP: f64 = 1e-9;

/// Largest `|lambda| · span` searched: beyond it `exp` spans more than 300
/// orders of magnitude over the data and the fit is a spike.
const MAX_RATE_SPAN: f64 = 700.0;
/// Smallest `|lambda| · span` for the floor model: below it the curve
/// departs from a straight line by less than a part in 10⁸ over the data and
/// the floor is confounded with the level.
const MIN_FLOOR_RATE_SPAN: f64 = 1e-4;

fn find_lambda(
    searcher: &Searcher<'_, '_>,
    lambda0: f64,
    span: f64,
) -> Result<(f64, Profile, f64), FitError> {
    let floor = searcher.problem.floor;
    let no_curvature = FitError::NotIdentifiable {
        parameter: "floor",
        reason: "the data show no curvature, so a floor cannot be told from the level",
    };
    let runs_off = FitError::NotIdentifiable {
        parameter: "lambda",
        reason: "the best fit drops the whole decline between two observations",
    };
    let scale = 1.0 / span;
    let max_abs = MAX_RATE_SPAN * scale;
    let min_abs = MIN_FLOOR_RATE_SPAN * scale;
    let mut x = if lambda0.is_finite() { lambda0 } else { 0.0 };
    if floor && x == 0.0 {
        x = scale;
    }
    // The search domain; the floor model is singular at lambda = 0 and
    // stays on the side of its start.
    let (lim_lo, lim_hi) = match (floor, x < 0.0) {
        (false, _) => (-max_abs, max_abs),
        (true, false) => (min_abs, max_abs),
        (true, true) => (-max_abs, -min_abs),
    };
    x = x.clamp(lim_lo, lim_hi);
    let x0 = x;
    // The bracket: the SSE falls at `lo` and rises at `hi`, where known.
    let (mut lo, mut hi) = (lim_lo, lim_hi);
    let (mut lo_known, mut hi_known) = (false, false);
    let mut step = 0.25 * x.abs().max(scale);
    let tol = 1e-13;
    // Safeguarded Newton (as in "rtsafe"): a Newton step is taken only
    // toward a minimum, inside the bracket, and when it at least halves the
    // step before last; otherwise bisect, or expand while a side is unknown.
    let (mut dx, mut dx_old) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..200 {
        let p = searcher.profile(x);
        let s = p.slope_sign();
        if s == 0.0 && (p.dg != 0.0 || (lo_known && hi_known)) {
            return Ok((x, p, 0.0));
        }
        if s == 0.0 {
            // A plateau where the sums vanish (e underflows over most of
            // the data): no stationary point, so step back toward the start.
            if x < x0 {
                lo = x;
                lo_known = true;
            } else {
                hi = x;
                hi_known = true;
            }
            dx_old = dx;
            dx = 0.5 * (lo + hi) - x;
            x = 0.5 * (lo + hi);
            continue;
        }
        if s < 0.0 {
            lo = x;
            lo_known = true;
        } else {
            hi = x;
            hi_known = true;
        }
        let newton = x - p.g / p.dg;
        let is_minimum = p.a * p.dg > 0.0;
        // Until the minimum is bracketed, a Newton step may go no further
        // than the expansion would: a far jump lands on plateaus where e
        // underflows and every sum vanishes.
        let accept = is_minimum
            && newton.is_finite()
            && newton > lo
            && newton < hi
            && (newton - x).abs() < 0.5 * dx_old.abs()
            && ((lo_known && hi_known) || (newton - x).abs() <= 4.0 * step);
        if is_minimum && (newton - x).abs() <= tol * x.abs().max(scale) {
            return Ok((x, p, 0.0));
        }
        // Newton converges quadratically: after a step this small the next
        // one is below rounding. Without a floor the caller takes the step
        // and updates the amplitude to first order instead of evaluating
        // the sums again.
        if !floor && accept && (newton - x).abs() <= LAST_STEP * x.abs().max(scale) {
            return Ok((x, p, newton - x));
        }
        if lo_known && hi_known && hi - lo <= tol * x.abs().max(scale) {
            return Ok((x, p, 0.0));
        }
        let next = if accept {
            newton
        } else if lo_known && hi_known {
            0.5 * (lo + hi)
        } else {
            // Expand toward the unknown side: doubling steps, geometric
            // toward 0 for the floor model.
            let toward_zero = (s < 0.0) == (x < 0.0);
            let target = if floor && toward_zero {
                x / 4.0
            } else if s < 0.0 {
                x + step
            } else {
                x - step
            };
            step *= 2.0;
            let clamped = target.clamp(lim_lo, lim_hi);
            if clamped == x {
                return Err(if floor && x.abs() <= min_abs {
                    no_curvature
                } else {
                    runs_off
                });
            }
            clamped
        };
        dx_old = dx;
        dx = next - x;
        x = next;
    }
    Err(FitError::NoConvergence {
        iterations: 200,
        lambda: x,
    })
}

/// The final pass: residuals, `J'WJ` and the total sum of squares at the
/// solution. An SSE within the rounding of the data (`Σ w (8 ε y)²`) is
/// reported as 0: the data lie on the curve.
fn finish(
    problem: &Problem<'_>,
    p0: f64,
    lambda: f64,
    floor: f64,
    mean: f64,
) -> Result<Solution, FitError> {
    let d = problem.data;
    let amp = p0 - floor;
    let mut jtwj = [[0.0; 3]; 3];
    let (mut sse, mut sst, mut wyy, mut n) = (0.0, 0.0, 0.0, 0usize);
    for i in 0..d.len() {
        let w = problem.weight(i);
        if w == 0.0 {
            continue;
        }
        n += 1;
        let s = d.t[i] - problem.origin;
        let e = (-lambda * s).exp();
        let y = d.price[i] * problem.y_scale;
        let fitted = floor + amp * e;
        let r = y - fitted;
        sse += w * r * r;
        sst += w * (y - mean) * (y - mean);
        wyy += w * y * y;
        let j = [e, -amp * s * e, 1.0 - e];
        for a in 0..3 {
            for b in 0..3 {
                jtwj[a][b] += w * j[a] * j[b];
            }
        }
    }
    if !(sse.is_finite() && jtwj[1][1].is_finite()) {
        return Err(FitError::NotIdentifiable {
            parameter: "lambda",
            reason: "the fitted curve overflows over the data",
        });
    }
    let eps = 8.0 * f64::EPSILON;
    if sse <= eps * eps * wyy {
        sse = 0.0;
    }
    Ok(Solution {
        p0,
        lambda,
        floor,
        sse,
        sst,
        jtwj,
        sum_ln_w: 0.0,
        n,
        wyy,
    })
}
