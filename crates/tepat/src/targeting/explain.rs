//! A model's weights in words, largest first, with the attribute and answer labels the
//! household page uses: what a calibration found and what a published version holds.

use super::attributes::{ATTRIBUTES, Kind, Value, value_label};
use super::model::{Weight, Weights};
use crate::web::i18n::Lang;

/// One weight in words.
#[derive(Debug, Clone)]
pub struct WeightLine {
    pub attribute: String,
    /// The answer it applies to, or the unit for counts and sizes.
    pub answer: String,
    pub points: f64,
}

/// Every weight of `weights` but the zero ones (the reference answers), largest in size
/// first.
pub fn weight_lines(weights: &Weights, lang: Lang) -> Vec<WeightLine> {
    let mut lines = Vec::new();
    for (attribute, weight) in ATTRIBUTES.iter().zip(&weights.weights) {
        let mut push = |answer: String, points: f64| {
            if points != 0.0 {
                lines.push(WeightLine {
                    attribute: attribute.name(lang),
                    answer,
                    points,
                });
            }
        };
        match (weight, attribute.kind) {
            (Weight::One(w), Kind::YesNo) => push(lang.pick("ya", "yes"), *w),
            (Weight::One(w), _) => push(lang.pick("setiap 1", "each 1"), *w),
            (Weight::PerChoice(ws), Kind::Choice(_)) => {
                for (i, w) in ws.iter().enumerate() {
                    push(value_label(attribute, Value::Choice(i), lang), *w);
                }
            }
            (Weight::PerChoice(_), _) => {}
        }
    }
    lines.sort_by(|a, b| b.points.abs().total_cmp(&a.points.abs()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targeting::model::Model;

    #[test]
    fn the_shipped_weights_read_largest_first_in_words() {
        let model = Model::shipped().expect("shipped model");
        let lines = weight_lines(&model.base, Lang::Id);
        assert!(!lines.is_empty());
        assert!(
            lines
                .windows(2)
                .all(|w| w[0].points.abs() >= w[1].points.abs())
        );
        assert!(lines.iter().all(|l| l.points != 0.0));
        assert!(
            lines
                .iter()
                .any(|l| l.attribute == "Jenis lantai" && l.answer == "keramik"),
            "{lines:?}"
        );
    }
}
