//! Shared strategies and helpers for the integration tests.
#![allow(dead_code)]

use costtrend::DecayModel;
use proptest::prelude::*;

/// The largest float smaller than `x` (for finite, non-zero-crossing use).
pub(crate) fn next_down(x: f64) -> f64 {
    if x == 0.0 {
        return -f64::from_bits(1);
    }
    let bits = x.to_bits();
    if x > 0.0 {
        f64::from_bits(bits - 1)
    } else {
        f64::from_bits(bits + 1)
    }
}

/// Any f64 at all: NaN, infinities, subnormals, both zeros.
pub(crate) fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::num::f64::ANY,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(f64::MAX),
        -10.0..10.0f64,
    ]
}

/// A valid model on a realistic scale with a rate of either sign.
pub(crate) fn model(rising: bool) -> impl Strategy<Value = DecayModel> {
    let rate = if rising { -3.0..3.0f64 } else { 0.0..3.0f64 };
    let origin = -50.0..2100.0f64;
    let floor_frac = prop_oneof![Just(0.0), 0.0..1.0f64];
    prop_oneof![
        (
            1e-3..1e6f64,
            rate.clone(),
            origin.clone(),
            floor_frac.clone()
        )
            .prop_map(|(p0, l, o, f)| DecayModel::exponential(p0, l)
                .with_origin(o)
                .with_floor(f * p0)),
        (1e-3..1e6f64, rate, origin.clone(), floor_frac.clone()).prop_map(|(p0, r, o, f)| {
            DecayModel::linear(p0, r * p0)
                .with_origin(o)
                .with_floor(f * p0)
        }),
        (1e-3..1e6f64, 0.0..0.9f64, 0.05..5.0f64, origin, floor_frac).prop_map(
            |(p0, d, per, o, f)| DecayModel::step_discount(p0, d, per)
                .with_origin(o)
                .with_floor(f * p0)
        ),
    ]
}

/// Relative closeness with an absolute floor for values near zero.
pub(crate) fn close(a: f64, b: f64, rel: f64, abs: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + abs
}

/// The numbers of a JSON array field `key` of `value` (reference data).
pub(crate) fn floats(value: &serde_json::Value, key: &str) -> Vec<f64> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array"))
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

/// The numbers of the `nth` (from 0) JSON array under `"key"` in `text`,
/// each parsed by the standard library, which rounds correctly.
///
/// The tests use plain `serde_json` (default features, as most users
/// have), whose fast float parser may read a 17-digit number one ulp off;
/// reference data on the edge of exactness (1 - R² near 1e-7) is read
/// here instead, so the inputs are exactly the ones the reference saw.
pub(crate) fn exact_floats(text: &str, key: &str, nth: usize) -> Vec<f64> {
    let pattern = format!("\"{key}\":");
    let start = text
        .match_indices(&pattern)
        .nth(nth)
        .unwrap_or_else(|| panic!("no array {nth} under {key}"))
        .0
        + pattern.len();
    let rest = &text[start..];
    let open = rest.find('[').expect("an array");
    let close = rest.find(']').expect("a closed array");
    rest[open + 1..close]
        .split(',')
        .map(|x| x.trim().parse::<f64>().expect("a number"))
        .collect()
}

/// SplitMix64 with Box–Muller normals: the tests' one fixed-seed
/// generator, independent of the crate's own (`numeric/rng.rs`) and
/// pinned to the same published stream (`numerics.rs`).
pub(crate) struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform on (0, 1), never 0.
    pub(crate) fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Uniform on (lo, hi).
    pub(crate) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }
    /// Standard normal.
    pub(crate) fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    /// Gamma with an integer shape `k` and rate 1.
    pub(crate) fn gamma(&mut self, k: u32) -> f64 {
        (0..k).map(|_| -self.uniform().ln()).sum()
    }
}
