//! The native module `costtrend._costtrend`: thin PyO3 wrappers around the
//! `costtrend` crate. Nothing is computed here that the crate does not
//! compute; the Python package (`python/costtrend`) converts times and
//! DataFrames and re-exports these names.

#![forbid(unsafe_code)]

mod fit;
mod forecast;
mod frame;
mod model;

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// A library error as Python's `ValueError`, with the crate's message
/// (which names the index, the value and the parameter).
pub(crate) fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// A level as the percentage in a column name (`0.8` gives `80`, `0.975`
/// gives `97.5`), without float noise.
pub(crate) fn percent_label(level: f64) -> String {
    format!("{}", (level * 100.0 * 1e6).round() / 1e6)
}

/// A value as the crate's JSON.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(value_error)
}

/// A value from the crate's JSON, validated as the crate loads it.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> PyResult<T> {
    serde_json::from_str(s).map_err(value_error)
}

/// Times given as one number or many: a float or int stays a scalar;
/// anything else (a list, an array, dates, datetime64, a pandas Series)
/// goes through `costtrend._time.to_years`, the package's one conversion
/// of dates to the crate's decimal years.
pub(crate) enum Times {
    One(f64),
    Many(Vec<f64>),
}

impl Times {
    pub(crate) fn extract(obj: &Bound<'_, PyAny>) -> PyResult<Times> {
        if let Ok(x) = obj.extract::<f64>() {
            return Ok(Times::One(x));
        }
        let py = obj.py();
        let (years, scalar): (Bound<'_, PyAny>, bool) = py
            .import("costtrend._time")?
            .getattr("to_years_or_scalar")?
            .call1((obj,))?
            .extract()?;
        let years: PyReadonlyArray1<'_, f64> = years.extract()?;
        let v = years.as_slice()?.to_vec();
        Ok(if scalar && v.len() == 1 {
            Times::One(v[0])
        } else {
            Times::Many(v)
        })
    }

    /// Applies `f` to each time: a float for a scalar, an array otherwise.
    pub(crate) fn map<'py>(
        &self,
        py: Python<'py>,
        f: impl Fn(f64) -> PyResult<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Times::One(t) => Ok(f(*t)?.into_pyobject(py)?.into_any()),
            Times::Many(ts) => {
                let out = ts.iter().map(|&t| f(t)).collect::<PyResult<Vec<f64>>>()?;
                Ok(PyArray1::from_vec(py, out).into_any())
            }
        }
    }
}

/// Decimal years of date-times given as microseconds since 1970-01-01
/// (numpy's `datetime64[us]` as int64, which spans years 1 to 9999 and
/// beyond), read as civil date-times in UTC by the crate's convention
/// (`costtrend::time`: the year plus the fraction of it elapsed).
#[pyfunction]
fn _years_from_unix_us<'py>(
    py: Python<'py>,
    us: PyReadonlyArray1<'py, i64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    use costtrend::time::DecimalYear;
    const DAY: i64 = 86_400_000_000;
    let epoch = jiff::civil::date(1970, 1, 1);
    let out = us
        .as_slice()?
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let bad = |e: jiff::Error| value_error(format!("time[{i}]: {e}"));
            let (days, within) = (n.div_euclid(DAY), n.rem_euclid(DAY));
            let date = epoch
                .checked_add(jiff::Span::new().try_days(days).map_err(bad)?)
                .map_err(bad)?;
            let (s, micro) = (within / 1_000_000, within % 1_000_000);
            let dt = date.at(
                (s / 3600) as i8,
                (s / 60 % 60) as i8,
                (s % 60) as i8,
                (micro * 1000) as i32,
            );
            dt.to_year()
                .map_err(|e| value_error(format!("time[{i}]: {e}")))
        })
        .collect::<PyResult<Vec<f64>>>()?;
    Ok(PyArray1::from_vec(py, out))
}

/// A decimal year as an ISO date (`YYYY-MM-DD`), rounded down to the day.
#[pyfunction]
fn year_to_date(t: f64) -> PyResult<String> {
    use costtrend::time::DecimalYear;
    jiff::civil::Date::from_year(t)
        .map(|d| d.to_string())
        .map_err(value_error)
}

#[pymodule]
fn _costtrend(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(_years_from_unix_us, m)?)?;
    m.add_function(wrap_pyfunction!(year_to_date, m)?)?;
    model::register(m)?;
    fit::register(m)?;
    forecast::register(m)?;
    frame::register(m)?;
    Ok(())
}
