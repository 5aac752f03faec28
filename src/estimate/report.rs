//! `Display` for the estimates: a value with its interval, a parameter with
//! its standard error, a rate in every convention. Numbers have four
//! significant digits unless a precision (`{:.6}`) asks for another count.

use core::fmt;

use super::{Estimate, Parameter, RateEstimate};
use crate::numeric::sig;

/// The significant digits a `Display` prints: the precision, else 4.
pub(crate) fn digits(f: &fmt::Formatter<'_>) -> usize {
    f.precision().unwrap_or(4)
}

impl fmt::Display for Estimate {
    /// The value and its interval: `0.2304 [0.1420, 0.3736]`. Without a
    /// precision, numbers from 1,000 to 10,000 (calendar years) get six
    /// significant digits, so a time tells the month:
    /// `2027.52 [2025.20, unbounded]`.
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
    /// let text = f.predict(4.0).to_string();
    /// assert!(text.starts_with("6.") && text.contains('['));
    /// # Ok(()) }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = sig(
            self.value(),
            f.precision()
                .unwrap_or_else(|| crate::numeric::default_digits(self.value())),
        );
        if let Some(i) = self.interval() {
            s.push(' ');
            match f.precision() {
                Some(d) => s.push_str(&format!("{i:.d$}")),
                None => s.push_str(&i.to_string()),
            }
        }
        crate::numeric::pad_text(f, &s)
    }
}

impl fmt::Display for Parameter {
    /// `lambda = 0.6826 ± 0.02542 [0.5732, 0.7920]`.
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[100.0, 52.0, 24.0, 13.0])?;
    /// assert!(f.lambda().unwrap().to_string().starts_with("lambda = 0.6"));
    /// # Ok(()) }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = digits(f);
        let mut s = format!("{} = {}", self.name(), sig(self.value(), d));
        if let Some(se) = self.std_error() {
            s.push_str(&format!(" ± {}", sig(se, d)));
        }
        if let Some(i) = self.interval() {
            s.push_str(&format!(" {i:.d$}"));
        }
        crate::numeric::pad_text(f, &s)
    }
}

impl fmt::Display for RateEstimate {
    /// The rate in the common conventions, per unit time: the decline in
    /// percent, the fold, the half-life (each with its interval).
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.0])?;
    /// let text = f.rate().unwrap().to_string();
    /// assert!(text.contains("50.00 %") && text.contains("half-life 1.000"));
    /// # Ok(()) }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = digits(f);
        let pct = self.percent_per(1.0);
        let fold = self.fold_per(1.0);
        let mut s = format!(
            "cheaper per unit time: {} % {}, {}x {}",
            sig(pct.value(), d),
            pct.interval().map_or(String::new(), |i| format!("{i:.d$}")),
            sig(fold.value(), d),
            fold.interval()
                .map_or(String::new(), |i| format!("{i:.d$}")),
        );
        match self.half_life() {
            Some(h) => s.push_str(&format!("; half-life {h:.d$}")),
            None => s.push_str("; never halves"),
        }
        crate::numeric::pad_text(f, &s)
    }
}
