//! Small dense linear algebra: the 2- and 3-parameter fits' inverses, and
//! Cholesky for the break fits' normal equations (any size).
#![allow(clippy::needless_range_loop)] // index loops read best for matrices

/// Whether `J'WJ` (3 × 3) is far enough from singular for the floor to be
/// determined: the determinant of its correlation form above 1e-14.
pub(crate) fn well_conditioned(m: &[[f64; 3]; 3]) -> bool {
    // A zero, negative, infinite or NaN diagonal makes its r(i, i) NaN
    // (0/0, sqrt of a negative, inf/inf), so the determinant is NaN and the
    // comparison below is false: no separate guard is needed.
    let d = [m[0][0].sqrt(), m[1][1].sqrt(), m[2][2].sqrt()];
    let r = |i: usize, j: usize| m[i][j] / (d[i] * d[j]);
    let det = r(0, 0) * (r(1, 1) * r(2, 2) - r(1, 2) * r(2, 1))
        - r(0, 1) * (r(1, 0) * r(2, 2) - r(1, 2) * r(2, 0))
        + r(0, 2) * (r(1, 0) * r(2, 1) - r(1, 1) * r(2, 0));
    det > 1e-14
}

/// The inverse of the leading `k × k` block (k = 2 or 3) of a symmetric
/// matrix, by cofactors after scaling to unit diagonal; `None` if singular.
pub(crate) fn invert(m: &[[f64; 3]; 3], k: usize) -> Option<[[f64; 3]; 3]> {
    // A zero, negative, infinite or NaN diagonal makes its r(i, i) NaN, so
    // the determinant is NaN and the inverse None (as in
    // `well_conditioned`).
    let mut d = [1.0; 3];
    for i in 0..k {
        d[i] = m[i][i].sqrt();
    }
    let r = |i: usize, j: usize| m[i][j] / (d[i] * d[j]);
    let mut out = [[0.0; 3]; 3];
    if k == 2 {
        let det = r(0, 0) * r(1, 1) - r(0, 1) * r(1, 0);
        if det.is_nan() || det <= 1e-300 {
            return None;
        }
        out[0][0] = r(1, 1) / det;
        out[1][1] = r(0, 0) / det;
        out[0][1] = -r(0, 1) / det;
        out[1][0] = out[0][1];
    } else {
        let c = |i: usize, j: usize| {
            let (i1, i2) = ((i + 1) % 3, (i + 2) % 3);
            let (j1, j2) = ((j + 1) % 3, (j + 2) % 3);
            r(i1, j1) * r(i2, j2) - r(i1, j2) * r(i2, j1)
        };
        let det = r(0, 0) * c(0, 0) + r(0, 1) * c(0, 1) + r(0, 2) * c(0, 2);
        if det.is_nan() || det <= 1e-300 {
            return None;
        }
        for i in 0..3 {
            for j in 0..3 {
                out[i][j] = c(j, i) / det;
            }
        }
    }
    for i in 0..k {
        for j in 0..k {
            out[i][j] /= d[i] * d[j];
        }
    }
    Some(out)
}

/// Scales `G` (row-major `p × p`) to unit diagonal (`d` its square-root
/// diagonal) and `r` with it, factors `G = L L'` in place (lower triangle)
/// and solves `L z = r` into `r`; `None` if `G` is singular to rounding.
pub(crate) fn factor_forward(g: &mut [f64], r: &mut [f64], d: &mut [f64], p: usize) -> Option<()> {
    for i in 0..p {
        d[i] = g[i * p + i].sqrt();
        if !(d[i] > 0.0 && d[i].is_finite()) {
            return None;
        }
    }
    for i in 0..p {
        for j in 0..p {
            g[i * p + j] /= d[i] * d[j];
        }
        r[i] /= d[i];
    }
    for j in 0..p {
        let mut diag = g[j * p + j];
        for k in 0..j {
            diag -= g[j * p + k] * g[j * p + k];
        }
        if diag.is_nan() || diag <= 1e-13 {
            return None;
        }
        let l = diag.sqrt();
        g[j * p + j] = l;
        for i in j + 1..p {
            let mut v = g[i * p + j];
            for k in 0..j {
                v -= g[i * p + k] * g[j * p + k];
            }
            g[i * p + j] = v / l;
        }
    }
    for i in 0..p {
        for k in 0..i {
            r[i] -= g[i * p + k] * r[k];
        }
        r[i] /= g[i * p + i];
    }
    Some(())
}

/// Solves `G β = r` for a symmetric positive definite `G` (row-major
/// `p × p`; `G` and `r` are overwritten) by Cholesky on its unit-diagonal
/// scaling; `None` if it is singular to rounding.
pub(crate) fn solve_spd(g: &mut [f64], r: &mut [f64], p: usize) -> Option<Vec<f64>> {
    let mut d = vec![0.0; p];
    factor_forward(g, r, &mut d, p)?;
    // L' β = z
    for i in (0..p).rev() {
        for k in i + 1..p {
            r[i] -= g[k * p + i] * r[k];
        }
        r[i] /= g[i * p + i];
    }
    Some(r.iter().zip(&d).map(|(v, s)| v / s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_times_matrix_is_identity() {
        let m = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]];
        for k in [2, 3] {
            let inv = invert(&m, k).unwrap();
            for i in 0..k {
                for j in 0..k {
                    let v: f64 = (0..k).map(|l| m[i][l] * inv[l][j]).sum();
                    let expected = if i == j { 1.0 } else { 0.0 };
                    assert!((v - expected).abs() < 1e-14, "{k}: ({i},{j}) = {v}");
                }
            }
        }
    }

    #[test]
    fn singular_matrix_has_no_inverse_and_is_ill_conditioned() {
        let m = [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]];
        assert!(invert(&m, 2).is_none());
        assert!(!well_conditioned(&m));
        let good = [[1.0, 0.1, 0.0], [0.1, 1.0, 0.0], [0.0, 0.0, 1.0]];
        assert!(well_conditioned(&good));
        // Singular through the first row although the lower block is not.
        let m = [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        assert!(!well_conditioned(&m));
        // A zero, negative, infinite or NaN diagonal is never well conditioned.
        for bad in [0.0, -1.0, f64::INFINITY, f64::NAN] {
            for i in 0..3 {
                let mut m = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
                m[i][i] = bad;
                assert!(!well_conditioned(&m), "{bad} at {i}");
                assert!(invert(&m, 3).is_none(), "{bad} at {i}");
                if i < 2 {
                    assert!(invert(&m, 2).is_none(), "{bad} at {i}");
                } else {
                    // the leading 2 x 2 block does not see m[2][2]
                    assert!(invert(&m, 2).is_some());
                }
            }
        }
    }
}
