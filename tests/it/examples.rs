//! The examples' logic on the bundled data, and the `fit_csv` binary's
//! behaviour on bad files.

// Both examples include the shared formatting module: a copy each is fine.
#![allow(clippy::duplicate_mod)]

use std::path::{Path, PathBuf};

use costtrend::DecayModel;

#[path = "../../examples/quickstart/report.rs"]
#[allow(dead_code)]
mod report;

#[path = "../../examples/fit_csv/tool.rs"]
#[allow(dead_code)]
mod tool;

#[path = "../../examples/llm_frontier.rs"]
#[allow(dead_code)]
mod llm_frontier;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A scratch directory under `target/` (cargo's per-package temporary
/// directory), so test runs leave nothing behind in the system's `/tmp`.
fn scratch_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("examples-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    // Each name is used by one test with fixed contents, so a run that
    // overwrites an earlier run's file writes the same bytes.
    let path = scratch_dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path
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
fn fit_csv_json_model_deserialises_into_a_decay_model() {
    let file = root().join("examples/data/genome_sequencing_usd_per_genome.csv");
    let a = tool::parse_args(&args(&[
        file.to_str().unwrap(),
        "--json",
        "--target",
        "100",
    ]))
    .unwrap();
    let out = tool::run(&a).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let model: DecayModel = serde_json::from_value(v["model"].clone()).unwrap();
    assert_eq!(model.kind(), costtrend::ModelKind::Exponential);
    let fit: costtrend::fit::Fit = serde_json::from_value(v["fit"].clone()).unwrap();
    assert_eq!(fit.n(), 78);
    assert_eq!(fit.model(), model);
    assert!(v["comparison"]["candidates"].as_array().unwrap().len() >= 4);
    // the forecast is the random walk's, and its JSON is the walk's
    assert_eq!(v["forecast"]["method"], "random_walk");
    let point = &v["forecast"]["points"][0];
    let (t, median) = (
        point["t"].as_f64().unwrap(),
        point["median"].as_f64().unwrap(),
    );
    let (tt, pp) = report_data(&file);
    let walk = costtrend::forecast::random_walk(&tt, &pp).unwrap();
    use costtrend::forecast::Forecast;
    // default-feature serde_json reads a float back to within an ulp or two
    let close = |a: f64, b: f64| (a - b).abs() <= 4.0 * f64::EPSILON * b.abs();
    assert!(close(median, walk.median_at(t)), "{median}");
    let lo = point["interval_95"]["lower"].as_f64().unwrap();
    assert!(
        close(lo, walk.interval_at(t, 0.95).unwrap().lower()),
        "{lo}"
    );
    // the default walk uses every difference
    assert_eq!(
        v["forecast"]["walk"]["differences"].as_u64(),
        Some(tt.len() as u64 - 1)
    );
    // the table loads back as a ForecastTable with the same rows
    let table: costtrend::forecast::ForecastTable =
        serde_json::from_value(v["forecast"]["table"].clone()).unwrap();
    assert_eq!(table.levels(), [0.8, 0.95]);
    assert_eq!(table.rows()[0].t, t);
    assert!(close(table.rows()[0].median, median));
    assert!(close(table.rows()[0].intervals[1].lower(), lo));
    // the saved walk loads back and forecasts the same
    let back: costtrend::forecast::RandomWalk =
        serde_json::from_value(v["forecast"]["walk"].clone()).unwrap();
    let (a, b) = (back.median_at(t + 3.0), walk.median_at(t + 3.0));
    assert!((a - b).abs() <= 1e-12 * b, "{a} vs {b}");
    assert!(v["target"]["time"]["value"].as_f64().unwrap().is_finite());
    // and --forecast trend gives the trend's bands
    let a = tool::parse_args(&args(&[
        file.to_str().unwrap(),
        "--json",
        "--forecast",
        "trend",
    ]))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&tool::run(&a).unwrap()).unwrap();
    assert_eq!(v["forecast"]["method"], "trend");
    let predicted = v["forecast"]["points"][0]["estimate"]["value"]
        .as_f64()
        .unwrap();
    let t = v["forecast"]["points"][0]["t"].as_f64().unwrap();
    assert!((model.at(t) / predicted - 1.0).abs() < 1e-12);
}

fn report_data(path: &Path) -> (Vec<f64>, Vec<f64>) {
    report::load(path).unwrap()
}

#[test]
fn fit_csv_backtest_prints_both_methods_and_rejects_unknown_forecasts() {
    let file = root().join("examples/data/hdd_usd_per_mb_mccallum.csv");
    let a = tool::parse_args(&args(&[file.to_str().unwrap(), "--backtest"])).unwrap();
    let out = tool::run(&a).unwrap();
    assert!(
        out.contains("backtest of random_walk: 1 series, 510 hindcasts"),
        "{out}"
    );
    assert!(out.contains("for comparison, trend: coverage"), "{out}");
    let bad = tool::parse_args(&args(&[file.to_str().unwrap(), "--forecast", "magic"]));
    assert!(bad.unwrap_err().contains("random-walk or trend"));
    // a file the random walk cannot take (repeated times) falls back to the trend
    let dup = temp_file(
        "dup.csv",
        "t,price\n2020,5\n2020,4.8\n2021,4\n2022,3.1\n2023,2.5\n",
    );
    let a = tool::parse_args(&args(&[dup.to_str().unwrap()])).unwrap();
    let out = tool::run(&a).unwrap();
    assert!(out.contains("random walk not fitted"), "{out}");
}

#[test]
fn fit_csv_plot_is_xml_with_one_marker_per_data_point() {
    let file = root().join("examples/data/llm_epoch_mmlu_gpt3_level_usd_per_mtok.csv");
    let svg = scratch_dir().join("plot.svg");
    let a = tool::parse_args(&args(&[
        file.to_str().unwrap(),
        "--plot",
        svg.to_str().unwrap(),
    ]))
    .unwrap();
    tool::run(&a).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(circles, 9);
    assert!(text.contains("price (log scale)") && text.contains("(best)"));
    std::fs::remove_file(svg).ok();
    // kinks say which noise the fit read from the data
    let genome = root().join("examples/data/genome_sequencing_usd_per_genome.csv");
    let a = tool::parse_args(&args(&[genome.to_str().unwrap(), "--breaks"])).unwrap();
    let out = tool::run(&a).unwrap();
    assert!(out.contains("breaks: 2 kinks"), "{out}");
    assert!(out.contains("; random walk noise; no-break test"), "{out}");
}

#[test]
fn iso_dates_and_decimal_years_are_both_times() {
    assert_eq!(tool::parse_time("2024.5"), Some(2024.5));
    assert_eq!(tool::parse_time("2024-01-01"), Some(2024.0));
    let leap = tool::parse_time("2024-03-14").unwrap();
    assert!((leap - (2024.0 + 73.0 / 366.0)).abs() < 1e-12);
    assert!((tool::parse_time("2023-07").unwrap() - (2023.0 + 181.0 / 365.0)).abs() < 1e-12);
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "yesterday",
        "",
        "NaN",
        "24-01-01",
    ] {
        assert_eq!(tool::parse_time(bad), None, "{bad}");
    }
    let file = temp_file(
        "dates.csv",
        "date,usd\n2023-01-01,10\n2023-07-02,7.1\n2024-01-01,5\n2024-06-30,3.6\n",
    );
    let a = tool::parse_args(&args(&[
        file.to_str().unwrap(),
        "--time-col",
        "date",
        "--price-col",
        "usd",
    ]))
    .unwrap();
    assert!(tool::run(&a).unwrap().contains("best fit:"));
}

