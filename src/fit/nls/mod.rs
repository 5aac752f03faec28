//! Least squares on the price scale for the exponential, with and without
//! a floor, by variable projection.
//!
//! The model is `p(s) = f + a · exp(-lambda · s)` with `s = t - origin`
//! (`f = 0` without a floor); the loss is `Σ w (price - p(s))²`. For a
//! fixed `lambda` the amplitude `a` (and the floor `f`) enter linearly, so
//! they have closed forms and the search is over `lambda` alone. Step by
//! step:
//!
//! 1. **First pass** ([`sums::first_pass`]): the range of the times in use
//!    and the sums that do not depend on `lambda` (`Σw`, `Σwy`, `Σwy²`),
//!    with prices divided by a power of two near the largest (exact), so no
//!    square of a price overflows.
//! 2. **Profile** ([`sums::Searcher::profile`]): at one `lambda`, one pass
//!    forms `e = exp(-lambda (s - s_ref))` (with `s_ref` the end of the range
//!    where `e` is largest, so no `e` exceeds 1) and the sums of `e`, `s e`,
//!    `s² e` against `y` and each other. From them: the best amplitude `A/B`
//!    (`A = Σwye`, `B = Σwe²`, centred against the floor's constant column
//!    when there is one), and `g`, proportional to the derivative of the
//!    profiled SSE in `lambda`, with its own derivative `dg`. With a floor,
//!    `e - 1` from `expm1` stands in for `e` so a nearly flat curve keeps
//!    its digits through the centring.
//! 3. **Search** ([`search::find_lambda`]): from the log-linear `lambda`, a
//!    safeguarded Newton iteration on `g = 0`: Newton steps toward a
//!    minimum inside the bracket where the profiled SSE falls on one side
//!    and rises on the other; bisection when a step would leave it;
//!    expansion (doubling, geometric toward 0 for the floor) until both
//!    sides are known; no far jump before the minimum is bracketed (it
//!    lands on plateaus where every `e` underflows).
//! 4. **Coefficients** ([`solve`]): the amplitude and floor at the final
//!    `lambda`; without a floor, the last Newton step is applied to the
//!    amplitude to first order instead of another pass.
//! 5. **Statistics**: without a floor, the sums at the solution give the
//!    SSE (`Σwy² - A²/B`) and `J'WJ` directly, unless the fit is so close
//!    to exact that the one-pass SSE would lose digits; then, and always
//!    with a floor, a final pass ([`finish::finish`]) forms the residuals,
//!    `J'WJ` and the total sum of squares.
//! 6. **Polish** (floor, nearly exact fits only: SSE below
//!    [`POLISH_BELOW`] of `Σwy²`): Gauss–Newton steps on residuals formed
//!    point by point ([`finish::polish`]), then the final pass again. There
//!    the search's centred sums cannot locate the minimum to better than
//!    their rounding, and where they stop depends on the order of the data.

mod finish;
mod search;
mod sums;

use crate::FitError;
use crate::input::Data;
use finish::finish;
use search::find_lambda;
use sums::{Searcher, Totals, first_pass};

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
    let found = find_lambda(&searcher, lambda0, span)?;
    let (at, profile, step) = (found.lambda, found.profile, found.last_step);
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
    if problem.floor && sol.sse < POLISH_BELOW * sol.wyy {
        let (p0, lambda, floor) = finish::polish(problem, p0, lambda, floor);
        sol = finish(problem, p0, lambda, floor, wy / w_sum)?;
    }
    sol.sum_ln_w = sum_ln_w;
    sol.n = n;
    Ok(sol)
}

/// With a floor, fits whose SSE is below this fraction of `Σwy²` are
/// polished by Gauss–Newton on direct residuals ([`finish::polish`]): the
/// search's centred sums carry an error of about `ε Σwy²`, which there
/// hides the slope of the profiled SSE in more than half its digits. Noisier
/// fits are left as the search found them (to about 1e-13), without the
/// extra passes.
const POLISH_BELOW: f64 = 1e-8;

/// The one-pass SSE `Σwy² - (Σwye)²/Σwe²` (or `Syy - Sxy²/Sxx`) is used
/// only when it is at least this fraction of `Σwy²` (`Syy`): its rounding
/// error, about `ε Σwy²`, is then below 2.2e-13 of it. Below, the SSE comes
/// from a second pass over the residuals.
pub(crate) const ONE_PASS_SSE: f64 = 1e-3;
