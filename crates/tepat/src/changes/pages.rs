//! Pages for change requests: propose from a household's page (one form per kind, no
//! JavaScript, evidence uploaded with it), the queue, and a request with its decision.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing;

use super::store::{
    self, ChangeRequest, Decision, EVIDENCE_BYTES_MAX, EVIDENCE_FILES_MAX, EVIDENCE_LIMIT_TEXT,
    Evidence,
};
use super::{Proposal, STATUS_PROPOSED, kind_key, status_key};
use crate::auth::SignedIn;
use crate::auth::{Permission, Principal};
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::upload;
use crate::http::{AppError, FieldError};
use crate::registry::rules::PersonInput;
use crate::registry::store::read::{Household, Person};
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    let limit = EVIDENCE_FILES_MAX * EVIDENCE_BYTES_MAX + 256 * 1024;
    RouteBook::new()
        .get("/usulan", queue_page)
        .get("/usulan/{id}", request_page)
        .post("/usulan/{id}/putuskan", decide_form)
        .get("/usulan/{id}/bukti/{file}", evidence_download)
        .get("/keluarga/{id}/usulan", propose_page)
        .route(
            Method::POST,
            "/keluarga/{id}/usulan",
            routing::post(propose_form).layer(DefaultBodyLimit::max(limit)),
        )
}

// ---- queue ----

#[derive(serde::Deserialize, Default)]
struct QueueQuery {
    status: Option<String>,
    sebelum: Option<i64>,
}

#[derive(Template)]
#[template(path = "changes_queue.html")]
struct QueuePage {
    ctx: PageCtx,
    status: String,
    requests: Vec<ChangeRequest>,
    next: Option<i64>,
}

impl QueuePage {
    fn statuses(&self) -> [&'static str; 3] {
        [
            STATUS_PROPOSED,
            super::STATUS_APPROVED,
            super::STATUS_RETURNED,
        ]
    }

    fn kind_key(&self, kind: &str) -> &'static str {
        kind_key(kind)
    }

    fn status_key(&self, status: &str) -> &'static str {
        status_key(status)
    }
}

impl RequestPage {
    fn kind_key(&self, kind: &str) -> &'static str {
        kind_key(kind)
    }

    fn status_key(&self, status: &str) -> &'static str {
        status_key(status)
    }
}

const PAGE_SIZE: i64 = 50;

