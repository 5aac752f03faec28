//! `costtrend plot`: the data, every fitted curve, the forecast fan (or the
//! best trend's bands) and any breaks, as SVG on a log price axis.

use std::path::Path;

use costtrend::DecayModel;
use costtrend::breaks::Breaks;
use costtrend::fit::Fit;
use costtrend::forecast::{Forecast, RandomWalk};
use costtrend::select::Comparison;

use crate::format as fmt;

/// Where a group's plot goes: `OUT-KEY.svg` beside `OUT.svg`, the key's
/// characters other than letters, digits, `-`, `_` and `.` replaced by `_`.
pub(crate) fn path_for_group(output: &Path, key: &str) -> std::path::PathBuf {
    let safe: String = key
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = output
        .file_stem()
        .map_or("plot".into(), |s| s.to_string_lossy().into_owned());
    let ext = output
        .extension()
        .map_or("svg".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}-{safe}.{ext}"))
}

fn last_time(t: &[f64]) -> f64 {
    t.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// Writes the SVG plot: data, every fitted curve, the best model's
/// confidence and prediction bands, on a log price axis.
pub(crate) fn plot(
    path: &Path,
    title: &str,
    (t, p): (&[f64], &[f64]),
    ranked: &Comparison,
    walk: Option<&RandomWalk>,
    breaks: Option<&Breaks>,
    horizon: f64,
) -> Result<(), String> {
    use plotters::prelude::*;

    let best: &Fit = ranked.best().expect("checked by compare");
    let last = last_time(t);
    let (t0, t1) = (
        t.iter().copied().fold(f64::INFINITY, f64::min),
        last_time(t) + horizon,
    );
    let grid: Vec<f64> = (0..=240)
        .map(|i| t0 + (t1 - t0) * f64::from(i) / 240.0)
        .collect();
    let band = |obs: bool| -> Vec<(f64, f64, f64)> {
        grid.iter()
            .filter_map(|&x| {
                let e = if obs {
                    best.predict_observation(x)
                } else {
                    best.predict(x)
                };
                e.interval().map(|i| (x, i.lower(), i.upper()))
            })
            .collect()
    };
    // With a random walk, its forecast fan replaces the trend's bands.
    let fan = |level: f64| -> Vec<(f64, f64, f64)> {
        let Some(w) = walk else { return Vec::new() };
        grid.iter()
            .filter(|&&x| x >= last)
            .filter_map(|&x| {
                w.interval_at(x, level)
                    .ok()
                    .map(|i| (x, i.lower(), i.upper()))
            })
            .collect()
    };
    let (ci, pi) = if walk.is_some() {
        (fan(0.8), fan(0.95))
    } else {
        (band(false), band(true))
    };
    let positive = |v: f64| v.is_finite() && v > 0.0;
    let mut lo = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::INFINITY, f64::min);
    let mut hi = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::NEG_INFINITY, f64::max);
    for &(_, l, h) in &pi {
        if positive(l) {
            lo = lo.min(l);
        }
        if positive(h) {
            hi = hi.max(h);
        }
    }
    if !(positive(lo) && positive(hi)) {
        return Err("nothing positive to plot on a log axis".into());
    }
    // Keep the axis readable when a band runs off to extremes.
    let data_lo = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::INFINITY, f64::min);
    let data_hi = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::NEG_INFINITY, f64::max);
    lo = lo.max(data_lo / 1e3) / 1.5;
    hi = hi.min(data_hi * 1e3) * 1.5;
    let clamp = |v: f64| v.clamp(lo, hi);

    let root = SVGBackend::new(path, (960, 600)).into_drawing_area();
    let err = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d(t0..t1, (lo..hi).log_scale())
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("time (decimal year)")
        .y_desc("price (log scale)")
        .y_label_formatter(&|v| fmt::price(*v))
        .draw()
        .map_err(|e| err(&e))?;
    let area = |rows: &[(f64, f64, f64)]| -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = rows.iter().map(|&(x, _, h)| (x, clamp(h))).collect();
        pts.extend(
            rows.iter()
                .rev()
                .map(|&(x, l, _)| (x, clamp(if positive(l) { l } else { lo }))),
        );
        pts
    };
    let (outer, inner) = if walk.is_some() {
        (
            "95 % forecast interval (random walk)",
            "80 % forecast interval (random walk)",
        )
    } else {
        (
            "95 % prediction interval (best)",
            "95 % confidence band (best)",
        )
    };
    chart
        .draw_series(std::iter::once(Polygon::new(area(&pi), BLUE.mix(0.10))))
        .map_err(|e| err(&e))?
        .label(outer)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLUE.mix(0.10).filled()));
    chart
        .draw_series(std::iter::once(Polygon::new(area(&ci), BLUE.mix(0.25))))
        .map_err(|e| err(&e))?
        .label(inner)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLUE.mix(0.25).filled()));
    if let Some(w) = walk {
        let median: Vec<(f64, f64)> = grid
            .iter()
            .filter(|&&x| x >= last)
            .map(|&x| (x, clamp(w.median_at(x))))
            .collect();
        chart
            .draw_series(LineSeries::new(median, BLUE.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label("median forecast (random walk)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE.stroke_width(2)));
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(last, lo), (last, hi)],
                BLACK.mix(0.6).stroke_width(1),
            )))
            .map_err(|e| err(&e))?
            .label("forecast starts (last observation)")
            .legend(|(x, y)| {
                PathElement::new(vec![(x + 8, y - 6), (x + 8, y + 6)], BLACK.mix(0.6))
            });
    }
    let palette = [RED, GREEN, MAGENTA, CYAN, BLACK];
    for (i, c) in ranked.candidates().iter().enumerate() {
        let Some(f) = c.fit() else { continue };
        let model: DecayModel = f.model();
        let color = palette[i % palette.len()];
        let width = if i == 0 { 3 } else { 1 };
        // Monotone curves leave the axis only at their ends: drop those
        // points rather than drawing them along the edge.
        let line: Vec<(f64, f64)> = grid
            .iter()
            .map(|&x| (x, model.at(x)))
            .filter(|&(_, y)| positive(y) && (lo..=hi).contains(&y))
            .collect();
        let label = if i == 0 {
            format!("{} (best)", c.method())
        } else {
            c.method().to_string()
        };
        chart
            .draw_series(LineSeries::new(line, color.stroke_width(width)))
            .map_err(|e| err(&e))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(width))
            });
    }
    if let Some(b) = breaks {
        // The fitted segments over the data, and a dashed mark at each break.
        let model = b.model();
        let line: Vec<(f64, f64)> = grid
            .iter()
            .filter(|&&x| x <= last)
            .map(|&x| (x, model.at(x)))
            .filter(|&(_, y)| positive(y) && (lo..=hi).contains(&y))
            .collect();
        let orange = RGBColor(230, 120, 0);
        chart
            .draw_series(LineSeries::new(line, orange.stroke_width(3)))
            .map_err(|e| err(&e))?
            .label(format!("{} {} (segments)", b.times().len(), b.kind()))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], orange.stroke_width(3))
            });
        for &bt in b.times() {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(bt, lo), (bt, hi)],
                    4,
                    4,
                    orange.mix(0.7).stroke_width(1),
                ))
                .map_err(|e| err(&e))?;
        }
    }
    chart
        .draw_series(
            t.iter()
                .zip(p)
                .filter(|(_, v)| positive(**v))
                .map(|(&x, &v)| Circle::new((x, clamp(v)), 3, BLACK.filled())),
        )
        .map_err(|e| err(&e))?
        .label("observed")
        .legend(|(x, y)| Rectangle::new([(x + 5, y - 3), (x + 11, y + 3)], BLACK.filled()));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(())
}
