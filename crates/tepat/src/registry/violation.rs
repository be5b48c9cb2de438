//! `Violation`: one broken rule on one field, in both languages, as an error that refuses
//! the record or a warning an operator must confirm.

use crate::sheets::Finding;
use crate::web::i18n::{Lang, Localized};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    /// Stored only when the operator confirms (for example a NIK issued in a district
    /// that has since been split and renumbered).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field or spreadsheet column (`nik`, `birth_date`, `village_code` …).
    pub field: &'static str,
    /// A short rule name (`nik-birth-date`, `required`, `one-head` …).
    pub rule: &'static str,
    pub message: String,
    pub message_id: String,
    pub severity: Severity,
}

impl Violation {
    pub fn new(field: &'static str, rule: &'static str, en: String, id: String) -> Self {
        Self {
            field,
            rule,
            message: en,
            message_id: id,
            severity: Severity::Error,
        }
    }

    pub fn localized(field: &'static str, rule: &'static str, err: &impl Localized) -> Self {
        Self::new(
            field,
            rule,
            err.localized(Lang::En),
            err.localized(Lang::Id),
        )
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn required(field: &'static str) -> Self {
        Self::new(
            field,
            "required",
            "is required".into(),
            "wajib diisi".into(),
        )
    }

    pub fn too_long(field: &'static str, max: usize) -> Self {
        Self::new(
            field,
            "length",
            format!("is longer than {max} characters"),
            format!("lebih dari {max} karakter"),
        )
    }

    pub fn range(field: &'static str, text: &str, max: u32) -> Self {
        let text: String = text.trim().chars().take(20).collect();
        Self::new(
            field,
            "range",
            format!("{text:?} must be a whole number from 0 to {max}"),
            format!("\"{text}\" harus bilangan bulat 0 sampai {max}"),
        )
    }

    pub fn choice(field: &'static str, text: &str, allowed: &str) -> Self {
        let text: String = text.trim().chars().take(40).collect();
        Self::new(
            field,
            "choice",
            format!("{text:?} is not one of: {allowed}"),
            format!("\"{text}\" tidak termasuk pilihan: {allowed}"),
        )
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// This violation as a line of a row report.
    pub fn finding(&self) -> Finding<'_> {
        Finding {
            column: self.field,
            rule: self.rule,
            message_en: &self.message,
            message_id: &self.message_id,
            warning: !self.is_error(),
        }
    }

    /// The message alone, in `lang`.
    pub fn message_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.message_id,
            Lang::En => &self.message,
        }
    }

    /// "NIK: tanggal lahir pada NIK …": the field's name, then the message.
    pub fn detail(&self, lang: Lang) -> String {
        format!(
            "{}: {}",
            field_label(self.field, lang),
            self.message_in(lang)
        )
    }
}

/// How a field is named in messages.
pub fn field_label(field: &str, lang: Lang) -> &str {
    match (field, lang) {
        ("nik", _) => "NIK",
        ("kk", _) => "KK",
        ("name", Lang::Id) => "Nama",
        ("birth_date", Lang::Id) => "Tanggal lahir",
        ("birth_place", Lang::Id) => "Tempat lahir",
        ("sex", Lang::Id) => "Jenis kelamin",
        ("relationship", Lang::Id) => "Hubungan keluarga",
        ("village_code", Lang::Id) => "Kode desa/kelurahan",
        ("address", Lang::Id) => "Alamat",
        ("phone", Lang::Id) => "Telepon",
        (other, _) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_names_the_field_first() {
        let v = Violation::new("nik", "x", "bad".into(), "salah".into());
        assert_eq!(v.detail(Lang::Id), "NIK: salah");
        assert_eq!(v.detail(Lang::En), "NIK: bad");
        assert!(v.is_error());
        assert!(!v.warning().is_error());
        assert_eq!(
            Violation::required("name").detail(Lang::Id),
            "Nama: wajib diisi"
        );
    }
}