async fn queue_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<QueueQuery>,
) -> Result<Html<String>, AppError> {
    let status = query
        .status
        .filter(|s| {
            [
                STATUS_PROPOSED,
                super::STATUS_APPROVED,
                super::STATUS_RETURNED,
            ]
            .contains(&s.as_str())
        })
        .unwrap_or_else(|| STATUS_PROPOSED.to_owned());
    let mut requests = store::list(
        &state.db,
        &me,
        Some(&status),
        None,
        query.sebelum,
        PAGE_SIZE + 1,
    )
    .await?;
    let next = (requests.len() as i64 > PAGE_SIZE).then(|| {
        requests.truncate(PAGE_SIZE as usize);
        requests.last().map(|r| r.id).unwrap_or_default()
    });
    let html = QueuePage {
        ctx,
        status,
        requests,
        next,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

// ---- one request ----

#[derive(Template)]
#[template(path = "changes_request.html")]
struct RequestPage {
    ctx: PageCtx,
    request: ChangeRequest,
    details: Vec<(String, String)>,
    can_decide: bool,
    error: Option<String>,
}

/// The proposal's fields as (label, value) lines for people to read.
fn details(proposal: &Proposal) -> Vec<(String, String)> {
    let person = |p: &PersonInput| {
        vec![
            ("NIK".to_owned(), p.nik.clone()),
            ("name".to_owned(), p.name.clone()),
            ("birth_place".to_owned(), p.birth_place.clone()),
            ("birth_date".to_owned(), p.birth_date.clone()),
            ("sex".to_owned(), p.sex.clone()),
            ("relationship".to_owned(), p.relationship.clone()),
            ("marital_status".to_owned(), p.marital_status.clone()),
            ("occupation".to_owned(), p.occupation.clone()),
            ("education".to_owned(), p.education.clone()),
            ("disability".to_owned(), p.disability.clone()),
        ]
    };
    match proposal {
        Proposal::KoreksiKeluarga {
            address,
            rt,
            rw,
            phone,
        } => vec![
            ("address".into(), address.clone()),
            ("rt".into(), rt.clone()),
            ("rw".into(), rw.clone()),
            ("phone".into(), phone.clone()),
        ],
        Proposal::KoreksiAnggota {
            person_id,
            person: p,
        } => {
            let mut lines = vec![("person_id".to_owned(), person_id.to_string())];
            lines.extend(person(p));
            lines
        }
        Proposal::TambahAnggota { person: p } => person(p),
        Proposal::Kematian { person_id, date } | Proposal::Pindah { person_id, date } => vec![
            ("person_id".into(), person_id.to_string()),
            ("date".into(), date.clone()),
        ],
        Proposal::PecahKk {
            new_kk,
            members,
            head,
        } => vec![
            ("new_kk".into(), new_kk.clone()),
            (
                "members".into(),
                members
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("head".into(), head.to_string()),
        ],
        Proposal::GabungKk { other_kk } => vec![("other_kk".into(), other_kk.clone())],
        Proposal::GantiKk { new_kk } => vec![("new_kk".into(), new_kk.clone())],
        Proposal::TutupKk => Vec::new(),
    }
}

fn can_decide(me: &Principal, request: &ChangeRequest) -> bool {
    request.status == STATUS_PROPOSED && Permission::DecideChange.roles().contains(&me.role)
}

async fn request_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let request = store::get(&state.db, &me, id).await?;
    render_request(ctx, &me, request, None)
}

fn render_request(
    ctx: PageCtx,
    me: &Principal,
    request: ChangeRequest,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let html = RequestPage {
        details: details(&request.proposal),
        can_decide: can_decide(me, &request),
        ctx,
        request,
        error,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(serde::Deserialize)]
struct DecisionForm {
    keputusan: String,
    #[serde(default)]
    catatan: String,
}

async fn decide_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let decision = match form.keputusan.as_str() {
        "setujui" => Decision::Approve,
        "kembalikan" => Decision::Return,
        _ => {
            return Err(AppError::BadRequest(FieldError::new(
                "keputusan",
                "one-of",
                "must be setujui or kembalikan",
                "harus setujui atau kembalikan",
            )));
        }
    };
    let now = state.clock.now();
    match store::decide(
        &state.db,
        &me,
        id,
        decision,
        &form.catatan,
        request_id.0,
        now,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/usulan/{id}")).into_response()),
        Err(err @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let message = error_text(&err, ctx.lang);
            let request = store::get(&state.db, &me, id).await?;
            let mut page = render_request(ctx, &me, request, Some(message))?.into_response();
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
        Err(err) => Err(err),
    }
}

fn error_text(err: &AppError, lang: Lang) -> String {
    let fields: Vec<&FieldError> = match err {
        AppError::Invalid(fields) => fields.iter().collect(),
        AppError::Conflict(field) => vec![field],
        _ => Vec::new(),
    };
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message_in(lang)))
        .collect::<Vec<_>>()
        .join("; ")
}

async fn evidence_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (name, content_type, bytes) = store::evidence(&state.db, &me, id, file).await?;
    Ok(crate::http::upload::attachment(&name, content_type, bytes))
}

// ---- proposing ----

#[derive(serde::Deserialize, Default)]
struct ProposeQuery {
    jenis: Option<String>,
    anggota: Option<i64>,
}

#[derive(Template)]
#[template(path = "changes_propose.html")]
struct ProposePage {
    ctx: PageCtx,
    household: Household,
    members: Vec<Person>,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
    values: HashMap<String, String>,
    chosen: Vec<i64>,
    errors: Vec<(String, String)>,
    limit: &'static str,
    files: usize,
}

