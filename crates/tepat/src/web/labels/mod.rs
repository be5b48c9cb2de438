//! A label for every code a page shows — actions, record kinds, field names and the
//! answers of the closed lists — in Bahasa Indonesia, and in English for English readers.
//! Codes stay in the store, the API and spreadsheets; pages show these words.

use super::i18n::{Lang, Tr};
use crate::auth::Role;

mod actions;
mod rules;
mod tables;

use actions::{ACTIONS, SUBJECTS};
use rules::RULES;
use tables::{CODES, FIELDS};

fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// Lower-case words from a code (`evidence_files` → `evidence files`), for a code no
/// table names yet: better words than a code.
fn words(code: &str) -> String {
    let text = code.replace(['_', '.'], " ");
    let mut chars = text.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The label of a code of one of the shared tables (`reason`, `basis`, `decision`, `step`),
/// if it is one.
pub fn code(list: &str, value: &str, lang: Lang) -> Option<String> {
    CODES
        .iter()
        .find(|(l, c, _, _)| *l == list && *c == value)
        .map(|(_, _, id, en)| pick(lang, id, en).to_owned())
}

/// The label of one answer of a closed list (`water_source`, `sumur_tak_terlindung`),
/// read through the list's parser so accepted spellings (`laki-laki`) get their label
/// too. A value outside the list is returned as it is: it is the person's own text.
pub fn answer(list: &str, value: &str, lang: Lang) -> String {
    if list == "role" {
        return Role::parse(value).map_or_else(|_| words(value), |r| r.label(lang).to_owned());
    }
    if let Some(label) = LISTS.get().and_then(|l| l.own_label(list, value, lang)) {
        return label;
    }
    let code = canonical(list, value).unwrap_or(value);
    CODES
        .iter()
        .find(|(l, c, _, _)| *l == list && *c == code)
        .map_or_else(
            || value.to_owned(),
            |(_, _, id, en)| pick(lang, id, en).to_owned(),
        )
}

/// The label of an event action (`duplicate_pair.decided`).
pub fn action(code: &str, lang: Lang) -> String {
    ACTIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| words(code), |(_, id, en)| pick(lang, id, en).to_owned())
}

/// The label of a rule a report names (`family-rejected`); a rule without an entry reads
/// as "breaks a rule", never as its code.
pub fn rule(code: &str, lang: Lang) -> String {
    RULES.iter().find(|(c, _, _)| *c == code).map_or_else(
        || pick(lang, "Tidak sesuai aturan", "Breaks a rule").to_owned(),
        |(_, id, en)| pick(lang, id, en).to_owned(),
    )
}

/// The label of a record kind (`household`).
pub fn subject(code: &str, lang: Lang) -> String {
    SUBJECTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| words(code), |(_, id, en)| pick(lang, id, en).to_owned())
}

/// The label of a field as a request or a record names it: `birth_place`,
/// `survey.water_source`, `members[0].nik` (→ `Anggota 1: NIK`).
pub fn field(name: &str, lang: Lang) -> String {
    if let Some((member, rest)) = member_field(name) {
        let prefix = pick(lang, "Anggota", "Member");
        return format!("{prefix} {member}: {}", field(rest, lang));
    }
    let bare = name.strip_prefix("survey.").unwrap_or(name);
    if let Some(text) = Tr::new(lang).find(&format!("survey.{bare}")) {
        return text.to_owned();
    }
    FIELDS
        .iter()
        .find(|(c, _, _)| *c == bare)
        .map_or_else(|| words(bare), |(_, id, en)| pick(lang, id, en).to_owned())
}

/// `members[2].nik` or `members-2-nik` → (3, `nik`).
fn member_field(name: &str) -> Option<(usize, &str)> {
    let rest = name
        .strip_prefix("members[")
        .or_else(|| name.strip_prefix("members-"))?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    let index: usize = rest.get(..end)?.parse().ok()?;
    let field = rest.get(end..)?.trim_start_matches([']', '.', '-']);
    (!field.is_empty()).then_some((index + 1, field))
}

/// The closed lists a feature owns (the registry's code lists): which codes a list has,
/// the code an accepted spelling stands for, and labels the feature keeps itself. The
/// floor knows no feature, so the wiring registers them once at start-up (`register`).
pub trait ClosedLists: Send + Sync {
    /// The codes of the list `name`, in its order; `None` for a field without a list.
    fn list(&self, name: &str) -> Option<Vec<&'static str>>;
    /// The canonical code of `value` in the list `name` (`laki-laki` → `L`).
    fn canonical(&self, name: &str, value: &str) -> Option<&'static str>;
    /// A label the feature keeps with its own list (reasons for opening a record).
    fn own_label(&self, list: &str, value: &str, lang: Lang) -> Option<String>;
}

static LISTS: std::sync::OnceLock<&'static dyn ClosedLists> = std::sync::OnceLock::new();

/// Registers the closed lists; later calls keep the first.
pub fn register(lists: &'static dyn ClosedLists) {
    let _ = LISTS.set(lists);
}

/// The codes of the closed list `name`; `None` when it has none or none is registered.
pub fn list(name: &str) -> Option<Vec<&'static str>> {
    LISTS.get().and_then(|lists| lists.list(name))
}

/// The canonical code of a value of a closed list (`laki-laki` → `L`), if it is one.
pub fn canonical(name: &str, value: &str) -> Option<&'static str> {
    LISTS.get().and_then(|lists| lists.canonical(name, value))
}

/// One choice of a select or a group of radios.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// The choices of the closed list `name`, the one `current` names selected; empty for a
/// field without a list.
pub fn choices(name: &str, current: &str, lang: Lang) -> Vec<Choice> {
    let chosen = canonical(name, current);
    let label_list = if name.starts_with("owns_") || name == "has_savings" {
        "yes_no"
    } else {
        name
    };
    list(name)
        .unwrap_or_default()
        .into_iter()
        .map(|code| Choice {
            value: code,
            label: answer(label_list, code, lang),
            selected: Some(code) == chosen,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_actions_records_and_fields_in_words() {
        assert_eq!(
            action("duplicate_pair.decided", Lang::Id),
            "Pasangan ganda diputuskan"
        );
        assert_eq!(action("something.new", Lang::Id), "Something new");
        assert_eq!(subject("household", Lang::En), "Household");
        assert_eq!(field("birth_place", Lang::Id), "Tempat lahir");
        assert_eq!(field("members[0].nik", Lang::Id), "Anggota 1: NIK");
        assert_eq!(field("members-2-sex", Lang::En), "Member 3: Sex");
        assert_eq!(
            field("survey.water_source", Lang::Id),
            Tr::new(Lang::Id).t("survey.water_source")
        );
        assert_eq!(field("members[x].nik", Lang::Id), "Members[x] nik");
        assert_eq!(rule("family-rejected", Lang::Id), "Keluarga ditolak");
        assert_eq!(rule("some-new-rule", Lang::Id), "Tidak sesuai aturan");
    }

    #[test]
    fn every_action_a_feature_writes_has_a_label() {
        for (code, id, en) in ACTIONS {
            assert!(code.contains('.'), "{code}");
            assert!(!id.contains('_') && !en.contains('_'), "{code}");
        }
    }
}
