//! Least squares on the price scale for the exponential, with and without a
//! floor, by variable projection: for a fixed `lambda` the amplitude (and
//! the floor) enter linearly and are solved exactly, so the search is one-
//! dimensional. The stationarity condition of the profiled sum of squares is
//! solved by Newton steps on its analytic derivative, kept inside a bracket.

use super::data::Data;
use crate::FitError;

/// The observations a search works on.
pub(crate) struct Problem<'d> {
    pub data: &'d Data<'d>,
    /// Weights overriding the data's own (robust iterations).
    pub weights: Option<&'d [f64]>,
    pub origin: f64,
    pub floor: bool,
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
    sums: Sums,
}

impl Profile {
    /// Sign of the derivative of the profiled SSE.
    fn slope_sign(&self) -> f64 {
        (self.a * self.g).signum()
    }
}

struct Searcher<'p, 'd> {
    problem: &'p Problem<'d>,
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
        let d = self.problem.data;
        let s_ref = self.s_ref(lambda);
        let mut z = Sums::default();
        for i in 0..d.len() {
            let w = self.problem.weight(i);
            if w == 0.0 {
                continue;
            }
            let s = d.t[i] - self.problem.origin;
            let y = d.price[i] - self.c;
            let x = -lambda * (s - s_ref);
            let e_true = x.exp();
            let e = if self.problem.floor {
                x.exp_m1()
            } else {
                e_true
            };
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

/// Finds the least-squares `lambda` starting from `lambda0` (the log-linear
/// estimate), then the linear coefficients and the statistics.
pub(crate) fn solve(problem: &Problem<'_>, lambda0: f64) -> Result<Solution, FitError> {
    let d = problem.data;
    let (mut s_min, mut s_max, mut w_sum, mut wy) = (f64::INFINITY, f64::NEG_INFINITY, 0.0, 0.0);
    for i in 0..d.len() {
        let w = problem.weight(i);
        if w > 0.0 {
            let s = d.t[i] - problem.origin;
            s_min = s_min.min(s);
            s_max = s_max.max(s);
            w_sum += w;
            wy += w * d.price[i];
        }
    }
    let span = s_max - s_min;
    if span.is_nan() || span <= 0.0 {
        return Err(FitError::AllTimesEqual { t: d.t_min });
    }
    let searcher = Searcher {
        problem,
        c: if problem.floor { wy / w_sum } else { 0.0 },
        s_min,
        s_max,
    };
    let lambda = find_lambda(&searcher, lambda0, span)?;
    let profile = searcher.profile(lambda);
    if profile.b <= 0.0 || !profile.b.is_finite() {
        return Err(FitError::NotIdentifiable {
            parameter: "lambda",
            reason: "the exponential is flat over the data",
        });
    }
    let (amplitude, floor) = searcher.coefficients(lambda, &profile);
    let p0 = floor + amplitude;
    finish(problem, p0, lambda, floor, wy / w_sum)
}

/// Largest `|lambda| · span` searched: beyond it `exp` spans more than 300
/// orders of magnitude over the data and the fit is a spike.
const MAX_RATE_SPAN: f64 = 700.0;
/// Smallest `|lambda| · span` for the floor model: below it the curve
/// departs from a straight line by less than a part in 10⁸ over the data and
/// the floor is confounded with the level.
const MIN_FLOOR_RATE_SPAN: f64 = 1e-4;

fn find_lambda(searcher: &Searcher<'_, '_>, lambda0: f64, span: f64) -> Result<f64, FitError> {
    let floor = searcher.problem.floor;
    let no_curvature = FitError::NotIdentifiable {
        parameter: "floor",
        reason: "the data show no curvature, so a floor cannot be told from the level",
    };
    let runs_off = FitError::NotIdentifiable {
        parameter: "lambda",
        reason: "the best fit drops the whole decline between two observations",
    };
    let mut lambda0 = if lambda0.is_finite() { lambda0 } else { 0.0 };
    if floor && lambda0 == 0.0 {
        lambda0 = 1.0 / span;
    }
    let sign = if lambda0 < 0.0 { -1.0 } else { 1.0 };
    let slope0 = searcher.profile(lambda0).slope_sign();
    if slope0 == 0.0 {
        return Ok(lambda0);
    }
    // Bracket the minimum: the SSE falls to the left of it and rises after.
    let mut step = 0.25 * lambda0.abs().max(1.0 / span);
    let (mut lo, mut hi) = (lambda0, lambda0);
    let mut found = false;
    for _ in 0..200 {
        let next = if slope0 < 0.0 { hi + step } else { lo - step };
        if next.abs() * span > MAX_RATE_SPAN {
            return Err(runs_off);
        }
        if floor && (next * sign <= 0.0 || next.abs() * span < MIN_FLOOR_RATE_SPAN) {
            // The floor model is singular at lambda = 0: never cross it.
            let edge = sign * MIN_FLOOR_RATE_SPAN / span;
            if searcher.profile(edge).slope_sign() * slope0 > 0.0 {
                return Err(no_curvature);
            }
            if slope0 < 0.0 {
                hi = edge
            } else {
                lo = edge
            }
            found = true;
            break;
        }
        let s = searcher.profile(next).slope_sign();
        if slope0 < 0.0 {
            if s > 0.0 {
                hi = next;
                found = true;
                break;
            }
            lo = next;
            hi = next;
        } else {
            if s < 0.0 {
                lo = next;
                found = true;
                break;
            }
            lo = next;
            hi = next;
        }
        step *= 2.0;
    }
    if !found {
        return Err(runs_off);
    }
    if slope0 < 0.0 && lo == hi {
        lo = lambda0;
    }
    if slope0 > 0.0 && lo == hi {
        hi = lambda0;
    }
    // Newton on g inside the bracket [lo, hi]: slope < 0 at lo, > 0 at hi.
    let mut x = if (lo..=hi).contains(&lambda0) && lambda0 != lo && lambda0 != hi {
        lambda0
    } else {
        0.5 * (lo + hi)
    };
    let tol = 1e-15 * (1.0 / span);
    for _ in 0..200 {
        let p = searcher.profile(x);
        let s = p.slope_sign();
        if s == 0.0 {
            return Ok(x);
        }
        if s < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let newton = x - p.g / p.dg;
        let next = if newton > lo && newton < hi && newton.is_finite() {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - x).abs() <= tol.max(4.0 * f64::EPSILON * x.abs()) || hi - lo <= tol {
            return Ok(next);
        }
        x = next;
    }
    Err(FitError::NoConvergence {
        iterations: 200,
        lambda: x,
    })
}

/// The final pass: residuals, `J'WJ` and the total sum of squares at the
/// solution.
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
    let (mut sse, mut sst, mut sum_ln_w, mut n) = (0.0, 0.0, 0.0, 0usize);
    for i in 0..d.len() {
        let w = problem.weight(i);
        if w == 0.0 {
            continue;
        }
        n += 1;
        if w != 1.0 {
            sum_ln_w += w.ln();
        }
        let s = d.t[i] - problem.origin;
        let e = (-lambda * s).exp();
        let fitted = floor + amp * e;
        let r = d.price[i] - fitted;
        sse += w * r * r;
        sst += w * (d.price[i] - mean) * (d.price[i] - mean);
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
    Ok(Solution {
        p0,
        lambda,
        floor,
        sse,
        sst,
        jtwj,
        sum_ln_w,
        n,
    })
}
