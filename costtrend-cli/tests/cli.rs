//! The `costtrend` binary as a user runs it: on the bundled files, on bad
//! files, from standard input and on grouped files.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use costtrend::DecayModel;
use costtrend::forecast::Forecast;

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn costtrend_with(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_costtrend"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn costtrend(args: &[&str]) -> Run {
    costtrend_with(args, None)
}

/// A run that must succeed: its standard output.
fn ok(args: &[&str]) -> String {
    let r = costtrend(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

/// A bundled file of the core crate.
fn data(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/data")
        .join(name);
    path.display().to_string()
}

fn listings(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/llm_listings")
        .join(name);
    path.display().to_string()
}

fn scratch_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn temp_file(name: &str, contents: &str) -> String {
    // each name is used by one test with fixed contents
    let path = scratch_dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

/// The bundled series as the core crate reads it.
fn series(name: &str) -> (Vec<f64>, Vec<f64>) {
    let text = std::fs::read_to_string(data(name)).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let mut c = l.split(',');
            (
                c.next().unwrap().parse::<f64>().unwrap(),
                c.next().unwrap().parse::<f64>().unwrap(),
            )
        })
        .unzip()
}

/// Default-feature serde_json reads a float back to within an ulp or two.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 4.0 * f64::EPSILON * b.abs()
}

#[test]
fn fit_json_loads_back_as_the_librarys_model_fit_and_ranking() {
    let file = data("genome_sequencing_usd_per_genome.csv");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["fit", &file, "--json", "--target", "100"])).unwrap();
    let model: DecayModel = serde_json::from_value(v["model"].clone()).unwrap();
    assert_eq!(model.kind(), costtrend::ModelKind::Exponential);
    let fit: costtrend::fit::Fit = serde_json::from_value(v["fit"].clone()).unwrap();
    assert_eq!(fit.n(), 78);
    assert_eq!(fit.model(), model);
    assert!(v["comparison"]["candidates"].as_array().unwrap().len() >= 4);
    let (t, p) = series("genome_sequencing_usd_per_genome.csv");
    let direct = costtrend::fit::exponential(&t, &p).unwrap();
    assert!(close(fit.model().at(2030.0), direct.model().at(2030.0)));
    assert!(v["target"]["time"]["value"].as_f64().unwrap().is_finite());
    let text = ok(&["fit", &file, "--target", "100"]);
    assert!(
        text.contains("best fit:") && text.contains("the best trend reaches 100.0 at"),
        "{text}"
    );
}

#[test]
fn forecast_json_is_the_random_walks_table_and_loads_back() {
    let file = data("genome_sequencing_usd_per_genome.csv");
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "forecast",
        &file,
        "--json",
        "--horizon",
        "2",
        "--level",
        "0.5,0.9",
    ]))
    .unwrap();
    assert_eq!(v["method"], "random_walk");
    let (t, p) = series("genome_sequencing_usd_per_genome.csv");
    let walk = costtrend::forecast::random_walk(&t, &p).unwrap();
    let table: costtrend::forecast::ForecastTable =
        serde_json::from_value(v["table"].clone()).unwrap();
    assert_eq!(table.levels(), [0.5, 0.9]);
    assert_eq!(table.rows().len(), 2);
    let row = &table.rows()[1];
    assert_eq!(row.t, walk.last_time() + 2.0);
    assert!(close(row.median, walk.median_at(row.t)));
    assert!(close(
        row.intervals[1].lower(),
        walk.interval_at(row.t, 0.9).unwrap().lower()
    ));
    // the saved walk forecasts the same
    let back: costtrend::forecast::RandomWalk = serde_json::from_value(v["walk"].clone()).unwrap();
    let far = walk.last_time() + 5.0;
    assert!((back.median_at(far) / walk.median_at(far) - 1.0).abs() < 1e-12);
    // --at takes dates and years; --method trend gives the trend's bands
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "forecast",
        &file,
        "--json",
        "--at",
        "2030",
        "2031-07-02",
        "--method",
        "trend",
    ]))
    .unwrap();
    assert_eq!(v["method"], "trend");
    let model: DecayModel = serde_json::from_value(v["fit"]["model"].clone()).unwrap();
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["t"].as_f64(), Some(2030.0));
    let predicted = points[0]["estimate"]["value"].as_f64().unwrap();
    assert!((model.at(2030.0) / predicted - 1.0).abs() < 1e-12);
    assert!((points[1]["t"].as_f64().unwrap() - 2031.5).abs() < 0.01);
}

