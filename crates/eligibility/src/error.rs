//! Errors found while a rule is read and checked: each with its position and a message in
//! Bahasa Indonesia and in English that names the rule broken.

use std::fmt;

use crate::lang::Lang;
use crate::schema::Type;
use crate::{MAX_DEPTH, MAX_SOURCE_CHARS};

/// Where something stands in the rule's source: 1-based line and column (columns count
/// characters, not bytes) and the byte range, for highlighting.
///
/// Two spans always compare equal: a rule's meaning does not depend on where it was
/// written, so `parse(print(rule)) == rule` holds although the positions move.
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub start: usize,
    pub end: usize,
}

impl PartialEq for Span {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Span {}

/// One error in a rule, at a position.
#[derive(Debug, Clone)]
pub struct Error {
    pub span: Span,
    pub kind: ErrorKind,
}

/// Unlike spans alone, two errors are equal only at the same position.
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.span, other.span);
        (a.line, a.column, a.start, a.end) == (b.line, b.column, b.start, b.end)
            && self.kind == other.kind
    }
}

/// What went wrong. [`ErrorKind::code`] is a stable name for programs (problem
/// documents); [`Error::message`] is the text for people.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    TooLong,
    TooDeep,
    Empty,
    UnexpectedCharacter(char),
    UnterminatedText,
    BadEscape(char),
    ThousandsSeparator,
    NumberTooLarge,
    Unexpected {
        found: String,
        expected: Expected,
    },
    UnknownAttribute {
        name: String,
        suggestion: Option<String>,
    },
    UnknownFunction(String),
    MemberOutsideQuantifier(String),
    NestedQuantifier,
    NotBoolean {
        context: BooleanContext,
        found: Type,
    },
    TypeMismatch {
        left: Type,
        right: Type,
    },
    BooleanOrdered,
    UnknownProgramme {
        code: String,
        known: Vec<String>,
    },
    BadRegionCode(String),
}

/// What the parser was looking for when it found something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Value,
    ClosingParenthesis,
    ClosingBracket,
    OpeningParenthesis,
    Comma,
    Member,
    Text,
    Literal,
    Operator,
    Number,
}

/// Where a true/false value was required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BooleanContext {
    Rule,
    Operand,
    Condition,
}

impl ErrorKind {
    /// A stable, language-neutral name of the rule broken, e.g. `unknown-attribute`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLong => "too-long",
            Self::TooDeep => "too-deep",
            Self::Empty => "empty",
            Self::UnexpectedCharacter(_) => "unexpected-character",
            Self::UnterminatedText => "unterminated-text",
            Self::BadEscape(_) => "bad-escape",
            Self::ThousandsSeparator => "thousands-separator",
            Self::NumberTooLarge => "number-too-large",
            Self::Unexpected { .. } => "unexpected",
            Self::UnknownAttribute { .. } => "unknown-attribute",
            Self::UnknownFunction(_) => "unknown-function",
            Self::MemberOutsideQuantifier(_) => "member-outside-quantifier",
            Self::NestedQuantifier => "nested-quantifier",
            Self::NotBoolean { .. } => "not-boolean",
            Self::TypeMismatch { .. } => "type-mismatch",
            Self::BooleanOrdered => "boolean-ordered",
            Self::UnknownProgramme { .. } => "unknown-programme",
            Self::BadRegionCode(_) => "bad-region-code",
        }
    }
}

impl Error {
    pub(crate) fn new(span: Span, kind: ErrorKind) -> Self {
        Self { span, kind }
    }

    pub fn line(&self) -> u32 {
        self.span.line
    }

