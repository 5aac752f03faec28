//! Nothing: the package holds the distributed test (`tests/ballista.rs`).