#[test]
fn forecast_text_warns_when_an_interval_is_too_wide_to_act_on() {
    let out = ok(&[
        "forecast",
        &data("llm_epoch_gpqa_gpt4_level_usd_per_mtok.csv"),
    ]);
    assert!(
        out.contains("too wide to act on") && out.contains("Prior::learn"),
        "{out}"
    );
    let out = ok(&[
        "forecast",
        &data("solar_pv_module_usd_per_w.csv"),
        "--horizon",
        "2",
    ]);
    assert!(!out.contains("too wide to act on"), "{out}");
    assert!(
        out.contains("80 % interval") && out.contains("95 % interval"),
        "{out}"
    );
    // a file the random walk cannot take (repeated times) falls back to the trend
    let dup = temp_file(
        "dup.csv",
        "t,price\n2020,5\n2020,4.8\n2021,4\n2022,3.1\n2023,2.5\n",
    );
    let out = ok(&["forecast", &dup]);
    assert!(out.contains("random walk not fitted"), "{out}");
}

#[test]
fn dates_in_give_dates_out_and_a_reached_target_is_said_so() {
    let dated = temp_file(
        "dated.csv",
        "t,price\n2021-01-15,10\n2021-07-01,8.1\n2022-01-20,6.0\n2022-06-30,5.2\n2023-01-10,3.9\n2023-07-03,3.3\n",
    );
    let out = ok(&["forecast", &dated, "--target", "1"]);
    assert!(out.contains("2024-07-0"), "{out}");
    let reached = out.lines().find(|l| l.starts_with("reaches")).unwrap();
    // "reaches 1.000 at YYYY-MM-DD (95 % interval YYYY-MM-DD to YYYY-MM-DD)"
    let date = reached.split(" at ").nth(1).unwrap().get(..10).unwrap();
    assert!(date.parse::<jiff::civil::Date>().is_ok(), "{reached}");
    assert!(reached.contains("95 % interval 20"), "{reached}");
    let below = temp_file(
        "below.csv",
        "t,price\n2019,10\n2020,8.1\n2021,6.0\n2022,5.2\n2023,3.9\n2024,1.5\n",
    );
    let out = ok(&["forecast", &below, "--target", "2.0"]);
    assert!(
        out.contains("already at or below 2.000") && out.contains("2024"),
        "{out}"
    );
    assert!(!out.lines().any(|l| l.starts_with("reaches")), "{out}");
    // RFC 3339 timestamps with offsets, and named columns
    let stamps = temp_file(
        "stamps.csv",
        "when,usd\n2023-01-01T00:00:00Z,10\n2023-07-02T12:00:00+02:00,7.1\n2024-01-01T00:00:00Z,5\n2024-06-30T00:00:00Z,3.6\n",
    );
    let out = ok(&["fit", &stamps, "--time-col", "when", "--price-col", "usd"]);
    assert!(out.contains("best fit:"), "{out}");
}

#[test]
fn breaks_print_the_cuts_and_their_json_is_the_librarys_breaks() {
    let file = data("llm_openai_flagship_input_usd_per_mtok.csv");
    let out = ok(&["breaks", &file, "--kind", "cuts"]);
    assert!(out.contains("5 price cuts"), "{out}");
    assert!(out.contains("; independent noise; no-break test"), "{out}");
    assert!(
        out.contains("break at 2024-05-13  95 % interval 2024-04-09 to 2024-05-13"),
        "{out}"
    );
    let json = ok(&["breaks", &file, "--json"]);
    let b: costtrend::breaks::Breaks = serde_json::from_str(&json).unwrap();
    assert_eq!(b.kind(), costtrend::breaks::BreakKind::Kinks);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let m: costtrend::Piecewise = serde_json::from_value(v["model"].clone()).unwrap();
    assert_eq!(m.times().len(), b.times().len());
    // kinks say which noise the fit read from the data
    let out = ok(&["breaks", &data("genome_sequencing_usd_per_genome.csv")]);
    assert!(
        out.contains("2 kinks") && out.contains("; random walk noise; no-break test"),
        "{out}"
    );
}

