//! The sums of the profiled problem at one `lambda`, and the first pass.

use super::Problem;
use crate::numeric::simd;

/// Raw weighted sums at one `lambda`, with `e = exp(-lambda (s - s_ref))`,
/// `q = s e`, `r = s² e` and `y` shifted by a constant `c`.
///
/// With a floor every sum involving `e` is centred, which makes it blind to
/// a constant shift of `e`; there `e - 1` (from `expm1`) stands in for `e`,
/// so a nearly flat exponential keeps its digits through the centring.
#[derive(Default, Clone, Copy)]
pub(super) struct Sums {
    pub(super) w: f64,
    pub(super) e: f64,
    pub(super) q: f64,
    pub(super) r: f64,
    pub(super) y: f64,
    pub(super) ye: f64,
    pub(super) ee: f64,
    pub(super) yq: f64,
    pub(super) eq: f64,
    pub(super) yr: f64,
    pub(super) qq: f64,
    pub(super) er: f64,
    pub(super) yy: f64,
}

/// The pieces of the profiled problem at one `lambda`.
pub(super) struct Profile {
    /// Centred (or raw) `Σ w y e` and `Σ w e²`.
    pub(super) a: f64,
    pub(super) b: f64,
    /// `g` is proportional to the derivative of the profiled SSE:
    /// `dSSE/dlambda = 2 a g / b²`; `dg` is its derivative.
    pub(super) g: f64,
    pub(super) dg: f64,
    /// `-dA/dlambda` and `-dB/dlambda / 2`, for a first-order update of the
    /// amplitude after the last Newton step.
    pub(super) yq: f64,
    pub(super) eq: f64,
    pub(super) sums: Sums,
}

impl Profile {
    /// Sign of the derivative of the profiled SSE (0 at a stationary point).
    pub(super) fn slope_sign(&self) -> f64 {
        let d = self.a * self.g;
        if d > 0.0 {
            1.0
        } else if d < 0.0 {
            -1.0
        } else {
            0.0
        }
    }
}

/// Weighted sums that do not depend on `lambda`.
#[derive(Clone, Copy, Default)]
pub(super) struct Totals {
    pub(super) w: f64,
    pub(super) y: f64,
    pub(super) yy: f64,
}

pub(super) struct Searcher<'p, 'd> {
    pub(super) problem: &'p Problem<'d>,
    pub(super) totals: Totals,
    /// Shift of the prices (their weighted mean for the floor model).
    pub(super) c: f64,
    pub(super) s_min: f64,
    pub(super) s_max: f64,
}

impl Searcher<'_, '_> {
    pub(super) fn s_ref(&self, lambda: f64) -> f64 {
        // Keep every e in (0, 1]: no overflow for rising fits.
        if lambda >= 0.0 {
            self.s_min
        } else {
            self.s_max
        }
    }

    pub(super) fn sums(&self, lambda: f64) -> Sums {
        if self.problem.floor {
            self.sums_floor(lambda)
        } else {
            self.sums_vectorised(lambda)
        }
    }

    /// The floor model's sums, one observation at a time: they are centred,
    /// so `e - 1` (from `expm1`, which has no vectorised kernel) stands in
    /// for `e` to keep a nearly flat exponential's digits.
    pub(super) fn sums_floor(&self, lambda: f64) -> Sums {
        let d = self.problem.data;
        let s_ref = self.s_ref(lambda);
        let mut z = Sums::default();
        for i in 0..d.len() {
            let w = self.problem.weight(i);
            if w == 0.0 {
                continue;
            }
            let s = d.t[i] - self.problem.origin;
            let y = d.price[i] * self.problem.y_scale - self.c;
            let x = -lambda * (s - s_ref);
            let e_true = x.exp();
            let e = x.exp_m1();
            let q = s * e_true;
            let r = s * q;
            z.w += w;
            z.e += w * e;
            z.q += w * q;
            z.r += w * r;
            z.y += w * y;
            z.ye += w * y * e;
            z.ee += w * e * e;
            z.yq += w * y * q;
            z.eq += w * e * q;
            z.yr += w * y * r;
            z.qq += w * q * q;
            z.er += w * e * r;
        }
        z
    }

