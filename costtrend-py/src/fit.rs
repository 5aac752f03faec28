//! Estimates, fits, the model comparison and trend breaks.

use costtrend::breaks::{BreakOptions, Breaks};
use costtrend::estimate::{Estimate, Parameter, RateEstimate};
use costtrend::fit::{Fit, FitOptions};
use costtrend::select::{CompareOptions, Comparison};
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::model::{PyDecayModel, PyRate};
use crate::{Times, value_error};

/// An estimate: a value and its interval (`None` when there is none).
#[pyclass(name = "Estimate", module = "costtrend", frozen, from_py_object)]
#[derive(Clone)]
pub(crate) struct PyEstimate(pub(crate) Estimate);

#[pymethods]
impl PyEstimate {
    /// The point value.
    #[getter]
    fn value(&self) -> f64 {
        self.0.value()
    }

    /// The interval as a `(lower, upper)` tuple, or `None`.
    #[getter]
    fn interval(&self) -> Option<(f64, f64)> {
        self.0.interval().map(|i| (i.lower(), i.upper()))
    }

    fn __repr__(&self) -> String {
        match self.0.interval() {
            Some(i) => format!(
                "Estimate(value={:?}, interval=({:?}, {:?}))",
                self.0.value(),
                i.lower(),
                i.upper()
            ),
            None => format!("Estimate(value={:?}, interval=None)", self.0.value()),
        }
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __float__(&self) -> f64 {
        self.0.value()
    }
}

/// A fitted parameter: its value, standard error and interval.
#[pyclass(name = "Parameter", module = "costtrend", frozen)]
pub(crate) struct PyParameter(Parameter);

#[pymethods]
impl PyParameter {
    /// The parameter's name.
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The estimate.
    #[getter]
    fn value(&self) -> f64 {
        self.0.value()
    }

    /// Its standard error (`None` when there is none).
    #[getter]
    fn std_error(&self) -> Option<f64> {
        self.0.std_error()
    }

    /// Its interval as `(lower, upper)`, or `None`.
    #[getter]
    fn interval(&self) -> Option<(f64, f64)> {
        self.0.interval().map(|i| (i.lower(), i.upper()))
    }

    fn __repr__(&self) -> String {
        format!("<Parameter {}>", self.0)
    }

    fn __float__(&self) -> f64 {
        self.0.value()
    }
}

/// A fitted rate: `value` is the continuous rate λ (positive when the
/// price falls) and `interval` its interval; the other conventions with
/// their intervals through `percent_per`, `fold_per` and `half_life`.
#[pyclass(name = "RateEstimate", module = "costtrend", frozen)]
pub(crate) struct PyRateEstimate(RateEstimate);

#[pymethods]
impl PyRateEstimate {
    /// λ, per unit time.
    #[getter]
    fn value(&self) -> f64 {
        self.0.lambda().value()
    }

    /// λ's interval as `(lower, upper)`, or `None`.
    #[getter]
    fn interval(&self) -> Option<(f64, f64)> {
        self.0.lambda().interval().map(|i| (i.lower(), i.upper()))
    }

    /// The point rate as a `Rate`.
    #[getter]
    fn rate(&self) -> PyRate {
        PyRate(self.0.rate())
    }

    /// Percent cheaper per `period`, with its interval.
    #[pyo3(signature = (period = 1.0))]
    fn percent_per(&self, period: f64) -> PyEstimate {
        PyEstimate(self.0.percent_per(period))
    }

    /// Times cheaper per `period`, with its interval.
    #[pyo3(signature = (period = 1.0))]
    fn fold_per(&self, period: f64) -> PyEstimate {
        PyEstimate(self.0.fold_per(period))
    }

    /// The half-life with its interval; `None` when prices do not fall.
    fn half_life(&self) -> Option<PyEstimate> {
        self.0.half_life().map(PyEstimate)
    }

    fn __repr__(&self) -> String {
        format!("<RateEstimate {}>", self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// A fitted curve with its uncertainty. `str(fit)` is the crate's report.
#[pyclass(name = "Fit", module = "costtrend", frozen, from_py_object)]
#[derive(Clone)]
pub(crate) struct PyFit(pub(crate) Fit);

#[pymethods]
impl PyFit {
    /// The fitted rate (`None` for models without a constant rate, such as
    /// the linear one).
    #[getter]
    fn rate(&self) -> Option<PyRateEstimate> {
        self.0.rate().map(PyRateEstimate)
    }

    /// The parameters as `{name: Parameter}` (value, standard error and
    /// interval), in the model's order.
    #[getter]
    fn parameters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for p in self.0.parameters() {
            d.set_item(p.name(), PyParameter(*p))?;
        }
        Ok(d)
    }

    /// Standard errors as `{name: float}`.
    #[getter]
    fn std_errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for p in self.0.parameters() {
            d.set_item(p.name(), p.std_error())?;
        }
        Ok(d)
    }

    /// The fitted curve.
    #[getter]
    fn model(&self) -> PyDecayModel {
        PyDecayModel(self.0.model())
    }

    /// The fitting method's name.
    #[getter]
    fn method(&self) -> String {
        self.0.method().to_string()
    }

    /// Observations used.
    #[getter]
    fn n(&self) -> usize {
        self.0.n()
    }

    /// R² (on the scale the fit minimises).
    #[getter]
    fn r_squared(&self) -> f64 {
        self.0.r_squared()
    }

    /// Root mean squared residual.
    #[getter]
    fn rmse(&self) -> f64 {
        self.0.rmse()
    }

    /// The interval level.
    #[getter]
    fn level(&self) -> f64 {
        self.0.level()
    }

    /// AIC, AICc and BIC as a dict (price scale, comparable across models).
    #[getter]
    fn criteria<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("aic", self.0.aic())?;
        d.set_item("aicc", self.0.aicc())?;
        d.set_item("bic", self.0.bic())?;
        Ok(d)
    }

