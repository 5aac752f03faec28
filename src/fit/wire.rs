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
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::compare::{Candidate, Comparison};
use super::engine::model_of;
use super::raw::{Raw, Shape};
use super::result::{Fit, Method};
use super::{BreakCount, BreakKind, Breaks, Segment};
use crate::estimate::wire::Wide;
use crate::estimate::{Estimate, Interval, Parameter, RateEstimate};

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
    confidence: f64,
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
            confidence: self.confidence(),
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
        if !(r.confidence > 0.0 && r.confidence < 1.0) {
            return Err(bad("confidence must be in (0, 1)"));
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
        Ok(Fit::assemble(raw, model, r.confidence, r.residuals))
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

impl Serialize for Candidate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Candidate", 8)?;
        st.serialize_field("method", self.method().name())?;
        st.serialize_field("fit", &self.fit())?;
        st.serialize_field("breaks", &self.breaks())?;
        st.serialize_field("error", &self.error().map(ToString::to_string))?;
        st.serialize_field("aicc", &self.aicc().map(Wide))?;
        st.serialize_field("bic", &self.bic().map(Wide))?;
        st.serialize_field("delta_aicc", &self.delta_aicc().map(Wide))?;
        st.serialize_field("akaike_weight", &self.akaike_weight())?;
        st.end()
    }
}

/// A comparison is written as a report and not read back: a candidate
/// that failed holds a typed [`FitError`](crate::FitError), whose static
/// names JSON cannot carry back. Each candidate's `fit` loads as a
/// [`Fit`] and its `breaks` as a [`Breaks`].
impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Comparison", 1)?;
        st.serialize_field("candidates", self.candidates())?;
        st.end()
    }
}

impl Serialize for Segment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Segment", 5)?;
        st.serialize_field("start", &self.start())?;
        st.serialize_field("observed", &self.observed())?;
        st.serialize_field("points", &self.points())?;
        st.serialize_field("level", &self.level())?;
        st.serialize_field("rate", &self.rate())?;
        st.end()
    }
}

/// Deserialises the form written by `Serialize`: finite times with the
/// start at or before the first observation and that at or before the
/// last, at least one point, a level at least 0.
impl<'de> Deserialize<'de> for Segment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            start: f64,
            observed: (f64, f64),
            points: usize,
            level: Estimate,
            rate: Option<RateEstimate>,
        }
        let r = Repr::deserialize(d)?;
        let (first, last) = r.observed;
        let bad = |what: String| D::Error::custom(format!("invalid segment: {what}"));
        if !(r.start.is_finite() && first.is_finite() && last.is_finite()) {
            return Err(bad("start and observed must be finite".into()));
        }
        if first > last || r.points == 0 || (r.points == 1 && first != last) {
            return Err(bad(format!(
                "{} points observed over [{first}, {last}]",
                r.points
            )));
        }
        if r.level.value() < 0.0 {
            return Err(bad(format!(
                "level must be at least 0, got {}",
                r.level.value()
            )));
        }
        Ok(Segment {
            start: r.start,
            first,
            last,
            points: r.points,
            level: r.level,
            rate: r.rate,
        })
    }
}

impl Serialize for BreakCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("BreakCount", 4)?;
        st.serialize_field("breaks", &self.breaks())?;
        st.serialize_field("sse", &self.sse())?;
        st.serialize_field("bic", &Wide(self.bic()))?;
        st.serialize_field("exact", &self.exact())?;
        st.end()
    }
}

/// Deserialises the form written by `Serialize`: an SSE finite and at
/// least 0, a BIC that is a number (`"-inf"` for an exact fit).
impl<'de> Deserialize<'de> for BreakCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            breaks: usize,
            sse: f64,
            bic: Wide,
            exact: bool,
        }
        let r = Repr::deserialize(d)?;
        if !(r.sse.is_finite() && r.sse >= 0.0) {
            return Err(D::Error::custom(format!(
                "invalid break count: sse must be finite and at least 0, got {}",
                r.sse
            )));
        }
        Ok(BreakCount {
            breaks: r.breaks,
            sse: r.sse,
            bic: r.bic.0,
            exact: r.exact,
        })
    }
}

/// The wire form of a [`Breaks`]: the report's fields, and the few numbers
/// its likelihood comes from, so a loaded fit answers as the saved one.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BreaksRepr {
    kind: String,
    times: Vec<f64>,
    intervals: Vec<Interval>,
    segments: Vec<Segment>,
    model: crate::Piecewise,
    p_value: Option<f64>,
    sup_f: Option<Wide>,
    counts: Vec<BreakCount>,
    n: usize,
    sigma: f64,
    confidence: f64,
    exact: bool,
    conditional: bool,
    sse: f64,
    bic: Wide,
    /// Parameters counted by the BIC and AIC.
    params: usize,
    /// The segments' minimum length in points.
    min_len: usize,
    /// `Σ ln price`, the likelihood's Jacobian term.
    sum_ln_price: f64,
    /// The SSE counted as an exact fit.
    sse_floor: f64,
}

