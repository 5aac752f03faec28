//! serde for the curves (feature `serde`): models as JSON objects tagged by
//! `"kind"`, break models by their times, levels and rates. Input goes through the validating constructors, so a
//! deserialised value is always a valid one.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{DecayModel, Exponential, Linear, ParamError, Piecewise, StepDiscount};

/// The wire form of a [`DecayModel`]. Unknown fields are rejected so a typo
/// (`"lamda"`) is an error, not a silently defaulted parameter.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ModelRepr {
    Exponential(ExponentialRepr),
    Linear(LinearRepr),
    StepDiscount(StepRepr),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExponentialRepr {
    p0: f64,
    lambda: f64,
    #[serde(default)]
    origin: f64,
    #[serde(default)]
    floor: f64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinearRepr {
    p0: f64,
    /// Called `rate` before 0.2: accepted on input.
    #[serde(alias = "rate")]
    slope: f64,
    #[serde(default)]
    origin: f64,
    #[serde(default)]
    floor: f64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepRepr {
    p0: f64,
    discount: f64,
    period: f64,
    #[serde(default)]
    origin: f64,
    #[serde(default)]
    floor: f64,
}

impl From<&DecayModel> for ModelRepr {
    fn from(model: &DecayModel) -> Self {
        match model {
            DecayModel::Exponential(m) => Self::Exponential(ExponentialRepr {
                p0: m.p0(),
                lambda: m.lambda(),
                origin: m.origin(),
                floor: m.floor(),
            }),
            DecayModel::Linear(m) => Self::Linear(LinearRepr {
                p0: m.p0(),
                slope: m.slope(),
                origin: m.origin(),
                floor: m.floor(),
            }),
            DecayModel::StepDiscount(m) => Self::StepDiscount(StepRepr {
                p0: m.p0(),
                discount: m.discount(),
                period: m.period(),
                origin: m.origin(),
                floor: m.floor(),
            }),
        }
    }
}

impl TryFrom<ModelRepr> for DecayModel {
    type Error = ParamError;

    fn try_from(repr: ModelRepr) -> Result<Self, ParamError> {
        match repr {
            ModelRepr::Exponential(r) => Exponential::try_new(r.p0, r.lambda)?
                .set_origin(r.origin)?
                .set_floor(r.floor)
                .map(Self::Exponential),
            ModelRepr::Linear(r) => Linear::try_new(r.p0, r.slope)?
                .set_origin(r.origin)?
                .set_floor(r.floor)
                .map(Self::Linear),
            ModelRepr::StepDiscount(r) => StepDiscount::try_new(r.p0, r.discount, r.period)?
                .set_origin(r.origin)?
                .set_floor(r.floor)
                .map(Self::StepDiscount),
        }
    }
}

/// Serialises as `{"kind": "exponential", "p0": .., "lambda": .., "origin": .., "floor": ..}`
/// (`"slope"` for linear, also accepted as `"rate"`, its name before 0.2;
/// `"discount"` and `"period"` for step discount).
impl Serialize for DecayModel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ModelRepr::from(self).serialize(serializer)
    }
}

/// Deserialises the form written by `Serialize`; `origin` and `floor` are
/// optional (default 0). Every parameter is re-validated: an invalid model is
/// an error naming the parameter, and unknown fields are rejected.
impl<'de> Deserialize<'de> for DecayModel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = ModelRepr::deserialize(deserializer)?;
        DecayModel::try_from(repr).map_err(D::Error::custom)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PiecewiseRepr {
    origin: f64,
    times: Vec<f64>,
    levels: Vec<f64>,
    lambdas: Vec<f64>,
}

/// Serialises as `{"origin": .., "times": [..], "levels": [..],
/// "lambdas": [..]}`: each segment's price at its start and its continuous
/// rate.
impl Serialize for Piecewise {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PiecewiseRepr {
            origin: self.origin(),
            times: self.times().to_vec(),
            levels: self.segments().iter().map(Exponential::p0).collect(),
            lambdas: self.segments().iter().map(Exponential::lambda).collect(),
        }
        .serialize(serializer)
    }
}

/// Deserialises the form written by `Serialize` through
/// [`Piecewise::try_new`]: breaks out of order, a segment count that does
/// not match, a negative level or a non-finite value is an error, and
/// unknown fields are rejected.
impl<'de> Deserialize<'de> for Piecewise {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = PiecewiseRepr::deserialize(deserializer)?;
        Piecewise::try_new(r.origin, &r.times, &r.levels, &r.lambdas).map_err(D::Error::custom)
    }
}
