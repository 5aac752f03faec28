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

/// Relative width of the bracket, or of a Newton step, at which the
/// search has converged.
const TOLERANCE: f64 = 1e-13;

/// Newton steps, bisections and expansions before the search gives up.
const MAX_ITERATIONS: usize = 200;

/// Where the search stopped: the `lambda` whose sums were evaluated, those
/// sums, and a last Newton step (non-zero only without a floor) that the
/// caller takes to first order instead of evaluating the sums again.
pub(super) struct Minimum {
    pub(super) lambda: f64,
    pub(super) profile: Profile,
    pub(super) last_step: f64,
}

impl Minimum {
    fn at(lambda: f64, profile: Profile) -> Self {
        Self {
            lambda,
            profile,
            last_step: 0.0,
        }
    }
}

/// The interval known to hold the minimum: the SSE falls at `lo` and rises
/// at `hi`, once each side has been seen (before that, the search domain's
/// end).
struct Bracket {
    lo: f64,
    hi: f64,
    lo_known: bool,
    hi_known: bool,
}

impl Bracket {
    fn new(lo: f64, hi: f64) -> Self {
        Self {
            lo,
            hi,
            lo_known: false,
            hi_known: false,
        }
    }

    /// Records `x`, where the SSE falls (`falls`) or rises.
    fn record(&mut self, x: f64, falls: bool) {
        if falls {
            self.lo = x;
            self.lo_known = true;
        } else {
            self.hi = x;
            self.hi_known = true;
        }
    }

    fn closed(&self) -> bool {
        self.lo_known && self.hi_known
    }

    fn mid(&self) -> f64 {
        0.5 * (self.lo + self.hi)
    }
}

/// The search domain of `lambda` and the start inside it: `±MAX_RATE_SPAN
/// / span`, and for the floor model (singular at 0) the side of its start,
/// at least `MIN_FLOOR_RATE_SPAN / span` from 0.
fn domain(floor: bool, lambda0: f64, scale: f64) -> (f64, f64, f64) {
    let max_abs = MAX_RATE_SPAN * scale;
    let min_abs = MIN_FLOOR_RATE_SPAN * scale;
    let mut x = if lambda0.is_finite() { lambda0 } else { 0.0 };
    if floor && x == 0.0 {
        x = scale;
    }
    let (lo, hi) = match (floor, x < 0.0) {
        (false, _) => (-max_abs, max_abs),
        (true, false) => (min_abs, max_abs),
        (true, true) => (-max_abs, -min_abs),
    };
    (x.clamp(lo, hi), lo, hi)
}

/// Finds the `lambda` that minimises the profiled sum of squares (the
/// linear coefficients solved for at each `lambda`), from the log-linear
/// estimate `lambda0`, on data spanning `span` in time.
///
/// Safeguarded Newton on the derivative of the profile (as in
/// "rtsafe"): a Newton step is taken only toward a minimum, inside the
/// bracket, and when it at least halves the step before last; otherwise the
/// search bisects the bracket, or expands toward the side not yet seen
/// (doubling steps; geometric toward 0 for the floor model). It stops at a
/// stationary point, a Newton step or bracket below [`TOLERANCE`] relative,
/// or a last step below [`LAST_STEP`].
///
/// # Errors
///
/// [`FitError::NotIdentifiable`] when the expansion hits the domain's end
/// (no curvature for a floor, or a decline that drops between two
/// observations); [`FitError::NoConvergence`] after [`MAX_ITERATIONS`].
pub(super) fn find_lambda(
    searcher: &Searcher<'_, '_>,
    lambda0: f64,
    span: f64,
) -> Result<Minimum, FitError> {
    let floor = searcher.problem.floor;
    let scale = 1.0 / span;
    let (mut x, lim_lo, lim_hi) = domain(floor, lambda0, scale);
    let x0 = x;
    let mut bracket = Bracket::new(lim_lo, lim_hi);
    let mut step = 0.25 * x.abs().max(scale);
    let (mut dx, mut dx_old) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..MAX_ITERATIONS {
        let p = searcher.profile(x);
        let s = p.slope_sign();
        if s == 0.0 && (p.dg != 0.0 || bracket.closed()) {
            return Ok(Minimum::at(x, p));
        }
        if s == 0.0 {
            // A plateau where the sums vanish (e underflows over most of
            // the data): no stationary point, so step back toward the start.
            bracket.record(x, x < x0);
            dx_old = dx;
            dx = bracket.mid() - x;
            x = bracket.mid();
            continue;
        }
        bracket.record(x, s < 0.0);
        let newton = x - p.g / p.dg;
        let is_minimum = p.a * p.dg > 0.0;
        let size = x.abs().max(scale);
        // Until the minimum is bracketed, a Newton step may go no further
        // than the expansion would: a far jump lands on plateaus where e
        // underflows and every sum vanishes.
        let accept = is_minimum
            && newton.is_finite()
            && newton > bracket.lo
            && newton < bracket.hi
            && (newton - x).abs() < 0.5 * dx_old.abs()
            && (bracket.closed() || (newton - x).abs() <= 4.0 * step);
        if is_minimum && (newton - x).abs() <= TOLERANCE * size {
            return Ok(Minimum::at(x, p));
        }
        // Newton converges quadratically: after a step this small the next
        // one is below rounding. Without a floor the caller takes the step
        // and updates the amplitude to first order instead of evaluating
        // the sums again.
        if !floor && accept && (newton - x).abs() <= LAST_STEP * size {
            return Ok(Minimum {
                lambda: x,
                profile: p,
                last_step: newton - x,
            });
        }
        if bracket.closed() && bracket.hi - bracket.lo <= TOLERANCE * size {
            return Ok(Minimum::at(x, p));
        }
        let next = if accept {
            newton
        } else if bracket.closed() {
            bracket.mid()
        } else {
            let target = expansion(x, step, s < 0.0, floor);
            step *= 2.0;
            let clamped = target.clamp(lim_lo, lim_hi);
            if clamped == x {
                return Err(stuck(floor, x, scale));
            }
            clamped
        };
        dx_old = dx;
        dx = next - x;
        x = next;
    }
    Err(FitError::NoConvergence {
        iterations: MAX_ITERATIONS,
        lambda: x,
    })
}

/// The next point of the expansion toward the side not yet seen (`falls`:
/// the SSE falls at `x`, so the minimum is above): a step of `step`, or a
/// quarter of the way to 0 for the floor model heading toward 0.
fn expansion(x: f64, step: f64, falls: bool, floor: bool) -> f64 {
    let toward_zero = falls == (x < 0.0);
    if floor && toward_zero {
        x / 4.0
    } else if falls {
        x + step
    } else {
        x - step
    }
}

/// Why the expansion could go no further at `x`, the domain's end.
fn stuck(floor: bool, x: f64, scale: f64) -> FitError {
    if floor && x.abs() <= MIN_FLOOR_RATE_SPAN * scale {
        FitError::NotIdentifiable {
            parameter: "floor",
            reason: "the data show no curvature, so a floor cannot be told from the level",
        }
    } else {
        FitError::NotIdentifiable {
            parameter: "lambda",
            reason: "the best fit drops the whole decline between two observations",
        }
    }
}
