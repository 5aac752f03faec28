//! The crate's time axis: decimal years, and exact conversions to and from
//! the dates and instants of `jiff` and `chrono` (features `jiff` and
//! `chrono`).
//!
//! # The convention
//!
//! A decimal year is
//!
//! ```text
//! year + (instant - start of that year) / (length of that year)
//! ```
//!
//! with the year's length 365 or 366 days (leap years), so 1 January is
//! always `year.0` and every year is one unit long. 1 July 2024 (a leap
//! year, day 183) is `2024 + 182/366`. Dates are read at midnight;
//! instants (`jiff::Timestamp`, `jiff::ZonedDateTime`, `chrono::DateTime<Tz>`) are
//! read in UTC, so one instant has one decimal year whatever zone it is
//! written in; civil date-times (`jiff::civil::DateTime`,
//! `chrono::NaiveDateTime`) are read as written.
//!
//! **Exactness.** An `f64` year near 2000 resolves about 7 µs, so a date
//! converted to a year and back is the same date, and an instant the same
//! instant to the second (sub-second parts are rounded to the nearest
//! second on the way back). Years outside what the date library can
//! represent, or not finite, are [`TimeError`]s.
//!
//! Implemented for `f64`; with `jiff`: `civil::Date`, `civil::DateTime`,
//! `Timestamp`, `ZonedDateTime` (jiff 1; `Zoned` in jiff 0.2, feature
//! `jiff-02`); with `chrono`: `NaiveDate`, `NaiveDateTime`,
//! `DateTime<Utc>` and `DateTime<FixedOffset>` (another zone's `DateTime`
//! converts through `with_timezone(&Utc)`).
//!
//! # Calendar periods
//!
//! Rates are per unit time, and the unit is the year: [`YEAR`],
//! [`QUARTER`], [`MONTH`] (1/12 year), [`WEEK`] and [`DAY`] (the mean
//! Gregorian day) turn "per month" into a period with no arithmetic:
//!
//! ```
//! use costtrend::{time::{DAY, MONTH}, Rate};
//! let r = Rate::from_percent_per(3.0, MONTH); // 3 % cheaper a month
//! assert!((r.percent_per(1.0) - 30.62).abs() < 0.01); // 30.6 % a year
//! assert!((r.percent_per(DAY) - 0.1000).abs() < 1e-4); // 0.1 % a day
//! ```
//!
//! # Example
//!
//! ```
//! # #[cfg(feature = "jiff")] {
//! use costtrend::time::DecimalYear;
//! use jiff::civil::date;
//!
//! let d = date(2024, 7, 1);
//! let y = d.to_year().unwrap();
//! assert_eq!(y, 2024.0 + 182.0 / 366.0);
//! assert_eq!(jiff::civil::Date::from_year(y).unwrap(), d);
//! # }
//! ```

use std::borrow::Cow;

use thiserror::Error;

/// One year, the unit of the crate's time axis.
///
/// ```
/// use costtrend::{time::YEAR, Rate};
/// assert!((Rate::from_fold_per(10.0, YEAR).fold_per(YEAR) - 10.0).abs() < 1e-12);
/// ```
pub const YEAR: f64 = 1.0;
/// A quarter: a quarter of a year.
///
/// ```
/// use costtrend::{time::QUARTER, Rate};
/// let r = Rate::from_percent_per(10.0, QUARTER); // 10 % a quarter
/// assert!((r.fold_per(1.0) - (1.0f64 / 0.9).powi(4)).abs() < 1e-12);
/// ```
pub const QUARTER: f64 = 0.25;
/// A month: a twelfth of a year (calendar months differ by up to three
/// days; a rate "per month" is per twelfth of a year).
///
/// ```
/// use costtrend::{time::MONTH, Growth};
/// let g = Growth::from_percent_per(1.0, MONTH); // 1 % a month
/// assert!((g.fold_per(1.0) - 1.01f64.powi(12)).abs() < 1e-12);
/// ```
pub const MONTH: f64 = 1.0 / 12.0;
/// A day: the mean Gregorian day, 1/365.2425 of a year (a day in a leap
/// year is 1/366 of it on the calendar axis, in a common year 1/365).
///
/// ```
/// use costtrend::{time::DAY, Rate};
/// let r = Rate::from_fold_per(2.0, 1.0); // halves a year
/// assert!(r.percent_per(DAY) < 0.2); // under 0.2 % a day
/// ```
pub const DAY: f64 = 1.0 / 365.2425;
/// A week: seven mean days.
///
/// ```
/// use costtrend::time::{DAY, WEEK};
/// assert!((WEEK - 7.0 * DAY).abs() < 1e-18);
/// ```
pub const WEEK: f64 = 7.0 / 365.2425;

