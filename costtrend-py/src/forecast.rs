//! The random-walk forecast, bills and backtests.

use costtrend::Usage;
use costtrend::forecast::{
    Backtest, BacktestOptions, BacktestReport, Bill, BillOptions, Forecast, Prior, RandomWalk,
    RandomWalkOptions,
};
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::fit::PyEstimate;
use crate::model::PyRate;
use crate::{Times, value_error};

/// A random walk with drift in log price (Farmer & Lafond 2016): the
/// crate's forecast, whose intervals widen with the horizon.
#[pyclass(name = "RandomWalk", module = "costtrend", frozen, from_py_object)]
#[derive(Clone)]
pub(crate) struct PyRandomWalk(pub(crate) RandomWalk);

fn finite_time(t: f64) -> PyResult<f64> {
    if t.is_finite() {
        Ok(t)
    } else {
        Err(value_error(format!("t must be a finite time, got {t}")))
    }
}

#[pymethods]
impl PyRandomWalk {
    /// The median price at `t` (float or array; decimal years or dates).
    fn median_at<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Times::extract(t)?.map(py, |x| Ok(self.0.median_at(finite_time(x)?)))
    }

    /// The mean price at `t`.
    fn mean_at<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        Times::extract(t)?.map(py, |x| Ok(self.0.mean_at(finite_time(x)?)))
    }

    /// The `q` quantile of the price at `t`.
    fn quantile_at<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
        q: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        Times::extract(t)?.map(py, |x| {
            self.0.quantile_at(finite_time(x)?, q).map_err(value_error)
        })
    }

    /// The central interval at `level` as `(lower, upper)` (for one time)
    /// or a pair of arrays (for many).
    #[pyo3(signature = (t, level = 0.95))]
    fn interval_at<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
        level: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let one = |x: f64| {
            self.0
                .interval_at(finite_time(x)?, level)
                .map(|i| (i.lower(), i.upper()))
                .map_err(value_error)
        };
        match Times::extract(t)? {
            Times::One(x) => Ok(one(x)?.into_pyobject(py)?.into_any()),
            Times::Many(ts) => {
                let (lo, hi): (Vec<f64>, Vec<f64>) = ts
                    .iter()
                    .map(|&x| one(x))
                    .collect::<PyResult<Vec<_>>>()?
                    .into_iter()
                    .unzip();
                Ok((PyArray1::from_vec(py, lo), PyArray1::from_vec(py, hi))
                    .into_pyobject(py)?
                    .into_any())
            }
        }
    }

    /// When the median path reaches `price`, with an interval; `None`
    /// when it never does.
    fn time_to(&self, price: f64) -> PyResult<Option<PyEstimate>> {
        self.0
            .time_to(price)
            .map(|e| e.map(PyEstimate))
            .map_err(value_error)
    }

    /// The forecast at `times` with one interval per level: a pandas
    /// DataFrame when pandas is installed, else a dict of numpy arrays;
    /// columns `t`, `median`, `mean`, `lower_<pct>`, `upper_<pct>` (such as
    /// `lower_80`, `upper_95`).
    #[pyo3(signature = (times, levels = vec![0.8, 0.95]))]
    fn table<'py>(
        &self,
        py: Python<'py>,
        times: &Bound<'py, PyAny>,
        levels: Vec<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ts = match Times::extract(times)? {
            Times::One(x) => vec![x],
            Times::Many(v) => v,
        };
        let table = self.0.table(&ts, &levels).map_err(value_error)?;
        let rows = table.rows();
        let d = PyDict::new(py);
        d.set_item("t", PyArray1::from_iter(py, rows.iter().map(|r| r.t)))?;
        d.set_item(
            "median",
            PyArray1::from_iter(py, rows.iter().map(|r| r.median)),
        )?;
        d.set_item("mean", PyArray1::from_iter(py, rows.iter().map(|r| r.mean)))?;
        for (k, l) in table.levels().iter().enumerate() {
            let pct = crate::percent_label(*l);
            let lo = PyArray1::from_iter(py, rows.iter().map(|r| r.intervals[k].lower()));
            let hi = PyArray1::from_iter(py, rows.iter().map(|r| r.intervals[k].upper()));
            d.set_item(format!("lower_{pct}"), lo)?;
            d.set_item(format!("upper_{pct}"), hi)?;
        }
        match py.import("pandas") {
            Ok(pd) => pd.getattr("DataFrame")?.call1((d,)),
            Err(_) => Ok(d.into_any()),
        }
    }

    /// The bill for `usage` units per unit time (growing at the continuous
    /// rate `growth` from `a`) from `a` to `b` at the walk's uncertain
    /// price: `expected` exactly, the median and `interval` by simulation.
    #[pyo3(signature = (usage, a, b, growth = 0.0, level = 0.95, paths = None, seed = None))]
    #[allow(clippy::too_many_arguments)]
    fn bill(
        &self,
        py: Python<'_>,
        usage: f64,
        a: f64,
        b: f64,
        growth: f64,
        level: f64,
        paths: Option<usize>,
        seed: Option<u64>,
    ) -> PyResult<PyBill> {
        bill_of(py, self.0, usage, (a, b), growth, level, paths, seed)
    }

    /// The drift per unit time of log price (negative when prices fall).
    #[getter]
    fn drift(&self) -> f64 {
        self.0.drift()
    }

    /// The drift as a `Rate` (`None` when it is not finite).
    #[getter]
    fn rate(&self) -> Option<PyRate> {
        self.0.rate().map(PyRate)
    }

    /// The noise per unit time of log price.
    #[getter]
    fn noise(&self) -> f64 {
        self.0.noise()
    }

    /// The MA(1) coefficient θ.
    #[getter]
    fn theta(&self) -> f64 {
        self.0.theta()
    }

    /// The Student-t degrees of freedom of the forecast.
    #[getter]
    fn dof(&self) -> f64 {
        self.0.dof()
    }

    /// Differences used.
    #[getter]
    fn differences(&self) -> usize {
        self.0.differences()
    }

    /// Observations.
    #[getter]
    fn n(&self) -> usize {
        self.0.n()
    }

    /// The last observation's time (where the forecast starts).
    #[getter]
    fn last_time(&self) -> f64 {
        self.0.last_time()
    }

    /// The walk as JSON (`RandomWalk.from_json` loads it).
    fn to_json(&self) -> PyResult<String> {
        crate::to_json(&self.0)
    }

    /// A walk from `to_json`'s output (validated).
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        crate::from_json(s).map(Self)
    }

    fn __repr__(&self) -> String {
        format!(
            "<RandomWalk drift={:.4} noise={:.4} theta={} dof={:.1} from t={}>",
            self.0.drift(),
            self.0.noise(),
            self.0.theta(),
            self.0.dof(),
            self.0.last_time()
        )
    }
}

