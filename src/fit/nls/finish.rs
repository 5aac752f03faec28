//! The final pass: residuals, `J'WJ` and the total sum of squares.

use super::{Problem, Solution};
use crate::FitError;
use crate::numeric::simd;

/// Gauss–Newton steps on `(floor, amplitude, lambda)` from the search's
/// answer, each from residuals formed point by point rather than from the
/// centred sums the search works with. Near an exact fit those sums lose
/// the digits that locate the minimum (their SSE is the difference of two
/// nearly equal totals), so the search stops where rounding hides the
/// slope, and where exactly depends on the order of the data; the direct
/// residuals keep their accuracy, and Gauss–Newton converges quadratically
/// on a zero-residual problem. Each step solves the linearised problem by
/// a QR factorisation of the Jacobian built row by row with Givens
/// rotations (no `n × 3` storage), whose accuracy follows the condition of
/// `J`, not of `J'J` (closely spaced times make `J` nearly rank-deficient,
/// and the normal equations lose twice the digits). At most 8 steps,
/// usually one on noisy data; the point of least SSE seen is the answer,
/// so the polish never makes a fit worse. Returns `(p0, lambda, floor)`.
pub(super) fn polish(problem: &Problem<'_>, p0: f64, lambda: f64, floor: f64) -> (f64, f64, f64) {
    let d = problem.data;
    // One pass at `th`: the SSE, its rounding floor, and the Gauss–Newton
    // step from the triangular factor of J (rows √w J_i, right side √w r_i).
    let pass = |th: &[f64; 3]| {
        let (f, a, l) = (th[0], th[1], th[2]);
        let (mut sse, mut noise) = (0.0, 0.0);
        let mut r_mat = [[0.0f64; 3]; 3];
        let mut z = [0.0f64; 3];
        for i in 0..d.len() {
            let w = problem.weight(i);
            if w == 0.0 {
                continue;
            }
            let s = d.t[i] - problem.origin;
            let e = (-l * s).exp();
            let y = d.price[i] * problem.y_scale;
            let res = (y - f) - a * e;
            sse += w * res * res;
            noise += w * (8.0 * f64::EPSILON * y) * (8.0 * f64::EPSILON * y);
            let sw = w.sqrt();
            let mut row = [sw, sw * e, -sw * a * s * e];
            let mut rhs = sw * res;
            for k in 0..3 {
                if row[k] == 0.0 {
                    continue;
                }
                // the entries are O(1) (prices scaled near 1): no overflow
                let rho = (r_mat[k][k] * r_mat[k][k] + row[k] * row[k]).sqrt();
                let (c, sn) = (r_mat[k][k] / rho, row[k] / rho);
                r_mat[k][k] = rho;
                for j in k + 1..3 {
                    let (u, v) = (r_mat[k][j], row[j]);
                    r_mat[k][j] = c * u + sn * v;
                    row[j] = c * v - sn * u;
                }
                let u = z[k];
                z[k] = c * u + sn * rhs;
                rhs = c * rhs - sn * u;
            }
        }
        // back-substitution R δ = z; None when R is singular
        let mut delta = [0.0f64; 3];
        for k in (0..3).rev() {
            let mut v = z[k];
            for j in k + 1..3 {
                v -= r_mat[k][j] * delta[j];
            }
            delta[k] = v / r_mat[k][k];
        }
        let step = delta.iter().all(|x| x.is_finite()).then_some(delta);
        (sse, noise, step)
    };
    // Full steps, keeping the best point seen: in the narrow valleys of
    // nearly exact data (an SSE of 1e-19 a thousandth off in lambda) a full
    // step lands near the minimum but just off the valley floor, where the
    // SSE is higher for one step; the next step returns to the floor.
    let mut theta = [floor, p0 - floor, lambda];
    let (sse0, noise, mut step) = pass(&theta);
    let mut best = (sse0, theta);
    for _ in 0..8 {
        let Some(delta) = step else {
            break;
        };
        // A step below the search's own tolerance is not worth a pass:
        // on noisy data the search's answer stands after one pass.
        let level = theta[0].abs().max(theta[1].abs());
        if delta[2].abs() <= 1e-13 * theta[2].abs()
            && delta[0].abs().max(delta[1].abs()) <= 1e-13 * level
        {
            break;
        }
        let next: [f64; 3] = core::array::from_fn(|p| theta[p] + delta[p]);
        if !(next.iter().all(|x| x.is_finite()) && next[2] * lambda > 0.0) {
            break;
        }
        let (s2, _, step2) = pass(&next);
        if !s2.is_finite() {
            break;
        }
        if s2 < best.0 || (s2 <= noise && best.0 <= noise && s2 <= best.0) {
            best = (s2, next);
        }
        (theta, step) = (next, step2);
    }
    let theta = best.1;
    (theta[0] + theta[1], theta[2], theta[0])
}

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
    let origin = problem.origin;
    let mut jtwj = [[0.0; 3]; 3];
    let (mut sse, mut sst, mut wyy, mut n) = (0.0, 0.0, 0.0, 0usize);
    // A block's exponentials in one vectorised pass (within 2 ulp of
    // `f64::exp`, which takes over outside its range), then the sums in
    // order, point by point, so every instruction set adds the same terms
    // in the same order.
    let mut es = [0.0f64; simd::BLOCK];
    for (b, tb) in d.t.chunks(simd::BLOCK).enumerate() {
        let eb = &mut es[..tb.len()];
        simd::dispatch(
            #[inline(always)]
            || {
                for (e, &t) in eb.iter_mut().zip(tb) {
                    *e = simd::exp_core(-lambda * (t - origin));
                }
            },
        );
        for (k, &t) in tb.iter().enumerate() {
            let i = b * simd::BLOCK + k;
            let w = problem.weight(i);
            if w == 0.0 {
                continue;
            }
            n += 1;
            let s = t - origin;
            let x = -lambda * s;
            let e = if simd::exp_in_range(x) {
                eb[k]
            } else {
                x.exp()
            };
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
