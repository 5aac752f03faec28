//! Arbitrary bytes as JSON for every deserialisable type: no panic, and
//! whatever parses is valid and round-trips.
#![no_main]

use costtrend::fit::Accumulator;
use costtrend::{DecayModel, ExperienceCurve, Rate, Spend, Usage};
use libfuzzer_sys::fuzz_target;

fn round_trip<T>(data: &[u8])
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    if let Ok(v) = serde_json::from_slice::<T>(data) {
        let json = serde_json::to_string(&v).unwrap();
        let back: T = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<DecayModel>(data);
    round_trip::<Rate>(data);
    round_trip::<ExperienceCurve>(data);
    round_trip::<Usage>(data);
    round_trip::<Spend>(data);
    if let Ok(acc) = serde_json::from_slice::<Accumulator>(data) {
        let _ = acc.fit();
        let json = serde_json::to_string(&acc).unwrap();
        assert!(serde_json::from_str::<Accumulator>(&json).is_ok());
    }
});