    /// The sums without a floor, vectorised (see `crate::simd`): per block,
    /// the exponentials branch-free, then the sums in four lanes.
    pub(super) fn sums_vectorised(&self, lambda: f64) -> Sums {
        let d = self.problem.data;
        let s_ref = self.s_ref(lambda);
        let origin = self.problem.origin;
        let y_scale = self.problem.y_scale;
        let weights = match self.problem.weights {
            Some(w) => Some(w),
            None => d.weights.as_deref(),
        };
        simd::dispatch(
            #[inline(always)]
            || {
                let (mut ye, mut ee, mut yq) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
                let (mut eq, mut yr, mut qq) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
                let mut ss = [0.0; simd::BLOCK];
                let mut es = [0.0; simd::BLOCK];
                let mut ws = [1.0; simd::BLOCK];
                for (b, (tb, pb)) in
                    d.t.chunks(simd::BLOCK)
                        .zip(d.price.chunks(simd::BLOCK))
                        .enumerate()
                {
                    let len = tb.len();
                    let (ss, es, ws) = (&mut ss[..len], &mut es[..len], &mut ws[..len]);
                    let mut ok = true;
                    for ((s, e), &t) in ss.iter_mut().zip(es.iter_mut()).zip(tb) {
                        *s = t - origin;
                        // x <= 0 for every point in use (s_ref is the
                        // end of their range the curve is highest at); a
                        // zero-weight point outside that range would make
                        // e overflow, and 0 · inf NaN: it is capped at 1.
                        let x = (-lambda * (*s - s_ref)).min(0.0);
                        ok &= simd::exp_in_range(x);
                        *e = simd::exp_core(x);
                    }
                    if !ok {
                        for (s, e) in ss.iter().zip(es.iter_mut()) {
                            let x = (-lambda * (*s - s_ref)).min(0.0);
                            if !simd::exp_in_range(x) {
                                *e = x.exp();
                            }
                        }
                    }
                    simd::block_weights(ws, weights, b);
                    let lanes = ws
                        .chunks_exact(4)
                        .zip(ss.chunks_exact(4))
                        .zip(es.chunks_exact(4))
                        .zip(pb.chunks_exact(4));
                    for (((w4, s4), e4), y4) in lanes {
                        for l in 0..4 {
                            let (w, sv, y) = (w4[l], s4[l], y4[l] * y_scale);
                            let e = e4[l];
                            let q = sv * e;
                            let r = sv * q;
                            let (we, wy) = (w * e, w * y);
                            ye[l] += wy * e;
                            ee[l] += we * e;
                            yq[l] += wy * q;
                            eq[l] += we * q;
                            yr[l] += wy * r;
                            qq[l] += w * q * q;
                        }
                    }
                    for i in len - len % 4..len {
                        let (w, sv, y) = (ws[i], ss[i], pb[i] * y_scale);
                        let e = es[i];
                        let q = sv * e;
                        let r = sv * q;
                        let (we, wy) = (w * e, w * y);
                        ye[0] += wy * e;
                        ee[0] += we * e;
                        yq[0] += wy * q;
                        eq[0] += we * q;
                        yr[0] += wy * r;
                        qq[0] += w * q * q;
                    }
                }
                let sum = |a: [f64; 4]| a[0] + a[1] + a[2] + a[3];
                // Without a floor nothing is centred, and Σw and Σwy do
                // not depend on lambda: they come from the first pass.
                Sums {
                    w: self.totals.w,
                    e: 0.0,
                    q: 0.0,
                    r: 0.0,
                    y: self.totals.y,
                    ye: sum(ye),
                    ee: sum(ee),
                    yq: sum(yq),
                    eq: sum(eq),
                    yr: sum(yr),
                    qq: sum(qq),
                    er: sum(qq),
                    yy: self.totals.yy,
                }
            },
        )
    }

