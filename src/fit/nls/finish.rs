//! The final pass: residuals, `J'WJ` and the total sum of squares.

use super::{Problem, Solution};
use crate::FitError;

/// The final pass: residuals, `J'WJ` and the total sum of squares at the
/// solution. An SSE within the rounding of the data (`Σ w (8 ε y)²`) is
/// reported as 0: the data lie on the curve.
pub(super) fn finish(
    problem: &Problem<'_>,
    p0: f64,
    lambda: f64,
    floor: f64,
    mean: f64,
) -> Result<Solution, FitError> {
    let d = problem.data;
    let amp = p0 - floor;
    let mut jtwj = [[0.0; 3]; 3];
    let (mut sse, mut sst, mut wyy, mut n) = (0.0, 0.0, 0.0, 0usize);
    for i in 0..d.len() {
        let w = problem.weight(i);
        if w == 0.0 {
            continue;
        }
        n += 1;
        let s = d.t[i] - problem.origin;
        let e = (-lambda * s).exp();
        let y = d.price[i] * problem.y_scale;
        let fitted = floor + amp * e;
        let r = y - fitted;
        sse += w * r * r;
        sst += w * (y - mean) * (y - mean);
        wyy += w * y * y;
        let j = [e, -amp * s * e, 1.0 - e];
        for a in 0..3 {
            for b in 0..3 {
                jtwj[a][b] += w * j[a] * j[b];
            }
        }
    }
    if !(sse.is_finite() && jtwj[1][1].is_finite()) {
        return Err(FitError::NotIdentifiable {
            parameter: "lambda",
            reason: "the fitted curve overflows over the data",
        });
    }
    let eps = 8.0 * f64::EPSILON;
    if sse <= eps * eps * wyy {
        sse = 0.0;
    }
    Ok(Solution {
        p0,
        lambda,
        floor,
        sse,
        sst,
        jtwj,
        sum_ln_w: 0.0,
        n,
        wyy,
    })
}