/// A time could not be converted to or from a decimal year.
///
/// # Example
///
/// ```
/// use costtrend::time::{DecimalYear, TimeError};
/// assert!(matches!(f64::from_year(f64::NAN), Err(TimeError::NotFinite { .. })));
/// ```
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The decimal year is NaN or infinite.
    #[error("the decimal year {year} is not a finite number")]
    NotFinite {
        /// The year given.
        year: f64,
    },
    /// The decimal year is outside what the target type can represent.
    #[error("the decimal year {year} is outside {what}'s range ({min} to {max})")]
    OutOfRange {
        /// The year given.
        year: f64,
        /// The target type.
        what: &'static str,
        /// Its first representable year.
        min: i64,
        /// Its last representable year.
        max: i64,
    },
}

/// A point on the crate's time axis: convertible to a decimal year and
/// back. Implemented for `f64` (the identity) and, with the features of
/// those names, for the dates and instants of `jiff` and `chrono`.
///
/// # Example
///
/// ```
/// use costtrend::time::DecimalYear;
/// assert_eq!(2024.5f64.to_year(), Ok(2024.5));
/// assert_eq!(f64::from_year(2024.5), Ok(2024.5));
/// ```
pub trait DecimalYear: Sized {
    /// The decimal year of `self` (see the [module docs](self)).
    ///
    /// # Errors
    ///
    /// [`TimeError::NotFinite`] for a non-finite `f64`; never for a date.
    fn to_year(&self) -> Result<f64, TimeError>;

    /// The value at decimal year `year`: for dates the nearest day, for
    /// instants the nearest second.
    ///
    /// # Errors
    ///
    /// [`TimeError::NotFinite`] for NaN or infinity,
    /// [`TimeError::OutOfRange`] outside the type's range.
    fn from_year(year: f64) -> Result<Self, TimeError>;

    /// The decimal years of `times`, as every fit, break search and
    /// forecast reads its times: borrowed for `f64` (they are decimal
    /// years already), converted for any other type. A time whose
    /// [`to_year`](Self::to_year) fails becomes NaN, so that the fit's
    /// [`NanPolicy`](crate::NanPolicy) rejects it naming its index, or
    /// omits it, exactly as a non-finite `f64` time.
    ///
    /// # Example
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use costtrend::time::DecimalYear;
    /// let t = [2024.0, 2024.5];
    /// assert!(matches!(f64::years(&t), Cow::Borrowed(_)));
    /// ```
    #[must_use]
    fn years(times: &[Self]) -> Cow<'_, [f64]> {
        Cow::Owned(
            times
                .iter()
                .map(|t| t.to_year().unwrap_or(f64::NAN))
                .collect(),
        )
    }
}

impl DecimalYear for f64 {
    fn to_year(&self) -> Result<f64, TimeError> {
        finite(*self)
    }

    fn years(times: &[Self]) -> Cow<'_, [f64]> {
        Cow::Borrowed(times)
    }

    fn from_year(year: f64) -> Result<Self, TimeError> {
        finite(year)
    }
}

fn finite(year: f64) -> Result<f64, TimeError> {
    if year.is_finite() {
        Ok(year)
    } else {
        Err(TimeError::NotFinite { year })
    }
}

