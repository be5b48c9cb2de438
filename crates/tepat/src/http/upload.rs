//! File uploads: the body is streamed to a temporary file (never held whole in memory),
//! hashed on the way, and refused with the limit stated as soon as it grows past it. Web
//! forms send `multipart/form-data` with the CSRF field first; the API sends the file as
//! the raw body.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::{HeaderMap, header};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::csrf::{self, CsrfToken};
use super::{AppError, FieldError};

/// A file received into a temporary path; the file is removed when this is dropped
/// unless it was handed on with [`Received::keep`].
#[derive(Debug)]
pub struct Received {
    path: Option<PathBuf>,
    pub file_name: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Received {
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Hands the file on (to a background job that removes it itself).
    pub fn keep(mut self) -> PathBuf {
        self.path.take().unwrap_or_default()
    }
}

impl Drop for Received {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Where uploads wait until they are processed.
fn upload_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join("tepat-uploads");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn fresh_path(extension: &str) -> std::io::Result<PathBuf> {
    Ok(upload_dir()?.join(format!(
        "{}.{extension}",
        crate::http::token::random_token()
    )))
}

/// The human form of a byte limit ("150 MB").
pub fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} byte")
    }
}

fn too_large(limit: u64) -> AppError {
    AppError::PayloadTooLarge(usize::try_from(limit).unwrap_or(usize::MAX))
}

/// Refuses at once a body whose declared length is over `limit`.
pub fn check_length(headers: &HeaderMap, limit: u64) -> Result<(), AppError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > limit => Err(too_large(limit)),
        _ => Ok(()),
    }
}

struct Sink {
    file: tokio::fs::File,
    hasher: Sha256,
    bytes: u64,
    limit: u64,
}

impl Sink {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        self.bytes += chunk.len() as u64;
        if self.bytes > self.limit {
            return Err(too_large(self.limit));
        }
        self.hasher.update(chunk);
        self.file
            .write_all(chunk)
            .await
            .map_err(|e| AppError::Internal(e.into()))
    }
}

async fn sink(path: &Path, limit: u64) -> Result<Sink, AppError> {
    let file = tokio::fs::File::create(path)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(Sink {
        file,
        hasher: Sha256::new(),
        bytes: 0,
        limit,
    })
}

async fn finish(mut sink: Sink, received: &mut Received) -> Result<(), AppError> {
    sink.file
        .flush()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    received.bytes = sink.bytes;
    received.sha256 = hex::encode(sink.hasher.finalize());
    Ok(())
}

/// Streams a raw request body (the API's upload) to a temporary file.
pub async fn receive_body(
    body: Body,
    file_name: &str,
    extension: &str,
    limit: u64,
) -> Result<Received, AppError> {
    let path = fresh_path(extension).map_err(|e| AppError::Internal(e.into()))?;
    let mut received = Received {
        path: Some(path.clone()),
        file_name: file_name.to_owned(),
        bytes: 0,
        sha256: String::new(),
    };
    let mut out = sink(&path, limit).await?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| too_large(limit))?;
        out.write(&chunk).await?;
    }
    finish(out, &mut received).await?;
    Ok(received)
}

/// What an upload needs of its request besides the body: the headers (the declared length)
/// and the CSRF token the form must carry.
pub struct FormSender {
    pub headers: HeaderMap,
    pub token: CsrfToken,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for FormSender {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self {
            headers: parts.headers.clone(),
            token: CsrfToken::from_request_parts(parts, state).await?,
        })
    }
}

/// A multipart form with one file field, after its CSRF field carried the request's token.
pub struct UploadForm {
    pub fields: HashMap<String, String>,
    /// `None` when the form was sent without choosing a file.
    pub file: Option<Received>,
}

fn multipart_error(err: &MultipartError, limit: u64) -> AppError {
    if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit)
    } else {
        AppError::BadRequest(FieldError::new(
            "form",
            "format",
            &format!("the upload could not be read: {err}"),
            &format!("unggahan tidak dapat dibaca: {err}"),
        ))
    }
}

