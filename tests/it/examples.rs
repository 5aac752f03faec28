//! The quickstart example's logic on the bundled data (the `costtrend`
//! command's tests are in `costtrend-cli/tests`).

use std::path::{Path, PathBuf};

#[path = "../../examples/quickstart/report.rs"]
#[allow(dead_code)]
mod report;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn quickstart_reports_every_bundled_series_with_finite_numbers() {
    let rows = report::analyse_all(&root().join("examples/data")).unwrap();
    assert_eq!(rows.len(), report::SERIES.len());
    for r in &rows {
        let numbers = [
            r.r_squared,
            r.percent_per_year.0,
            r.percent_per_year.1,
            r.percent_per_year.2,
            r.fold_per_year.0,
            r.half_life.0,
            r.forecast_1.0,
            r.forecast_1.1,
            r.forecast_1.2,
            r.forecast_3.0,
            r.reached.0,
        ];
        assert!(
            numbers.iter().all(|x| x.is_finite()),
            "{}: {numbers:?}",
            r.label
        );
        assert!(r.forecast_1.1 <= r.forecast_1.0 && r.forecast_1.0 <= r.forecast_1.2);
        assert!(r.percent_per_year.0 > 0.0, "{} should be falling", r.label);
    }
    let full = report::render(&rows);
    // the warning line names the series too wide to act on; the tables
    // name every series once each
    let warning = full
        .lines()
        .find(|l| l.contains("too wide to act on"))
        .unwrap();
    assert!(warning.contains("GPT-4 level (GPQA)"), "{warning}");
    let text: String = full
        .lines()
        .filter(|l| !l.contains("too wide to act on"))
        .collect::<Vec<_>>()
        .join("\n");
    for s in &report::SERIES {
        assert_eq!(
            text.matches(s.label).count(),
            3,
            "{} once per table",
            s.label
        );
    }
    assert!(report::conventions().contains("367879.44"));
    assert!(report::conventions().contains("327680.00"));
}

#[test]
fn quickstart_shows_wright_and_the_llm_bill() {
    let text = report::learning_and_spend(&root().join("examples/data")).unwrap();
    assert!(text.contains("learning rate per doubling 20.2 %"), "{text}");
    assert!(text.contains("spend falls throughout"), "{text}");
    assert!(text.contains("(Jevons): no"), "{text}");
}

#[test]
fn quickstart_reproduces_epoch_gpqa_factor() {
    let rows = report::analyse_all(&root().join("examples/data")).unwrap();
    let gpqa = rows.iter().find(|r| r.label.contains("GPQA")).unwrap();
    assert!((gpqa.fold_per_year.0 / 42.02 - 1.0).abs() < 0.02);
}

#[test]
fn checked_in_readme_plot_exists() {
    let svg = root().join("docs/solar_pv_fit.svg");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(roxmltree::Document::parse(&text).is_ok());
    assert!(Path::new(&root().join("README.md")).exists());
}

#[test]
fn quickstart_shows_hindcast_coverage_and_the_uncertain_bill() {
    let data = root().join("examples/data");
    let rows = report::hindcasts(&data).unwrap();
    let (label, n, trend, walk, data_only) = rows.last().unwrap();
    assert_eq!(label, "pooled");
    let per_series: usize = rows[..rows.len() - 1].iter().map(|r| r.1).sum();
    assert_eq!(*n, per_series);
    assert!(*walk > trend + 0.2, "{walk} vs {trend}");
    assert!(*data_only > trend + 0.3, "{data_only} vs {trend}");
    assert!(report::render_hindcasts(&rows).contains("random walk"));
    let text = report::learning_and_spend(&data).unwrap();
    assert!(
        text.contains("expected bill") && text.contains("90 % interval"),
        "{text}"
    );
    assert!(text.contains("A budget needs the expected bill"), "{text}");
}

#[test]
fn quickstart_shows_the_genome_collapse_and_the_llm_cuts() {
    let data = root().join("examples/data");
    let text = report::breaks(&data).unwrap();
    // without a cap: the noise read from the data (a random walk), the
    // collapse from late 2007 and the slowdown after 2010
    assert!(
        text.contains("Genome sequencing: 2 kinks, random walk noise"),
        "{text}"
    );
    assert!(text.contains("kinks at 2007.61"), "{text}");
    assert!(text.contains("would report 5 kinks"), "{text}");
    assert!(text.contains("5 cuts found"), "{text}");
    assert!(
        text.contains("2024-05-13 (after 2024-04-09): 10.00 -> 5.000"),
        "{text}"
    );
}

#[test]
fn the_examples_read_iso_dates_as_the_crate_does() {
    use costtrend::time::DecimalYear;
    let csv = std::fs::read_to_string(
        root().join("examples/data/llm_openai_flagship_input_usd_per_mtok.csv"),
    )
    .unwrap();
    for line in csv.lines().skip(1) {
        let d = line.split(',').next().unwrap();
        let ours = report::fmt::parse_date(d).unwrap();
        let jiff: jiff::civil::Date = d.parse().unwrap();
        assert_eq!(ours, jiff.to_year().unwrap(), "{d}");
        assert_eq!(report::fmt::date(ours), d);
    }
    assert_eq!(report::fmt::date(2024.0 + 365.6 / 366.0), "2025-01-01");
    assert_eq!(report::fmt::parse_date("2024-13-01"), None);
}

#[test]
fn quickstart_llm_forecast_with_a_learned_prior_is_narrower_and_reports_its_calibration() {
    let text = report::llm_prior(&root().join("examples/data")).unwrap();
    let ratios: Vec<f64> = text
        .lines()
        .filter_map(|l| l.split("upper / lower ").nth(1))
        .map(|r| r.trim_end_matches(')').parse().unwrap())
        .collect();
    assert_eq!(ratios.len(), 3, "{text}");
    // without a prior the 95 % interval spans fourteen orders of magnitude;
    // the default prior narrows it by eight, the LLM prior to below 10^5
    assert!(ratios[1] < 1e-6 * ratios[0], "{ratios:?}");
    assert!(ratios[2] < ratios[1] && ratios[2] < 1e5, "{ratios:?}");
    assert!(text.contains("prior from 20 series"), "{text}");
    let cov: Vec<f64> = text
        .lines()
        .filter(|l| l.contains("% interval"))
        .flat_map(|l| {
            l.split(", ")
                .map(|p| p.rsplit(' ').next().unwrap().parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(cov.len(), 2, "{text}");
    assert!(
        (0.7..=1.0).contains(&cov[0]) && (0.85..=1.0).contains(&cov[1]),
        "{cov:?}"
    );
}