// The calendar arithmetic below serves the date libraries' conversions.
#[cfg_attr(
    not(any(feature = "jiff", feature = "jiff-02", feature = "chrono")),
    allow(dead_code)
)]
const SECONDS_PER_DAY: i64 = 86_400;

/// The day number of a decimal year: days since 1970-01-01 on the
/// proleptic Gregorian calendar, with the fraction of the day (the inverse
/// of the [convention](self) above, exact for dates: 2024.0 is day 19,723).
/// For rates per day where the calendar counts, as Epoch AI's LLM price
/// fits do.
///
/// # Example
///
/// ```
/// use costtrend::time::day_number;
/// assert_eq!(day_number(1970.0), 0.0);
/// assert_eq!(day_number(2024.0), 19_723.0);
/// let july = day_number(2024.0 + 182.0 / 366.0); // 1 July 2024
/// assert!((july - (19_723.0 + 182.0)).abs() < 1e-6);
/// ```
#[must_use]
pub fn day_number(year: f64) -> f64 {
    let y = year.floor();
    let whole = y as i64;
    // days from 1970-01-01 to 1 January of `whole`: 365 a year plus the
    // leap days in between (Gregorian rules, for years before 1970 too)
    let leaps = |y: i64| (y - 1).div_euclid(4) - (y - 1).div_euclid(100) + (y - 1).div_euclid(400);
    let start = 365 * (whole - 1970) + leaps(whole) - leaps(1970);
    start as f64 + (year - y) * days_in_year(whole) as f64
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_year(year: i64) -> i64 {
    if is_leap(year) { 366 } else { 365 }
}

#[cfg_attr(
    not(any(feature = "jiff", feature = "jiff-02", feature = "chrono")),
    allow(dead_code)
)]
/// `year + seconds / (length of year in seconds)`, for `seconds` since the
/// start of `year` (fractional seconds allowed).
fn year_of(year: i64, seconds: f64) -> f64 {
    let length = (days_in_year(year) * SECONDS_PER_DAY) as f64;
    year as f64 + seconds / length
}

#[cfg_attr(
    not(any(feature = "jiff", feature = "jiff-02", feature = "chrono")),
    allow(dead_code)
)]
/// The calendar year a decimal year falls in and the seconds since its
/// start, rounded to `resolution` seconds (86,400 for dates, 1 for
/// instants), carried into the next year where the rounding reaches it.
fn split(
    year: f64,
    what: &'static str,
    min: i64,
    max: i64,
    resolution: i64,
) -> Result<(i64, i64), TimeError> {
    let year = finite(year)?;
    let out = || TimeError::OutOfRange {
        year,
        what,
        min,
        max,
    };
    if !(year >= min as f64 && year < (max + 1) as f64) {
        return Err(out());
    }
    let mut y = year.floor() as i64;
    let length = days_in_year(y) * SECONDS_PER_DAY;
    let units = length / resolution;
    let mut k = ((year - y as f64) * units as f64).round() as i64;
    if k >= units {
        y += 1;
        k = 0;
        if y > max {
            return Err(out());
        }
    }
    Ok((y, k * resolution))
}

