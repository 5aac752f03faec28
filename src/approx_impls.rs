//! `approx` comparisons: two models are close when they are the same
//! variant and every parameter is close.

use approx::{AbsDiffEq, RelativeEq};

use crate::{DecayModel, Rate};

/// The parameters of a model in a fixed order, with its variant's tag.
fn params(model: &DecayModel) -> (u8, [f64; 5]) {
    match model {
        DecayModel::Exponential(m) => (0, [m.p0(), m.lambda(), m.origin(), m.floor(), 0.0]),
        DecayModel::Linear(m) => (1, [m.p0(), m.slope(), m.origin(), m.floor(), 0.0]),
        DecayModel::StepDiscount(m) => {
            (2, [m.p0(), m.discount(), m.period(), m.origin(), m.floor()])
        }
    }
}

/// Models of different variants are never equal; same-variant models are
/// equal when every parameter is within `epsilon`.
impl AbsDiffEq for DecayModel {
    type Epsilon = f64;

    fn default_epsilon() -> f64 {
        f64::EPSILON
    }

    fn abs_diff_eq(&self, other: &Self, epsilon: f64) -> bool {
        let (ka, a) = params(self);
        let (kb, b) = params(other);
        ka == kb && a.iter().zip(&b).all(|(x, y)| x.abs_diff_eq(y, epsilon))
    }
}

/// Same variant and every parameter relatively close.
impl RelativeEq for DecayModel {
    fn default_max_relative() -> f64 {
        f64::EPSILON
    }

    fn relative_eq(&self, other: &Self, epsilon: f64, max_relative: f64) -> bool {
        let (ka, a) = params(self);
        let (kb, b) = params(other);
        ka == kb
            && a.iter()
                .zip(&b)
                .all(|(x, y)| x.relative_eq(y, epsilon, max_relative))
    }
}

/// Rates are compared by their continuous `lambda`.
impl AbsDiffEq for Rate {
    type Epsilon = f64;

    fn default_epsilon() -> f64 {
        f64::EPSILON
    }

    fn abs_diff_eq(&self, other: &Self, epsilon: f64) -> bool {
        self.lambda().abs_diff_eq(&other.lambda(), epsilon)
    }
}

/// Rates are compared by their continuous `lambda`.
impl RelativeEq for Rate {
    fn default_max_relative() -> f64 {
        f64::EPSILON
    }

    fn relative_eq(&self, other: &Self, epsilon: f64, max_relative: f64) -> bool {
        self.lambda()
            .relative_eq(&other.lambda(), epsilon, max_relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::{assert_relative_eq, assert_relative_ne};

    #[test]
    fn close_models_of_same_variant_are_relatively_equal() {
        let a = DecayModel::exponential(100.0, 0.3);
        let b = DecayModel::exponential(100.0 * (1.0 + 1e-12), 0.3);
        assert_relative_eq!(a, b, max_relative = 1e-10);
        assert_relative_ne!(a, b, max_relative = 1e-14);
    }

    #[test]
    fn different_variants_are_never_equal() {
        let a = DecayModel::exponential(100.0, 0.0);
        let b = DecayModel::linear(100.0, 0.0);
        assert!(!a.abs_diff_eq(&b, 1.0));
    }

    #[test]
    fn rates_compare_by_lambda() {
        let a = Rate::from_fold_per(10.0, 1.0);
        let b = Rate::continuous(10f64.ln());
        assert_relative_eq!(a, b);
    }

    #[test]
    fn default_tolerances_are_one_machine_epsilon() {
        use approx::{abs_diff_eq, abs_diff_ne, relative_eq, relative_ne};
        // Absolute: lambdas 1e-300 apart are within f64::EPSILON.
        let (tiny_a, tiny_b) = (Rate::continuous(1e-300), Rate::continuous(2e-300));
        assert!(abs_diff_eq!(tiny_a, tiny_b));
        assert!(abs_diff_ne!(Rate::continuous(0.1), Rate::continuous(0.2)));
        let (ma, mb) = (
            DecayModel::exponential(1.0, 1e-300),
            DecayModel::exponential(1.0, 2e-300),
        );
        assert!(abs_diff_eq!(ma, mb));
        // Relative: 4 and its neighbour differ by 8.9e-16 > f64::EPSILON
        // absolutely but by one epsilon relatively.
        let four = 4.0_f64;
        let next = f64::from_bits(four.to_bits() + 1);
        assert!(relative_eq!(Rate::continuous(four), Rate::continuous(next)));
        assert!(relative_ne!(Rate::continuous(four), Rate::continuous(4.5)));
        assert!(relative_eq!(
            DecayModel::exponential(four, 0.5),
            DecayModel::exponential(next, 0.5)
        ));
        assert!(relative_ne!(
            DecayModel::exponential(four, 0.5),
            DecayModel::exponential(4.5, 0.5)
        ));
        assert!(abs_diff_ne!(Rate::continuous(four), Rate::continuous(next)));
    }
}