    /// The fitted price at `t` with its confidence interval: an `Estimate`
    /// for one time, a list of them for many.
    fn predict<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        estimates(py, t, |x| self.0.predict(x))
    }

    /// The price of a new observation at `t` with its prediction interval.
    fn predict_observation<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        estimates(py, t, |x| self.0.predict_observation(x))
    }

    /// When the fitted curve reaches `price`, with an interval; `None`
    /// when it never does.
    fn time_to(&self, price: f64) -> PyResult<Option<PyEstimate>> {
        self.0
            .time_to(price)
            .map(|e| e.map(PyEstimate))
            .map_err(value_error)
    }

    /// The fit as JSON (the crate's serde form; `Fit.from_json` loads it).
    fn to_json(&self) -> PyResult<String> {
        crate::to_json(&self.0)
    }

    /// A fit from `to_json`'s output (validated).
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        crate::from_json(s).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Fit {} n={} model={}>",
            self.0.method(),
            self.0.n(),
            self.0.model()
        )
    }
}

fn estimates<'py>(
    py: Python<'py>,
    t: &Bound<'py, PyAny>,
    f: impl Fn(f64) -> Estimate,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match Times::extract(t)? {
        Times::One(x) => PyEstimate(f(x)).into_pyobject(py)?.into_any(),
        Times::Many(ts) => {
            let v: Vec<PyEstimate> = ts.iter().map(|&x| PyEstimate(f(x))).collect();
            v.into_pyobject(py)?.into_any()
        }
    })
}

/// Every model fitted and ranked by AICc. `best` is the winner's `Fit`
/// (`None` when nothing could be fitted); `candidates` lists
/// `(method, fit or None, error or None)`.
#[pyclass(name = "Comparison", module = "costtrend", frozen)]
pub(crate) struct PyComparison(Comparison);

#[pymethods]
impl PyComparison {
    /// The best fit, or `None`.
    #[getter]
    fn best(&self) -> Option<PyFit> {
        self.0.best().cloned().map(PyFit)
    }

    /// `(method, Fit or None, error message or None)` per candidate, best first.
    #[getter]
    fn candidates(&self) -> Vec<(String, Option<PyFit>, Option<String>)> {
        self.0
            .candidates()
            .iter()
            .map(|c| {
                (
                    c.method().to_string(),
                    c.fit().cloned().map(PyFit),
                    c.error().map(|e| e.to_string()),
                )
            })
            .collect()
    }

    /// The ranking as JSON.
    fn to_json(&self) -> PyResult<String> {
        crate::to_json(&self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// Where a trend breaks. `times` and `intervals` (a `(lower, upper)` per
/// break), the segments, the noise model read from the data and the
/// no-break test's p-value; `str()` is the crate's report.
#[pyclass(name = "Breaks", module = "costtrend", frozen)]
pub(crate) struct PyBreaks(Breaks);

#[pymethods]
impl PyBreaks {
    /// The break times.
    #[getter]
    fn times(&self) -> Vec<f64> {
        self.0.times().to_vec()
    }

    /// Each break's interval as `(lower, upper)`.
    #[getter]
    fn intervals(&self) -> Vec<(f64, f64)> {
        self.0
            .intervals()
            .iter()
            .map(|i| (i.lower(), i.upper()))
            .collect()
    }

    /// `"kinks"`, `"cuts"` or `"regimes"`.
    #[getter]
    fn kind(&self) -> String {
        self.0.kind().to_string()
    }

    /// The noise model: `"independent"` or `"random walk"`.
    #[getter]
    fn noise(&self) -> String {
        self.0.noise().name().to_string()
    }

    /// The no-break test's p-value (`None` when it was not run).
    #[getter]
    fn p_value(&self) -> Option<f64> {
        self.0.p_value()
    }

    /// One dict per segment: `start`, `points`, `level` (an Estimate) and
    /// `rate` (a RateEstimate, or None for flat segments).
    #[getter]
    fn segments<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.0
            .segments()
            .iter()
            .map(|s| {
                let d = PyDict::new(py);
                d.set_item("start", s.start())?;
                d.set_item("points", s.points())?;
                d.set_item("level", PyEstimate(s.level()))?;
                d.set_item("rate", s.rate().map(PyRateEstimate))?;
                Ok(d)
            })
            .collect()
    }

    /// The fitted piecewise curve at `t` (float or array).
    fn at<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let m = self.0.model();
        Times::extract(t)?.map(py, |x| Ok(m.at(x)))
    }

    /// The break fit as JSON (`Breaks.from_json` loads it).
    fn to_json(&self) -> PyResult<String> {
        crate::to_json(&self.0)
    }

    /// A break fit from `to_json`'s output (validated).
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        crate::from_json(s).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Breaks {} {} at {:?}>",
            self.0.times().len(),
            self.0.kind(),
            self.0.times()
        )
    }
}