/// A bill: the exact expected spend and a simulated interval.
#[pyclass(name = "Bill", module = "costtrend", frozen)]
pub(crate) struct PyBill(Bill);

#[pymethods]
impl PyBill {
    /// The expected bill (exact).
    #[getter]
    fn expected(&self) -> f64 {
        self.0.expected()
    }

    /// The median bill (simulated).
    #[getter]
    fn median(&self) -> f64 {
        self.0.median()
    }

    /// The central interval at `level`, as `(lower, upper)` (simulated).
    #[getter]
    fn interval(&self) -> (f64, f64) {
        let i = self.0.interval();
        (i.lower(), i.upper())
    }

    /// The interval's level.
    #[getter]
    fn level(&self) -> f64 {
        self.0.level()
    }

    /// The simulation's mean and its Monte Carlo standard error.
    #[getter]
    fn simulated_mean(&self) -> (f64, f64) {
        (self.0.simulated_mean(), self.0.mc_error())
    }

    fn __repr__(&self) -> String {
        let i = self.0.interval();
        format!(
            "<Bill expected={:.6} median={:.6} {}% interval=({:.6}, {:.6})>",
            self.0.expected(),
            self.0.median(),
            self.0.level() * 100.0,
            i.lower(),
            i.upper()
        )
    }
}

/// A backtest's scores: coverage per level (and per horizon), log score,
/// CRPS, bias. `str()` is the crate's report.
#[pyclass(name = "BacktestReport", module = "costtrend", frozen)]
pub(crate) struct PyBacktest(BacktestReport);

#[pymethods]
impl PyBacktest {
    /// `"random_walk"` or `"trend"`.
    #[getter]
    fn method(&self) -> &'static str {
        self.0.method()
    }

    /// Hindcasts scored.
    #[getter]
    fn hindcasts(&self) -> usize {
        self.0.hindcasts()
    }

    /// The interval levels.
    #[getter]
    fn levels(&self) -> Vec<f64> {
        self.0.levels().to_vec()
    }

    /// The share of hindcasts inside their interval, per level.
    #[getter]
    fn coverage(&self) -> Vec<f64> {
        self.0.coverage().to_vec()
    }

    /// The mean log predictive density of the outcomes (higher is better).
    #[getter]
    fn mean_log_score(&self) -> f64 {
        self.0.mean_log_score()
    }

    /// The mean continuous ranked probability score (lower is better).
    #[getter]
    fn mean_crps(&self) -> f64 {
        self.0.mean_crps()
    }

    /// The mean error of the median in log price.
    #[getter]
    fn bias(&self) -> f64 {
        self.0.bias()
    }

    /// One dict per horizon with hindcasts: `horizon`, `hindcasts`, `coverage`.
    #[getter]
    fn by_horizon<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .by_horizon()
            .iter()
            .filter(|h| h.hindcasts() > 0)
            .map(|h| {
                let d = PyDict::new(py);
                d.set_item("horizon", h.horizon())?;
                d.set_item("hindcasts", h.hindcasts())?;
                d.set_item("coverage", h.coverage().to_vec())?;
                Ok(d)
            })
            .collect()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// The options of the random walk, as the Python signature names them.
