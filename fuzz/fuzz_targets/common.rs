//! Turns fuzzer bytes into f64s covering every bit pattern (NaN payloads,
//! infinities, subnormals, -0.0).

pub fn floats(data: &[u8]) -> Vec<f64> {
    data.chunks(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            f64::from_le_bytes(b)
        })
        .collect()
}

/// The n-th float, or 1.0 past the end.
#[allow(dead_code)] // not every target reads by index
pub fn at(xs: &[f64], n: usize) -> f64 {
    xs.get(n).copied().unwrap_or(1.0)
}