fn slices<'a>(
    t: &'a PyReadonlyArray1<'_, f64>,
    p: &'a PyReadonlyArray1<'_, f64>,
) -> PyResult<(&'a [f64], &'a [f64])> {
    Ok((t.as_slice()?, p.as_slice()?))
}

/// One single-curve fit by name (the Python `costtrend.fit` functions).
#[pyfunction]
#[pyo3(signature = (method, t, price, level = 0.95, weights = None, robust = false, period = None))]
#[allow(clippy::too_many_arguments)]
fn _fit(
    py: Python<'_>,
    method: &str,
    t: PyReadonlyArray1<'_, f64>,
    price: PyReadonlyArray1<'_, f64>,
    level: f64,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    robust: bool,
    period: Option<f64>,
) -> PyResult<PyFit> {
    let (t, p) = slices(&t, &price)?;
    let w = weights.as_ref().map(|w| w.as_slice()).transpose()?;
    const METHODS: [&str; 5] = [
        "exponential",
        "exponential_nls",
        "exponential_with_floor",
        "linear",
        "step_discount",
    ];
    let Some(which) = METHODS.iter().position(|m| *m == method) else {
        return Err(value_error(format!(
            "method: unknown fit '{method}' (one of {})",
            METHODS.join(", ")
        )));
    };
    py.detach(|| {
        let mut opts = FitOptions::new().level(level).robust(robust);
        if let Some(w) = w {
            opts = opts.weights(w);
        }
        match which {
            0 => opts.exponential(t, p),
            1 => opts.exponential_nls(t, p),
            2 => opts.exponential_with_floor(t, p),
            3 => opts.linear(t, p),
            // the library names a missing (NaN) period in its error
            _ => opts.step_discount(t, p, period.unwrap_or(f64::NAN)),
        }
    })
    .map(PyFit)
    .map_err(value_error)
}

/// Every model fitted and ranked.
#[pyfunction]
#[pyo3(signature = (t, price, step_period = None, with_breaks = false))]
fn _compare(
    py: Python<'_>,
    t: PyReadonlyArray1<'_, f64>,
    price: PyReadonlyArray1<'_, f64>,
    step_period: Option<f64>,
    with_breaks: bool,
) -> PyResult<PyComparison> {
    let (t, p) = slices(&t, &price)?;
    py.detach(|| {
        let mut opts = CompareOptions::new().with_breaks(with_breaks);
        if let Some(period) = step_period {
            opts = opts.step_period(period);
        }
        opts.compare(t, p)
    })
    .map(PyComparison)
    .map_err(value_error)
}

/// Trend breaks of one kind.
#[pyfunction]
#[pyo3(signature = (kind, t, price, max_breaks = None, significance = None, level = None, seed = None))]
#[allow(clippy::too_many_arguments)]
fn _breaks(
    py: Python<'_>,
    kind: &str,
    t: PyReadonlyArray1<'_, f64>,
    price: PyReadonlyArray1<'_, f64>,
    max_breaks: Option<usize>,
    significance: Option<f64>,
    level: Option<f64>,
    seed: Option<u64>,
) -> PyResult<PyBreaks> {
    let (t, p) = slices(&t, &price)?;
    let kind = kind.to_string();
    py.detach(|| {
        let mut opts = BreakOptions::new();
        if let Some(m) = max_breaks {
            opts = opts.max_breaks(m);
        }
        if let Some(s) = significance {
            opts = opts.significance(s);
        }
        if let Some(l) = level {
            opts = opts.level(l);
        }
        if let Some(s) = seed {
            opts = opts.seed(s);
        }
        match kind.as_str() {
            "cuts" => opts.price_cuts(t, p),
            "regimes" => opts.regimes(t, p),
            _ => opts.trend_breaks(t, p),
        }
    })
    .map(PyBreaks)
    .map_err(value_error)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEstimate>()?;
    m.add_class::<PyParameter>()?;
    m.add_class::<PyRateEstimate>()?;
    m.add_class::<PyFit>()?;
    m.add_class::<PyComparison>()?;
    m.add_class::<PyBreaks>()?;
    m.add_function(wrap_pyfunction!(_fit, m)?)?;
    m.add_function(wrap_pyfunction!(_compare, m)?)?;
    m.add_function(wrap_pyfunction!(_breaks, m)?)?;
    Ok(())
}
