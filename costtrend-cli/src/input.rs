//! Reading price series from CSV: the time and price columns (and the group
//! column, when there is one), from a file or standard input, with every
//! error naming the file, the physical line and the column.

use std::io::Read as _;
use std::path::Path;

use costtrend::time::DecimalYear;

/// What a time cell held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeKind {
    /// A bare number: a decimal year.
    Year,
    /// A calendar date or a civil date-time.
    Date,
    /// An RFC 3339 timestamp with an offset.
    Instant,
}

/// A time cell as a decimal year (the crate's convention, through jiff):
/// a number as is; `YYYY-MM-DD` (or `YYYY-MM`, the first of the month) at
/// midnight; a civil date-time `YYYY-MM-DDTHH:MM:SS` as written; an RFC 3339
/// timestamp with an offset (`2024-03-14T09:30:00+01:00`, `...Z`) read in
/// UTC.
pub(crate) fn parse_time(s: &str) -> Option<(f64, TimeKind)> {
    let s = s.trim();
    if let Ok(x) = s.parse::<f64>() {
        return x.is_finite().then_some((x, TimeKind::Year));
    }
    if s.len() == 7 && s.as_bytes()[4] == b'-' {
        let d: jiff::civil::Date = format!("{s}-01").parse().ok()?;
        return Some((d.to_year().ok()?, TimeKind::Date));
    }
    if s.len() == 10 {
        let d: jiff::civil::Date = s.parse().ok()?;
        return Some((d.to_year().ok()?, TimeKind::Date));
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some((ts.to_year().ok()?, TimeKind::Instant));
    }
    let dt: jiff::civil::DateTime = s.parse().ok()?;
    Some((dt.to_year().ok()?, TimeKind::Date))
}

/// One series: times (decimal years), prices, the physical line of each
/// row, and whether the times were dates (so results print as dates).
#[derive(Debug, Default)]
pub(crate) struct Series {
    /// The group's key (`None` without `--group-col`).
    pub group: Option<String>,
    pub t: Vec<f64>,
    pub p: Vec<f64>,
    pub lines: Vec<usize>,
    pub dated: bool,
}

/// Which columns to read.
#[derive(Debug, Default, Clone)]
pub(crate) struct Columns {
    pub time: Option<String>,
    pub price: Option<String>,
    pub group: Option<String>,
}

/// The input's name in messages: the path, or `<stdin>` for `-`.
pub(crate) fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Reads the file (`-`: standard input) into one series, or one per
/// group in the order each group first appears.
pub(crate) fn read(path: &Path, columns: &Columns) -> Result<Vec<Series>, String> {
    let name = display_name(path);
    let text = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?
    };
    parse(&name, &text, columns)
}

/// [`read`] on bytes already in memory.
pub(crate) fn parse(name: &str, text: &[u8], columns: &Columns) -> Result<Vec<Series>, String> {
    // The physical line a record starts on. The csv reader's positions
    // point at the end of the previous record (before its line ending and
    // any blank lines), and its line count drifts after CRLF endings and
    // blank lines: skip the line endings, then count newlines.
    let line_of = |byte: u64| {
        let mut b = (byte as usize).min(text.len());
        while b < text.len() && (text[b] == b'\n' || text[b] == b'\r') {
            b += 1;
        }
        1 + text[..b].iter().filter(|&&c| c == b'\n').count()
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| format!("{name}: cannot read the header: {e}"))?
        .clone();
    if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
        return Err(format!("{name}: the file is empty"));
    }
    let listed = || headers.iter().collect::<Vec<_>>().join(", ");
    let named = |w: &str| {
        headers
            .iter()
            .position(|h| h == w)
            .ok_or_else(|| format!("{name}: no column named '{w}' (columns: {})", listed()))
    };
    let column = |wanted: &Option<String>, default: &str, fallback: usize| match wanted {
        Some(w) => named(w),
        None => headers
            .iter()
            .position(|h| h == default)
            .or((headers.len() > fallback).then_some(fallback))
            .ok_or_else(|| format!("{name}: no '{default}' column (columns: {})", listed())),
    };
    let tc = column(&columns.time, "t", 0)?;
    let pc = column(&columns.price, "price", 1)?;
    let gc = columns.group.as_deref().map(named).transpose()?;
    if tc == pc {
        return Err(format!("{name}: the time and price columns are the same"));
    }
    if gc.is_some_and(|g| g == tc || g == pc) {
        return Err(format!(
            "{name}: the group column is also the time or price column"
        ));
    }
    let (tname, pname) = (headers[tc].to_string(), headers[pc].to_string());
    let gname = gc.map(|g| headers[g].to_string()).unwrap_or_default();
    let mut out: Vec<Series> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    let mut first_kind: Option<(TimeKind, usize)> = None;
    for record in reader.records() {
        let record = record.map_err(|e| format!("{name}: {e}"))?;
        let line = record.position().map_or(0, |pos| line_of(pos.byte()));
        let cell = |i: usize, col: &str| {
            record
                .get(i)
                .ok_or_else(|| format!("{name}: line {line}, column '{col}': missing value"))
        };
        let tv = cell(tc, &tname)?;
        let pv = cell(pc, &pname)?;
        let (tt, kind) = parse_time(tv).ok_or_else(|| {
            format!(
                "{name}: line {line}, column '{tname}': cannot read '{tv}' as a decimal year, \
                 a YYYY-MM-DD date or an RFC 3339 timestamp"
            )
        })?;
        let is_year = |k: TimeKind| k == TimeKind::Year;
        match first_kind {
            None => first_kind = Some((kind, line)),
            Some((k, at)) if is_year(k) != is_year(kind) => {
                let (this, first) = if is_year(kind) {
                    ("a bare year", "dates")
                } else {
                    ("a date", "bare years")
                };
                return Err(format!(
                    "{name}: line {line}, column '{tname}': '{tv}' mixes {this} with the {first} \
                     of line {at}; give every time the same way"
                ));
            }
            _ => {}
        }
        let price = pv
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| {
                format!("{name}: line {line}, column '{pname}': cannot read '{pv}' as a number")
            })?;
        let key = match gc {
            Some(g) => Some(cell(g, &gname)?.to_string()),
            None => None,
        };
        let slot = *index
            .entry(key.clone().unwrap_or_default())
            .or_insert_with(|| {
                out.push(Series {
                    group: key,
                    ..Series::default()
                });
                out.len() - 1
            });
        let s = &mut out[slot];
        s.t.push(tt);
        s.p.push(price);
        s.lines.push(line);
    }
    if out.is_empty() {
        return Err(format!("{name}: no data rows"));
    }
    let dated = first_kind.is_some_and(|(k, _)| k != TimeKind::Year);
    for s in &mut out {
        s.dated = dated;
    }
    Ok(out)
}

