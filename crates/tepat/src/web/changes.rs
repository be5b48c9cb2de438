//! Before/after views of changed fields — a record's versions, a change request, an event
//! of the trail — as rows of (field label, before, after) in words people read: labels
//! for coded answers, Indonesian dates and numbers, never raw JSON.

use serde_json::Value;

use super::i18n::{Lang, Tr};
use super::labels;
use super::time::{Zone, show_in};

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub label: String,
    /// Empty when the field was set for the first time.
    pub before: String,
    pub after: String,
}

/// How values are shown: the viewer's language and zone.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    pub lang: Lang,
    pub zone: Zone,
}

impl Shown {
    /// A field's value in words: the label of a coded answer, a date or time as people
    /// read it, Ya/Tidak, grouped numbers; nested values as `label: value` lines.
    pub fn value(self, field: &str, value: &Value) -> String {
        match value {
            Value::Null => String::new(),
            Value::Bool(yes) => {
                let code = if *yes { "ya" } else { "tidak" };
                labels::answer("yes_no", code, self.lang)
            }
            Value::Number(n) => match n.as_i64() {
                Some(whole) if !is_identifier(field) => super::number::whole(whole, self.lang),
                Some(whole) => whole.to_string(),
                None => n.to_string(),
            },
            Value::String(text) => self.text(field, text),
            Value::Array(items) => items
                .iter()
                .map(|item| self.value(field, item))
                .collect::<Vec<_>>()
                .join(", "),
            Value::Object(map) => map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{}: {}", labels::field(k, self.lang), self.value(k, v)))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    fn text(self, field: &str, text: &str) -> String {
        let lang = self.lang;
        match field {
            "role" | "account_role" | "official_role" => labels::answer("role", text, lang),
            "reason" | "basis" | "decision" | "finding" | "channel" | "source" | "category"
            | "method" => {
                labels::code(field, text, lang).unwrap_or_else(|| show_in(text, self.zone, lang))
            }
            "step" | "at_step" | "level" => {
                labels::code("step", text, lang).unwrap_or_else(|| text.to_owned())
            }
            "purpose" => labels::answer("purpose", text, lang),
            "status" => status(text, lang),
            "kind" => {
                let label = Tr::new(lang).t(&format!("change.kind.{text}"));
                if label == "??" {
                    text.to_owned()
                } else {
                    label.to_owned()
                }
            }
            "action" => labels::action(text, lang),
            "subject_type" => labels::subject(text, lang),
            _ if labels::list(field).is_some() => labels::answer(field, text, lang),
            _ => show_in(text, self.zone, lang),
        }
    }

    /// The rows of a `{"field": {"from": …, "to": …}}` object (or `{"to": …}` for a field
    /// set on creation). A nested object (the survey) gives one row per inner field that
    /// differs. Anything else gives no rows.
    pub fn rows(self, changes: &Value) -> Vec<ChangeRow> {
        let Value::Object(fields) = changes else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        for (field, change) in fields {
            let (from, to) = match change {
                Value::Object(c) if c.contains_key("to") || c.contains_key("from") => (
                    c.get("from").unwrap_or(&Value::Null),
                    c.get("to").unwrap_or(&Value::Null),
                ),
                other => (&Value::Null, other),
            };
            if let (Value::Object(_) | Value::Null, Value::Object(inner)) = (from, to) {
                rows.extend(self.nested(field, from, inner));
                continue;
            }
            rows.push(ChangeRow {
                label: labels::field(field, self.lang),
                before: self.value(field, from),
                after: self.value(field, to),
            });
        }
        rows
    }

    fn nested(
        self,
        field: &str,
        from: &Value,
        to: &serde_json::Map<String, Value>,
    ) -> Vec<ChangeRow> {
        let outer = labels::field(field, self.lang);
        to.iter()
            .filter_map(|(key, after)| {
                let before = from.get(key).unwrap_or(&Value::Null);
                (before != after).then(|| ChangeRow {
                    label: format!("{outer}: {}", labels::field(key, self.lang)),
                    before: self.value(key, before),
                    after: self.value(key, after),
                })
            })
            .collect()
    }
}

/// True when some row has a value before the change (else the fields were only set).
pub fn any_before(rows: &[ChangeRow]) -> bool {
    rows.iter().any(|r| !r.before.is_empty())
}

/// Ids and codes that are numbers but no amounts: shown without grouping.
fn is_identifier(field: &str) -> bool {
    field.ends_with("_id") || field.ends_with("_index") || matches!(field, "id" | "rt" | "rw")
}

fn status(text: &str, lang: Lang) -> String {
    for list in ["account_status", "household_status", "life_status"] {
        let label = labels::answer(list, text, lang);
        if label != text {
            return label;
        }
    }
    let key = format!("change.status.{text}");
    match Tr::new(lang).t(&key) {
        "??" => text.to_owned(),
        label => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: Shown = Shown {
        lang: Lang::Id,
        zone: Zone::Wib,
    };

    #[test]
    fn shows_fields_set_on_creation_dates_roles_and_numbers_in_words() {
        let rows = ID.rows(&json!({
            "role": {"to": "village_operator"},
            "locked_until": {"to": "2026-12-03T09:15:12.683Z"},
            "member_count": {"to": 12345},
            "household_id": {"to": 12345},
            "revoked": {"to": true},
        }));
        let after: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.label.as_str(), r.after.as_str()))
            .collect();
        assert!(
            after.contains(&("Dikunci sampai", "3 Des 2026 16:15 WIB")),
            "{after:?}"
        );
        assert!(after.contains(&("Jumlah anggota", "12.345")), "{after:?}");
        assert!(after.contains(&("Keluarga", "12345")), "{after:?}");
        assert!(after.contains(&("Dicabut", "Ya")), "{after:?}");
        assert!(rows.iter().all(|r| r.before.is_empty()));
        assert!(!after.iter().any(|(_, v)| v.contains('_')), "{after:?}");
    }

    #[test]
    fn gives_no_rows_for_anything_but_an_object() {
        assert!(ID.rows(&json!(null)).is_empty());
        assert!(ID.rows(&json!([1, 2])).is_empty());
        assert!(ID.rows(&json!("text")).is_empty());
    }
}
