//! The decimal-year convention against an independent reference (Python's
//! `datetime`), and round trips of every supported date type.

#[cfg(feature = "jiff")]
use costtrend::PriceCurve;
#[cfg(any(feature = "jiff", feature = "jiff-02", feature = "chrono"))]
use costtrend::time::DecimalYear;
#[cfg(feature = "jiff")]
use costtrend::time::TimeError;
#[cfg(any(feature = "jiff", feature = "chrono"))]
use proptest::prelude::*;

#[cfg(any(feature = "jiff", feature = "jiff-02", feature = "chrono"))]
fn reference() -> Vec<(String, String, f64)> {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../data/decimal_years.json")).unwrap();
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
                r["year"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// Within rounding of the last place: both sides divide the same exact
/// seconds by the same exact length.
#[cfg(any(feature = "jiff", feature = "jiff-02", feature = "chrono"))]
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 2.0 * f64::EPSILON * b.abs()
}

/// jiff 0.2 (feature `jiff-02`) reads and writes the same years as jiff 1.
#[cfg(feature = "jiff-02")]
mod with_jiff_02 {
    use super::*;
    use jiff02::civil::DateTime;
    use jiff02::{Timestamp, Zoned};

    #[test]
    fn jiff_02_conversions_match_python_datetime() {
        for (kind, text, year) in reference() {
            let got = if kind == "civil" {
                text.parse::<DateTime>().unwrap().to_year().unwrap()
            } else {
                text.parse::<Timestamp>().unwrap().to_year().unwrap()
            };
            assert!(close(got, year), "{text}: {got} vs {year}");
        }
        let ts: Timestamp = "2024-01-01T00:30:00Z".parse().unwrap();
        let y = ts.to_year().unwrap();
        assert_eq!(Zoned::from_year(y).unwrap().timestamp(), ts);
        assert_eq!(
            jiff02::civil::Date::from_year(2024.5).unwrap().to_string(),
            "2024-07-02"
        );
    }
}

#[cfg(feature = "jiff")]
mod with_jiff {
    use super::*;
    use jiff::civil::{Date, DateTime};
    use jiff::tz::{Offset, TimeZone};
    use jiff::{Timestamp, ZonedDateTime as Zoned};

    #[test]
    fn jiff_conversions_match_python_datetime() {
        for (kind, text, year) in reference() {
            let got = if kind == "civil" {
                text.parse::<DateTime>().unwrap().to_year().unwrap()
            } else {
                text.parse::<Timestamp>().unwrap().to_year().unwrap()
            };
            assert!(close(got, year), "{text}: {got} vs {year}");
        }
    }

    #[test]
    fn a_zoned_time_is_read_as_its_instant_in_every_zone() {
        let ts: Timestamp = "2024-01-01T00:30:00Z".parse().unwrap();
        let y = ts.to_year().unwrap();
        for hours in [-12, -5, 0, 1, 9, 14] {
            let tz = TimeZone::fixed(Offset::constant(hours));
            let z: Zoned = ts.to_zoned_datetime(tz);
            assert_eq!(z.to_year().unwrap(), y, "offset {hours}");
        }
        assert_eq!(Zoned::from_year(y).unwrap().timestamp(), ts);
    }

    #[test]
    fn out_of_range_years_are_typed_errors() {
        assert!(matches!(
            Date::from_year(1e5),
            Err(TimeError::OutOfRange { .. })
        ));
        assert!(matches!(
            Timestamp::from_year(-2e4),
            Err(TimeError::OutOfRange { .. })
        ));
        assert!(matches!(
            DateTime::from_year(f64::INFINITY),
            Err(TimeError::NotFinite { .. })
        ));
        // the last second of 9999 converts; the year after does not
        let last: DateTime = "9999-12-31T23:59:59".parse().unwrap();
        assert_eq!(DateTime::from_year(last.to_year().unwrap()).unwrap(), last);
        assert!(Date::from_year(10_000.0).is_err());
        // the last second of 9999 rounds to the next day, which no Date holds
        let end = 9999.0 + (365.0 * 86_400.0 - 1.0) / (365.0 * 86_400.0);
        assert!(matches!(
            Date::from_year(end),
            Err(TimeError::OutOfRange { .. })
        ));
        assert!(DateTime::from_year(end).is_ok());
    }

    /// Five dated LLM prices (a GPT-4-level staircase) and their decimal
    /// years.
    fn staircase() -> ([Date; 5], [f64; 5], Vec<f64>) {
        use costtrend::time::DecimalYear;
        let dates = [
            jiff::civil::date(2023, 3, 14),
            jiff::civil::date(2023, 11, 6),
            jiff::civil::date(2024, 2, 29),
            jiff::civil::date(2024, 7, 1),
            jiff::civil::date(2024, 12, 13),
        ];
        let years = dates.iter().map(|d| d.to_year().unwrap()).collect();
        (dates, [37.5, 15.0, 6.0, 0.5, 0.13], years)
    }

    #[test]
    fn a_dated_fit_equals_the_fit_on_decimal_years_exactly() {
        use costtrend::fit::{self, FitOptions};
        use costtrend::time::DecimalYear;
        let (dates, p, years) = staircase();
        let dated = FitOptions::new().exponential(&dates, &p).unwrap();
        let plain = fit::exponential(&years, &p).unwrap();
        assert_eq!(dated.parameters(), plain.parameters());
        assert_eq!(dated.model(), plain.model());
        for (a, b) in [
            (
                FitOptions::new().linear(&dates, &p),
                fit::linear(&years, &p),
            ),
            (
                FitOptions::new().exponential_nls(&dates, &p),
                fit::exponential_nls(&years, &p),
            ),
        ] {
            assert_eq!(a.unwrap().parameters(), b.unwrap().parameters());
        }
        // the model at a date, and when a price is reached, as a date
        let m = dated.model();
        let d = jiff::civil::date(2025, 6, 1);
        assert_eq!(m.at_time(&d).unwrap(), m.at(d.to_year().unwrap()));
        let when: Date = m.time_to_as(0.01).unwrap().unwrap();
        assert_eq!(
            when,
            Date::from_year(m.time_to(0.01).unwrap().unwrap()).unwrap()
        );
        let band = dated.time_to(0.01).unwrap().unwrap();
        let lower: Option<Date> = band.interval().unwrap().lower_as().unwrap();
        assert!(lower.unwrap() <= band.value_as::<Date>().unwrap());
        // a forecast read at a date, and its time to a price as a date
        let rw = costtrend::forecast::random_walk(&years, &p).unwrap();
        use costtrend::forecast::Forecast;
        let i = rw.interval_at(d.to_year().unwrap(), 0.9).unwrap();
        assert!(i.contains(rw.median_at(d.to_year().unwrap())));
        let reached = rw.time_to(0.05).unwrap().unwrap();
        assert!(reached.value_as::<Timestamp>().is_ok());
    }

    #[test]
    fn a_forecast_on_dates_answers_at_dates_as_on_decimal_years() {
        use costtrend::forecast::{self, Forecast};
        use costtrend::time::DecimalYear;
        let (dates, p, years) = staircase();
        let dated = forecast::random_walk(&dates, &p).unwrap();
        assert_eq!(dated, forecast::random_walk(&years, &p).unwrap());
        let d = jiff::civil::date(2026, 1, 1);
        let y = d.to_year().unwrap();
        assert_eq!(dated.median_at_time(&d).unwrap(), dated.median_at(y));
        assert_eq!(dated.mean_at_time(&d).unwrap(), dated.mean_at(y));
        assert_eq!(
            dated.quantile_at_time(&d, 0.1).unwrap(),
            dated.quantile_at(y, 0.1).unwrap()
        );
        assert_eq!(
            dated.interval_at_time(&d, 0.9).unwrap(),
            dated.interval_at(y, 0.9).unwrap()
        );
        assert_eq!(
            dated.prob_at_or_below_time(&d, 0.05).unwrap(),
            dated.prob_at_or_below(y, 0.05).unwrap()
        );
        // before the first date: the median is the last price, the
        // interval refused, as for decimal years
        let early = jiff::civil::date(2020, 1, 1);
        assert_eq!(dated.median_at_time(&early).unwrap(), 0.13);
        assert!(matches!(
            dated.interval_at_time(&early, 0.9),
            Err(costtrend::FitError::BeforeData { .. })
        ));
        // when the price reaches 1 cent, as dates
        let when = dated.time_to_as::<Date>(0.01).unwrap().unwrap();
        let e = dated.time_to(0.01).unwrap().unwrap();
        assert_eq!(when.median, Date::from_year(e.value()).unwrap());
        assert!(when.earliest.unwrap() <= when.median);
        assert!(when.latest.is_none_or(|l| l >= when.median));
        // a table at dates keeps the dates, and prints them
        let table = dated
            .table(&[d, jiff::civil::date(2027, 1, 1)], &[0.8])
            .unwrap();
        assert_eq!(table.rows()[0].t, d);
        assert_eq!(table.rows()[0].median, dated.median_at(y));
        assert_eq!(
            table.rows()[0].intervals[0],
            dated.interval_at(y, 0.8).unwrap()
        );
        assert!(table.to_string().contains("2027-01-01"), "{table}");
        // a NaN decimal year is a typed error, not a NaN answer
        assert!(matches!(
            dated.median_at_time(&f64::NAN),
            Err(costtrend::FitError::Time(_))
        ));
    }

    proptest! {
        #[test]
        fn dates_round_trip_exactly(days in -3_650_000i64..2_900_000) {
            let d = jiff::civil::date(1970, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .unwrap();
            prop_assert_eq!(Date::from_year(d.to_year().unwrap()).unwrap(), d);
        }

        #[test]
        fn timestamps_round_trip_to_the_second(s in -377_705_116_800i64..253_402_300_799) {
            let ts = Timestamp::from_second(s).unwrap();
            prop_assert_eq!(Timestamp::from_year(ts.to_year().unwrap()).unwrap(), ts);
        }

        #[test]
        fn the_conversion_is_monotone(s in -300_000_000_000i64..250_000_000_000, gap in 1i64..100_000) {
            let a = Timestamp::from_second(s).unwrap().to_year().unwrap();
            let b = Timestamp::from_second(s + gap).unwrap().to_year().unwrap();
            prop_assert!(a < b);
        }
    }
}

#[cfg(feature = "chrono")]
mod with_chrono {
    use super::*;
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

    #[test]
    fn a_leap_second_stays_in_its_own_day() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .unwrap();
        let next = NaiveDate::from_ymd_opt(2017, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let before = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 59)
            .unwrap();
        let y = leap.to_year().unwrap();
        // (it was 0.5 s after the next midnight; at f64's 7 µs resolution
        // near 2016 the last nanosecond of a day may round onto midnight)
        assert!(
            y <= next.to_year().unwrap() && y >= before.to_year().unwrap(),
            "{y}"
        );
        // and chrono_year is a Result, never NaN
        let utc = DateTime::<Utc>::from_naive_utc_and_offset(before, Utc);
        assert_eq!(costtrend::time::chrono_year(&utc), before.to_year());
    }

    #[test]
    fn chrono_conversions_match_python_datetime() {
        for (kind, text, year) in reference() {
            let got = if kind == "civil" {
                NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S")
                    .unwrap()
                    .to_year()
                    .unwrap()
            } else {
                DateTime::parse_from_rfc3339(&text)
                    .unwrap()
                    .to_year()
                    .unwrap()
            };
            assert!(close(got, year), "{text}: {got} vs {year}");
        }
    }

    #[test]
    fn chrono_and_jiff_agree_on_a_leap_day() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(d.to_year().unwrap(), 2024.0 + 59.0 / 366.0);
        assert_eq!(NaiveDate::from_year(2024.0 + 59.0 / 366.0).unwrap(), d);
        let fixed: DateTime<FixedOffset> = DateTime::from_year(2024.5).unwrap();
        let utc: DateTime<Utc> = DateTime::from_year(2024.5).unwrap();
        assert_eq!(fixed, utc);
    }

    #[test]
    fn sub_second_parts_count_in_both_libraries() {
        let a = NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_milli_opt(12, 0, 0, 500)
            .unwrap();
        let whole = NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let step = a.to_year().unwrap() - whole.to_year().unwrap();
        let half_second = 0.5 / (366.0 * 86_400.0);
        assert!((step / half_second - 1.0).abs() < 1e-3, "{step}");
    }

    proptest! {
        #[test]
        fn chrono_dates_and_instants_round_trip(days in -3_650_000i64..2_900_000, secs in 0i64..86_400) {
            let d = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(0);
            let d = if days >= 0 {
                d.checked_add_days(chrono::Days::new(days as u64)).unwrap()
            } else {
                d.checked_sub_days(chrono::Days::new((-days) as u64)).unwrap()
            };
            prop_assert_eq!(NaiveDate::from_year(d.to_year().unwrap()).unwrap(), d);
            let dt = d.and_hms_opt(0, 0, 0).unwrap() + chrono::TimeDelta::seconds(secs);
            prop_assert_eq!(NaiveDateTime::from_year(dt.to_year().unwrap()).unwrap(), dt);
            let inst: DateTime<Utc> = dt.and_utc();
            prop_assert_eq!(DateTime::<Utc>::from_year(inst.to_year().unwrap()).unwrap(), inst);
        }
    }
}