/// A break fit, with everything its answers come from; it loads back with
/// `serde_json::from_value::<Breaks>` (its `model` alone as a
/// [`Piecewise`](crate::Piecewise)).
impl Serialize for Breaks {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        BreaksRepr {
            kind: self.kind.name().to_string(),
            times: self.times.clone(),
            intervals: self.intervals.clone(),
            segments: self.segments.clone(),
            model: self.model.clone(),
            p_value: self.p_value,
            sup_f: self.sup_f.map(Wide),
            counts: self.counts.clone(),
            n: self.n,
            sigma: self.sigma,
            confidence: self.confidence,
            exact: self.exact,
            conditional: self.conditional,
            sse: self.sse,
            bic: Wide(self.bic),
            params: self.params,
            min_len: self.min_len,
            sum_ln_price: self.sum_ln_price,
            sse_floor: self.floor,
        }
        .serialize(s)
    }
}

/// Deserialises the form written by `Serialize`, checking that the parts
/// agree: breaks finite and ascending, one interval per break holding it,
/// one more segment than breaks with points adding up to `n`, the model's
/// breaks the same times (to 1e-9 relative: a parser may be an ulp off), a
/// p-value in `[0, 1]`, a confidence in `(0, 1)`, sums of squares finite
/// and at least 0. The log-likelihood is recomputed from them.
impl<'de> Deserialize<'de> for Breaks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = BreaksRepr::deserialize(d)?;
        let bad = |what: String| D::Error::custom(format!("invalid break fit: {what}"));
        let kind = match r.kind.as_str() {
            "kinks" => BreakKind::Kinks,
            "cuts" => BreakKind::Cuts,
            "regimes" => BreakKind::Regimes,
            other => return Err(bad(format!("unknown kind \"{other}\""))),
        };
        let k = r.times.len();
        if !r.times.iter().all(|t| t.is_finite()) || r.times.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad(
                "break times must be finite and strictly ascending".into()
            ));
        }
        if r.intervals.len() != k || r.segments.len() != k + 1 {
            return Err(bad(format!(
                "{k} breaks need {k} intervals and {} segments, got {} and {}",
                k + 1,
                r.intervals.len(),
                r.segments.len()
            )));
        }
        for (j, (t, i)) in r.times.iter().zip(&r.intervals).enumerate() {
            let slack = 1e-9 * t.abs().max(1.0);
            if !(i.lower() <= t + slack && t - slack <= i.upper()) {
                return Err(bad(format!("interval {j} does not hold its break {t}")));
            }
        }
        let points: usize = r.segments.iter().map(Segment::points).sum();
        if points != r.n {
            return Err(bad(format!(
                "the segments hold {points} points, n = {}",
                r.n
            )));
        }
        let model_breaks = r.model.breaks();
        let agree = model_breaks.len() == k
            && model_breaks
                .iter()
                .zip(&r.times)
                .all(|(a, b)| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()));
        if !agree {
            return Err(bad("the model's breaks are not the break times".into()));
        }
        if r.p_value.is_some_and(|p| !(0.0..=1.0).contains(&p)) {
            return Err(bad("p_value must be in [0, 1]".into()));
        }
        if r.sup_f.is_some_and(|f| f.0 < 0.0) {
            return Err(bad("sup_f must be at least 0".into()));
        }
        if !(r.confidence > 0.0 && r.confidence < 1.0) {
            return Err(bad(format!(
                "confidence must be in (0, 1), got {}",
                r.confidence
            )));
        }
        let nonneg = |x: f64| x.is_finite() && x >= 0.0;
        if !(nonneg(r.sse) && nonneg(r.sigma) && nonneg(r.sse_floor)) {
            return Err(bad(
                "sse, sigma and sse_floor must be finite and at least 0".into(),
            ));
        }
        if !r.sum_ln_price.is_finite() || r.bic.0.is_nan() {
            return Err(bad("sum_ln_price and bic must be numbers".into()));
        }
        if r.n == 0 || r.min_len == 0 || r.params == 0 {
            return Err(bad("n, min_len and params must be at least 1".into()));
        }
        let log_likelihood =
            super::breaks::log_likelihood(r.n, r.sse.max(r.sse_floor), r.sum_ln_price);
        Ok(Breaks {
            kind,
            times: r.times,
            intervals: r.intervals,
            segments: r.segments,
            model: r.model,
            p_value: r.p_value,
            sup_f: r.sup_f.map(|f| f.0),
            counts: r.counts,
            n: r.n,
            sse: r.sse,
            sigma: r.sigma,
            min_len: r.min_len,
            exact: r.exact,
            conditional: r.conditional,
            confidence: r.confidence,
            log_likelihood,
            bic: r.bic.0,
            params: r.params,
            sum_ln_price: r.sum_ln_price,
            floor: r.sse_floor,
        })
    }
}
