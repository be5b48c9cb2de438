//! A line's plan against realisation as a server-rendered SVG: per WIB month, the plan in
//! force (a grey bar) and, beside it, what had been committed and paid by then (cumulative),
//! so a phone shows at a glance how far the money got.

use super::report::Month;

const WIDTH: i64 = 320;
const HEIGHT: i64 = 140;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

/// `YYYY-MM` as people read it: `Mei 2027`.
pub fn month_label(month: &str) -> String {
    let (year, number) = month.split_once('-').unwrap_or((month, "1"));
    let index = number.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {year}", MONTHS[index])
}

fn height(value: i64, max: i64) -> i64 {
    if max <= 0 {
        0
    } else {
        i64::try_from(i128::from(value) * i128::from(HEIGHT) / i128::from(max)).unwrap_or(HEIGHT)
    }
}

/// The SVG of `months`; `label` names it for screen readers.
pub fn svg(months: &[Month], label: &str) -> String {
    let mut committed = 0;
    let mut paid = 0;
    let cumulative: Vec<(String, i64, i64, i64)> = months
        .iter()
        .map(|m| {
            committed += m.committed;
            paid += m.paid;
            (month_label(&m.month), m.plan, committed, paid)
        })
        .collect();
    let max = cumulative
        .iter()
        .map(|(_, plan, c, p)| *plan.max(c).max(p))
        .max()
        .unwrap_or(0);
    let slots = i64::try_from(cumulative.len().max(1)).unwrap_or(1);
    let slot = WIDTH / slots;
    let bar = (slot / 3).max(2);
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" aria-label=\"{}\">",
        HEIGHT + 20,
        escape(label)
    );
    for (i, (month, plan, committed, paid)) in cumulative.iter().enumerate() {
        let x = i64::try_from(i).unwrap_or(0) * slot;
        for (offset, value, class) in [
            (0, *plan, "plan"),
            (bar, *committed, "committed"),
            (2 * bar, *paid, "paid"),
        ] {
            let h = height(value, max);
            out.push_str(&format!(
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{bar}\" height=\"{h}\"><title>{}</title></rect>",
                x + offset,
                HEIGHT - h,
                escape(&format!("{month}: {}", crate::budgets::model::rupiah(value)))
            ));
        }
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\" font-size=\"10\">{}</text>",
            HEIGHT + 14,
            escape(month)
        ));
    }
    out.push_str("</svg>");
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_in_bahasa_and_bars_scale_to_the_plan() {
        assert_eq!(month_label("2027-05"), "Mei 2027");
        let months = [Month {
            month: "2027-01".into(),
            plan: 100,
            committed: 50,
            paid: 25,
            ..Month::default()
        }];
        let svg = svg(&months, "PKH <2027>");
        assert!(svg.contains("height=\"140\""), "{svg}");
        assert!(svg.contains("height=\"70\""), "{svg}");
        assert!(svg.contains("height=\"35\""), "{svg}");
        assert!(svg.contains("PKH &lt;2027&gt;"));
    }
}
