//! The row report: one line per finding, `row,column,rule,message`, with row numbers as a
//! spreadsheet shows them (the header is row 1). Lines stream to the report file as they
//! are found, so a file with many findings does not grow memory.

use std::io::Write;

use crate::web::i18n::Lang;

/// Lines kept in memory to print after the summary; the rest go only to the file.
pub const LINES_SHOWN_MAX: usize = 20;

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub row: u64,
    pub column: String,
    pub rule: String,
    pub message: String,
}

/// A broken rule as a feature found it, in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Finding<'a> {
    pub column: &'a str,
    pub rule: &'a str,
    pub message_en: &'a str,
    pub message_id: &'a str,
    /// A warning is reported but does not refuse the row by itself.
    pub warning: bool,
}

/// Writes report lines in one language and counts errors and warnings.
pub struct Report {
    writer: Option<csv::Writer<Box<dyn Write + Send>>>,
    lang: Lang,
    pub shown: Vec<ReportLine>,
    pub errors: u64,
    pub warnings: u64,
}

impl Report {
    /// A report written to `out` (with its header line), or only counted when `None`.
    pub fn new(out: Option<Box<dyn Write + Send>>, lang: Lang) -> std::io::Result<Self> {
        let writer = match out {
            Some(out) => {
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(["row", "column", "rule", "message"])?;
                Some(writer)
            }
            None => None,
        };
        Ok(Self {
            writer,
            lang,
            shown: Vec::new(),
            errors: 0,
            warnings: 0,
        })
    }

    /// Adds a line for a finding in `row`; a warning's message says it is one.
    pub fn finding(&mut self, row: u64, finding: Finding<'_>) -> std::io::Result<()> {
        let message = if finding.warning {
            self.warnings += 1;
            match self.lang {
                Lang::Id => format!("peringatan: {}", finding.message_id),
                Lang::En => format!("warning: {}", finding.message_en),
            }
        } else {
            self.errors += 1;
            match self.lang {
                Lang::Id => finding.message_id.to_owned(),
                Lang::En => finding.message_en.to_owned(),
            }
        };
        self.line(ReportLine {
            row,
            column: finding.column.to_owned(),
            rule: finding.rule.to_owned(),
            message,
        })
    }

    /// Adds a line that concerns the whole file (row 0) or one row.
    pub fn line(&mut self, line: ReportLine) -> std::io::Result<()> {
        if let Some(writer) = self.writer.as_mut() {
            writer.write_record(
                [
                    line.row.to_string(),
                    line.column.clone(),
                    line.rule.clone(),
                    line.message.clone(),
                ]
                .map(|cell| super::cell_text::safe_for_spreadsheet(&cell).into_owned()),
            )?;
        }
        if self.shown.len() < LINES_SHOWN_MAX {
            self.shown.push(line);
        }
        Ok(())
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Writes out what is buffered; call once the last line is added.
    pub fn finish(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.writer.as_mut() {
            writer.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::ErrorKind::Other)?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn writes_csv_lines_in_the_chosen_language() {
        let out = Shared::default();
        let mut report = Report::new(Some(Box::new(out.clone())), Lang::Id).expect("report");
        let finding = Finding {
            column: "nik",
            rule: "nik-format",
            message_en: "bad, very",
            message_id: "salah",
            warning: false,
        };
        report.finding(3, finding).expect("line");
        let warning = Finding {
            warning: true,
            ..finding
        };
        report.finding(4, warning).expect("line");
        report.finish().expect("flush");
        drop(report);
        let text = String::from_utf8(out.0.lock().expect("lock").clone()).expect("utf-8");
        assert_eq!(
            text,
            "row,column,rule,message\n3,nik,nik-format,salah\n4,nik,nik-format,peringatan: salah\n"
        );
    }
}