    pub fn column(&self) -> u32 {
        self.span.column
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The message without its position, in the language asked for.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Id => message_id(&self.kind),
            Lang::En => message_en(&self.kind),
        }
    }

    /// The message with its position first: `baris 1, kolom 7: …` / `line 1, column 7: …`.
    pub fn describe(&self, lang: Lang) -> String {
        let (line, column) = match lang {
            Lang::Id => ("baris", "kolom"),
            Lang::En => ("line", "column"),
        };
        let (l, c) = (self.span.line, self.span.column);
        format!("{line} {l}, {column} {c}: {}", self.message(lang))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for Error {}

/// Every error found in a rule, in source order; never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Errors(pub(crate) Vec<Error>);

impl Errors {
    pub fn as_slice(&self) -> &[Error] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<Error> {
        self.0
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(Error::to_string).collect();
        f.write_str(&lines.join("; "))
    }
}

impl std::error::Error for Errors {}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

fn message_id(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::TooLong => format!(
            "aturan lebih panjang dari {} karakter",
            crate::words::number_id(MAX_SOURCE_CHARS as f64)
        ),
        ErrorKind::TooDeep => {
            format!("aturan bersarang lebih dalam dari {MAX_DEPTH} tingkat (kurung, not, fungsi)")
        }
        ErrorKind::Empty => "aturan kosong: tulis sebuah syarat, misalnya desil <= 4".into(),
        ErrorKind::UnexpectedCharacter(c) => format!("karakter {c:?} tidak dikenal di sini"),
        ErrorKind::UnterminatedText => "teks tidak ditutup dengan tanda petik \"".into(),
        ErrorKind::BadEscape(c) => {
            format!("urutan \\{c} tidak dikenal dalam teks; yang boleh hanya \\\" dan \\\\")
        }
        ErrorKind::ThousandsSeparator => "tulis angka tanpa pemisah ribuan (1500000, bukan \
             1.500.000); tanda desimal adalah titik (2.5)"
            .into(),
        ErrorKind::NumberTooLarge => "angka terlalu besar".into(),
        ErrorKind::Unexpected { found, expected } => {
            let found = found_in(found, "akhir aturan");
            format!(
                "di sini diharapkan {}, tetapi tertulis {found}",
                expected_id(*expected)
            )
        }
        ErrorKind::UnknownAttribute { name, suggestion } => match suggestion {
            Some(s) => format!("atribut \"{name}\" tidak dikenal; maksudnya \"{s}\"?"),
            None => format!("atribut \"{name}\" tidak dikenal"),
        },
        ErrorKind::UnknownFunction(name) => format!(
            "fungsi \"{name}\" tidak dikenal; yang ada: any, all, count, in_region, enrolled"
        ),
        ErrorKind::MemberOutsideQuantifier(name) => format!(
            "\"{name}\" adalah atribut anggota keluarga: pakai di dalam any(member, …), \
             all(member, …) atau count(member, …)"
        ),
        ErrorKind::NestedQuantifier => {
            "any, all dan count tidak boleh berada di dalam any, all atau count lain".into()
        }
        ErrorKind::NotBoolean { context, found } => format!(
            "{} harus bernilai benar/salah, tetapi ini bernilai {}",
            match context {
                BooleanContext::Rule => "aturan",
                BooleanContext::Operand => "operand and/or/not",
                BooleanContext::Condition => "syarat di dalam any/all/count",
            },
            found.label(Lang::Id)
        ),
        ErrorKind::TypeMismatch { left, right } => format!(
            "{} tidak dapat dibandingkan dengan {}",
            left.label(Lang::Id),
            right.label(Lang::Id)
        ),
        ErrorKind::BooleanOrdered => {
            "nilai benar/salah hanya dapat dibandingkan dengan = atau !=".into()
        }
        ErrorKind::UnknownProgramme { code, known } => format!(
            "program \"{code}\" tidak dikenal; yang ada: {}",
            known.join(", ")
        ),
        ErrorKind::BadRegionCode(code) => format!(
            "kode wilayah \"{code}\" tidak sesuai format: 2 angka, lalu .2, .2 dan .4 angka \
             (contoh 31, 31.75, 31.75.07, 31.75.07.1003)"
        ),
    }
}

