//! serde for [`Usage`] and [`Spend`], re-validated on input.
use super::usage::Kind;
use super::{Spend, Usage};
use crate::PriceCurve;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The wire form of a [`Usage`], tagged by `"kind"`; `growth` is the
/// continuous growth rate, `origin` optional.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum UsageRepr {
    Constant(ConstantRepr),
    Linear(LinearRepr),
    Exponential(ExponentialRepr),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConstantRepr {
    u0: f64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinearRepr {
    u0: f64,
    slope: f64,
    #[serde(default)]
    origin: f64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExponentialRepr {
    u0: f64,
    growth: f64,
    #[serde(default)]
    origin: f64,
}

/// `{"kind": "exponential", "u0": .., "growth": .., "origin": ..}` and
/// likewise `constant` (`u0`) and `linear` (`u0`, `slope`, `origin`).
impl Serialize for Usage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.kind() {
            Kind::Constant { u0 } => UsageRepr::Constant(ConstantRepr { u0 }),
            Kind::Linear { u0, slope, origin } => {
                UsageRepr::Linear(LinearRepr { u0, slope, origin })
            }
            Kind::Exponential { u0, growth, origin } => {
                UsageRepr::Exponential(ExponentialRepr { u0, growth, origin })
            }
        }
        .serialize(s)
    }
}

/// Re-validated through the checked constructors.
impl<'de> Deserialize<'de> for Usage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let usage = match UsageRepr::deserialize(d)? {
            UsageRepr::Constant(r) => Usage::try_constant(r.u0),
            UsageRepr::Linear(r) => {
                Usage::try_linear(r.u0, r.slope).and_then(|u| u.try_with_origin(r.origin))
            }
            UsageRepr::Exponential(r) => crate::Growth::try_continuous(r.growth)
                .and_then(|g| Usage::try_exponential(r.u0, g))
                .and_then(|u| u.try_with_origin(r.origin)),
        };
        usage.map_err(D::Error::custom)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpendRepr<C> {
    price: C,
    usage: Usage,
}

/// `{"price": <the curve>, "usage": <Usage>}`.
impl<C: PriceCurve + Serialize + Clone> Serialize for Spend<C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SpendRepr {
            price: self.price.clone(),
            usage: self.usage,
        }
        .serialize(s)
    }
}

/// Both parts are re-validated by their own deserialisers.
impl<'de, C: PriceCurve + Deserialize<'de>> Deserialize<'de> for Spend<C> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = SpendRepr::<C>::deserialize(d)?;
        Ok(Spend::new(r.price, r.usage))
    }
}
