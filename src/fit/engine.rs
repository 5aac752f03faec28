//! The fitting engine behind [`FitOptions`](super::FitOptions): one
//! least-squares fit per shape, the robust (Huber) driver around it, and the
//! check that an estimate is a valid model.

use super::Method;
use super::moments::{self, Moments};
use super::nls;
use super::raw::{Raw, Shape};
use crate::input::Data;
use crate::numeric::linalg::{invert, well_conditioned};
use crate::{DecayModel, FitError, ParamError};

/// Observations the log-linear starting rate of the price-scale fits uses
/// at most (evenly strided).
const START_SAMPLE: usize = 4096;

/// A fitted floor in `[-FLOOR_ROUNDING · p0, 0)`, or within what a relative
/// change of `FLOOR_ROUNDING` in the data would move it by, is rounding
/// noise around 0 (data with no floor) and is reported as 0.
const FLOOR_ROUNDING: f64 = 1e-12;

/// Huber's tuning constant: 95 % efficiency under Gaussian noise.
const HUBER_C: f64 = 1.345;
/// Median absolute deviation to standard deviation under Gaussian noise.
const MAD_TO_SIGMA: f64 = 1.482_602_218_505_602;

/// The observation on the fitted scale.
#[inline]
fn observed(shape: Shape, price: f64) -> f64 {
    if shape.log_scale() { price.ln() } else { price }
}

/// Fitted-scale residuals of every observation, in order, in units of the
/// data.
pub(crate) fn residuals<'a>(data: &'a Data<'_>, raw: &'a Raw) -> impl Iterator<Item = f64> + 'a {
    (0..data.len()).map(move |i| {
        let (v, _) = raw.shape.eval(&raw.theta, data.t[i], raw.origin);
        (observed(raw.shape, data.price[i] / raw.scale) - v) * raw.scale
    })
}

/// One least-squares fit of `shape` with the given weights (the data's own
/// when `None`): in closed form from the moments for the line-shaped fits,
/// by the variable-projection search for the price-scale exponentials.
pub(crate) fn core(
    data: &Data<'_>,
    origin: f64,
    weights: Option<&[f64]>,
    method: Method,
    shape: Shape,
) -> Result<Raw, FitError> {
    match shape {
        Shape::LogLinear | Shape::Linear | Shape::Step { .. } => {
            closed_form(data, origin, weights, method, shape)
        }
        Shape::Exp | Shape::ExpFloor => exponential_nls(data, origin, weights, method, shape),
    }
}

/// The log-linear, linear and step fits: one pass of moments, and a second,
/// compensated pass where the one-pass SSE would cancel.
fn closed_form(
    data: &Data<'_>,
    origin: f64,
    weights: Option<&[f64]>,
    method: Method,
    shape: Shape,
) -> Result<Raw, FitError> {
    let scale = if shape.log_scale() {
        1.0
    } else {
        data.price_scale
    };
    let tr = moments::Transform {
        origin,
        period: match shape {
            Shape::Step { period } => Some(period),
            _ => None,
        },
        log: shape.log_scale(),
        y_scale: 1.0 / scale,
    };
    let w = weights.or(data.weights.as_deref());
    let m = Moments::accumulate(&data.t, &data.price, w, tr);
    let mut raw = line_raw(
        &m,
        method,
        shape,
        origin,
        data.t_min,
        data.t_max - data.t_min,
    )?;
    raw.scale = scale;
    // The one-pass SSE `Syy - Sxy²/Sxx` cancels as R² nears 1; there
    // the SSE comes from a second, compensated pass, and one step of
    // refinement makes the line and its SSE independent of the
    // order of the data to second order.
    if raw.sse >= nls::ONE_PASS_SSE * m.syy {
        return Ok(raw);
    }
    let slope = m.sxy / m.sxx;
    let res = moments::residual_sse(&data.t, &data.price, w, tr, m.mx, m.my, slope);
    let (my, slope, sse) = res.refine(&m, slope);
    let sign = if matches!(shape, Shape::Step { .. }) {
        1.0
    } else {
        -1.0
    };
    raw.theta = [my - slope * m.mx, sign * slope, 0.0];
    raw.sse = sse;
    Ok(raw)
}

