//! Reading a bank's payment status report, `pain.002.001.03` or `pain.002.001.12`, as a
//! stream. A document type declaration is refused outright, so no external entity is
//! fetched and no entity is expanded (a "billion laughs" file is refused at its first
//! line); only XML's five predefined entities and character references are read. A file
//! that ends before its root element closes is refused as truncated.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;

pub const V03: &str = "pain.002.001.03";
pub const V12: &str = "pain.002.001.12";
const NAMESPACE_PREFIX: &str = "urn:iso:std:iso:20022:tech:xsd:";

/// A status report as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// `pain.002.001.03` or `pain.002.001.12`.
    pub version: &'static str,
    pub message_id: String,
    /// The `pain.001` message it answers.
    pub original_message_id: String,
    pub lines: Vec<StatusLine>,
}

/// One payment's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub end_to_end_id: String,
    /// `ACSC`, `RJCT`, `PDNG`, …
    pub status: String,
    /// The reason code of a rejection.
    pub reason: Option<String>,
    /// The amount the bank read, as written.
    pub amount: Option<String>,
}

/// Why a file cannot be read, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error(
        "the file declares a document type (external entities and entity expansion are refused)"
    )]
    DocumentType,
    #[error("the file refers to an entity {0:?}; only XML's predefined entities are read")]
    Entity(String),
    #[error("the file is not well-formed XML: {0}")]
    Malformed(String),
    #[error("the file ends before its document does: truncated")]
    Truncated,
    #[error("the file is not a pain.002.001.03 or pain.002.001.12 status report")]
    NotAStatusReport,
    #[error("the file lacks {0}")]
    Missing(&'static str),
}

impl Unreadable {
    pub fn indonesian(&self) -> String {
        match self {
            Self::DocumentType => "berkas memuat deklarasi tipe dokumen (DOCTYPE); entitas \
                                   eksternal dan perluasan entitas ditolak"
                .to_owned(),
            Self::Entity(name) => {
                format!("berkas merujuk entitas \"{name}\"; hanya entitas baku XML yang dibaca")
            }
            Self::Malformed(why) => format!("berkas bukan XML yang sah: {why}"),
            Self::Truncated => "berkas terpotong: berakhir sebelum dokumennya selesai".to_owned(),
            Self::NotAStatusReport => {
                "berkas bukan laporan status pembayaran pain.002.001.03 atau pain.002.001.12"
                    .to_owned()
            }
            Self::Missing(what) => format!("berkas tidak memuat {what}"),
        }
    }
}

/// Reads a status report.
pub fn read<R: BufRead>(input: R) -> Result<Report, Unreadable> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut state = State::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| Unreadable::Malformed(e.to_string()))?;
        match event {
            Event::DocType(_) => return Err(Unreadable::DocumentType),
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_owned();
                if path.is_empty() {
                    state.version = Some(version(&start)?);
                }
                if name == "TxInfAndSts" {
                    state.line = Some(StatusLine::default_line());
                }
                path.push(name);
                state.text.clear();
            }
            Event::Empty(_) => {}
            Event::Text(text) => state.text.push_str(&text.xml10_content()),
            Event::CData(data) => state.text.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => match reference.resolve_char_ref() {
                Ok(Some(c)) => state.text.push(c),
                _ => match quick_xml::escape::resolve_predefined_entity(&reference) {
                    Some(text) => state.text.push_str(text),
                    None => return Err(Unreadable::Entity(reference.to_string())),
                },
            },
            Event::End(_) => {
                state.close(&path);
                path.pop();
                state.text.clear();
                if path.is_empty() {
                    return state.finish();
                }
            }
            Event::Eof => return Err(Unreadable::Truncated),
            _ => {}
        }
        buf.clear();
    }
}

fn version(root: &quick_xml::events::BytesStart<'_>) -> Result<&'static str, Unreadable> {
    if root.local_name().as_ref() != "Document" {
        return Err(Unreadable::NotAStatusReport);
    }
    for attribute in root.attributes().flatten() {
        if attribute.key.as_ref() == "xmlns" {
            let value = attribute.value.to_string();
            return match value.strip_prefix(NAMESPACE_PREFIX) {
                Some(V03) => Ok(V03),
                Some(V12) => Ok(V12),
                _ => Err(Unreadable::NotAStatusReport),
            };
        }
    }
    Err(Unreadable::NotAStatusReport)
}

impl StatusLine {
    fn default_line() -> Self {
        Self {
            end_to_end_id: String::new(),
            status: String::new(),
            reason: None,
            amount: None,
        }
    }
}

#[derive(Default)]
struct State {
    version: Option<&'static str>,
    message_id: Option<String>,
    original_message_id: Option<String>,
    line: Option<StatusLine>,
    lines: Vec<StatusLine>,
    text: String,
}

impl State {
    /// An element closes: keep its text where the path says it belongs.
    fn close(&mut self, path: &[String]) {
        let ends = |tail: &[&str]| {
            path.len() >= tail.len() && path[path.len() - tail.len()..].iter().eq(tail.iter())
        };
        let text = self.text.trim().to_owned();
        if ends(&["CstmrPmtStsRpt", "GrpHdr", "MsgId"]) {
            self.message_id = Some(text);
        } else if ends(&["OrgnlGrpInfAndSts", "OrgnlMsgId"]) {
            self.original_message_id = Some(text);
        } else if let Some(line) = self.line.as_mut() {
            if ends(&["TxInfAndSts", "OrgnlEndToEndId"]) {
                line.end_to_end_id = text;
            } else if ends(&["TxInfAndSts", "TxSts"]) {
                line.status = text;
            } else if ends(&["StsRsnInf", "Rsn", "Cd"]) && line.reason.is_none() {
                line.reason = Some(text);
            } else if ends(&["OrgnlTxRef", "Amt", "InstdAmt"]) {
                line.amount = Some(text);
            } else if ends(&["TxInfAndSts"]) {
                let line = self.line.take().unwrap_or_else(StatusLine::default_line);
                self.lines.push(line);
            }
        }
    }

    fn finish(self) -> Result<Report, Unreadable> {
        Ok(Report {
            version: self.version.ok_or(Unreadable::NotAStatusReport)?,
            message_id: self.message_id.ok_or(Unreadable::Missing("GrpHdr/MsgId"))?,
            original_message_id: self
                .original_message_id
                .ok_or(Unreadable::Missing("OrgnlGrpInfAndSts/OrgnlMsgId"))?,
            lines: self.lines,
        })
    }
}

#[cfg(test)]
mod tests;