#[test]
fn backtest_prints_both_methods() {
    let out = ok(&["backtest", &data("hdd_usd_per_mb_mccallum.csv")]);
    assert!(
        out.contains("backtest of random_walk: 1 series, 510 hindcasts"),
        "{out}"
    );
    assert!(out.contains("for comparison, trend: coverage"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "backtest",
        &data("hdd_usd_per_mb_mccallum.csv"),
        "--json",
        "--method",
        "trend",
    ]))
    .unwrap();
    assert_eq!(v["report"]["method"], "trend");
    assert_eq!(v["report"]["hindcasts"], 510);
    assert_eq!(v["comparison"]["method"], "random_walk");
    let short = temp_file("short_bt.csv", "t,price\n2020,5\n2021,4\n2022,3\n");
    let r = costtrend(&["backtest", &short]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim_end(),
        format!("error: {short}: backtest needs at least 7 points, got 3")
    );
}

#[test]
fn plot_is_svg_with_one_marker_per_point_and_the_break_segments() {
    let svg = scratch_dir().join("plot.svg");
    let out = ok(&[
        "plot",
        &data("llm_epoch_mmlu_gpt3_level_usd_per_mtok.csv"),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(out.contains("wrote"), "{out}");
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count(),
        9
    );
    assert!(text.contains("price (log scale)") && text.contains("(best)"));
    let svg = scratch_dir().join("breaks.svg");
    ok(&[
        "plot",
        &data("llm_openai_flagship_input_usd_per_mtok.csv"),
        "-o",
        svg.to_str().unwrap(),
        "--breaks",
        "cuts",
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    roxmltree::Document::parse(&text).unwrap();
    assert!(text.contains("5 cuts (segments)"));
    assert!(text.matches("#E67800").count() > 5);
}

#[test]
fn plot_with_group_col_writes_one_svg_per_group_and_says_where_in_json() {
    let solar = std::fs::read_to_string(data("solar_pv_module_usd_per_w.csv")).unwrap();
    let mut all = String::from("tech,t,price\n");
    for (name, text) in [("solar pv", &solar), ("solar/2", &solar)] {
        for line in text.lines().skip(1) {
            all.push_str(&format!("{name},{line}\n"));
        }
    }
    let file = temp_file("plot_groups.csv", &all);
    let out = scratch_dir().join("grouped.svg");
    let json = ok(&[
        "plot",
        &file,
        "-o",
        out.to_str().unwrap(),
        "--group-col",
        "tech",
        "--json",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), 2);
    for (row, name) in rows
        .iter()
        .zip(["grouped-solar_pv.svg", "grouped-solar_2.svg"])
    {
        let svg = row["result"]["svg"].as_str().unwrap();
        assert!(svg.ends_with(name), "{svg}");
        let text = std::fs::read_to_string(svg).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert_eq!(
            doc.descendants()
                .filter(|n| n.has_tag_name("circle"))
                .count(),
            50
        );
    }
}

#[test]
fn standard_input_reads_like_a_file() {
    let text = std::fs::read_to_string(data("solar_pv_module_usd_per_w.csv")).unwrap();
    let r = costtrend_with(&["fit", "-", "--json"], Some(&text));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let from_file: serde_json::Value = serde_json::from_str(&ok(&[
        "fit",
        &data("solar_pv_module_usd_per_w.csv"),
        "--json",
    ]))
    .unwrap();
    let from_stdin: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(from_file, from_stdin);
    let r = costtrend_with(&["fit", "-"], Some("t,price\n2020,5\n2021,abc\n"));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim_end(),
        "error: <stdin>: line 3, column 'price': cannot read 'abc' as a number"
    );
}

#[test]
fn group_col_gives_one_result_per_group_equal_to_fitting_each_alone() {
    let solar = std::fs::read_to_string(data("solar_pv_module_usd_per_w.csv")).unwrap();
    let hdd = std::fs::read_to_string(data("hdd_usd_per_mb_mccallum.csv")).unwrap();
    let mut all = String::from("tech,t,price\n");
    for (name, text) in [("solar", &solar), ("hdd", &hdd)] {
        for line in text.lines().skip(1) {
            all.push_str(&format!("{name},{line}\n"));
        }
    }
    // a group that cannot be fitted: its error, the others' results, exit 1
    all.push_str("broken,2020,5\nbroken,2021,-1\nbroken,2022,3\n");
    let file = temp_file("groups.csv", &all);
    let r = costtrend(&[
        "forecast",
        &file,
        "--group-col",
        "tech",
        "--json",
        "--method",
        "trend",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| r["group"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["solar", "hdd", "broken"]
    );
    assert_eq!(rows[0]["n"], 50);
    let alone: serde_json::Value = serde_json::from_str(&ok(&[
        "forecast",
        &data("solar_pv_module_usd_per_w.csv"),
        "--json",
        "--method",
        "trend",
    ]))
    .unwrap();
    assert_eq!(rows[0]["result"], alone);
    let error = rows[2]["error"].as_str().unwrap();
    // the line is the grouped file's physical line
    let line = 2 + solar.lines().count() - 1 + hdd.lines().count() - 1 + 1;
    assert!(
        error.contains(&format!("line {line}:")) && error.contains("price[1] is -1"),
        "{error}"
    );
    assert!(
        r.stderr.contains("group 'broken'") && r.stderr.contains("1 of 3 groups failed"),
        "{}",
        r.stderr
    );
    // text: a heading per group
    let r = costtrend(&["fit", &file, "--group-col", "tech"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("== solar (50 rows) ==") && r.stdout.contains("== hdd (41 rows) =="),
        "{}",
        r.stdout
    );
    // every group failing is exit 2
    let bad = temp_file(
        "all_bad.csv",
        "g,t,price\na,2020,-1\na,2021,2\nb,2020,5\nb,2020,4\n",
    );
    let r = costtrend(&["fit", &bad, "--group-col", "g"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("every group failed"), "{}", r.stderr);
}

#[test]
fn bad_files_exit_with_code_2_and_one_line_naming_the_problem() {
    let missing_col = temp_file("cols.csv", "year,cost\n2020,5\n2021,4\n");
    let bad_number = temp_file("num.csv", "t,price\n2020,5\n2021,abc\n2022,3\n");
    let bad_time = temp_file("time.csv", "t,price\n2020,5\nsoon,4\n");
    let empty = temp_file("empty.csv", "");
    let header_only = temp_file("header.csv", "t,price\n");
    let short_row = temp_file("short.csv", "t,price\n2020,5\n2021\n");
    let crlf = temp_file(
        "crlf.csv",
        "t,price\r\n2020,5\r\n\r\n2021,abc\r\n2022,3\r\n",
    );
    let negative = temp_file("neg.csv", "t,price\n\n2020,5\n2021,-4\n2022,3\n");
    let same_time = temp_file("same.csv", "t,price\n2020,5\n2020,4\n2020,3\n");
    let mixed = temp_file(
        "mixed.csv",
        "t,price\n2021-01-15,10\n2022,8\n2023-01-10,6\n",
    );
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["fit", &missing_col, "--price-col", "usd"],
            format!("{missing_col}: no column named 'usd' (columns: year, cost)"),
        ),
        (
            vec!["fit", &bad_number],
            format!("{bad_number}: line 3, column 'price': cannot read 'abc' as a number"),
        ),
        (
            vec!["forecast", &bad_time],
            format!("{bad_time}: line 3, column 't': cannot read 'soon' as a decimal year"),
        ),
        (vec!["fit", &empty], format!("{empty}: the file is empty")),
        (
            vec!["breaks", &header_only],
            format!("{header_only}: no data rows"),
        ),
        (
            vec!["fit", &short_row],
            format!("{short_row}: line 3, column 'price': missing value"),
        ),
        (
            vec!["fit", &crlf],
            format!("{crlf}: line 4, column 'price'"),
        ),
        (
            vec!["fit", &negative],
            format!("{negative}: line 4: price[1] is -4"),
        ),
        (
            vec!["fit", &same_time],
            format!("{same_time}: no model could be fitted"),
        ),
        (
            vec!["fit", &mixed],
            format!("{mixed}: line 3, column 't': '2022' mixes a bare year"),
        ),
        (
            vec!["fit", "/nonexistent/prices.csv"],
            "cannot read /nonexistent/prices.csv".into(),
        ),
    ];
    for (argv, expected) in cases {
        let r = costtrend(&argv);
        assert_eq!(r.code, 2, "{argv:?}: {}", r.stderr);
        let line = r.stderr.trim_end();
        assert!(
            line.starts_with(&format!("error: {expected}")),
            "{argv:?}: {line}"
        );
        assert_eq!(line.lines().count(), 1, "{argv:?}: {line}");
        assert!(r.stdout.is_empty(), "{argv:?}: {}", r.stdout);
    }
}

#[test]
fn usage_errors_exit_2_with_a_hint_and_every_subcommand_has_help_with_an_example() {
    for argv in [
        vec!["fit"],
        vec!["forecast", "a.csv", "--horizon", "-1"],
        vec!["forecast", "a.csv", "--level", "95"],
        vec!["breaks", "a.csv", "--kind", "bends"],
        vec!["breaks", "a.csv", "--max-breaks", "two"],
        vec!["fit", "a.csv", "--frobnicate"],
        vec!["frobnicate"],
    ] {
        let r = costtrend(&argv);
        assert_eq!(r.code, 2, "{argv:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("error:")
                && (r.stderr.contains("--help") || r.stderr.contains("Usage")),
            "{argv:?}: {}",
            r.stderr
        );
    }
    let r = costtrend(&["forecast", "a.csv", "--level", "95"]);
    assert!(
        r.stderr.contains("must be a probability in (0, 1)"),
        "{}",
        r.stderr
    );
    for sub in ["fit", "forecast", "breaks", "backtest", "plot", "llm"] {
        let help = ok(&[sub, "--help"]);
        assert!(
            help.contains("Example") && help.contains(&format!("costtrend {sub} ")),
            "{sub}: {help}"
        );
    }
}

#[test]
fn llm_reproduces_epochs_table_and_names_bad_input() {
    let files = [
        listings("epoch_aa_models.csv"),
        listings("epoch_models_not_in_aa.csv"),
    ];
    let json = ok(&["llm", &files[0], &files[1], "--epoch", "--json"]);
    let out: serde_json::Value = serde_json::from_str(&json).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/data/llm_frontier_ref.json")).unwrap();
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
    // the table comes with a plot of one threshold's staircase
    let svg = scratch_dir().join("llm.svg");
    let text = ok(&[
        "llm",
        &files[0],
        &files[1],
        "--epoch",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(text.contains(&format!("plot: {}", svg.display())), "{text}");
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(roxmltree::Document::parse(&drawn).is_ok());
    assert!(
        drawn.contains("GPQA Diamond at GPT-4-0314 level") && drawn.contains("42x cheaper a year")
    );
    // without Epoch's rules the table names the skipped thresholds
    let text = ok(&["llm", &files[0], "--plot", svg.to_str().unwrap()]);
    assert!(
        text.contains("skipped: MMLU GPT-4o-2024-08 (89): 1 records"),
        "{text}"
    );
    // bad input: one line naming the file, the line and the column
    let cases = [
        (
            "frontier_bad_price.csv",
            "Model Name,Release Date,USD per 1M Tokens,MMLU\nm,2024-01-01,2,70\nn,2024-02-01,-1,70\n",
            ":3: column 'USD per 1M Tokens': a price must be greater than 0, got -1",
        ),
        (
            "frontier_bad_date.csv",
            "Model Name,Release Date,USD per 1M Tokens,MMLU\nm,2024-13-01,2,70\n",
            ":2: column 'Release Date': not a date (YYYY-MM-DD): '2024-13-01'",
        ),
        (
            "frontier_bad_score.csv",
            "Model Name,Release Date,USD per 1M Tokens,MMLU\nm,2024-01-01,2,170\n",
            ":2: column 'MMLU': a score must be in [0, 100], got 170",
        ),
        (
            "frontier_no_price.csv",
            "Model Name,Release Date,MMLU\nm,2024-01-01,70\n",
            ": line 1: missing column 'USD per 1M Tokens'",
        ),
    ];
    for (name, contents, tail) in cases {
        let file = temp_file(name, contents);
        let r = costtrend(&["llm", &file, "--json"]);
        assert_eq!(r.code, 2, "{name}");
        let line = r.stderr.trim_end();
        assert!(
            line.starts_with(&format!("error: {file}")) && line.ends_with(tail),
            "{line}"
        );
    }
}
