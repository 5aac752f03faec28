//! Numbers and times for people: prices with four significant digits,
//! times as dates when the input had dates.

use costtrend::time::DecimalYear;

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

/// A level as a percentage without float noise (`0.57` prints `57`, not
/// `56.99999999999999`).
pub(crate) fn percent(level: f64) -> String {
    let x = (level * 100.0 * 1e6).round() / 1e6;
    format!("{x}")
}

/// A time: an ISO date when the input had dates, else a decimal year;
/// `never` and `-` for the infinities an unbounded interval has.
pub(crate) fn when(t: f64, dated: bool) -> String {
    if !t.is_finite() {
        return if t > 0.0 { "never".into() } else { "-".into() };
    }
    if dated && let Ok(d) = jiff::civil::Date::from_year(t) {
        return d.to_string();
    }
    format!("{t:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_keep_four_significant_digits_across_magnitudes() {
        assert_eq!(price(1234.5678), "1235");
        assert_eq!(price(0.012345), "0.01235");
        assert_eq!(price(2.5e-7), "2.500e-7");
        assert_eq!(price(f64::INFINITY), "inf");
        assert_eq!(percent(0.57), "57");
        assert_eq!(percent(0.975), "97.5");
    }

    #[test]
    fn times_print_as_dates_only_for_dated_input() {
        assert_eq!(when(2024.5, false), "2024.50");
        assert_eq!(when(2024.0, true), "2024-01-01");
        assert_eq!(when(f64::INFINITY, true), "never");
    }
}