    pub(super) fn profile(&self, lambda: f64) -> Profile {
        let z = self.sums(lambda);
        // Centring against the floor's constant column, or none.
        let centre = |u: f64, v: f64| if self.problem.floor { u * v / z.w } else { 0.0 };
        let a = z.ye - centre(z.y, z.e);
        let b = z.ee - centre(z.e, z.e);
        let yq = z.yq - centre(z.y, z.q);
        let eq = z.eq - centre(z.e, z.q);
        let yr = z.yr - centre(z.y, z.r);
        let qq = z.qq - centre(z.q, z.q);
        let er = z.er - centre(z.e, z.r);
        Profile {
            a,
            b,
            g: yq * b - a * eq,
            dg: -yr * b - yq * eq + a * (qq + er),
            yq,
            eq,
            sums: z,
        }
    }

    /// The amplitude at `s = 0` and the floor at `lambda`.
    pub(super) fn coefficients(&self, lambda: f64, p: &Profile) -> (f64, f64) {
        let amp_ref = p.a / p.b;
        let floor = if self.problem.floor {
            // the sums hold e - 1 here: Σ w e = Σ w (e - 1) + W
            self.c + (p.sums.y - amp_ref * (p.sums.e + p.sums.w)) / p.sums.w
        } else {
            0.0
        };
        (amp_ref * (lambda * self.s_ref(lambda)).exp(), floor)
    }
}

/// What the search needs to know of the data before it starts.
pub(super) struct FirstPass {
    pub(super) s_min: f64,
    pub(super) s_max: f64,
    pub(super) w: f64,
    pub(super) y: f64,
    pub(super) yy: f64,
    pub(super) n: usize,
    pub(super) sum_ln_w: f64,
}

/// Range of times and the `lambda`-free sums, in one vectorised pass.
pub(super) fn first_pass(problem: &Problem<'_>) -> FirstPass {
    let d = problem.data;
    let weights = match problem.weights {
        Some(w) => Some(w),
        None => d.weights.as_deref(),
    };
    let origin = problem.origin;
    let y_scale = problem.y_scale;
    let (mut out, range) = simd::dispatch(
        #[inline(always)]
        || {
            let mut acc = [[0.0f64; 4]; 4];
            let mut range = simd::Range::new();
            let mut ws = [1.0; simd::BLOCK];
            for (b, (tb, pb)) in
                d.t.chunks(simd::BLOCK)
                    .zip(d.price.chunks(simd::BLOCK))
                    .enumerate()
            {
                let len = tb.len();
                let ws = &mut ws[..len];
                simd::block_weights(ws, weights, b);
                let mut lanes = ws
                    .chunks_exact(4)
                    .zip(pb.chunks_exact(4))
                    .zip(tb.chunks_exact(4));
                for ((w4, y4), t4) in &mut lanes {
                    let (mut a, mut z) = ([0.0; 4], [0.0; 4]);
                    for l in 0..4 {
                        let (w, y) = (w4[l], y4[l] * y_scale);
                        let s = t4[l] - origin;
                        let used = if w > 0.0 { 1.0 } else { 0.0 };
                        acc[0][l] += w;
                        acc[1][l] += w * y;
                        acc[2][l] += w * y * y;
                        acc[3][l] += used;
                        // the time range of the points in use only
                        a[l] = if w > 0.0 { s } else { f64::INFINITY };
                        z[l] = if w > 0.0 { s } else { f64::NEG_INFINITY };
                    }
                    range.add4_pair(a, z);
                }
                for i in len - len % 4..len {
                    let (w, y, s) = (ws[i], pb[i] * y_scale, tb[i] - origin);
                    if w > 0.0 {
                        acc[0][0] += w;
                        acc[1][0] += w * y;
                        acc[2][0] += w * y * y;
                        acc[3][0] += 1.0;
                        range.add(s);
                    }
                }
            }
            let sum = |k: usize| acc[k][0] + acc[k][1] + acc[k][2] + acc[k][3];
            let out = FirstPass {
                s_min: 0.0,
                s_max: 0.0,
                w: sum(0),
                y: sum(1),
                yy: sum(2),
                n: sum(3) as usize,
                sum_ln_w: 0.0,
            };
            (out, range)
        },
    );
    (out.s_min, out.s_max) = range.bounds();
    if let Some(w) = weights {
        out.sum_ln_w = w
            .iter()
            .filter(|&&w| w > 0.0 && w != 1.0)
            .map(|w| w.ln())
            .sum();
    }
    out
}