#[test]
fn f64_years_pass_through_bit_for_bit() {
    use costtrend::time::DecimalYear as _;
    for y in [2024.5, -1e300, 0.0, 1e-310] {
        assert_eq!(y.to_year().unwrap().to_bits(), y.to_bits());
        assert_eq!(f64::from_year(y).unwrap().to_bits(), y.to_bits());
    }
    assert!(f64::NAN.to_year().is_err());
}

/// The list-price cuts found on jiff dates are the announcement dates.
#[cfg(feature = "jiff")]
#[test]
fn price_cuts_on_dates_come_back_as_the_announcement_dates() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/llm_openai_flagship_input_usd_per_mtok.csv"
    ))
    .unwrap();
    let (dates, prices): (Vec<jiff::civil::Date>, Vec<f64>) = text
        .lines()
        .skip(1)
        .map(|l| {
            let mut it = l.split(',');
            (
                it.next().unwrap().parse::<jiff::civil::Date>().unwrap(),
                it.next().unwrap().parse::<f64>().unwrap(),
            )
        })
        .unzip();
    let b = costtrend::breaks::BreakOptions::new()
        .price_cuts(&dates, &prices)
        .unwrap();
    let found: Vec<String> = b
        .times()
        .iter()
        .map(|&t| jiff::civil::Date::from_year(t).unwrap().to_string())
        .collect();
    assert_eq!(
        found,
        [
            "2023-11-06",
            "2024-05-13",
            "2024-08-06",
            "2025-04-14",
            "2025-08-07"
        ]
    );
    let first = b.intervals()[0].lower_as::<jiff::civil::Date>().unwrap();
    assert_eq!(first.unwrap().to_string(), "2023-06-13");
}
