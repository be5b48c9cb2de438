//! Explaining a score: which fields agreed, how strongly, and what each added.

use std::fmt;

use crate::field::{FIELDS, Field, Pattern};
use crate::record::Store;
use crate::score::{Scorer, probability};

/// One field's part in a pair's score.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldEvidence {
    pub field: Field,
    /// The agreement level's name, such as "exact", "typo" or "same_kk".
    pub level: &'static str,
    /// The match weight this level adds, in bits (log2 of m/u); 0 when missing.
    pub weight_bits: f64,
}

/// Why a pair scored as it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The starting weight: how likely two records drawn at random are one person.
    pub prior_bits: f64,
    /// The pair shares a household, so identity fields were weighed against how often
    /// members of one household agree rather than strangers.
    pub within_household: bool,
    pub fields: Vec<FieldEvidence>,
    /// Extra weight for a rare exact name, or less for a common one.
    pub name_frequency_bits: f64,
    /// Less weight for sharing a crowded village (zero or below).
    pub place_frequency_bits: f64,
    pub total_bits: f64,
    pub probability: f64,
}

/// Explains the score of records `a` and `b` with comparison `pattern`.
pub fn explain(
    scorer: &Scorer,
    store: &Store,
    a: usize,
    b: usize,
    pattern: Pattern,
) -> Explanation {
    let fields: Vec<FieldEvidence> = FIELDS
        .iter()
        .map(|&field| {
            let level = pattern.level(field);
            FieldEvidence {
                field,
                level: level_label(store, a, b, field, level),
                weight_bits: scorer.model.field_bits(pattern, field),
            }
        })
        .collect();
    let name_frequency_bits = scorer.pair_name_frequency_bits(pattern, &store.records[a]);
    let place_frequency_bits =
        scorer.pair_place_frequency_bits(pattern, &store.records[a], &store.records[b]);
    let total_bits = scorer.weight_bits(store, a, b, pattern);
    Explanation {
        prior_bits: scorer.model.prior_bits(),
        within_household: crate::em::same_household(pattern),
        fields,
        name_frequency_bits,
        place_frequency_bits,
        total_bits,
        probability: probability(total_bits),
    }
}

/// The level's name. Birth date and birth place are not compared when both NIKs are
/// verified, because the NIKs carry them; that is said rather than shown as missing.
fn level_label(store: &Store, a: usize, b: usize, field: Field, level: usize) -> &'static str {
    let (ra, rb) = (&store.records[a], &store.records[b]);
    let in_nik = matches!(field, Field::BirthDate | Field::BirthPlace)
        && level == 0
        && ra.nik_verified
        && rb.nik_verified;
    let present = match field {
        Field::BirthDate => ra.birth != 0 && rb.birth != 0,
        _ => !store.text(ra.birth_place).is_empty() && !store.text(rb.birth_place).is_empty(),
    };
    if in_nik && present {
        return "counted_in_nik";
    }
    // Living in the same village or regency is not counted again for NIKs a digit apart
    // (`compare::compare`): with both villages known, a missing household level says so.
    if field == Field::Household && level == 0 && ra.village != 0 && rb.village != 0 {
        return "counted_in_nik";
    }
    field.levels().get(level).copied().unwrap_or("missing")
}

impl fmt::Display for Explanation {
    /// One line a reviewer can read: `name=exact(+7.1, name frequency -1.2); nik=…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "prior({:+.1})", self.prior_bits)?;
        if self.within_household {
            f.write_str("; weighed within household")?;
        }
        for evidence in &self.fields {
            write!(
                f,
                "; {}={}({:+.1}",
                evidence.field.label(),
                evidence.level,
                evidence.weight_bits
            )?;
            if evidence.field == Field::Name && self.name_frequency_bits != 0.0 {
                write!(f, ", name frequency {:+.1}", self.name_frequency_bits)?;
            }
            if evidence.field == Field::Household && self.place_frequency_bits != 0.0 {
                write!(f, ", village frequency {:+.1}", self.place_frequency_bits)?;
            }
            f.write_str(")")?;
        }
        write!(f, "; total={:+.1}", self.total_bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PersonFields, parse_person};

    #[test]
    fn dates_carried_by_verified_niks_are_labelled() {
        let mut store = Store::default();
        for nik in ["3201011203850001", "3201011203850001", ""] {
            let row = PersonFields {
                id: "x",
                nik,
                sex: "L",
                birth_date: "1985-03-12",
                ..PersonFields::default()
            };
            store.push(&parse_person(&row));
        }
        assert_eq!(
            level_label(&store, 0, 1, Field::BirthDate, 0),
            "counted_in_nik"
        );
        assert_eq!(level_label(&store, 0, 2, Field::BirthDate, 1), "exact");
        assert_eq!(level_label(&store, 0, 1, Field::BirthPlace, 0), "missing");
        assert_eq!(level_label(&store, 0, 1, Field::Household, 0), "missing");
    }

    #[test]
    fn an_area_carried_by_near_niks_is_labelled() {
        let mut store = Store::default();
        for (nik, village) in [
            ("3201011203850001", "32.01.01.2001"),
            ("3201011203850007", "32.01.01.2002"),
        ] {
            let row = PersonFields {
                id: "x",
                nik,
                sex: "L",
                birth_date: "1985-03-12",
                village_code: village,
                ..PersonFields::default()
            };
            store.push(&parse_person(&row));
        }
        let pattern = crate::compare::compare(&store, 0, 1);
        assert_eq!(pattern.level(Field::Household), 0);
        assert_eq!(
            level_label(&store, 0, 1, Field::Household, 0),
            "counted_in_nik"
        );
    }

    #[test]
    fn display_lists_every_field() {
        let explanation = Explanation {
            prior_bits: -3.0,
            within_household: false,
            fields: FIELDS
                .iter()
                .map(|&field| FieldEvidence {
                    field,
                    level: "exact",
                    weight_bits: 1.0,
                })
                .collect(),
            name_frequency_bits: -1.25,
            place_frequency_bits: -0.5,
            total_bits: 1.25,
            probability: 0.77,
        };
        let text = explanation.to_string();
        assert!(
            text.starts_with("prior(-3.0); name=exact(+1.0, name frequency -1.2)"),
            "{text}"
        );
        assert!(
            text.ends_with("household=exact(+1.0, village frequency -0.5); total=+1.2"),
            "{text}"
        );
    }
}