impl ProposePage {
    fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, m)| m.as_str())
    }

    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen.contains(id)
    }

    fn kind_key(&self) -> &'static str {
        kind_key(&self.kind)
    }

    fn household_fields(&self) -> [(&'static str, &'static str); 4] {
        [
            ("address", "registry.address"),
            ("rt", "change.rt"),
            ("rw", "change.rw"),
            ("phone", "change.phone"),
        ]
    }

    /// (field, text key, hint) of the member form.
    fn person_fields(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut fields = Vec::new();
        if self.kind == "tambah_anggota" {
            fields.push(("nik", "change.nik", ""));
        }
        fields.extend([
            ("name", "registry.name", ""),
            ("birth_place", "change.birth_place", ""),
            (
                "birth_date",
                "registry.birth_date",
                "YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY",
            ),
            ("sex", "change.sex", "L / P"),
            (
                "relationship",
                "change.relationship",
                "kepala, istri, suami, anak, lainnya",
            ),
            (
                "marital_status",
                "change.marital_status",
                "belum_kawin, kawin, cerai_hidup, cerai_mati",
            ),
            ("occupation", "change.occupation", ""),
            (
                "education",
                "change.education",
                "tidak_sekolah, sd, smp, sma, diploma, s1, s2",
            ),
            (
                "disability",
                "change.disability",
                "tidak, fisik, intelektual, mental, sensorik, ganda",
            ),
        ]);
        fields
    }
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    Proposal::KINDS.iter().map(|k| (*k, kind_key(k))).collect()
}

/// The form's starting values: the member's or household's data as stored, so a correction
/// only changes what is wrong.
fn prefill(
    household: &Household,
    members: &[Person],
    query: &ProposeQuery,
) -> HashMap<String, String> {
    let mut values = HashMap::new();
    values.insert("address".into(), household.address.clone());
    values.insert("rt".into(), household.rt.clone());
    values.insert("rw".into(), household.rw.clone());
    values.insert("phone".into(), household.phone.clone().unwrap_or_default());
    if let Some(member) = query
        .anggota
        .and_then(|id| members.iter().find(|m| m.id == id))
    {
        let input = super::apply::person_input(member);
        values.insert("person_id".into(), member.id.to_string());
        for (key, value) in person_fields(&input) {
            values.insert(key.into(), value);
        }
    }
    values
}

