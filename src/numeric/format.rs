//! Numbers as the crate's `Display`s print them: significant digits, the
//! shortest round-trip form, padding that honours a width.

use core::fmt;

/// Writes a number with the formatter's precision if one was given, else in
/// the shortest form that round-trips.
pub(crate) fn write_number(f: &mut fmt::Formatter<'_>, x: f64) -> fmt::Result {
    match f.precision() {
        Some(p) => write!(f, "{x:.p$}"),
        None => write!(f, "{x}"),
    }
}

/// `x` with `digits` significant digits (at least 1), in scientific
/// notation outside `[0.001, 1e6)`; `unbounded` / `-unbounded` for
/// infinities. Prices span twelve orders of magnitude: a fixed number of
/// decimals would print most of them as 0.
/// The significant digits a `Display` prints without a precision: 4, and 6
/// from 1,000 to 10,000, where calendar years live, so that a time prints
/// to a hundredth of a year (under four days): 2027.519 is `2027.52`, not
/// `2028`.
pub(crate) fn default_digits(x: f64) -> usize {
    if (1e3..1e4).contains(&x.abs()) { 6 } else { 4 }
}

pub(crate) fn sig(x: f64, digits: usize) -> String {
    let digits = digits.max(1);
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "unbounded".into()
        } else {
            "-unbounded".into()
        };
    }
    let a = x.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        return format!("{x:.prec$e}", prec = digits - 1);
    }
    let decimals = if a == 0.0 {
        digits - 1
    } else {
        (digits as i32 - 1 - a.log10().floor() as i32).max(0) as usize
    };
    format!("{x:.decimals$}")
}

/// Writes `s` honouring the formatter's width and alignment but not its
/// precision (which the crate's `Display`s read as significant digits,
/// where `pad` would truncate the text).
pub(crate) fn pad_text(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    match f.width() {
        None => f.write_str(s),
        Some(w) => match f.align() {
            Some(fmt::Alignment::Right) => write!(f, "{s:>w$}"),
            Some(fmt::Alignment::Center) => write!(f, "{s:^w$}"),
            _ => write!(f, "{s:<w$}"),
        },
    }
}
