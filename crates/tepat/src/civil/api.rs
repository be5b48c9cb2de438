//! `POST /api/v1/civil-events`: the civil-registry feed for the Dukcapil integration. The
//! body is the same CSV as `tepat import civil-events`; the answer is the summary and every
//! report line. A repeat with the same `Idempotency-Key` replays the answer; a repeat with a
//! new key changes nothing either, because applied events are kept under their key.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Applying, CivilImportError, CivilSummary, import_bytes};
use crate::auth::ApiCaller;
use crate::auth::Permission;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::json::API_BODY_BYTES_MAX;
use crate::http::{AppError, FieldError, idempotency};
use crate::registry::store::Acting;
use crate::sheets::Report;
use crate::web::i18n::Lang;

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_civil_events))
}

/// One finding, as in the report file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ReportLine {
    /// The row as a spreadsheet numbers it (header = 1).
    pub row: u64,
    pub column: String,
    /// `unknown-nik`, `before-birth`, `nik-taken`, `outside-scope`, …
    pub rule: String,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CivilImportResult {
    pub summary: CivilSummary,
    pub report: Vec<ReportLine>,
}

/// A report sink the handler reads back after the import.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("report buffer poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn lines(&self) -> Result<Vec<ReportLine>, AppError> {
        let bytes = self
            .0
            .lock()
            .map_err(|_| anyhow::anyhow!("report buffer poisoned"))?
            .clone();
        csv::Reader::from_reader(bytes.as_slice())
            .deserialize()
            .collect::<Result<_, _>>()
            .map_err(|e| AppError::Internal(e.into()))
    }
}

fn unreadable(err: CivilImportError) -> AppError {
    match err {
        // The body is text, as documented; a sheet that cannot be read breaks a rule: 422.
        CivilImportError::Source(e) => AppError::invalid(FieldError::new(
            "body",
            "unreadable",
            &e.to_string(),
            &e.to_string(),
        )),
        CivilImportError::MissingColumns(_) => {
            let message = err.to_string();
            AppError::invalid(FieldError::new("body", "columns", &message, &message))
        }
        CivilImportError::Store(e) => AppError::from(e),
        CivilImportError::Report(e) => AppError::Internal(e.into()),
    }
}

/// Apply deaths, moves and NIK corrections from the civil registry (CSV, layout in the
/// civil README). Rows about persons outside the caller's region are refused per row.
#[utoipa::path(post, path = "/api/v1/civil-events", tag = "registry",
    request_body(content = String, content_type = "text/csv",
        description = "event,nik,event_date[,new_nik,new_village_code,reference]"),
    params(("Idempotency-Key" = String, Header, description = "Unique per command")),
    security(("bearer" = [])),
    responses((status = 200, description = "Summary and report", body = CivilImportResult),
        (status = 400, description = "Not UTF-8, not CSV, missing columns or key", body = Problem),
        (status = 403, description = "Role or token scope not allowed", body = Problem),
        (status = 413, description = "Body larger than 1 MiB", body = Problem),
        (status = 415, description = "Content-Type is not text/csv", body = Problem)))]
async fn import_civil_events(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request_id: RequestId,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    caller.require_write(Permission::ImportCivilEvents)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.split(';').next().unwrap_or_default().trim() != "text/csv" {
        return Err(AppError::UnsupportedMediaType("text/csv"));
    }
    let key = idempotency::key_from(&headers)?;
    let bytes = axum::body::to_bytes(body, API_BODY_BYTES_MAX)
        .await
        .map_err(|_| AppError::PayloadTooLarge(API_BODY_BYTES_MAX))?;
    let hash = hex::encode(Sha256::digest(&bytes));
    let now = state.clock.now();
    let run = async {
        let acting = Acting {
            actor: caller.actor.clone(),
            request_id: request_id.0.clone(),
            reason: "API civil-events".to_owned(),
        };
        let applying = Applying {
            acting: &acting,
            scope: caller.region.as_ref(),
            now,
        };
        let buffer = Buffer::default();
        let mut report = Report::new(Some(Box::new(buffer.clone())), Lang::En)
            .map_err(|e| AppError::Internal(e.into()))?;
        let summary = import_bytes(&state.db, &bytes, &applying, &mut report)
            .await
            .map_err(unreadable)?;
        drop(report);
        let result = CivilImportResult {
            summary,
            report: buffer.lines()?,
        };
        Ok((
            StatusCode::OK,
            serde_json::to_value(result).map_err(anyhow::Error::from)?,
        ))
    };
    let caller_key = crate::http::idempotency::caller_key(&caller.actor);
    idempotency::run(&state.db, &caller_key, &key, &hash, now, run).await
}
