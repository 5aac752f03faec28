//! The safeguarded Newton search for `lambda`.

use super::sums::{Profile, Searcher};
use crate::FitError;

/// Relative size of a Newton step after which the search stops without a
/// floor (the step is taken, the next would be below 1e-14).
pub(super) const LAST_STEP: f64 = 1e-9;

/// Largest `|lambda| · span` searched: beyond it `exp` spans more than 300
/// orders of magnitude over the data and the fit is a spike.
pub(super) const MAX_RATE_SPAN: f64 = 700.0;
/// Smallest `|lambda| · span` for the floor model: below it the curve
/// departs from a straight line by less than a part in 10⁸ over the data and
/// the floor is confounded with the level.
pub(super) const MIN_FLOOR_RATE_SPAN: f64 = 1e-4;

pub(super) fn find_lambda(
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