/// Runs the program as its `main` does; returns (exit code, stderr).
fn run_binary(list: &[&str]) -> (u8, String) {
    let (code, _, stderr) = tool::main_with(&args(list));
    (code, stderr)
}

#[test]
fn bad_files_exit_with_code_2_and_one_line_naming_the_problem() {
    let missing_col = temp_file("cols.csv", "year,cost\n2020,5\n2021,4\n");
    let bad_number = temp_file("num.csv", "t,price\n2020,5\n2021,abc\n2022,3\n");
    let bad_time = temp_file("time.csv", "t,price\n2020,5\nsoon,4\n");
    let empty = temp_file("empty.csv", "");
    let header_only = temp_file("header.csv", "t,price\n");
    let short_row = temp_file("short.csv", "t,price\n2020,5\n2021\n");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![missing_col.to_str().unwrap(), "--price-col", "usd"],
            "no column named 'usd'",
        ),
        (
            vec![bad_number.to_str().unwrap()],
            "line 3, column 'price': cannot read 'abc' as a number",
        ),
        (
            vec![bad_time.to_str().unwrap()],
            "line 3, column 't': cannot read 'soon'",
        ),
        (vec![empty.to_str().unwrap()], "the file is empty"),
        (vec![header_only.to_str().unwrap()], "no data rows"),
        (
            vec![short_row.to_str().unwrap()],
            "line 3, column 'price': missing value",
        ),
        (
            vec!["/nonexistent/prices.csv"],
            "cannot read /nonexistent/prices.csv",
        ),
        (vec![], "give a CSV file"),
        (
            vec!["a.csv", "--horizon", "-1"],
            "--horizon must be in (0, 1000]",
        ),
        (
            vec!["a.csv", "--frobnicate"],
            "unknown option '--frobnicate'",
        ),
    ];
    for (argv, expected) in cases {
        let (code, stderr) = run_binary(&argv);
        assert_eq!(code, 2, "{argv:?}: {stderr}");
        assert!(stderr.contains(expected), "{argv:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{argv:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{argv:?}: {stderr}");
    }
}