/// The `DecimalYear` impls for one major version of jiff (`jiff` 1 under
/// the feature `jiff`, `jiff` 0.2 under `jiff-02`): the same calendar
/// arithmetic, written once.
#[cfg(any(feature = "jiff", feature = "jiff-02"))]
macro_rules! jiff_impls {
    ($module:ident, $jiff:ident, $zoned:ident, $to_zoned:ident) => {
        mod $module {
            use super::{DecimalYear, SECONDS_PER_DAY, TimeError, split, year_of};
            use $jiff::civil::{Date, DateTime};
            use $jiff::tz::TimeZone;
            use $jiff::{Timestamp, $zoned as Zoned};

            const MIN: i64 = -9999;
            const MAX: i64 = 9999;

            fn civil_seconds(dt: DateTime) -> f64 {
                let day = i64::from(dt.date().day_of_year()) - 1;
                let t = dt.time();
                let whole = day * SECONDS_PER_DAY
                    + i64::from(t.hour()) * 3600
                    + i64::from(t.minute()) * 60
                    + i64::from(t.second());
                whole as f64 + f64::from(t.subsec_nanosecond()) * 1e-9
            }

            fn start(y: i64) -> DateTime {
                // y is within [MIN, MAX] (checked by split).
                $jiff::civil::date(y as i16, 1, 1).at(0, 0, 0, 0)
            }

            fn range(year: f64) -> TimeError {
                TimeError::OutOfRange {
                    year,
                    what: "jiff",
                    min: MIN,
                    max: MAX,
                }
            }

            impl DecimalYear for Date {
                fn to_year(&self) -> Result<f64, TimeError> {
                    Ok(year_of(
                        i64::from(self.year()),
                        ((i64::from(self.day_of_year()) - 1) * SECONDS_PER_DAY) as f64,
                    ))
                }

                fn from_year(year: f64) -> Result<Self, TimeError> {
                    let (y, s) = split(year, "jiff", MIN, MAX, SECONDS_PER_DAY)?;
                    start(y)
                        .date()
                        .checked_add($jiff::Span::new().days(s / SECONDS_PER_DAY))
                        .map_err(|_| range(year))
                }
            }

            impl DecimalYear for DateTime {
                fn to_year(&self) -> Result<f64, TimeError> {
                    Ok(year_of(i64::from(self.year()), civil_seconds(*self)))
                }

                fn from_year(year: f64) -> Result<Self, TimeError> {
                    let (y, s) = split(year, "jiff", MIN, MAX, 1)?;
                    start(y)
                        .checked_add($jiff::SignedDuration::from_secs(s))
                        .map_err(|_| range(year))
                }
            }

            impl DecimalYear for Timestamp {
                fn to_year(&self) -> Result<f64, TimeError> {
                    self.$to_zoned(TimeZone::UTC).datetime().to_year()
                }

                fn from_year(year: f64) -> Result<Self, TimeError> {
                    DateTime::from_year(year)?
                        .$to_zoned(TimeZone::UTC)
                        .map(|z| z.timestamp())
                        .map_err(|_| range(year))
                }
            }

            impl DecimalYear for Zoned {
                /// The decimal year of the instant, read in UTC.
                fn to_year(&self) -> Result<f64, TimeError> {
                    self.timestamp().to_year()
                }

                /// The instant at `year` (read in UTC), in UTC; use
                /// [`Timestamp::from_year`] and `to_zoned` for another zone.
                fn from_year(year: f64) -> Result<Self, TimeError> {
                    Ok(Timestamp::from_year(year)?.$to_zoned(TimeZone::UTC))
                }
            }
        }
    };
}