/// The exponential (with or without a floor) by least squares of the
/// price: [`nls::solve`] from the log-linear rate, then the covariance.
fn exponential_nls(
    data: &Data<'_>,
    origin: f64,
    weights: Option<&[f64]>,
    method: Method,
    shape: Shape,
) -> Result<Raw, FitError> {
    let weight = |i: usize| weights.map_or_else(|| data.weight(i), |w| w[i]);
    let floor = shape == Shape::ExpFloor;
    if floor {
        match data.distinct_times_up_to_3() {
            1 => return Err(FitError::AllTimesEqual { t: data.t_min }),
            2 => {
                return Err(FitError::TooFewTimes {
                    model: method.name(),
                    needed: 3,
                    got: 2,
                });
            }
            _ => {}
        }
    }
    let lambda0 = nls_start(data, origin, &weight);
    let problem = nls::Problem {
        data,
        weights,
        origin,
        floor,
        y_scale: 1.0 / data.price_scale,
    };
    let mut sol = nls::solve(&problem, lambda0)?;
    if sol.p0 == 0.0 && !floor {
        return Err(FitError::NotIdentifiable {
            parameter: "lambda",
            reason: "every price is 0",
        });
    }
    let k = if floor { 3 } else { 2 };
    if floor && !well_conditioned(&sol.jtwj) {
        return Err(FitError::NotIdentifiable {
            parameter: "floor",
            reason: "too few points past the knee: floor, level and rate are confounded",
        });
    }
    let inv = invert(&sol.jtwj, k).ok_or(FitError::NotIdentifiable {
        parameter: "lambda",
        reason: "the Jacobian is singular at the solution",
    })?;
    if sol.floor < 0.0 {
        // A floor this close to 0 is 0: within what a relative
        // perturbation of the data of FLOOR_ROUNDING (about the
        // search's own tolerance) moves it, (J'WJ)⁻¹ J'W δy with
        // |δy| <= 1e-12 |y|, which side of 0 it lands on is decided
        // by rounding (the order of the data). This bound does not
        // change when the weights are scaled or points repeated.
        let perturbed = FLOOR_ROUNDING * (inv[2][2] * sol.wyy).max(0.0).sqrt();
        if -sol.floor <= (FLOOR_ROUNDING * sol.p0).max(perturbed) {
            sol.floor = 0.0;
        }
    }
    Ok(Raw {
        method,
        shape,
        origin,
        theta: [sol.p0, sol.lambda, sol.floor],
        k,
        inv,
        n: sol.n,
        sse: sol.sse,
        sst: sol.sst,
        sum_ln_w: sol.sum_ln_w,
        jacobian: 0.0,
        dropped: 0,
        span: data.t_max - data.t_min,
        scale: data.price_scale,
    })
}

/// The search's starting rate: the log-linear rate of the positive prices
/// (a subsample of a few thousand points is start enough; it strides over
/// the points in use only, so a zero weight is exactly a removed point).
fn nls_start(data: &Data<'_>, origin: f64, weight: &impl Fn(usize) -> f64) -> f64 {
    // Start from the log-linear rate of the positive prices: a
    // subsample of a few thousand points is start enough. It strides
    // over the points in use only, so a zero weight is exactly a
    // removed point.
    let used = (0..data.len()).filter(|&i| weight(i) > 0.0);
    let stride = (data.used / START_SAMPLE).max(1);
    let cap = data.used / stride + 1;
    let (mut st, mut sp, mut sw) = (
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
    );
    for i in used.step_by(stride) {
        if data.price[i] > 0.0 {
            st.push(data.t[i]);
            // scaled as the search sees them: a power-of-two
            // scaling of the data then changes nothing at all
            sp.push(data.price[i] / data.price_scale);
            sw.push(weight(i));
        }
    }
    let tr = moments::Transform {
        origin,
        period: None,
        log: true,
        y_scale: 1.0,
    };
    let start = Moments::accumulate(&st, &sp, Some(&sw), tr);
    if start.sxx > 0.0 {
        -start.sxy / start.sxx
    } else {
        0.0
    }
}

/// The closed-form fits from their moments.
pub(crate) fn line_raw(
    m: &Moments,
    method: Method,
    shape: Shape,
    origin: f64,
    t_first: f64,
    span: f64,
) -> Result<Raw, FitError> {
    if m.n < 2 {
        return Err(FitError::TooFewPoints {
            model: method.name(),
            needed: 2,
            got: m.n as usize,
        });
    }
    let line = moments::solve_line(m).map_err(|e| match shape {
        Shape::Step { period } => FitError::OnePeriod { period },
        _ => match e {
            FitError::AllTimesEqual { .. } => FitError::AllTimesEqual { t: t_first },
            other => other,
        },
    })?;
    // θ1 is the decline (minus the slope) except for the step fit, whose
    // θ1 is ln(1 - discount), the slope itself.
    let sign = if matches!(shape, Shape::Step { .. }) {
        1.0
    } else {
        -1.0
    };
    let mut inv = [[0.0; 3]; 3];
    inv[0][0] = line.inv_ii;
    inv[1][1] = line.inv_ss;
    inv[0][1] = sign * line.inv_is;
    inv[1][0] = inv[0][1];
    Ok(Raw {
        method,
        shape,
        origin,
        theta: [line.intercept, sign * line.slope, 0.0],
        k: 2,
        inv,
        n: m.n as usize,
        sse: line.sse,
        sst: line.sst,
        sum_ln_w: m.sum_ln_w,
        jacobian: if shape.log_scale() { m.sum_y } else { 0.0 },
        dropped: 0,
        span,
        scale: 1.0,
    })
}

