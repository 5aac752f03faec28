//! serde for the estimates (feature `serde`). Numbers that can be infinite
//! (interval bounds, a fold per period that overflows) are written as JSON
//! numbers when finite and as the strings `"-inf"` and `"+inf"` otherwise,
//! so the two sides of an unbounded interval stay distinguishable
//! (`serde_json` would write `null` for both); NaN is never written and
//! never accepted.

use serde::de::Error as _;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Estimate, Interval, Parameter, RateEstimate};

/// A float that may be infinite: a number, or `"-inf"` / `"+inf"`.
#[derive(Clone, Copy)]
pub(crate) struct Wide(pub(crate) f64);

impl Serialize for Wide {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            s.serialize_f64(self.0)
        } else if self.0 == f64::INFINITY {
            s.serialize_str("+inf")
        } else if self.0 == f64::NEG_INFINITY {
            s.serialize_str("-inf")
        } else {
            Err(serde::ser::Error::custom("NaN is never serialised"))
        }
    }
}

impl<'de> Deserialize<'de> for Wide {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Number(f64),
            Text(String),
        }
        match Form::deserialize(d)? {
            Form::Number(x) if x.is_finite() => Ok(Wide(x)),
            Form::Number(x) => Err(D::Error::custom(format!(
                "{x} is not a finite number: write \"+inf\" or \"-inf\""
            ))),
            Form::Text(t) => match t.as_str() {
                "+inf" | "inf" => Ok(Wide(f64::INFINITY)),
                "-inf" => Ok(Wide(f64::NEG_INFINITY)),
                other => Err(D::Error::custom(format!(
                    "expected a number, \"+inf\" or \"-inf\", got \"{other}\""
                ))),
            },
        }
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Interval", 2)?;
        st.serialize_field("lower", &Wide(self.lower()))?;
        st.serialize_field("upper", &Wide(self.upper()))?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            lower: Wide,
            upper: Wide,
        }
        let r = Repr::deserialize(d)?;
        if r.lower.0 > r.upper.0 {
            return Err(D::Error::custom(format!(
                "interval lower bound {} is above its upper bound {}",
                r.lower.0, r.upper.0
            )));
        }
        Ok(Interval::new(r.lower.0, r.upper.0))
    }
}

impl Serialize for Estimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Estimate", 2)?;
        st.serialize_field("value", &Wide(self.value()))?;
        st.serialize_field("interval", &self.interval())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Estimate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            value: Wide,
            interval: Option<Interval>,
        }
        let r = Repr::deserialize(d)?;
        Ok(Estimate::new(r.value.0, r.interval))
    }
}

/// The parameter names a fit reports.
const NAMES: [&str; 7] = ["p0", "lambda", "slope", "discount", "floor", "c1", "b"];

impl Serialize for Parameter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Parameter", 4)?;
        st.serialize_field("name", self.name())?;
        st.serialize_field("value", &Wide(self.value()))?;
        st.serialize_field("std_error", &self.std_error().map(Wide))?;
        st.serialize_field("interval", &self.interval())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Parameter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            name: String,
            value: Wide,
            std_error: Option<Wide>,
            interval: Option<Interval>,
        }
        let r = Repr::deserialize(d)?;
        let name = NAMES
            .iter()
            .find(|n| **n == r.name)
            .ok_or_else(|| D::Error::custom(format!("unknown parameter \"{}\"", r.name)))?;
        if r.std_error.is_some_and(|s| s.0 < 0.0) {
            return Err(D::Error::custom("a standard error cannot be negative"));
        }
        Ok(Parameter::from_parts(
            name,
            r.value.0,
            r.std_error.map(|s| s.0),
            r.interval,
        ))
    }
}

impl Serialize for RateEstimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let lambda = self.lambda();
        let mut st = s.serialize_struct("RateEstimate", 2)?;
        st.serialize_field("lambda", &Wide(lambda.value()))?;
        st.serialize_field("interval", &lambda.interval())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for RateEstimate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            lambda: f64,
            interval: Option<Interval>,
        }
        let r = Repr::deserialize(d)?;
        if !r.lambda.is_finite() {
            return Err(D::Error::custom("lambda must be finite"));
        }
        Ok(RateEstimate::from_parts(r.lambda, r.interval))
    }
}
