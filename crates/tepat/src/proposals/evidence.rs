//! Evidence on a proposal (a photo of the house, a letter from the RT, a certificate): at
//! most three files, JPEG, PNG or PDF by their content, each at most the size objections
//! allow for a photo. Each file is kept with its SHA-256, which the proposal's event names.

use sha2::{Digest, Sha256};

use super::error::ProposalError;
use crate::changes::evidence::sniff;

/// Files per proposal, and the size of each.
pub const FILES_MAX: usize = 3;
pub const BYTES_MAX: usize = 5 * 1024 * 1024;

/// A file sent with a proposal.
#[derive(Debug, Clone, Default)]
pub struct EvidenceFile {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// A file that passed the checks, with its type and digest.
#[derive(Debug, Clone)]
pub struct Checked {
    pub file_name: String,
    pub kind: &'static str,
    pub sha256: String,
    pub content: Vec<u8>,
}

/// Evidence as the API lists it (the content is fetched by its route).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProposalEvidence)]
pub struct EvidenceItem {
    pub id: i64,
    /// `image/jpeg`, `image/png` or `application/pdf`, read from the content.
    pub kind: String,
    pub bytes: i64,
    /// Hex SHA-256 of the file, as in the proposal's event.
    pub sha256: String,
    pub file_name: String,
}

/// Checks the files: how many, how large, and their type by content. Errors name
/// `evidence` and the rule.
pub fn check(files: &[EvidenceFile]) -> Result<Vec<Checked>, ProposalError> {
    if files.len() > FILES_MAX {
        return Err(ProposalError::invalid(
            "evidence",
            "too-many",
            "at most 3 files",
            "paling banyak 3 berkas bukti",
        ));
    }
    files
        .iter()
        .map(|file| {
            if file.content.len() > BYTES_MAX {
                return Err(ProposalError::invalid(
                    "evidence",
                    "too-large",
                    "each file may be at most 5 MB",
                    "setiap berkas bukti paling besar 5 MB",
                ));
            }
            let kind = sniff(&file.content).ok_or_else(|| {
                ProposalError::invalid(
                    "evidence",
                    "file-type",
                    "evidence must be a JPEG, PNG or PDF file",
                    "berkas bukti harus gambar JPEG/PNG atau PDF",
                )
            })?;
            let name: String = file.file_name.trim().chars().take(200).collect();
            Ok(Checked {
                file_name: if name.is_empty() {
                    "bukti".into()
                } else {
                    name
                },
                kind,
                sha256: hex::encode(Sha256::digest(&file.content)),
                content: file.content.clone(),
            })
        })
        .collect()
}

/// The digests of checked files, for the proposal's event.
pub fn digests(files: &[Checked]) -> Vec<String> {
    files.iter().map(|f| f.sha256.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(content: &[u8]) -> EvidenceFile {
        EvidenceFile {
            file_name: "bukti.jpg".into(),
            content: content.to_vec(),
        }
    }

    #[test]
    fn files_are_typed_by_content_counted_and_digested() {
        let checked = check(&[file(b"%PDF-1.7"), file(b"\x89PNG\r\n\x1a\n")]).expect("ok");
        assert_eq!(checked[0].kind, "application/pdf");
        assert_eq!(checked[1].kind, "image/png");
        assert_eq!(checked[0].sha256, hex::encode(Sha256::digest(b"%PDF-1.7")));
        let rule = |err: ProposalError| match err {
            ProposalError::Invalid(rule) => rule.rule,
            other => panic!("{other:?}"),
        };
        assert_eq!(rule(check(&[file(b"GIF89a")]).unwrap_err()), "file-type");
        assert_eq!(
            rule(check(&vec![file(b"%PDF-"); 4]).unwrap_err()),
            "too-many"
        );
        let mut big = b"%PDF-".to_vec();
        big.resize(BYTES_MAX + 1, 0);
        assert_eq!(rule(check(&[file(&big)]).unwrap_err()), "too-large");
    }
}
