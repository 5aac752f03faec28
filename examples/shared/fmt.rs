//! Number formatting shared by the examples for single numbers: prices
//! span twelve orders of magnitude, so they print with four significant
//! digits. Intervals, estimates, fits and comparisons print through the
//! crate's own `Display`.

/// A price with four significant digits, in scientific notation outside
/// `[0.001, 1e6)`.
pub fn price(x: f64) -> String {
    if !x.is_finite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = x.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        format!("{x:.3e}")
    } else {
        let digits = if a == 0.0 {
            3
        } else {
            (3 - a.log10().floor() as i32).clamp(0, 6) as usize
        };
        format!("{x:.digits$}")
    }
}

/// A year with one decimal, or `never`.
pub fn year(t: f64) -> String {
    if t.is_finite() {
        format!("{t:.1}")
    } else {
        "never".into()
    }
}