fn message_en(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::TooLong => format!("the rule is longer than {MAX_SOURCE_CHARS} characters"),
        ErrorKind::TooDeep => {
            format!("the rule nests deeper than {MAX_DEPTH} levels (parentheses, not, functions)")
        }
        ErrorKind::Empty => "the rule is empty: write a condition, e.g. desil <= 4".into(),
        ErrorKind::UnexpectedCharacter(c) => format!("unexpected character {c:?}"),
        ErrorKind::UnterminatedText => "text is not closed with a double quote \"".into(),
        ErrorKind::BadEscape(c) => {
            format!("unknown escape \\{c} in text; only \\\" and \\\\ are allowed")
        }
        ErrorKind::ThousandsSeparator => "write numbers without thousands separators \
             (1500000, not 1.500.000); the decimal mark is a point (2.5)"
            .into(),
        ErrorKind::NumberTooLarge => "the number is too large".into(),
        ErrorKind::Unexpected { found, expected } => {
            let found = found_in(found, "the end of the rule");
            format!("expected {} here, found {found}", expected_en(*expected))
        }
        ErrorKind::UnknownAttribute { name, suggestion } => match suggestion {
            Some(s) => format!("unknown attribute \"{name}\"; did you mean \"{s}\"?"),
            None => format!("unknown attribute \"{name}\""),
        },
        ErrorKind::UnknownFunction(name) => {
            format!("unknown function \"{name}\"; known: any, all, count, in_region, enrolled")
        }
        ErrorKind::MemberOutsideQuantifier(name) => format!(
            "\"{name}\" is a household member's attribute: use it inside any(member, …), \
             all(member, …) or count(member, …)"
        ),
        ErrorKind::NestedQuantifier => "any, all and count cannot be nested in one another".into(),
        ErrorKind::NotBoolean { context, found } => format!(
            "{} must be true or false, but this is {}",
            match context {
                BooleanContext::Rule => "the rule",
                BooleanContext::Operand => "an operand of and/or/not",
                BooleanContext::Condition => "the condition of any/all/count",
            },
            type_en(*found)
        ),
        ErrorKind::TypeMismatch { left, right } => format!(
            "{} cannot be compared with {}",
            type_en(*left),
            type_en(*right)
        ),
        ErrorKind::BooleanOrdered => "true/false values can only be compared with = or !=".into(),
        ErrorKind::UnknownProgramme { code, known } => {
            format!("unknown programme \"{code}\"; known: {}", known.join(", "))
        }
        ErrorKind::BadRegionCode(code) => format!(
            "region code \"{code}\" is malformed: 2 digits, then .2, .2 and .4 digits \
             (e.g. 31, 31.75, 31.75.07, 31.75.07.1003)"
        ),
    }
}

/// A type as English names it in a sentence.
fn type_en(kind: Type) -> &'static str {
    match kind {
        Type::Number => "a number",
        Type::Text => "text",
        Type::Boolean => "a true/false value",
    }
}

/// The text found where something else was expected; empty at the end of the rule.
fn found_in(found: &str, end: &str) -> String {
    if found.is_empty() {
        end.to_owned()
    } else if found.starts_with('"') {
        found.to_owned()
    } else {
        format!("\"{found}\"")
    }
}

fn expected_id(expected: Expected) -> &'static str {
    match expected {
        Expected::Value => "sebuah nilai (atribut, angka, teks, fungsi atau kurung)",
        Expected::ClosingParenthesis => "kurung tutup )",
        Expected::ClosingBracket => "kurung siku tutup ]",
        Expected::OpeningParenthesis => "kurung buka (",
        Expected::Comma => "koma ,",
        Expected::Member => "kata member",
        Expected::Text => "teks dalam tanda petik, misalnya \"31.75\"",
        Expected::Literal => "angka, teks atau true/false",
        Expected::Operator => "and, or, tanda pembanding atau akhir aturan",
        Expected::Number => "angka",
    }
}

fn expected_en(expected: Expected) -> &'static str {
    match expected {
        Expected::Value => "a value (attribute, number, text, function or parenthesis)",
        Expected::ClosingParenthesis => "a closing parenthesis )",
        Expected::ClosingBracket => "a closing bracket ]",
        Expected::OpeningParenthesis => "an opening parenthesis (",
        Expected::Comma => "a comma ,",
        Expected::Member => "the word member",
        Expected::Text => "quoted text, e.g. \"31.75\"",
        Expected::Literal => "a number, text or true/false",
        Expected::Operator => "and, or, a comparison or the end of the rule",
        Expected::Number => "a number",
    }
}
