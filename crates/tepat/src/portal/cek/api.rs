//! `GET /api/v1/public/recipients`: Cek Bansos for programs, no login.

use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::index::{Found, Index};
use super::lookup::{self, Asked};
use crate::http::client::ClientAddress;
use crate::http::json::ApiQuery;
use crate::http::{AppError, AppState};

type Problem = crate::http::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(recipients))
}

/// The answer: the persons found (none is no hint either way).
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = CekRecipientList)]
pub struct RecipientList {
    pub items: Vec<Recipient>,
}

/// One person found, with nothing personal but the masked name.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = CekRecipient)]
pub struct Recipient {
    /// In capitals, each word's first and last letter kept: `S**I A****H`.
    pub masked_name: String,
    pub region: CekRegion,
    /// The household's programmes, active first.
    pub programmes: Vec<CekProgramme>,
    /// The household's latest desil (1 poorest … 10), if scored.
    pub desil: Option<u8>,
    /// The day the household's data last changed, `YYYY-MM-DD`.
    pub updated: String,
}

/// The village a person lives in.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct CekRegion {
    pub code: String,
    pub name: String,
}

/// A household's place in a programme.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct CekProgramme {
    pub code: String,
    pub name: String,
    /// `active` or `ended`.
    pub status: String,
    /// `YYYY-MM-DD`: enrolled since.
    pub since: String,
    /// `YYYY-MM-DD`: ended on, when it ended.
    pub until: Option<String>,
    /// The enrolment: a resident objects at `/sanggah?peserta=` and this id.
    pub enrolment_id: i64,
}

/// One found person as the API answers.
pub fn recipient(index: &Index, found: &Found) -> Recipient {
    use crate::registry::dates::iso;
    Recipient {
        masked_name: found.masked_name.clone(),
        region: CekRegion {
            code: found.village_code.clone(),
            name: found.village_name.clone(),
        },
        programmes: found
            .held
            .iter()
            .map(|held| {
                let programme = index.programmes.get(usize::from(held.programme));
                CekProgramme {
                    code: programme.map(|p| p.code.clone()).unwrap_or_default(),
                    name: programme.map(|p| p.name.clone()).unwrap_or_default(),
                    status: if held.active { "active" } else { "ended" }.to_owned(),
                    since: iso(held.since),
                    until: held.until.map(iso),
                    enrolment_id: held.enrolment_id,
                }
            })
            .collect(),
        desil: found.desil,
        updated: iso(found.updated),
    }
}

/// Cek Bansos: the persons of a village whose name begins with the typed words
/// (`region` and `name`), or the person with a NIK and birth date (`nik` and
/// `birth_date`). At most 20 results; names masked; never a NIK or KK. Limited per client
/// address (`TEPAT_CEK_RATE_PER_MINUTE` a minute) and per NIK (`TEPAT_CEK_NIK_PER_DAY` a
/// day): past either, 429 with `Retry-After`. A wrong birth date answers no items, the
/// same as an unknown NIK.
#[utoipa::path(get, path = "/api/v1/public/recipients", tag = "cek", params(Asked),
    responses((status = 200, description = "The persons found", body = RecipientList),
        (status = 400, description = "Malformed parameter", body = Problem),
        (status = 422, description = "Bad input; `errors` names the field and the rule", body = Problem),
        (status = 429, description = "Too many lookups; `Retry-After` says when to come back", body = Problem)))]
async fn recipients(
    State(state): State<AppState>,
    client: ClientAddress,
    ApiQuery(asked): ApiQuery<Asked>,
) -> Result<Json<RecipientList>, AppError> {
    let asker = super::asker(&client);
    let (index, found) = lookup::run(&state, &asker, &asked).await?;
    let items = found.iter().map(|f| recipient(&index.value, f)).collect();
    Ok(Json(RecipientList { items }))
}
