//! Number formatting shared by the examples for single numbers: prices
//! span twelve orders of magnitude, so they print with four significant
//! digits. Intervals, estimates, fits and comparisons print through the
//! crate's own `Display`.

/// A price with four significant digits, in scientific notation outside
/// `[0.001, 1e6)`.
pub(crate) fn price(x: f64) -> String {
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
pub(crate) fn year(t: f64) -> String {
    if t.is_finite() {
        format!("{t:.1}")
    } else {
        "never".into()
    }
}

fn leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days before each month in a common year.
const BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// An ISO date (`2024-05-13`) as a decimal year by the crate's convention
/// (`year + days since 1 January / days in the year`, see `costtrend::time`;
/// the `jiff` and `chrono` features do this for their own dates).
#[allow(dead_code)] // not every example reads dates
pub(crate) fn parse_date(s: &str) -> Option<f64> {
    let mut it = s.trim().splitn(3, '-');
    let (y, m, d): (i64, i64, i64) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let day = BEFORE[(m - 1) as usize] + d - 1 + i64::from(leap(y) && m > 2);
    let len = if leap(y) { 366.0 } else { 365.0 };
    Some(y as f64 + day as f64 / len)
}

/// A decimal year as the ISO date it falls on (rounded to the nearest
/// day), the inverse of [`parse_date`].
#[allow(dead_code)] // not every example prints dates
pub(crate) fn date(t: f64) -> String {
    if !t.is_finite() {
        return "never".into();
    }
    let mut y = t.floor() as i64;
    let len = if leap(y) { 366 } else { 365 };
    let mut day = ((t - y as f64) * f64::from(len)).round() as i64;
    if day >= i64::from(len) {
        y += 1;
        day = 0;
    }
    let extra = |m: usize| i64::from(leap(y) && m >= 2);
    let m = (0..12)
        .rev()
        .find(|&m| BEFORE[m] + extra(m) <= day)
        .unwrap_or(0);
    format!("{y}-{:02}-{:02}", m + 1, day - BEFORE[m] - extra(m) + 1)
}