/// Reads a multipart form whose file field is `file_field`, streaming the file to disk.
/// Text fields are small (at most 4 KB each).
pub async fn receive_form(
    sender: &FormSender,
    mut multipart: Multipart,
    file_field: &str,
    limit: u64,
) -> Result<UploadForm, AppError> {
    check_length(&sender.headers, limit)?;
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            if file_name.is_empty() {
                continue;
            }
            // The token must come before the file, so nothing is written for a forged form.
            sender
                .token
                .check(fields.get(csrf::FIELD).map(String::as_str))?;
            let extension = Path::new(&file_name)
                .extension()
                .and_then(|e| e.to_str())
                .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()) && e.len() <= 5)
                .unwrap_or("bin")
                .to_ascii_lowercase();
            let path = fresh_path(&extension).map_err(|e| AppError::Internal(e.into()))?;
            let mut received = Received {
                path: Some(path.clone()),
                file_name,
                bytes: 0,
                sha256: String::new(),
            };
            let mut out = sink(&path, limit).await?;
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| multipart_error(&e, limit))?
            {
                out.write(&chunk).await?;
            }
            finish(out, &mut received).await?;
            file = Some(received);
        } else {
            let text = field.text().await.map_err(|e| multipart_error(&e, limit))?;
            if text.len() > 4096 {
                return Err(AppError::BadRequest(FieldError::new(
                    &name,
                    "too-long",
                    "form field longer than 4 KB",
                    "isian formulir lebih dari 4 KB",
                )));
            }
            fields.insert(name, text);
        }
    }
    sender
        .token
        .check(fields.get(csrf::FIELD).map(String::as_str))?;
    Ok(UploadForm { fields, file })
}

/// A multipart form with a few small files held in memory (evidence photos, letters).
pub struct SmallForm {
    /// Every text field in order; a name may repeat (check boxes).
    pub fields: Vec<(String, String)>,
    /// (file name, bytes) of each non-empty file sent in `file_field`.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Reads a multipart form whose files (field `file_field`) are each at most `file_limit`
/// bytes and at most `files_max` in number; text fields are at most 4 KB each.
pub async fn receive_small_form(
    sender: &FormSender,
    mut multipart: Multipart,
    file_field: &str,
    file_limit: usize,
    files_max: usize,
) -> Result<SmallForm, AppError> {
    let total = (file_limit * files_max + 256 * 1024) as u64;
    check_length(&sender.headers, total)?;
    let mut form = SmallForm {
        fields: Vec::new(),
        files: Vec::new(),
    };
    let limits = SmallLimits {
        file_field,
        file_limit,
        total,
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, total))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let (file_name, bytes) = read_small_file(field, &limits).await?;
            if bytes.is_empty() && file_name.is_empty() {
                continue;
            }
            if form.files.len() == files_max {
                return Err(AppError::Invalid(vec![FieldError::new(
                    file_field,
                    "too-many",
                    &format!("at most {files_max} files"),
                    &format!("paling banyak {files_max} berkas"),
                )]));
            }
            form.files.push((file_name, bytes));
        } else {
            let text = field.text().await.map_err(|e| multipart_error(&e, total))?;
            if text.len() > 4096 {
                return Err(AppError::BadRequest(FieldError::new(
                    &name,
                    "too-long",
                    "form field longer than 4 KB",
                    "isian formulir lebih dari 4 KB",
                )));
            }
            form.fields.push((name, text));
        }
    }
    let submitted = form
        .fields
        .iter()
        .find(|(name, _)| name == csrf::FIELD)
        .map(|(_, value)| value.as_str());
    sender.token.check(submitted)?;
    Ok(form)
}

/// The bounds of a small form, as `receive_small_form` was given them.
struct SmallLimits<'a> {
    file_field: &'a str,
    file_limit: usize,
    total: u64,
}

/// Reads one file of a small form into memory, refusing it as soon as it passes its limit.
async fn read_small_file(
    mut field: axum::extract::multipart::Field<'_>,
    limits: &SmallLimits<'_>,
) -> Result<(String, Vec<u8>), AppError> {
    let file_name = field.file_name().unwrap_or_default().to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| multipart_error(&e, limits.total))?
    {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > limits.file_limit {
            let limit = human_size(limits.file_limit as u64);
            return Err(AppError::Invalid(vec![FieldError::new(
                limits.file_field,
                "too-large",
                &format!("{file_name} is larger than {limit}"),
                &format!("{file_name} lebih besar dari {limit}"),
            )]));
        }
    }
    Ok((file_name, bytes))
}

/// A stored upload sent back as a download: never shown inline, and its name reduced to
/// characters that cannot break out of the header.
pub fn attachment(name: &str, content_type: String, bytes: Vec<u8>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests;
