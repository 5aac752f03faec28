//! serde for the random walk and its bills (feature `serde`).
//!
//! Both are written as plain objects (infinite numbers as `"+inf"` and
//! `"-inf"`, as for fits) and re-validated when read back: a deserialised
//! [`RandomWalk`] or [`Bill`] always holds parameters its constructors
//! could have produced. Derived fields (`ln` of the last price, the mean
//! step) are recomputed, so a parser that is one ulp off cannot make them
//! disagree with the fields they come from.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Bill, RandomWalk};
use crate::estimate::Interval;
use crate::estimate::wire::Wide;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WalkRepr {
    /// The first observation.
    t_start: f64,
    /// The window's first and last times.
    t_first: f64,
    t_last: f64,
    /// The window's mean step, `(t_last - t_first) / differences`, stored
    /// rather than re-derived: the difference of two calendar times read
    /// one ulp off would move it by 1e-13 relative.
    step: f64,
    p_last: f64,
    drift: f64,
    /// `K²`.
    k2: f64,
    differences: usize,
    theta: f64,
    level: f64,
    n: usize,
    dropped: usize,
    /// With a prior: the posterior predictive's degrees of freedom and the
    /// drift's information in units of time (`k2` is then `b_n / a_n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    posterior: Option<PosteriorRepr>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PosteriorRepr {
    dof: f64,
    drift_weight: f64,
}

/// Serialises as `{"t_start", "t_first", "t_last", "step", "p_last", "drift",
/// "k2", "differences", "theta", "level", "n", "dropped"}`.
impl Serialize for RandomWalk {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        WalkRepr {
            t_start: self.t_start,
            t_first: self.t_first,
            t_last: self.t_last,
            step: self.h,
            p_last: self.p_last,
            drift: self.mu,
            k2: self.k2,
            differences: self.m,
            theta: self.theta,
            level: self.level,
            n: self.n,
            dropped: self.dropped,
            posterior: self.posterior.map(|p| PosteriorRepr {
                dof: p.dof,
                drift_weight: p.weight,
            }),
        }
        .serialize(s)
    }
}

/// Deserialises the form written by `Serialize`, checking what the
/// constructors guarantee: finite times in order (`t_start <= t_first <
/// t_last`), a positive normal last price, a finite drift, `K² >= 0`, at
/// least 2 differences and more points than differences, θ in `(-1, 1)`
/// and a level in `(0, 1)`.
impl<'de> Deserialize<'de> for RandomWalk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = WalkRepr::deserialize(d)?;
        let bad = |what: &str| D::Error::custom(format!("invalid random walk: {what}"));
        if !(r.t_start.is_finite() && r.t_first.is_finite() && r.t_last.is_finite()) {
            return Err(bad("t_start, t_first and t_last must be finite"));
        }
        if !(r.t_start <= r.t_first && r.t_first < r.t_last) {
            return Err(bad(&format!(
                "times must satisfy t_start <= t_first < t_last, got {}, {}, {}",
                r.t_start, r.t_first, r.t_last
            )));
        }
        if !(r.p_last.is_normal() && r.p_last > 0.0 && r.p_last.is_finite()) {
            return Err(bad(&format!(
                "p_last must be a positive finite price, got {}",
                r.p_last
            )));
        }
        if !r.drift.is_finite() {
            return Err(bad(&format!("drift must be finite, got {}", r.drift)));
        }
        if !(r.k2.is_finite() && r.k2 >= 0.0) {
            return Err(bad(&format!(
                "k2 must be finite and at least 0, got {}",
                r.k2
            )));
        }
        if r.differences < 2 || r.n <= r.differences {
            return Err(bad(&format!(
                "needs at least 2 differences and more points than differences, got {} and n = {}",
                r.differences, r.n
            )));
        }
        if !(r.theta > -1.0 && r.theta < 1.0) {
            return Err(bad(&format!("theta must be in (-1, 1), got {}", r.theta)));
        }
        if !crate::numeric::is_probability(r.level) {
            return Err(bad(&format!("level must be in (0, 1), got {}", r.level)));
        }
        let step = (r.t_last - r.t_first) / r.differences as f64;
        if !(r.step > 0.0 && (r.step - step).abs() <= 1e-9 * step) {
            return Err(bad(&format!(
                "step {} is not (t_last - t_first) / differences = {step}",
                r.step
            )));
        }
        let mut walk = RandomWalk::from_parts(
            r.t_first,
            r.t_last,
            r.p_last,
            r.drift,
            r.k2,
            r.differences,
            r.theta,
            r.n,
        );
        if let Some(p) = &r.posterior {
            let ok = |x: f64| x.is_finite() && x > 0.0;
            if !(ok(p.dof) && ok(p.drift_weight)) || r.theta != 0.0 {
                return Err(bad(&format!(
                    "a posterior needs dof and drift_weight finite and above 0 and theta 0, got {}, {} and {}",
                    p.dof, p.drift_weight, r.theta
                )));
            }
        }
        walk.posterior = r.posterior.map(|p| super::Predictive {
            dof: p.dof,
            weight: p.drift_weight,
        });
        walk.t_start = r.t_start;
        walk.h = r.step;
        walk.level = r.level;
        walk.dropped = r.dropped;
        Ok(walk)
    }
}

/// Serialises as `{"expected", "simulated_mean", "mc_error", "median",
/// "interval", "level"}`; an overflowing bill is `"+inf"`, never `null`.
impl Serialize for Bill {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        BillRepr {
            expected: Wide(self.expected),
            simulated_mean: Wide(self.simulated_mean),
            mc_error: Wide(self.mc_error),
            median: Wide(self.median),
            interval: self.interval,
            level: self.level,
        }
        .serialize(s)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BillRepr {
    expected: Wide,
    simulated_mean: Wide,
    mc_error: Wide,
    median: Wide,
    interval: Interval,
    level: f64,
}

/// Deserialises the form written by `Serialize`: every amount at least 0
/// (`"+inf"` allowed), the median inside the interval, a level in `(0, 1)`.
impl<'de> Deserialize<'de> for Bill {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = BillRepr::deserialize(d)?;
        let bad = |what: String| D::Error::custom(format!("invalid bill: {what}"));
        for (name, v) in [
            ("expected", r.expected.0),
            ("simulated_mean", r.simulated_mean.0),
            ("mc_error", r.mc_error.0),
            ("median", r.median.0),
        ] {
            if v < 0.0 {
                return Err(bad(format!("{name} must be at least 0, got {v}")));
            }
        }
        if r.interval.lower() < 0.0 || !r.interval.contains(r.median.0) {
            return Err(bad(format!(
                "the interval [{}, {}] must lie at or above 0 and hold the median {}",
                r.interval.lower(),
                r.interval.upper(),
                r.median.0
            )));
        }
        if !crate::numeric::is_probability(r.level) {
            return Err(bad(format!("level must be in (0, 1), got {}", r.level)));
        }
        Ok(Bill {
            expected: r.expected.0,
            simulated_mean: r.simulated_mean.0,
            mc_error: r.mc_error.0,
            median: r.median.0,
            interval: r.interval,
            level: r.level,
        })
    }
}