pub(crate) fn walk_options(
    window: Option<usize>,
    all_differences: bool,
    theta: Option<f64>,
    prior: Option<&str>,
    level: f64,
) -> PyResult<RandomWalkOptions> {
    let mut o = RandomWalkOptions::new().level(level);
    if let Some(m) = window {
        o = o.window(m);
    }
    if all_differences {
        o = o.all_differences();
    }
    if let Some(th) = theta {
        o = o.theta(th);
    }
    match prior {
        None | Some("default") => {}
        Some("none") => o = o.without_prior(),
        Some("technology") => o = o.prior(&Prior::technology()),
        Some(other) => {
            return Err(value_error(format!(
                "prior: unknown prior '{other}' (one of default, none, technology)"
            )));
        }
    }
    Ok(o)
}

#[pyfunction]
#[pyo3(signature = (t, price, window = None, all_differences = false, theta = None, prior = None, level = 0.95))]
#[allow(clippy::too_many_arguments)]
fn _random_walk(
    py: Python<'_>,
    t: PyReadonlyArray1<'_, f64>,
    price: PyReadonlyArray1<'_, f64>,
    window: Option<usize>,
    all_differences: bool,
    theta: Option<f64>,
    prior: Option<&str>,
    level: f64,
) -> PyResult<PyRandomWalk> {
    let o = walk_options(window, all_differences, theta, prior, level)?;
    let (t, p) = (t.as_slice()?, price.as_slice()?);
    py.detach(|| o.fit(t, p))
        .map(PyRandomWalk)
        .map_err(value_error)
}

/// The bill for `usage` units per unit time, growing at `growth` per unit
/// time (continuous), from `a` to `b` under the walk.
#[pyfunction]
#[pyo3(signature = (walk, usage, a, b, growth = 0.0, level = 0.95, paths = None, seed = None))]
#[allow(clippy::too_many_arguments)]
fn _bill(
    py: Python<'_>,
    walk: PyRef<'_, PyRandomWalk>,
    usage: f64,
    a: f64,
    b: f64,
    growth: f64,
    level: f64,
    paths: Option<usize>,
    seed: Option<u64>,
) -> PyResult<PyBill> {
    bill_of(py, walk.0, usage, (a, b), growth, level, paths, seed)
}

#[allow(clippy::too_many_arguments)]
fn bill_of(
    py: Python<'_>,
    walk: RandomWalk,
    usage: f64,
    (a, b): (f64, f64),
    growth: f64,
    level: f64,
    paths: Option<usize>,
    seed: Option<u64>,
) -> PyResult<PyBill> {
    let u = if growth == 0.0 {
        Usage::try_constant(usage)
    } else {
        costtrend::Growth::try_continuous(growth)
            .and_then(|g| Usage::try_exponential(usage, g))
            .and_then(|u| u.try_with_origin(a))
    }
    .map_err(value_error)?;
    let mut o = BillOptions::new().level(level);
    if let Some(n) = paths {
        o = o.paths(n);
    }
    if let Some(s) = seed {
        o = o.seed(s);
    }
    py.detach(|| o.bill(&walk, &u, a, b))
        .map(PyBill)
        .map_err(value_error)
}

/// Hindcasts from every origin of every series.
#[pyfunction]
#[pyo3(signature = (series, method = "random_walk", levels = None))]
fn _backtest(
    py: Python<'_>,
    series: Vec<(PyReadonlyArray1<'_, f64>, PyReadonlyArray1<'_, f64>)>,
    method: &str,
    levels: Option<Vec<f64>>,
) -> PyResult<PyBacktest> {
    let m = match method {
        "random_walk" => Backtest::RandomWalk(RandomWalkOptions::new()),
        "trend" => Backtest::Trend,
        other => {
            return Err(value_error(format!(
                "method: unknown forecaster '{other}' (random_walk or trend)"
            )));
        }
    };
    let data: Vec<(&[f64], &[f64])> = series
        .iter()
        .map(|(t, p)| Ok((t.as_slice()?, p.as_slice()?)))
        .collect::<PyResult<_>>()?;
    let mut o = BacktestOptions::new().method(m);
    if let Some(l) = &levels {
        o = o.levels(l);
    }
    py.detach(|| o.backtest(&data))
        .map(PyBacktest)
        .map_err(value_error)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRandomWalk>()?;
    m.add_class::<PyBill>()?;
    m.add_class::<PyBacktest>()?;
    m.add_function(wrap_pyfunction!(_random_walk, m)?)?;
    m.add_function(wrap_pyfunction!(_bill, m)?)?;
    m.add_function(wrap_pyfunction!(_backtest, m)?)?;
    Ok(())
}
