//! Many series at once (the engine of `fit_frame` and `forecast_frame`):
//! rows tagged with a group code, each group fitted in Rust with the GIL
//! released, the groups spread over the machine's cores.

use costtrend::fit::FitOptions;
use costtrend::forecast::Forecast;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::forecast::walk_options;
use crate::value_error;

/// The rows of each group, in row order, from codes `0..groups`.
fn split(codes: &[i64], groups: usize) -> PyResult<Vec<Vec<usize>>> {
    let mut rows = vec![Vec::new(); groups];
    for (i, &c) in codes.iter().enumerate() {
        let slot = usize::try_from(c)
            .ok()
            .and_then(|c| rows.get_mut(c))
            .ok_or_else(|| value_error(format!("group code [{i}] is {c}, not in 0..{groups}")))?;
        slot.push(i);
    }
    Ok(rows)
}

/// `work` on every group, in parallel; results in group order.
fn parallel<R: Send>(groups: usize, work: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(groups.max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let g = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if g >= groups {
                            break mine;
                        }
                        mine.push((g, work(g)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(g, _)| *g);
    done.into_iter().map(|(_, r)| r).collect()
}

fn gather(rows: &[usize], t: &[f64], p: &[f64]) -> (Vec<f64>, Vec<f64>) {
    (
        rows.iter().map(|&i| t[i]).collect(),
        rows.iter().map(|&i| p[i]).collect(),
    )
}

/// One of the fits `fit_frame` tabulates.
type FitFn =
    fn(&FitOptions<'_>, &[f64], &[f64]) -> Result<costtrend::fit::Fit, costtrend::FitError>;

/// One group's forecast in `forecast_frame`.
struct Forecasted {
    at: f64,
    median: f64,
    mean: f64,
    lambda: f64,
    bands: Vec<(f64, f64)>,
}

/// One row of `fit_frame`.
#[derive(Default)]
struct FitRow {
    lambda: Option<(f64, f64, f64)>,
    percent_per_year: Option<f64>,
    half_life: Option<f64>,
    r_squared: Option<f64>,
    error: Option<String>,
}

fn column<'py>(py: Python<'py>, v: impl Iterator<Item = Option<f64>>) -> Bound<'py, PyAny> {
    // missing values (a failed group) become None in a list, so pandas
    // and Polars each mark them missing in their own way
    let list: Vec<Option<f64>> = v.collect();
    list.into_pyobject(py)
        .map(|l| l.into_any())
        .unwrap_or_else(|_| py.None().into_bound(py))
}

/// Fits one model to every group; columns of the result frame.
#[pyfunction]
#[pyo3(signature = (codes, groups, t, price, method = "exponential", level = 0.95))]
fn _fit_groups<'py>(
    py: Python<'py>,
    codes: PyReadonlyArray1<'py, i64>,
    groups: usize,
    t: PyReadonlyArray1<'py, f64>,
    price: PyReadonlyArray1<'py, f64>,
    method: &str,
    level: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let (t, p) = (t.as_slice()?, price.as_slice()?);
    let rows = split(codes.as_slice()?, groups)?;
    let fit_one: FitFn = match method {
        "exponential" => |o, t, p| o.exponential(t, p),
        "exponential_nls" => |o, t, p| o.exponential_nls(t, p),
        "exponential_with_floor" => |o, t, p| o.exponential_with_floor(t, p),
        other => {
            return Err(value_error(format!(
                "method: '{other}' has no constant rate to tabulate (exponential, \
                     exponential_nls or exponential_with_floor)"
            )));
        }
    };
    let out: Vec<(usize, FitRow)> = py.detach(|| {
        parallel(groups, |g| {
            let (tg, pg) = gather(&rows[g], t, p);
            let row = match fit_one(&FitOptions::new().level(level), &tg, &pg) {
                Ok(f) => {
                    let r = f.rate();
                    let lam = r.as_ref().map(|r| r.lambda());
                    FitRow {
                        lambda: lam.map(|e| {
                            let i = e.interval();
                            (
                                e.value(),
                                i.map_or(f64::NAN, |i| i.lower()),
                                i.map_or(f64::NAN, |i| i.upper()),
                            )
                        }),
                        percent_per_year: r.as_ref().map(|r| r.percent_per(1.0).value()),
                        half_life: r.as_ref().and_then(|r| r.half_life()).map(|h| h.value()),
                        r_squared: Some(f.r_squared()),
                        error: None,
                    }
                }
                Err(e) => FitRow {
                    error: Some(e.to_string()),
                    ..FitRow::default()
                },
            };
            (tg.len(), row)
        })
    });
    let d = PyDict::new(py);
    d.set_item(
        "lambda",
        column(py, out.iter().map(|(_, r)| r.lambda.map(|l| l.0))),
    )?;
    d.set_item(
        "lambda_lower",
        column(py, out.iter().map(|(_, r)| r.lambda.map(|l| l.1))),
    )?;
    d.set_item(
        "lambda_upper",
        column(py, out.iter().map(|(_, r)| r.lambda.map(|l| l.2))),
    )?;
    d.set_item(
        "percent_per_year",
        column(py, out.iter().map(|(_, r)| r.percent_per_year)),
    )?;
    d.set_item(
        "half_life",
        column(py, out.iter().map(|(_, r)| r.half_life)),
    )?;
    d.set_item(
        "r_squared",
        column(py, out.iter().map(|(_, r)| r.r_squared)),
    )?;
    d.set_item(
        "n",
        PyArray1::from_iter(py, out.iter().map(|(n, _)| *n as i64)),
    )?;
    d.set_item(
        "error",
        out.iter().map(|(_, r)| r.error.clone()).collect::<Vec<_>>(),
    )?;
    Ok(d)
}