/// Huber IRLS around [`core`].
pub(crate) fn robust(
    data: &Data<'_>,
    origin: f64,
    method: Method,
    shape: Shape,
) -> Result<Raw, FitError> {
    let base: Vec<f64> = (0..data.len()).map(|i| data.weight(i)).collect();
    let mut w = base.clone();
    let mut raw = core(data, origin, Some(&w), method, shape)?;
    let mut abs_res: Vec<f64> = Vec::with_capacity(data.len());
    for _ in 0..100 {
        let res: Vec<f64> = residuals(data, &raw).collect();
        abs_res.clear();
        abs_res.extend(
            res.iter()
                .zip(&base)
                .filter(|(_, b)| **b > 0.0)
                .map(|(r, _)| r.abs()),
        );
        let mid = abs_res.len() / 2;
        let (_, median, _) = abs_res.select_nth_unstable_by(mid, f64::total_cmp);
        let scale = MAD_TO_SIGMA * *median;
        if scale.is_nan() || scale <= 0.0 {
            break; // most points fit exactly: nothing to down-weight
        }
        for i in 0..w.len() {
            let u = res[i].abs() / scale;
            w[i] = base[i] * if u <= HUBER_C { 1.0 } else { HUBER_C / u };
        }
        let next = core(data, origin, Some(&w), method, shape)?;
        let moved = (0..next.k).any(|j| {
            let (a, b) = (next.theta[j], raw.theta[j]);
            (a - b).abs() > 1e-12 * a.abs().max(b.abs()).max(1e-300)
        });
        raw = next;
        if !moved {
            break;
        }
    }
    Ok(raw)
}

/// `exp(ln p0)`, or the error that says it overflows.
fn log_p0(ln_p0: f64) -> Result<f64, FitError> {
    let p0 = ln_p0.exp();
    if p0.is_finite() {
        Ok(p0)
    } else {
        Err(FitError::InvalidEstimate {
            parameter: "p0",
            value: p0,
            reason: "it overflows: set an origin nearer the data",
        })
    }
}

/// The [`DecayModel`] of a fit, or the reason its estimate is not one.
pub(crate) fn model_of(raw: &Raw) -> Result<DecayModel, FitError> {
    let [a, b, c] = raw.values();
    let invalid = |parameter, value, reason| FitError::InvalidEstimate {
        parameter,
        value,
        reason,
    };
    let model = match raw.shape {
        Shape::LogLinear => {
            let p0 = log_p0(a)?;
            DecayModel::try_exponential(p0, b)
        }
        Shape::Linear => {
            if a < 0.0 {
                return Err(invalid("p0", a, "a price cannot be negative"));
            }
            DecayModel::try_linear(a, b)
        }
        Shape::Step { period } => {
            let discount = -b.exp_m1();
            if b > 0.0 {
                return Err(invalid(
                    "discount",
                    discount,
                    "prices rise from one period to the next, so this is no step discount",
                ));
            }
            let p0 = log_p0(a)?;
            DecayModel::try_step_discount(p0, discount, period)
        }
        Shape::Exp => {
            if a < 0.0 {
                return Err(invalid("p0", a, "a price cannot be negative"));
            }
            DecayModel::try_exponential(a, b)
        }
        Shape::ExpFloor => {
            if c < 0.0 {
                return Err(invalid(
                    "floor",
                    c,
                    "a floor cannot be negative: the data fall faster than an exponential toward a floor at or above 0",
                ));
            }
            if c > a {
                return Err(invalid(
                    "floor",
                    c,
                    "the floor is above p0: the data curve the wrong way for a decline toward a floor",
                ));
            }
            DecayModel::try_exponential(a, b).and_then(|m| m.try_with_floor(c))
        }
    };
    model
        .and_then(|m| m.try_with_origin(raw.origin))
        .map_err(|e| match e {
            ParamError::NonFinite { name, value } | ParamError::OutOfRange { name, value, .. } => {
                invalid(name, value, "it is not a valid model parameter")
            }
            ParamError::FloorAboveP0 { floor, .. } => {
                invalid("floor", floor, "the floor is above p0")
            }
            // a single curve has no breaks
            ParamError::BreaksNotAscending { value, .. } => {
                invalid("break", value, "it is not a valid break")
            }
            ParamError::SegmentCount { got, .. } => {
                invalid("segments", got as f64, "it is not a valid segment count")
            }
            // a model is built from numbers, not dates: no constructor
            // gives this
            ParamError::Time(_) => invalid("origin", raw.origin, "it is not a valid time"),
        })
}
