//! A forecast as a table: times, median, mean and an interval per level,
//! like R's `forecast()` or statsforecast's output frame.

use core::fmt;

use super::{Forecast, RandomWalk, probability};
use crate::FitError;
use crate::estimate::Interval;
use crate::time::DecimalYear;

/// One time of a [`ForecastTable`], the time in the type it was asked in
/// (a decimal year `f64`, or a date or instant).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ForecastRow<T = f64> {
    /// The time.
    pub t: T,
    /// The median price.
    pub median: f64,
    /// The mean price (see [`RandomWalk::mean_at`]).
    pub mean: f64,
    /// The central interval at each of the table's levels, in order.
    pub intervals: Vec<Interval>,
}

/// A forecast at several times and levels, from [`RandomWalk::table`]:
/// printable (`Display` is an aligned table) and, with `serde`, saved and
/// loaded back (validated).
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let rw = costtrend::forecast::random_walk(&[2020.0, 2021.0, 2022.0, 2023.0], &[8.0, 6.0, 5.0, 3.5])?;
/// let table = rw.table(&[2024.0, 2025.0], &[0.8, 0.95])?;
/// assert_eq!(table.rows().len(), 2);
/// let row = &table.rows()[1];
/// assert!(row.intervals[1].lower() < row.intervals[0].lower()); // 95 % wider than 80 %
/// assert!(table.to_string().contains("95 %"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "TableRepr<T>",
        bound(
            serialize = "T: serde::Serialize",
            deserialize = "T: serde::Deserialize<'de> + DecimalYear + Clone"
        )
    )
)]
pub struct ForecastTable<T = f64> {
    levels: Vec<f64>,
    rows: Vec<ForecastRow<T>>,
}

impl<T> ForecastTable<T> {
    /// The levels of the intervals, in the order of each row's `intervals`.
    #[must_use]
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// The rows, in the order of the times asked for.
    #[must_use]
    pub fn rows(&self) -> &[ForecastRow<T>] {
        &self.rows
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TableRepr<T> {
    levels: Vec<f64>,
    rows: Vec<ForecastRow<T>>,
}

/// Reads back a saved table: levels in `(0, 1)`, one interval per level in
/// every row, finite times, a median and a mean at least 0, and each
/// interval holding the median.
#[cfg(feature = "serde")]
impl<T: DecimalYear> TryFrom<TableRepr<T>> for ForecastTable<T> {
    type Error = String;

    fn try_from(r: TableRepr<T>) -> Result<Self, String> {
        if !r.levels.iter().all(|l| *l > 0.0 && *l < 1.0) {
            return Err("invalid forecast table: levels must be in (0, 1)".into());
        }
        for (i, row) in r.rows.iter().enumerate() {
            let ok = row.t.to_year().is_ok_and(f64::is_finite)
                && row.median >= 0.0
                && row.mean >= 0.0
                && row.intervals.len() == r.levels.len()
                && row.intervals.iter().all(|b| b.contains(row.median));
            if !ok {
                return Err(format!(
                    "invalid forecast table: row {i} needs a finite time, a median and mean at least 0, \
                     and one interval per level holding the median"
                ));
            }
        }
        Ok(ForecastTable {
            levels: r.levels,
            rows: r.rows,
        })
    }
}

impl RandomWalk {
    /// The forecast at each of `times` (decimal years, dates or instants:
    /// the rows keep them in that type) with its central interval at each
    /// of `levels`.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidArgument`] for a level outside `(0, 1)`,
    /// [`FitError::Time`] for a NaN time, [`FitError::BeforeData`] for a
    /// time before the first observation.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// let rw = costtrend::forecast::random_walk(&[0.0, 1.0, 2.0, 3.0], &[8.0, 6.0, 5.0, 3.5])?;
    /// assert!(rw.table(&[4.0], &[1.5]).is_err());
    /// assert!(rw.table(&[f64::NAN], &[0.9]).is_err());
    /// # Ok(()) }
    /// ```
    pub fn table<T: DecimalYear + Clone>(
        &self,
        times: &[T],
        levels: &[f64],
    ) -> Result<ForecastTable<T>, FitError> {
        for &l in levels {
            probability("level", l)?;
        }
        let rows = times
            .iter()
            .map(|time| {
                let t = time.to_year()?;
                Ok(ForecastRow {
                    t: time.clone(),
                    median: self.median_at(t),
                    mean: self.mean_at(t),
                    intervals: levels
                        .iter()
                        .map(|&l| self.interval_at(t, l))
                        .collect::<Result<_, _>>()?,
                })
            })
            .collect::<Result<_, FitError>>()?;
        Ok(ForecastTable {
            levels: levels.to_vec(),
            rows,
        })
    }
}

impl<T: fmt::Display> fmt::Display for ForecastTable<T> {
    /// An aligned table: time, median, mean, then one interval per level.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::numeric::sig;
        write!(f, "{:>10} {:>12} {:>12}", "t", "median", "mean")?;
        for l in &self.levels {
            let pct = (1000.0 * l).round() / 10.0;
            write!(f, " {:>28}", format!("{pct} % interval"))?;
        }
        for r in &self.rows {
            writeln!(f)?;
            write!(
                f,
                "{:>10} {:>12} {:>12}",
                r.t.to_string(),
                sig(r.median, 4),
                sig(r.mean, 4)
            )?;
            for i in &r.intervals {
                write!(f, " {:>28}", i.to_string())?;
            }
        }
        Ok(())
    }
}