/// The random walk on every group, forecast `horizon` after each group's
/// last observation; columns of the result frame.
#[pyfunction]
#[pyo3(signature = (codes, groups, t, price, horizon = 1.0, levels = vec![0.8, 0.95], prior = None))]
#[allow(clippy::too_many_arguments)]
fn _forecast_groups<'py>(
    py: Python<'py>,
    codes: PyReadonlyArray1<'py, i64>,
    groups: usize,
    t: PyReadonlyArray1<'py, f64>,
    price: PyReadonlyArray1<'py, f64>,
    horizon: f64,
    levels: Vec<f64>,
    prior: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    if !(horizon.is_finite() && horizon >= 0.0) {
        return Err(value_error(format!(
            "horizon must be a finite number of years at least 0, got {horizon}"
        )));
    }
    for &l in &levels {
        if !(l > 0.0 && l < 1.0) {
            return Err(value_error(format!("levels: {l} is not in (0, 1)")));
        }
    }
    let opts = walk_options(None, false, None, prior, 0.95)?;
    let (t, p) = (t.as_slice()?, price.as_slice()?);
    let rows = split(codes.as_slice()?, groups)?;
    type Row = (usize, Result<Forecasted, String>);
    let out: Vec<Row> = py.detach(|| {
        parallel(groups, |g| {
            let (tg, pg) = gather(&rows[g], t, p);
            let row = opts.fit(&tg, &pg).map_err(|e| e.to_string()).and_then(|w| {
                let at = w.last_time() + horizon;
                let bands = levels
                    .iter()
                    .map(|&l| w.interval_at(at, l).map(|i| (i.lower(), i.upper())))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| e.to_string())?;
                let lam = w.rate().map_or(-w.drift(), |r| r.lambda());
                Ok(Forecasted {
                    at,
                    median: w.median_at(at),
                    mean: w.mean_at(at),
                    lambda: lam,
                    bands,
                })
            });
            (tg.len(), row)
        })
    });
    let d = PyDict::new(py);
    let pick = |f: fn(&Forecasted) -> f64| {
        column(py, out.iter().map(move |(_, r)| r.as_ref().ok().map(f)))
    };
    d.set_item("t", pick(|r| r.at))?;
    d.set_item("median", pick(|r| r.median))?;
    d.set_item("mean", pick(|r| r.mean))?;
    d.set_item("lambda", pick(|r| r.lambda))?;
    for (k, l) in levels.iter().enumerate() {
        let pct = crate::percent_label(*l);
        let band = |upper: bool| {
            column(
                py,
                out.iter().map(move |(_, r)| {
                    r.as_ref()
                        .ok()
                        .map(|r| if upper { r.bands[k].1 } else { r.bands[k].0 })
                }),
            )
        };
        d.set_item(format!("lower_{pct}"), band(false))?;
        d.set_item(format!("upper_{pct}"), band(true))?;
    }
    d.set_item(
        "n",
        PyArray1::from_iter(py, out.iter().map(|(n, _)| *n as i64)),
    )?;
    d.set_item(
        "error",
        out.iter()
            .map(|(_, r)| r.as_ref().err().cloned())
            .collect::<Vec<_>>(),
    )?;
    Ok(d)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_fit_groups, m)?)?;
    m.add_function(wrap_pyfunction!(_forecast_groups, m)?)?;
    Ok(())
}