fn person_fields(p: &PersonInput) -> [(&'static str, String); 10] {
    [
        ("nik", p.nik.clone()),
        ("name", p.name.clone()),
        ("birth_place", p.birth_place.clone()),
        ("birth_date", p.birth_date.clone()),
        ("sex", p.sex.clone()),
        ("relationship", p.relationship.clone()),
        ("marital_status", p.marital_status.clone()),
        ("occupation", p.occupation.clone()),
        ("education", p.education.clone()),
        ("disability", p.disability.clone()),
    ]
}

async fn household_for(
    state: &AppState,
    me: &Principal,
    id: i64,
) -> Result<(Household, Vec<Person>), AppError> {
    me.require(Permission::ProposeChange)?;
    let (household, members) = super::apply::load(&state.db, id).await?;
    let region = crate::region_code::RegionCode::parse(&household.village_code)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored region: {e}")))?;
    me.require_in(Permission::ProposeChange, &region)?;
    Ok((household, members))
}

async fn propose_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Query(query): Query<ProposeQuery>,
) -> Result<Html<String>, AppError> {
    let (household, members) = household_for(&state, &me, id).await?;
    let kind = query
        .jenis
        .clone()
        .filter(|k| Proposal::KINDS.contains(&k.as_str()))
        .unwrap_or_default();
    let values = prefill(&household, &members, &query);
    let html = ProposePage {
        ctx,
        household,
        members,
        kind,
        kinds: kinds(),
        values,
        chosen: Vec::new(),
        errors: Vec::new(),
        limit: EVIDENCE_LIMIT_TEXT,
        files: EVIDENCE_FILES_MAX,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// Reads the proposal a form describes; missing numbers are named like other field errors.
fn proposal_from(
    kind: &str,
    values: &HashMap<String, String>,
    chosen: &[i64],
) -> Result<Proposal, AppError> {
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let number = |name: &str| {
        get(name).trim().parse::<i64>().map_err(|_| {
            AppError::Invalid(vec![FieldError::new(
                name,
                "required",
                "choose a member",
                "pilih anggota keluarga",
            )])
        })
    };
    let person = || PersonInput {
        nik: get("nik"),
        name: get("name"),
        birth_place: get("birth_place"),
        birth_date: get("birth_date"),
        sex: get("sex"),
        relationship: get("relationship"),
        marital_status: get("marital_status"),
        occupation: get("occupation"),
        education: get("education"),
        disability: get("disability"),
        life_status: String::new(),
        status_date: String::new(),
    };
    Ok(match kind {
        "koreksi_keluarga" => Proposal::KoreksiKeluarga {
            address: get("address"),
            rt: get("rt"),
            rw: get("rw"),
            phone: get("phone"),
        },
        "koreksi_anggota" => Proposal::KoreksiAnggota {
            person_id: number("person_id")?,
            person: person(),
        },
        "tambah_anggota" => Proposal::TambahAnggota { person: person() },
        "kematian" => Proposal::Kematian {
            person_id: number("person_id")?,
            date: get("date"),
        },
        "pindah" => Proposal::Pindah {
            person_id: number("person_id")?,
            date: get("date"),
        },
        "pecah_kk" => Proposal::PecahKk {
            new_kk: get("new_kk"),
            members: chosen.to_vec(),
            head: number("head")?,
        },
        "gabung_kk" => Proposal::GabungKk {
            other_kk: get("other_kk"),
        },
        "ganti_kk" => Proposal::GantiKk {
            new_kk: get("new_kk"),
        },
        "tutup_kk" => Proposal::TutupKk,
        _ => {
            return Err(AppError::Invalid(vec![FieldError::new(
                "jenis",
                "one-of",
                "choose what should change",
                "pilih jenis perubahan",
            )]));
        }
    })
}

/// Field names as the form uses them: `members[2].birth_date` and `person.name` become
/// `birth_date` and `name`.
fn form_field(field: &str) -> String {
    let field = field.strip_prefix("person.").unwrap_or(field);
    match field.split_once("].") {
        Some((_, rest)) if field.starts_with("members[") => rest.to_owned(),
        _ => field.to_owned(),
    }
}

async fn propose_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (household, members) = household_for(&state, &me, id).await?;
    let form = upload::receive_small_form(
        &headers,
        multipart,
        "bukti",
        EVIDENCE_BYTES_MAX,
        EVIDENCE_FILES_MAX,
    )
    .await?;
    let mut values: HashMap<String, String> = HashMap::new();
    let mut chosen = Vec::new();
    for (name, value) in &form.fields {
        if name == "members" {
            chosen.extend(value.trim().parse::<i64>().ok());
        } else {
            values.insert(name.clone(), value.clone());
        }
    }
    let kind = values.get("jenis").cloned().unwrap_or_default();
    let evidence: Vec<Evidence> = form
        .files
        .into_iter()
        .map(|(file_name, content)| Evidence { file_name, content })
        .collect();
    let now = state.clock.now();
    let result = match proposal_from(&kind, &values, &chosen) {
        Ok(proposal) => {
            store::propose(
                &state.db,
                &me,
                id,
                &proposal,
                values.get("alasan").map(String::as_str).unwrap_or_default(),
                &evidence,
                request_id.0,
                now,
            )
            .await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(created) => Ok(Redirect::to(&format!("/usulan/{created}")).into_response()),
        Err(err @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let fields: Vec<FieldError> = match err {
                AppError::Invalid(fields) => fields,
                AppError::Conflict(field) => vec![field],
                _ => Vec::new(),
            };
            let errors = fields
                .iter()
                .map(|f| (form_field(&f.field), f.message_in(ctx.lang).to_owned()))
                .collect();
            let html = ProposePage {
                ctx,
                household,
                members,
                kind: if Proposal::KINDS.contains(&kind.as_str()) {
                    kind
                } else {
                    String::new()
                },
                kinds: kinds(),
                values,
                chosen,
                errors,
                limit: EVIDENCE_LIMIT_TEXT,
                files: EVIDENCE_FILES_MAX,
            }
            .render()
            .map_err(anyhow::Error::from)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_the_form() {
        assert_eq!(form_field("members[3].birth_date"), "birth_date");
        assert_eq!(form_field("person.name"), "name");
        assert_eq!(form_field("address"), "address");
    }

    #[test]
    fn a_form_reads_as_its_proposal() {
        let mut values = HashMap::new();
        values.insert("person_id".to_owned(), "7".to_owned());
        values.insert("date".to_owned(), "2026-11-01".to_owned());
        let proposal = proposal_from("kematian", &values, &[]).expect("reads");
        assert_eq!(proposal.kind(), "kematian");
        assert_eq!(proposal.person_id(), Some(7));
        assert!(proposal_from("kematian", &HashMap::new(), &[]).is_err());
        assert!(proposal_from("hapus_semua", &values, &[]).is_err());
    }
}