/// An error of the library, with the file's line where it names a row.
pub(crate) fn locate(e: &costtrend::FitError, lines: &[usize]) -> String {
    use costtrend::FitError as E;
    let index = match e {
        E::NonFinite { index, .. }
        | E::NonPositivePrice { index, .. }
        | E::NegativePrice { index, .. }
        | E::InvalidWeight { index, .. }
        | E::DuplicateTime { index, .. } => Some(*index),
        _ => None,
    };
    match index.and_then(|i| lines.get(i)) {
        Some(line) => format!("line {line}: {e}"),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Columns {
        Columns::default()
    }

    #[test]
    fn dates_instants_and_years_read_by_the_crates_convention() {
        let (t, k) = parse_time("2024-07-01").unwrap();
        assert_eq!(k, TimeKind::Date);
        assert!((t - (2024.0 + 182.0 / 366.0)).abs() < 1e-12);
        assert_eq!(parse_time("2024-01").unwrap().0, 2024.0);
        let (u, k) = parse_time("2024-07-01T01:00:00+01:00").unwrap();
        assert_eq!(k, TimeKind::Instant);
        assert!((u - t).abs() < 1e-12);
        assert_eq!(parse_time(" 2019.5 ").unwrap(), (2019.5, TimeKind::Year));
        assert_eq!(parse_time("inf"), None);
        assert_eq!(parse_time("2024-13-01"), None);
    }

    #[test]
    fn groups_keep_their_rows_and_first_appearance_order() {
        let text = b"g,t,price\nb,2000,4\na,2000,3\nb,2001,2\n";
        let c = Columns {
            group: Some("g".into()),
            ..cols()
        };
        let s = parse("f.csv", text, &c).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].group.as_deref(), Some("b"));
        assert_eq!(s[0].p, vec![4.0, 2.0]);
        assert_eq!(s[0].lines, vec![2, 4]);
        assert_eq!(s[1].group.as_deref(), Some("a"));
        assert_eq!(s[1].t, vec![2000.0]);
    }

    #[test]
    fn a_bad_cell_names_the_file_line_and_column() {
        let text = b"t,price\n2000,1\n\n2001,x\n";
        let e = parse("f.csv", text, &cols()).unwrap_err();
        assert_eq!(
            e,
            "f.csv: line 4, column 'price': cannot read 'x' as a number"
        );
        let e = parse("f.csv", b"t,price\n2000,1\n2001-01-01,1\n", &cols()).unwrap_err();
        assert!(
            e.starts_with("f.csv: line 3, column 't': '2001-01-01' mixes a date"),
            "{e}"
        );
        let c = Columns {
            group: Some("nope".into()),
            ..cols()
        };
        let e = parse("f.csv", b"t,price\n2000,1\n", &c).unwrap_err();
        assert_eq!(e, "f.csv: no column named 'nope' (columns: t, price)");
    }
}
