//! Evidence files (a death certificate, a letter from the RT, a photo): how many and how
//! large a request may carry, and their type read from their content, never their name.

use super::error::ChangeError;

/// Evidence files per request, and the size of each.
pub const EVIDENCE_FILES_MAX: usize = 3;
pub const EVIDENCE_BYTES_MAX: usize = 5 * 1024 * 1024;
pub const EVIDENCE_LIMIT_TEXT: &str = "5 MB";
/// The longest file name kept; longer names are cut.
pub const FILE_NAME_CHARS_MAX: usize = 200;

/// A file sent as evidence.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// Evidence as lists show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct EvidenceInfo {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub bytes: i64,
    pub sha256: String,
}

/// The type of an evidence file, read from its first bytes (never from its name).
pub fn sniff(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// Checks files sent as evidence or documents: how many, how large, and that each is a
/// JPEG, PNG or PDF by its content. Errors name `field[index]`; the types come back in the
/// order of the files.
pub fn check_files(field: &str, files: &[Evidence]) -> Result<Vec<&'static str>, ChangeError> {
    if files.len() > EVIDENCE_FILES_MAX {
        return Err(ChangeError::invalid(
            field,
            "too-many",
            &format!("at most {EVIDENCE_FILES_MAX} files"),
            &format!("paling banyak {EVIDENCE_FILES_MAX} berkas"),
        ));
    }
    let mut types = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let field = format!("{field}[{index}]");
        if file.content.len() > EVIDENCE_BYTES_MAX {
            return Err(ChangeError::invalid(
                &field,
                "too-large",
                &format!("{} is larger than {EVIDENCE_LIMIT_TEXT}", file.file_name),
                &format!("{} lebih besar dari {EVIDENCE_LIMIT_TEXT}", file.file_name),
            ));
        }
        let Some(kind) = sniff(&file.content) else {
            return Err(ChangeError::invalid(
                &field,
                "file-type",
                &format!("{} is not a JPEG, PNG or PDF file", file.file_name),
                &format!("{} bukan berkas JPEG, PNG atau PDF", file.file_name),
            ));
        };
        types.push(kind);
    }
    Ok(types)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(content: &[u8]) -> Evidence {
        Evidence {
            file_name: "surat.pdf".into(),
            content: content.to_vec(),
        }
    }

    #[test]
    fn files_are_typed_by_content_and_counted() {
        assert_eq!(
            check_files(
                "evidence",
                &[file(b"%PDF-1.4"), file(b"\x89PNG\r\n\x1a\nx")]
            )
            .ok(),
            Some(vec!["application/pdf", "image/png"])
        );
        let err = check_files("evidence", &[file(b"bukan pdf")]).expect_err("not a PDF");
        assert_eq!(
            (
                err.findings()[0].field.as_str(),
                err.findings()[0].rule.as_str()
            ),
            ("evidence[0]", "file-type")
        );
        let many = vec![file(b"%PDF-"); EVIDENCE_FILES_MAX + 1];
        let err = check_files("documents", &many).expect_err("too many");
        assert_eq!(err.findings()[0].rule, "too-many");
    }
}