#[cfg(feature = "jiff")]
jiff_impls!(jiff_impls, jiff, ZonedDateTime, to_zoned_datetime);
#[cfg(feature = "jiff-02")]
jiff_impls!(jiff02_impls, jiff02, Zoned, to_zoned);

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::{DecimalYear, SECONDS_PER_DAY, TimeError, split, year_of};
    use chrono::{
        DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc,
    };

    // chrono's NaiveDate covers about ±262,000 years; stay inside.
    const MIN: i64 = -262_000;
    const MAX: i64 = 262_000;

    fn range(year: f64) -> TimeError {
        TimeError::OutOfRange {
            year,
            what: "chrono",
            min: MIN,
            max: MAX,
        }
    }

    fn start(y: i64, year: f64) -> Result<NaiveDateTime, TimeError> {
        NaiveDate::from_ymd_opt(y as i32, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .ok_or_else(|| range(year))
    }

    impl DecimalYear for NaiveDate {
        fn to_year(&self) -> Result<f64, TimeError> {
            Ok(year_of(
                i64::from(self.year()),
                ((i64::from(self.ordinal()) - 1) * SECONDS_PER_DAY) as f64,
            ))
        }

        fn from_year(year: f64) -> Result<Self, TimeError> {
            let (y, s) = split(year, "chrono", MIN, MAX, SECONDS_PER_DAY)?;
            let first = start(y, year)?.date();
            first
                .checked_add_days(chrono::Days::new((s / SECONDS_PER_DAY) as u64))
                .ok_or_else(|| range(year))
        }
    }

    impl DecimalYear for NaiveDateTime {
        fn to_year(&self) -> Result<f64, TimeError> {
            let day = i64::from(self.ordinal()) - 1;
            let whole = day * SECONDS_PER_DAY + i64::from(self.num_seconds_from_midnight());
            // A leap second shows as nanoseconds of 1e9 and more: it is
            // clamped into its own day (23:59:60.5 reads as the last
            // nanosecond of 23:59:59, not as after the next midnight).
            let sub = f64::from(self.nanosecond().min(999_999_999)) * 1e-9;
            Ok(year_of(i64::from(self.year()), whole as f64 + sub))
        }

        fn from_year(year: f64) -> Result<Self, TimeError> {
            let (y, s) = split(year, "chrono", MIN, MAX, 1)?;
            start(y, year)?
                .checked_add_signed(chrono::TimeDelta::seconds(s))
                .ok_or_else(|| range(year))
        }
    }

    impl DecimalYear for DateTime<Utc> {
        /// The decimal year of the instant.
        fn to_year(&self) -> Result<f64, TimeError> {
            self.naive_utc().to_year()
        }

        fn from_year(year: f64) -> Result<Self, TimeError> {
            Ok(Utc.from_utc_datetime(&NaiveDateTime::from_year(year)?))
        }
    }

    impl DecimalYear for DateTime<FixedOffset> {
        /// The decimal year of the instant, read in UTC.
        fn to_year(&self) -> Result<f64, TimeError> {
            self.naive_utc().to_year()
        }

        /// The instant at `year`, at offset +00:00 (use `with_timezone`
        /// for another).
        fn from_year(year: f64) -> Result<Self, TimeError> {
            Ok(DateTime::<Utc>::from_year(year)?.fixed_offset())
        }
    }
}

/// The decimal year of a chrono instant in any time zone (read in UTC):
/// [`DecimalYear`] is implemented for `DateTime<Utc>` and
/// `DateTime<FixedOffset>`, whose `from_year` needs no zone; this reads any
/// other (`chrono-tz`, `Local`).
///
/// # Example
///
/// ```
/// use chrono::{FixedOffset, TimeZone};
/// let tz = FixedOffset::east_opt(9 * 3600).unwrap();
/// let dt = tz.with_ymd_and_hms(2024, 1, 1, 9, 0, 0).unwrap(); // 00:00 UTC
/// assert_eq!(costtrend::time::chrono_year(&dt), Ok(2024.0));
/// ```
///
/// # Errors
///
/// None in practice (every chrono date-time converts); the `Result` is the
/// one of [`DecimalYear::to_year`], so a failure is a [`TimeError`], never
/// a NaN year.
#[cfg(feature = "chrono")]
pub fn chrono_year<Tz: chrono::TimeZone>(dt: &chrono::DateTime<Tz>) -> Result<f64, TimeError> {
    dt.naive_utc().to_year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_rounds_into_the_next_year_at_its_end() {
        // the last second of 2023 rounds to 2024-01-01 at day resolution
        let y = 2023.0 + (365.0 * 86_400.0 - 1.0) / (365.0 * 86_400.0);
        assert_eq!(split(y, "t", -9999, 9999, 86_400), Ok((2024, 0)));
        assert_eq!(split(y, "t", -9999, 9999, 1), Ok((2023, 365 * 86_400 - 1)));
        assert!(split(1e6, "t", -9999, 9999, 1).is_err());
        assert!(split(f64::NAN, "t", -9999, 9999, 1).is_err());
    }

    #[test]
    fn leap_years_are_366_days() {
        assert!(is_leap(2024) && is_leap(2000) && !is_leap(1900) && !is_leap(2023));
        assert_eq!(year_of(2024, 182.0 * 86_400.0), 2024.0 + 182.0 / 366.0);
    }
}
