//! The integration tests, one binary (linking is most of a test build):
//! one module per concern. Modules and tests that need an optional feature
//! of the crate are compiled only with it; `cargo test --all-features` runs
//! them all.

mod common;

mod breaks;
mod curve;
mod experience_spend;
mod fit;
mod fit_properties;
mod forecast;
mod frontier;
mod golden;
mod hostile;
mod metamorphic;
mod numerics;
mod prior;
mod properties;
mod references;
mod time;

#[cfg(all(feature = "serde", feature = "jiff"))]
mod examples;
#[cfg(feature = "serde")]
mod serde;
#[cfg(feature = "serde")]
mod serde_default;
