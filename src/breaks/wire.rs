//! serde for break fits (feature `serde`): written with everything they
//! were computed from and re-validated when read back, with the number
//! conventions of the fits (`"-inf"`/`"+inf"` for unbounded sides, never
//! NaN).

use serde::de::Error as _;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{BreakCount, BreakKind, Breaks, Segment};
use crate::estimate::wire::Wide;
use crate::estimate::{Estimate, Interval, RateEstimate};

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

/// The noise of fits saved before the field existed.
fn independent() -> String {
    super::Noise::Independent.name().to_string()
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
    sigma: Option<f64>,
    level: f64,
    exact: bool,
    conditional: bool,
    /// The noise model used (absent in fits saved before it existed:
    /// independent).
    #[serde(default = "independent")]
    noise: String,
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
            level: self.level,
            exact: self.exact,
            conditional: self.conditional,
            noise: self.noise.name().to_string(),
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
        let model_breaks = r.model.times();
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
        if !crate::numeric::is_probability(r.level) {
            return Err(bad(format!("level must be in (0, 1), got {}", r.level)));
        }
        let nonneg = |x: f64| x.is_finite() && x >= 0.0;
        if !(nonneg(r.sse) && r.sigma.is_none_or(nonneg) && nonneg(r.sse_floor)) {
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
        let noise = match r.noise.as_str() {
            "independent" => super::Noise::Independent,
            "random walk" => super::Noise::RandomWalk,
            other => {
                return Err(bad(format!(
                    "noise must be \"independent\" or \"random walk\", got \"{other}\""
                )));
            }
        };
        let log_likelihood = super::log_likelihood(r.n, r.sse.max(r.sse_floor), r.sum_ln_price);
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
            noise,
            level: r.level,
            log_likelihood,
            bic: r.bic.0,
            params: r.params,
            sum_ln_price: r.sum_ln_price,
            floor: r.sse_floor,
        })
    }
}
