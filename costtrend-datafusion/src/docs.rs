//! Each function's entry in DataFusion's documentation format (shown by
//! `SHOW FUNCTIONS` and in generated docs).

use datafusion::logical_expr::{DocSection, Documentation};

use crate::columns::Kind;

const SECTION: DocSection = DocSection {
    include: true,
    label: "Price trend functions (costtrend)",
    description: Some(
        "Per-group price-trend fits from the costtrend crate: estimates with standard errors and intervals, rate conventions, and queries on the fitted curve.",
    ),
};

pub(crate) fn fit(kind: Kind) -> Documentation {
    let (what, fields, example) = match kind {
        Kind::Decay => (
            "Fits an exponential decline price = p0 · exp(-lambda · (t - origin)) to each group by least squares of ln(price) (multiplicative, log-normal noise), as costtrend::fit::exponential. Returns a struct: n, origin (the earliest time), p0, lambda with its standard error and interval (lambda_se, lambda_lower, lambda_upper), percent_per_year with its interval (percent_lower, percent_upper), half_life (NULL if the price does not fall), r_squared, error (NULL, or why the group could not be fitted), and state (the sufficient statistics the scalar functions use). NULL inputs are skipped; a non-finite time, price or weight, a price of 0 or less, or a negative weight refuses its group, with the reason in error.",
            "n, origin, p0, lambda, lambda_se, lambda_lower, lambda_upper, percent_per_year, percent_lower, percent_upper, half_life, r_squared, error, state",
            "SELECT sku, decay_fit(t, price)['percent_per_year'] AS pct FROM prices GROUP BY sku",
        ),
        Kind::Linear => (
            "Fits a straight line price = p0 - slope · (t - origin) to each group by ordinary least squares of the price (additive Gaussian noise), as costtrend::fit::linear. Returns a struct: n, origin, p0, slope with its standard error and interval (slope_se, slope_lower, slope_upper), r_squared, error, state. NULL inputs are skipped; a non-finite value, a negative price or a negative weight refuses its group, with the reason in error.",
            "n, origin, p0, slope, slope_se, slope_lower, slope_upper, r_squared, error, state",
            "SELECT sku, linear_fit(t, price)['slope'] FROM prices GROUP BY sku",
        ),
    };
    let name = kind.name();
    Documentation::builder(SECTION, what, format!("{name}(t, price [, weight [, level]])"))
        .with_argument("t", "Time of each observation in decimal years (any numeric type).")
        .with_argument("price", "Observed price.")
        .with_argument(
            "weight",
            "Optional relative inverse-variance weight (rescaled to mean 1 per group); pass 1.0 to give a level without weights.",
        )
        .with_argument(
            "level",
            "Optional constant confidence level of the intervals, in (0, 1); default 0.95.",
        )
        .with_sql_example(format!("```sql\n{example}\n```\nFields: {fields}."))
        .with_related_udf("decay_at")
        .with_related_udf("decay_time_to")
        .with_related_udf("decay_predict_interval")
        .build()
}

pub(crate) fn at() -> Documentation {
    Documentation::builder(
        SECTION,
        "The fitted price at time t for a struct from decay_fit or linear_fit (the median price for decay_fit); NULL for a group that could not be fitted.",
        "decay_at(fit, t)",
    )
    .with_argument("fit", "The struct returned by decay_fit or linear_fit.")
    .with_argument("t", "Time in decimal years.")
    .with_sql_example(
        "```sql\nSELECT sku, decay_at(decay_fit(t, price), 2026.0) FROM prices GROUP BY sku\n```",
    )
    .build()
}

pub(crate) fn time_to() -> Documentation {
    Documentation::builder(
        SECTION,
        "The first time at or after the fit's origin when the fitted price is at or below price; NULL when it never gets there (a flat or rising fit) or the group could not be fitted.",
        "decay_time_to(fit, price)",
    )
    .with_argument("fit", "The struct returned by decay_fit or linear_fit.")
    .with_argument("price", "The target price.")
    .with_sql_example(
        "```sql\nSELECT sku, decay_time_to(decay_fit(t, price), 1.0) FROM prices GROUP BY sku\n```",
    )
    .build()
}

pub(crate) fn predict_interval() -> Documentation {
    Documentation::builder(
        SECTION,
        "The prediction interval of a new observation at time t, at the given level, as a struct (estimate, lower, upper), from the fit's statistics: costtrend's Fit::predict_observation (t-based, on the log scale for decay_fit). NULL for a group that could not be fitted. This is the trend fit's interval, which assumes independent noise around a fixed curve: on real cost histories its nominal 95 % interval covers about half of what happened a few years out. For forecasts use decay_forecast, costtrend's random walk (forecast::random_walk), whose intervals are calibrated on real cost histories.",
        "decay_predict_interval(fit, t, level)",
    )
    .with_argument("fit", "The struct returned by decay_fit or linear_fit.")
    .with_argument("t", "Time in decimal years.")
    .with_argument("level", "Confidence level in (0, 1).")
    .with_sql_example(
        "```sql\nSELECT sku, decay_predict_interval(decay_fit(t, price), 2026.0, 0.9)['upper'] FROM prices GROUP BY sku\n```",
    )
    .build()
}

pub(crate) fn forecast() -> Documentation {
    Documentation::builder(
        SECTION,
        "Forecasts each group's price at time at with costtrend's random walk with drift on ln(price) (costtrend::forecast::random_walk, with its default prior, Prior::technology()): the forecast whose intervals hold up on real cost histories, where the trend fit's (decay_predict_interval) cover about half. Returns a struct: median, lower and upper (the interval at the level), mean (the price's mean capped at its 99.9 % quantile, what a bill needs), drift (of ln price per unit time), n (the group's points) and error (NULL, or why the group could not be forecast). NULL inputs are skipped; a non-finite time or price, or a price of 0 or less, refuses its group with the reason in error, as for decay_fit; so do fewer than 3 points, a repeated time, and a time to forecast before the group's first point.",
        "decay_forecast(t, price, at [, level])",
    )
    .with_argument("t", "Time of each observation in decimal years (any numeric type).")
    .with_argument("price", "Observed price, greater than 0.")
    .with_argument("at", "Constant time to forecast, in decimal years.")
    .with_argument(
        "level",
        "Optional constant level of the interval, in (0, 1); default 0.95.",
    )
    .with_sql_example(
        "```sql\nSELECT sku, decay_forecast(t, price, 2027.0, 0.8)['upper'] FROM prices GROUP BY sku\n```\nFields: median, lower, upper, mean, drift, n, error.",
    )
    .with_related_udf("decay_fit")
    .with_related_udf("decay_predict_interval")
    .build()
}