#[test]
fn unfittable_data_is_an_error_not_a_panic() {
    let same_time = temp_file("same.csv", "t,price\n2020,5\n2020,4\n2020,3\n");
    let (code, stderr) = run_binary(&[same_time.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("all times are equal"), "{stderr}");
    let negative = temp_file("neg.csv", "t,price\n2020,5\n2021,-4\n2022,3\n");
    let (code, stderr) = run_binary(&[negative.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("price[1] is -4"), "{stderr}");
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
fn fit_csv_reads_timestamps_prints_dates_and_refuses_mixed_times() {
    // RFC 3339 timestamps with offsets, read in UTC
    let (t, kind) = tool::parse_time_kind("2024-03-14T09:30:00+01:00").unwrap();
    assert_eq!(kind, tool::TimeKind::Instant);
    let utc = tool::parse_time("2024-03-14T08:30:00Z").unwrap();
    assert_eq!(t, utc);
    assert_eq!(
        tool::parse_time_kind("2024").unwrap().1,
        tool::TimeKind::Year
    );
    // dates in, dates out
    let dated = temp_file(
        "dated.csv",
        "t,price\n2021-01-15,10\n2021-07-01,8.1\n2022-01-20,6.0\n2022-06-30,5.2\n2023-01-10,3.9\n2023-07-03,3.3\n",
    );
    let a = tool::parse_args(&args(&[dated.to_str().unwrap(), "--target", "1"])).unwrap();
    let out = tool::run(&a).unwrap();
    assert!(out.contains("2024-07-") || out.contains("2024-07"), "{out}");
    let reached = out.lines().find(|l| l.starts_with("reaches")).unwrap();
    assert!(reached.contains("-"), "{reached}");
    assert!(
        !reached.contains("20.") || reached.contains("-"),
        "{reached}"
    );
    // a bare year among dates is refused, naming the line
    let mixed = temp_file(
        "mixed.csv",
        "t,price\n2021-01-15,10\n2022,8\n2023-01-10,6\n",
    );
    let (code, stderr) = run_binary(&[mixed.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("line 3") && stderr.contains("mixes a bare year"),
        "{stderr}"
    );
}

#[test]
fn fit_csv_errors_name_the_physical_line() {
    // CRLF line ends and a blank line before the bad row
    let crlf = temp_file(
        "crlf.csv",
        "t,price\r\n2020,5\r\n\r\n2021,abc\r\n2022,3\r\n",
    );
    let (code, stderr) = run_binary(&[crlf.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("line 4"), "{stderr}");
    // an error of the fit names the file's line, not an array index
    let negative = temp_file("neg.csv", "t,price\n\n2020,5\n2021,-4\n2022,3\n");
    let (code, stderr) = run_binary(&[negative.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("line 4"), "{stderr}");
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
fn fit_csv_breaks_prints_the_cuts_and_draws_the_segments() {
    let file = root().join("examples/data/llm_openai_flagship_input_usd_per_mtok.csv");
    let svg = scratch_dir().join("breaks.svg");
    let a = tool::parse_args(&args(&[
        file.to_str().unwrap(),
        "--breaks",
        "cuts",
        "--plot",
        svg.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(a.breaks, Some(costtrend::breaks::BreakKind::Cuts));
    let out = tool::run(&a).unwrap();
    assert!(out.contains("breaks: 5 price cuts"), "{out}");
    assert!(out.contains("; independent noise; no-break test"), "{out}");
    assert!(
        out.contains("break at 2024-05-13  95 % interval 2024-04-09 to 2024-05-13"),
        "{out}"
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    roxmltree::Document::parse(&text).unwrap();
    // the segments' line, and one dashed mark (several dashes) per break
    assert!(text.contains("5 cuts (segments)"));
    assert!(text.matches("#E67800").count() > 5);
    std::fs::remove_file(svg).ok();
    // JSON: the break model loads back as a Piecewise
    let a = tool::parse_args(&args(&[file.to_str().unwrap(), "--breaks", "--json"])).unwrap();
    assert_eq!(a.breaks, Some(costtrend::breaks::BreakKind::Kinks));
    let v: serde_json::Value = serde_json::from_str(&tool::run(&a).unwrap()).unwrap();
    let m: costtrend::Piecewise = serde_json::from_value(v["breaks"]["model"].clone()).unwrap();
    assert_eq!(
        m.times().len(),
        v["breaks"]["times"].as_array().unwrap().len()
    );
    // a bad count is one line
    let e = tool::parse_args(&args(&[file.to_str().unwrap(), "--max-breaks", "two"])).unwrap_err();
    assert!(e.contains("--max-breaks must be a whole number"), "{e}");
}

#[test]
fn a_target_already_reached_is_said_so_not_forecast() {
    // issue 20: the last observation was printed as a future date with a
    // zero-width interval
    let file = temp_file(
        "below.csv",
        "t,price\n2019,10\n2020,8.1\n2021,6.0\n2022,5.2\n2023,3.9\n2024,1.5\n",
    );
    let a = tool::parse_args(&args(&[file.to_str().unwrap(), "--target", "2.0"])).unwrap();
    let out = tool::run(&a).unwrap();
    assert!(
        out.contains("already at or below") && out.contains("2024"),
        "{out}"
    );
    assert!(!out.lines().any(|l| l.starts_with("reaches")), "{out}");
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

#[test]
fn fit_csv_warns_when_an_interval_is_too_wide_to_act_on() {
    let file = root().join("examples/data/llm_epoch_gpqa_gpt4_level_usd_per_mtok.csv");
    let a = tool::parse_args(&args(&[file.to_str().unwrap()])).unwrap();
    let out = tool::run(&a).unwrap();
    assert!(
        out.contains("too wide to act on") && out.contains("Prior::learn"),
        "{out}"
    );
    // a long, steady series gets no warning
    let solar = root().join("examples/data/solar_pv_module_usd_per_w.csv");
    let a = tool::parse_args(&args(&[solar.to_str().unwrap(), "--horizon", "2"])).unwrap();
    assert!(!tool::run(&a).unwrap().contains("too wide to act on"));
}

#[test]
fn llm_frontier_reproduces_epochs_table_and_names_bad_input() {
    let dir = root().join("tests/data/llm_listings");
    let files = [
        dir.join("epoch_aa_models.csv"),
        dir.join("epoch_models_not_in_aa.csv"),
    ];
    let mut a: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    a.extend(args(&["--epoch", "--json"]));
    let out: serde_json::Value = serde_json::from_str(&llm_frontier::run(&a).unwrap()).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(include_str!("../data/llm_frontier_ref.json")).unwrap();
    let (out, want) = (out.as_array().unwrap(), want.as_array().unwrap());
    assert_eq!(out.len(), 21);
    assert_eq!(out.len(), want.len());
    let rel = |a: &serde_json::Value, b: &serde_json::Value| {
        (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() / b.as_f64().unwrap().abs()
    };
    for (o, w) in out.iter().zip(want) {
        for key in ["bench", "threshold_model", "threshold", "n"] {
            assert_eq!(o[key], w[key], "{key}");
        }
        assert!(rel(&o["epoch"]["factor_per_year"], &w["factor_per_year"]) < 1e-9);
        for k in 0..2 {
            assert!(rel(&o["epoch"]["ci90"][k], &w["ci90"][k]) < 1e-9);
        }
        // the crate's own estimate, against the same reference
        let (h, wh) = (&o["honest"], &w["hedonic"]);
        assert_eq!(h["n_listings"], wh["n"]);
        assert!(rel(&h["factor_per_year"], &wh["factor_per_year"]) < 1e-9);
        for k in 0..2 {
            assert!(rel(&h["ci90"][k], &wh["ci90"][k]) < 1e-9);
        }
        // a year's forecast of the cheapest price: below today's, ordered
        let f = &h["forecast"];
        let (lo, mid, hi) = (&f["ci90"][0], &f["median"], &f["ci90"][1]);
        let now = f["cheapest_now"].as_f64().unwrap();
        assert!(lo.as_f64() < mid.as_f64() && mid.as_f64() <= hi.as_f64());
        assert!(hi.as_f64().unwrap() <= now, "{f}");
    }
    // the plot: one threshold's staircase, Epoch's line and the forecast fan
    let svg = scratch_dir().join("llm_frontier.svg");
    let mut with_plot = a.clone();
    with_plot.extend([String::from("--plot"), svg.display().to_string()]);
    assert_eq!(
        llm_frontier::run(&with_plot).unwrap(),
        llm_frontier::run(&a).unwrap()
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(roxmltree::Document::parse(&text).is_ok());
    assert!(
        text.contains("GPQA Diamond at GPT-4-0314 level") && text.contains("42x cheaper a year")
    );
    // the table names the skipped thresholds with their counts
    let text = llm_frontier::run(&a[..2]).unwrap();
    assert!(
        text.contains("skipped: MMLU GPT-4o-2024-08 (89): 1 records"),
        "{text}"
    );
    // bad input: one line naming the file, the line and the column
    let bad = temp_file(
        "frontier_bad_price.csv",
        "Model Name,Release Date,USD per 1M Tokens,MMLU\nm,2024-01-01,2,70\nn,2024-02-01,-1,70\n",
    );
    let e = llm_frontier::run(&[bad.display().to_string()]).unwrap_err();
    assert!(
        e.ends_with(":3: column 'USD per 1M Tokens': a price must be greater than 0, got -1"),
        "{e}"
    );
    let bad = temp_file(
        "frontier_bad_date.csv",
        "Model Name,Release Date,USD per 1M Tokens,MMLU\nm,2024-13-01,2,70\n",
    );
    let e = llm_frontier::run(&[bad.display().to_string()]).unwrap_err();
    assert!(
        e.ends_with(":2: column 'Release Date': not a date (YYYY-MM-DD): '2024-13-01'"),
        "{e}"
    );
    let bad = temp_file(
        "frontier_bad_score.csv",
        "Model Name,Release Date,USD per 1M Tokens,MMLU\nm,2024-01-01,2,170\n",
    );
    let e = llm_frontier::run(&[bad.display().to_string()]).unwrap_err();
    assert!(
        e.ends_with(":2: column 'MMLU': a score must be in [0, 100], got 170"),
        "{e}"
    );
    let bad = temp_file(
        "frontier_no_price.csv",
        "Model Name,Release Date,MMLU\nm,2024-01-01,70\n",
    );
    let e = llm_frontier::run(&[bad.display().to_string()]).unwrap_err();
    assert!(
        e.ends_with(": line 1: missing column 'USD per 1M Tokens'"),
        "{e}"
    );
}
