//! Tests only: every bulk kernel gives the same bits at every instruction
//! set the CPU has (baseline, AVX2, AVX-512), through the public entry
//! points. It lives at the crate root because it calls curves, fits and
//! forecasts, which `numeric` (where the dispatch is) may not import.

/// Everything a bulk kernel computes, as bits: evaluation (exponential,
/// with a floor, step), the log-linear sums, the NLS passes, the floor
/// fit, weights, the walk's differences.
fn bulk_bits() -> Vec<u64> {
    use crate::{DecayModel, PriceCurve};
    let n = 1_037; // blocks of 256 and a ragged tail
    let t: Vec<f64> = (0..n).map(|i| 2000.0 + i as f64 * 0.0173).collect();
    let wobble = |i: usize| ((i * 7919) % 101) as f64 / 101.0 - 0.5;
    let p: Vec<f64> = t
        .iter()
        .enumerate()
        .map(|(i, &x)| 3.0 + 90.0 * (-0.31 * (x - 2000.0)).exp() * (1.0 + 0.1 * wobble(i)))
        .collect();
    let w: Vec<f64> = (0..n).map(|i| 0.5 + (i % 3) as f64).collect();
    let mut bits = Vec::new();
    let mut push = |xs: &[f64]| bits.extend(xs.iter().map(|x| x.to_bits()));
    for m in [
        DecayModel::exponential(90.0, 0.31).with_origin(2000.0),
        DecayModel::exponential(90.0, 0.31)
            .with_origin(2000.0)
            .with_floor(3.0),
        DecayModel::step_discount(90.0, 0.2, 1.5).with_origin(2000.0),
    ] {
        let mut out = vec![0.0; n];
        m.eval_into(&t, &mut out).unwrap();
        push(&out);
    }
    let opts = crate::fit::FitOptions::new();
    let weighted = crate::fit::FitOptions::new().weights(&w);
    for f in [
        opts.exponential(&t, &p).unwrap(),
        weighted.exponential(&t, &p).unwrap(),
        opts.exponential_nls(&t, &p).unwrap(),
        opts.exponential_with_floor(&t, &p).unwrap(),
    ] {
        for q in f.parameters() {
            push(&[q.value(), q.std_error().unwrap_or(f64::NAN)]);
        }
        push(&[f.sse(), f.r_squared(), f.aicc().unwrap_or(f64::NAN)]);
    }
    let walk = crate::forecast::random_walk(&t, &p).unwrap();
    push(&[walk.drift(), walk.noise(), walk.theta()]);
    bits
}

#[test]
fn every_instruction_set_gives_the_same_bits() {
    use crate::numeric::simd::forced::{Level, at, available};
    let scalar = at(Level::Scalar, bulk_bits);
    let mut compared = 0;
    for level in [Level::V3, Level::V4] {
        if available(level) {
            assert_eq!(
                at(level, bulk_bits),
                scalar,
                "{level:?} against the baseline"
            );
            compared += 1;
        }
    }
    // the dispatch picks one of them, and gives the same bits too
    assert_eq!(bulk_bits(), scalar);
    println!(
        "bulk kernels equal bit for bit at {} instruction set(s) beside the baseline",
        compared
    );
}
