//! `Rate` and `DecayModel`.

use costtrend::{DecayModel, PriceCurve, Rate};
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::{Times, value_error};

/// A rate of decline with an explicit convention: the continuous rate
/// `lam` (per unit time, positive when prices fall) and its readings as
/// percent per period, fold per period and half-life.
#[pyclass(name = "Rate", module = "costtrend", frozen, eq, from_py_object)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRate(pub(crate) Rate);

#[pymethods]
impl PyRate {
    /// The rate that makes prices `pct` percent cheaper every `period`.
    #[staticmethod]
    #[pyo3(signature = (pct, period = 1.0))]
    fn from_percent_per(pct: f64, period: f64) -> PyResult<Self> {
        Rate::try_from_percent_per(pct, period)
            .map(Self)
            .map_err(value_error)
    }

    /// The rate that makes prices `fold` times cheaper every `period`.
    #[staticmethod]
    #[pyo3(signature = (fold, period = 1.0))]
    fn from_fold_per(fold: f64, period: f64) -> PyResult<Self> {
        Rate::try_from_fold_per(fold, period)
            .map(Self)
            .map_err(value_error)
    }

    /// The rate that halves prices every `h`.
    #[staticmethod]
    fn from_half_life(h: f64) -> PyResult<Self> {
        Rate::try_from_half_life(h).map(Self).map_err(value_error)
    }

    /// The continuous rate `lam`: `price(t) = p0 * exp(-lam * t)`.
    #[staticmethod]
    fn continuous(lam: f64) -> PyResult<Self> {
        Rate::try_continuous(lam).map(Self).map_err(value_error)
    }

    /// The continuous rate, per unit time (positive when prices fall).
    #[getter]
    fn lam(&self) -> f64 {
        self.0.lambda()
    }

    /// Percent cheaper per `period`.
    #[pyo3(signature = (period = 1.0))]
    fn percent_per(&self, period: f64) -> f64 {
        self.0.percent_per(period)
    }

    /// Times cheaper per `period`.
    #[pyo3(signature = (period = 1.0))]
    fn fold_per(&self, period: f64) -> f64 {
        self.0.fold_per(period)
    }

    /// The time to halve the price; `None` when prices do not fall.
    fn half_life(&self) -> Option<f64> {
        self.0.half_life()
    }

    fn __repr__(&self) -> String {
        format!("Rate.continuous({:?})  # {}", self.0.lambda(), self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// A price curve: exponential, linear or step-discount decline, with an
/// origin and an optional floor.
#[pyclass(name = "DecayModel", module = "costtrend", frozen, eq, from_py_object)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyDecayModel(pub(crate) DecayModel);

#[pymethods]
impl PyDecayModel {
    /// `p0 * exp(-lam * (t - t0))`.
    #[staticmethod]
    fn exponential(p0: f64, lam: f64) -> PyResult<Self> {
        DecayModel::try_exponential(p0, lam)
            .map(Self)
            .map_err(value_error)
    }

    /// The exponential at a `Rate`.
    #[staticmethod]
    fn exponential_at_rate(p0: f64, rate: PyRef<'_, PyRate>) -> PyResult<Self> {
        DecayModel::try_exponential_at_rate(p0, rate.0)
            .map(Self)
            .map_err(value_error)
    }

    /// `p0 - slope * (t - t0)`, never below zero.
    #[staticmethod]
    fn linear(p0: f64, slope: f64) -> PyResult<Self> {
        DecayModel::try_linear(p0, slope)
            .map(Self)
            .map_err(value_error)
    }

    /// `p0 * (1 - discount)^floor((t - t0) / period)`: a price cut every period.
    #[staticmethod]
    fn step_discount(p0: f64, discount: f64, period: f64) -> PyResult<Self> {
        DecayModel::try_step_discount(p0, discount, period)
            .map(Self)
            .map_err(value_error)
    }

    /// The same curve measured from `t0` (`p0` is the price at `t0`).
    fn with_origin(&self, t0: f64) -> PyResult<Self> {
        self.0.try_with_origin(t0).map(Self).map_err(value_error)
    }

    /// The same curve approaching `floor` instead of zero.
    fn with_floor(&self, floor: f64) -> PyResult<Self> {
        self.0.try_with_floor(floor).map(Self).map_err(value_error)
    }

    /// The price at `t`: a float for a float, a numpy array for an array
    /// (evaluated in Rust's bulk kernel, no Python loop). Times may be
    /// decimal years or dates.
    fn at<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(x) = t.extract::<f64>() {
            return Ok(self.0.at(x).into_pyobject(py)?.into_any());
        }
        if let Ok(arr) = t.extract::<PyReadonlyArray1<'py, f64>>()
            && let Ok(ts) = arr.as_slice()
        {
            return Ok(self.eval(py, ts)?.into_any());
        }
        match Times::extract(t)? {
            Times::One(x) => Ok(self.0.at(x).into_pyobject(py)?.into_any()),
            Times::Many(ts) => Ok(self.eval(py, &ts)?.into_any()),
        }
    }

    /// The first time the price is at or below `price`; `None` when never.
    fn time_to(&self, price: f64) -> PyResult<Option<f64>> {
        self.0.time_to(price).map_err(value_error)
    }

    /// The integral of the price from `a` to `b` (spend at one unit per
    /// unit time), in closed form.
    fn integral(&self, a: f64, b: f64) -> f64 {
        self.0.integral(a, b)
    }

    /// The model's kind: `"exponential"`, `"linear"` or `"step_discount"`.
    #[getter]
    fn kind(&self) -> String {
        self.0.kind().to_string()
    }

    /// The price at the origin.
    #[getter]
    fn p0(&self) -> f64 {
        self.0.p0()
    }

    /// The origin `t0`.
    #[getter]
    fn origin(&self) -> f64 {
        self.0.origin()
    }

    /// The floor (0 without one).
    #[getter]
    fn floor(&self) -> f64 {
        self.0.floor()
    }

    /// The constant rate of an exponential; `None` for the other kinds.
    #[getter]
    fn rate(&self) -> Option<PyRate> {
        self.0.rate().map(PyRate)
    }

    /// The model as JSON (the crate's serde form).
    fn to_json(&self) -> PyResult<String> {
        crate::to_json(&self.0)
    }

    /// A model from `to_json`'s output (validated).
    #[staticmethod]
    fn from_json(s: &str) -> PyResult<Self> {
        crate::from_json(s).map(Self)
    }

    fn __repr__(&self) -> String {
        format!("<DecayModel {}>", self.0)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

impl PyDecayModel {
    fn eval<'py>(&self, py: Python<'py>, ts: &[f64]) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let mut out = vec![0.0; ts.len()];
        let model = self.0;
        py.detach(|| model.eval_into(ts, &mut out))
            .map_err(value_error)?;
        Ok(PyArray1::from_vec(py, out))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRate>()?;
    m.add_class::<PyDecayModel>()?;
    Ok(())
}
