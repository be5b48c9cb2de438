//! Numbers as people read them: Indonesian separators (`1.234.567`, `91,5%`), English
//! ones in English (`1,234,567`, `91.5%`).

use super::i18n::Lang;

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// A whole number with thousands grouped: `1.234.567`.
pub fn whole(value: i64, lang: Lang) -> String {
    let (group, _) = separators(lang);
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(digit);
    }
    out
}

/// A share (0.915) as a percent with one decimal: `91,5%`.
pub fn percent(share: f64, lang: Lang) -> String {
    let (_, decimal) = separators(lang);
    let tenths = (share * 1000.0).round();
    if !tenths.is_finite() {
        return String::new();
    }
    // Shares are within a few thousand percent; the cast cannot truncate them.
    #[allow(clippy::cast_possible_truncation, reason = "bounded above")]
    let tenths = tenths.clamp(-1e15, 1e15) as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let whole_part = whole((tenths / 10).abs(), lang);
    format!("{sign}{whole_part}{decimal}{}%", (tenths % 10).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_the_indonesian_way() {
        assert_eq!(whole(0, Lang::Id), "0");
        assert_eq!(whole(999, Lang::Id), "999");
        assert_eq!(whole(1_000, Lang::Id), "1.000");
        assert_eq!(whole(1_234_567, Lang::Id), "1.234.567");
        assert_eq!(whole(-1_234_567, Lang::Id), "-1.234.567");
        assert_eq!(whole(1_234_567, Lang::En), "1,234,567");
        assert_eq!(whole(i64::MIN, Lang::Id), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn writes_percents_with_a_decimal_comma() {
        assert_eq!(percent(0.915, Lang::Id), "91,5%");
        assert_eq!(percent(0.915, Lang::En), "91.5%");
        assert_eq!(percent(1.0, Lang::Id), "100,0%");
        assert_eq!(percent(0.0004, Lang::Id), "0,0%");
        assert_eq!(percent(12.3456, Lang::Id), "1.234,6%");
        assert_eq!(percent(-0.05, Lang::Id), "-5,0%");
        assert_eq!(percent(f64::NAN, Lang::Id), "");
    }
}
