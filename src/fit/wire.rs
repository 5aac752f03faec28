//! serde for fit results (feature `serde`).
//!
//! Numbers that can be infinite (interval bounds, a fold per period that
//! overflows) are written as JSON numbers when finite and as the strings
//! `"-inf"` and `"+inf"` otherwise, so the two sides of an unbounded
//! interval stay distinguishable (`serde_json` would write `null` for both);
//! NaN is never written and never accepted. A [`Fit`] is written with
//! everything it was computed from and re-validated when read back: the
//! loaded fit recomputes its parameters and model from the same numbers, so
//! it answers every query exactly as the saved one with `serde_json`'s
//! `float_roundtrip` feature (floats round-trip bit for bit), and to
//! within 1e-12 relative with a parser that is correct to one ulp (plain
//! `serde_json`, default features): the stored model is checked against
//! the rebuilt one to a tolerance, not bit for bit.
#![allow(clippy::needless_range_loop)] // index loops read best for matrices

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::engine::model_of;
use super::raw::{Raw, Shape};
use super::result::{Fit, Method};
use crate::estimate::Parameter;

/// The wire form of a [`Fit`]: what it was computed from, and (for
/// readers) its model and parameters, which are recomputed on input.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FitRepr {
    method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<f64>,
    origin: f64,
    /// Prices were divided by this before fitting (price-scale fits).
    scale: f64,
    /// The fitted-scale parameters.
    theta: [f64; 3],
    /// `(J'WJ)⁻¹` in those parameters.
    unscaled_covariance: [[f64; 3]; 3],
    n: usize,
    sse: f64,
    sst: f64,
    sum_ln_w: f64,
    jacobian: f64,
    dropped: usize,
    span: f64,
    level: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    residuals: Option<Vec<f64>>,
    /// Informational on output; checked against the recomputed model on
    /// input when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<crate::DecayModel>,
    /// Informational on output, ignored on input (recomputed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parameters: Option<Vec<Parameter>>,
}

impl Serialize for Fit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = self.raw();
        let period = match raw.shape {
            Shape::Step { period } => Some(period),
            _ => None,
        };
        FitRepr {
            method: raw.method.name().to_string(),
            period,
            origin: raw.origin,
            scale: raw.scale,
            theta: raw.theta,
            unscaled_covariance: raw.inv,
            n: raw.n,
            sse: raw.sse,
            sst: raw.sst,
            sum_ln_w: raw.sum_ln_w,
            jacobian: raw.jacobian,
            dropped: raw.dropped,
            span: raw.span,
            level: self.level(),
            residuals: self.residuals().map(<[f64]>::to_vec),
            model: Some(self.model()),
            parameters: Some(self.parameters().to_vec()),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = FitRepr::deserialize(d)?;
        let bad = |what: &str| D::Error::custom(format!("invalid fit: {what}"));
        let (method, shape, k) = match (r.method.as_str(), r.period) {
            ("exponential", None) => (Method::LogLinear, Shape::LogLinear, 2),
            ("exponential_nls", None) => (Method::ExponentialNls, Shape::Exp, 2),
            ("exponential_with_floor", None) => (Method::ExponentialWithFloor, Shape::ExpFloor, 3),
            ("linear", None) => (Method::Linear, Shape::Linear, 2),
            ("step_discount", Some(p)) if p.is_finite() && p > 0.0 => {
                (Method::StepDiscount, Shape::Step { period: p }, 2)
            }
            ("step_discount", _) => return Err(bad("a step fit needs a positive period")),
            (other, _) => return Err(bad(&format!("unknown method \"{other}\""))),
        };
        let finite = |x: f64| x.is_finite();
        if !(finite(r.origin) && finite(r.span) && r.span >= 0.0) {
            return Err(bad("origin and span must be finite, span at least 0"));
        }
        if !(finite(r.scale) && r.scale > 0.0) {
            return Err(bad("scale must be finite and positive"));
        }
        if !r.theta.iter().all(|x| finite(*x)) {
            return Err(bad("theta must be finite"));
        }
        let inv = r.unscaled_covariance;
        for i in 0..3 {
            for j in 0..3 {
                if !finite(inv[i][j]) || inv[i][j] != inv[j][i] {
                    return Err(bad("the covariance must be finite and symmetric"));
                }
            }
            if i < k && inv[i][i] < 0.0 {
                return Err(bad("the covariance has a negative variance"));
            }
        }
        if r.n < k {
            return Err(bad(&format!("n = {} is below the {k} parameters", r.n)));
        }
        if !(finite(r.sse) && r.sse >= 0.0 && finite(r.sst) && r.sst >= 0.0) {
            return Err(bad("sse and sst must be finite and at least 0"));
        }
        if !(finite(r.sum_ln_w) && finite(r.jacobian)) {
            return Err(bad("sum_ln_w and jacobian must be finite"));
        }
        if !crate::numeric::is_probability(r.level) {
            return Err(bad("level must be in (0, 1)"));
        }
        if let Some(res) = &r.residuals {
            if res.len() != r.n {
                return Err(bad(&format!(
                    "{} residuals for n = {} observations",
                    res.len(),
                    r.n
                )));
            }
            if !res.iter().all(|x| finite(*x)) {
                return Err(bad("residuals must be finite"));
            }
        }
        let raw = Raw {
            method,
            shape,
            origin: r.origin,
            theta: r.theta,
            k,
            inv,
            n: r.n,
            sse: r.sse,
            sst: r.sst,
            sum_ln_w: r.sum_ln_w,
            jacobian: r.jacobian,
            dropped: r.dropped,
            span: r.span,
            scale: r.scale,
        };
        let model = model_of(&raw).map_err(|e| bad(&e.to_string()))?;
        // The stored model is a reader's copy: a parser that is correct to
        // one ulp (serde_json without `float_roundtrip`) reads it, and theta,
        // a few ulps off, so the two are compared to a relative tolerance
        // far above that noise and far below any real disagreement. The
        // loaded fit answers from the model rebuilt from theta.
        if r.model.is_some_and(|m| !models_agree(&m, &model)) {
            return Err(bad("its model does not follow from its parameters"));
        }
        Ok(Fit::assemble(raw, model, r.level, r.residuals))
    }
}

/// Relative agreement of two parameters read back by a parser that may be
/// one ulp off, after the few roundings of rebuilding a model from theta.
const AGREE: f64 = 1e-9;

fn agree(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= AGREE * a.abs().max(b.abs())
}

/// Whether two models are the same up to serialisation noise: the same
/// kind, and every parameter within [`AGREE`] relative.
fn models_agree(a: &crate::DecayModel, b: &crate::DecayModel) -> bool {
    use crate::DecayModel as M;
    match (a, b) {
        (M::Exponential(x), M::Exponential(y)) => {
            agree(x.p0(), y.p0())
                && agree(x.lambda(), y.lambda())
                && agree(x.origin(), y.origin())
                && agree(x.floor(), y.floor())
        }
        (M::Linear(x), M::Linear(y)) => {
            agree(x.p0(), y.p0())
                && agree(x.slope(), y.slope())
                && agree(x.origin(), y.origin())
                && agree(x.floor(), y.floor())
        }
        (M::StepDiscount(x), M::StepDiscount(y)) => {
            agree(x.p0(), y.p0())
                && agree(x.discount(), y.discount())
                && agree(x.period(), y.period())
                && agree(x.origin(), y.origin())
                && agree(x.floor(), y.floor())
        }
        _ => false,
    }
}
