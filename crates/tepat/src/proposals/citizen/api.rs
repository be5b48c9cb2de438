//! JSON API for citizen proposals: a resident proposes without an account (with an
//! `Idempotency-Key`; a repeat must carry the same body, NIK and birth date included, to
//! be answered from it) and follows the proposal by its tracking code.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::CitizenInput;
use crate::changes::api::EvidenceIn;
use crate::http::client::ClientAddress;
use crate::http::idempotency::{self, IdempotentJson};
use crate::http::{AppError, AppState, FieldError};
use crate::proposals::evidence::EvidenceFile;
use crate::proposals::store::CitizenStatus;

type Problem = crate::http::Problem;

/// Idempotency keys of citizen proposals share one namespace; a repeat must also carry
/// the same body to be answered from it.
const PUBLIC_CALLER: &str = "public:proposal";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit_citizen_proposal))
        .routes(routes!(citizen_proposal_status))
}

/// A resident's proposal.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCitizenProposal {
    /// `enrol` (add the household to the programme) or `remove`.
    kind: String,
    /// The proposed household's KK number, or the NIK of one of its members.
    household: String,
    /// Programme code (`PKH`, `SEMBAKO`, …).
    programme: String,
    /// For a removal: `deceased`, `moved`, `not_poor`, `duplicate`, `civil_servant` or
    /// `other`.
    #[serde(default)]
    reason: String,
    /// Why, in 10 to 1,000 characters.
    note: String,
    /// The proposer's own NIK and birth date (`YYYY-MM-DD`): a living resident of the
    /// proposed household's village.
    nik: String,
    birth_date: String,
    /// At most 3 files of 5 MB each, JPEG, PNG or PDF by content (the 1 MiB body limit
    /// applies; larger files go through the form at `/usul`).
    #[serde(default)]
    evidence: Vec<EvidenceIn>,
}

/// The tracking code of a new citizen proposal.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
struct CitizenProposalSent {
    /// `USL-` and 8 letters and digits.
    tracking_code: String,
    status: String,
}

/// Reads base64 evidence; a file that does not decode is named by its index.
pub(crate) fn decode(files: &[EvidenceIn]) -> Result<Vec<EvidenceFile>, AppError> {
    files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let content = base64::engine::general_purpose::STANDARD
                .decode(file.content_base64.trim())
                .map_err(|_| {
                    AppError::invalid(FieldError::new(
                        &format!("evidence[{index}].content_base64"),
                        "base64",
                        "is not valid base64",
                        "bukan base64 yang sah",
                    ))
                })?;
            Ok(EvidenceFile {
                file_name: file.file_name.clone(),
                content,
            })
        })
        .collect()
}

/// Propose a household (a neighbour) for a programme, or its removal, as a resident (no
/// login). The proposer's NIK and birth date are checked by the registry's rules and must
/// be those of a living resident of the household's village; the proposal waits at the
/// village step. Limited to 3 a day per client address and 5 in 30 days per resident.
/// Requires an `Idempotency-Key` header.
#[utoipa::path(post, path = "/api/v1/public/proposals", tag = "proposals",
    params(("Idempotency-Key" = String, Header, description = "Unique per proposal")),
    request_body = NewCitizenProposal,
    responses((status = 201, description = "Received, with its tracking code", body = CitizenProposalSent),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 422, description = "Refused; `errors` names the field and the rule", body = Problem),
        (status = 429, description = "Too many proposals from this address or this resident", body = Problem)))]
async fn submit_citizen_proposal(
    State(state): State<AppState>,
    client: ClientAddress,
    command: IdempotentJson<NewCitizenProposal>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let key = client.key();
    let run = async {
        let body = &command.body;
        let input = CitizenInput {
            kind: body.kind.clone(),
            household: body.household.clone(),
            programme: body.programme.clone(),
            reason: body.reason.clone(),
            note: body.note.clone(),
            nik: body.nik.clone(),
            birth_date: body.birth_date.clone(),
            evidence: decode(&body.evidence)?,
        };
        let code = super::submit(&state.db, &input, key.as_deref(), now).await?;
        let sent = CitizenProposalSent {
            tracking_code: code,
            status: "pending".into(),
        };
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(sent).map_err(anyhow::Error::from)?,
        ))
    };
    idempotency::run(
        &state.db,
        PUBLIC_CALLER,
        &command.key,
        &command.request_hash,
        now,
        run,
    )
    .await
}

/// Where a citizen proposal stands, by its tracking code (no login; names masked).
#[utoipa::path(get, path = "/api/v1/public/proposals/{code}", tag = "proposals",
    params(("code" = String, Path, description = "Tracking code, `USL-` and 8 characters")),
    responses((status = 200, description = "The proposal's status", body = CitizenStatus),
        (status = 404, description = "No proposal has this code", body = Problem)))]
async fn citizen_proposal_status(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<CitizenStatus>, AppError> {
    Ok(Json(super::status(&state.db, &code).await?))
}
