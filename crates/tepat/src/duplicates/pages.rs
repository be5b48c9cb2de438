//! Duplicate pages: the review queue in the official's scope (open pairs by default, with
//! counts per state), and one pair side by side with the explanation of its score and the
//! two decisions. The runs page is in `run_pages.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::model::PairExplanation;
use super::service::{self, DecisionRequest, PairDetail};
use super::store::DuplicatePair;
use super::{OPEN, field_label, level_label, source_label, status_label};
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::http::AppState;
use crate::http::RequestId;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, pagination};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/duplikat", queue_page)
        .merge(super::run_pages::routes())
        .get("/duplikat/{id}", pair_page)
        .post("/duplikat/{id}/putusan", decide)
}

/// A probability as a percentage with one decimal, with the viewer's separators (`91,5%`).
pub(super) fn percent(probability: f64, lang: Lang) -> String {
    crate::web::number::percent(probability, lang)
}

/// A pair as the queue lists it.
pub struct PairRow {
    pub pair: DuplicatePair,
    pub probability: String,
    pub status: String,
    pub found_at: String,
}

impl PairRow {
    fn new(pair: DuplicatePair, lang: Lang, zone: crate::web::time::Zone) -> Self {
        Self {
            probability: percent(pair.probability, lang),
            status: status_label(&pair.status, lang),
            found_at: crate::web::time::show_in(&pair.found_at, zone, lang),
            pair,
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "duplicates_queue.html")]
struct QueuePage {
    ctx: PageCtx,
    status: String,
    counts: Vec<(String, String, i64)>,
    rows: Vec<PairRow>,
    next_cursor: Option<String>,
    can_see_runs: bool,
}

async fn queue_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadDuplicates)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    // Open pairs unless the official asks otherwise; an empty choice means all.
    let status = service::status_filter(Some(query.status.as_deref().unwrap_or(OPEN)))?;
    let before = page.before_id();
    let rows = service::list(&state.db, &me, &status, before, page.limit + 1).await?;
    let (rows, next_cursor) = pagination::finish_page(rows, page.limit, |p| p.id.to_string());
    let counts = service::counts(&state.db, &me)
        .await?
        .into_iter()
        .map(|(code, n)| (status_label(&code, ctx.lang), code, n))
        .collect();
    let html = QueuePage {
        rows: rows
            .into_iter()
            .map(|p| PairRow::new(p, ctx.lang, ctx.zone))
            .collect(),
        ctx,
        status,
        counts,
        next_cursor,
        can_see_runs: Permission::ReadDuplicateRuns.roles().contains(&me.role),
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// One compared attribute: its label, the two values, and whether they differ.
pub struct SideBySide {
    pub label: &'static str,
    pub a: String,
    pub b: String,
    pub differs: bool,
}

/// One field of the explanation in words.
pub struct EvidenceRow {
    pub field: String,
    pub level: String,
    pub weight: String,
    pub for_match: bool,
}

/// How much a piece of evidence weighs, in words: the weights are log-likelihood ratios,
/// and people read "strongly for" better than a number of bits.
fn strength(bits: f64, lang: Lang) -> String {
    let (id, en) = if bits >= 4.0 {
        ("Sangat mendukung", "Strongly for")
    } else if bits >= 1.0 {
        ("Mendukung", "For")
    } else if bits > 0.0 {
        ("Sedikit mendukung", "Slightly for")
    } else if bits == 0.0 {
        ("Tidak berpengaruh", "No effect")
    } else if bits > -1.0 {
        ("Sedikit menentang", "Slightly against")
    } else if bits > -4.0 {
        ("Menentang", "Against")
    } else {
        ("Sangat menentang", "Strongly against")
    };
    lang.pick(id, en)
}

fn evidence(explanation: &PairExplanation, lang: Lang) -> Vec<EvidenceRow> {
    explanation
        .fields
        .iter()
        .map(|f| EvidenceRow {
            field: field_label(&f.field, lang),
            level: level_label(&f.level, lang),
            weight: strength(f.weight_bits, lang),
            for_match: f.weight_bits > 0.0,
        })
        .collect()
}

fn side_by_side(detail: &PairDetail, ctx: &PageCtx) -> Vec<SideBySide> {
    let (a, b) = (&detail.person_a, &detail.person_b);
    let village = |p: &super::store::persons::LinkPerson| {
        format!(
            "{} ({})",
            p.village_name.clone().unwrap_or_default(),
            p.village_code
        )
    };
    let address =
        |p: &super::store::persons::LinkPerson| format!("{}, RT {} / RW {}", p.address, p.rt, p.rw);
    let row = |key: &str, x: String, y: String| SideBySide {
        label: ctx.tr.t(key),
        differs: x != y,
        a: x,
        b: y,
    };
    vec![
        row("registry.name", a.full_name.clone(), b.full_name.clone()),
        row("duplicates.nik", a.nik.clone(), b.nik.clone()),
        row(
            "registry.birth_date",
            ctx.when(&a.birth_date),
            ctx.when(&b.birth_date),
        ),
        row(
            "registry.birth_place",
            a.birth_place.clone(),
            b.birth_place.clone(),
        ),
        row(
            "registry.sex",
            ctx.answer("sex", &a.sex),
            ctx.answer("sex", &b.sex),
        ),
        row("duplicates.kk", a.kk_number.clone(), b.kk_number.clone()),
        row("duplicates.address", address(a), address(b)),
        row("registry.village", village(a), village(b)),
        row(
            "registry.relationship",
            ctx.answer("relationship", &a.relationship),
            ctx.answer("relationship", &b.relationship),
        ),
        row(
            "registry.life_status",
            ctx.answer("life_status", &a.life_status),
            ctx.answer("life_status", &b.life_status),
        ),
    ]
}

#[derive(Template)]
#[template(path = "duplicates_pair.html")]
struct PairPage {
    ctx: PageCtx,
    detail: PairDetail,
    status: String,
    source: String,
    found_at: String,
    decided_at: String,
    probability: String,
    rows: Vec<SideBySide>,
    evidence: Vec<EvidenceRow>,
    name_frequency: String,
    /// Shown only when sharing a crowded village took weight off.
    place_frequency: Option<String>,
    can_decide: bool,
    form: DecisionForm,
    errors: FormErrors,
}

impl PairPage {
    fn is_open(&self) -> bool {
        self.detail.pair.status == OPEN
    }

    fn keeps(&self, id: &i64) -> bool {
        match self
            .form
            .survivor_id
            .as_deref()
            .and_then(|s| s.parse::<i64>().ok())
        {
            Some(kept) => kept == *id,
            None => *id == self.detail.pair.person_a,
        }
    }
}

fn render_pair(
    ctx: PageCtx,
    detail: PairDetail,
    can_decide: bool,
    form: DecisionForm,
    errors: FormErrors,
) -> Result<String, AppError> {
    let lang = ctx.lang;
    let pair = &detail.pair;
    let explanation = &pair.explanation;
    let page = PairPage {
        status: status_label(&pair.status, lang),
        source: source_label(&pair.source, lang),
        found_at: ctx.when(&pair.found_at),
        decided_at: ctx.when_opt(&pair.decided_at),
        probability: percent(pair.probability, lang),
        rows: side_by_side(&detail, &ctx),
        evidence: evidence(explanation, lang),
        name_frequency: strength(explanation.name_frequency_bits, lang),
        place_frequency: (explanation.place_frequency_bits != 0.0)
            .then(|| strength(explanation.place_frequency_bits, lang)),
        ctx,
        detail,
        can_decide,
        form,
        errors,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn pair_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let detail = service::find(&state.db, &me, id).await?;
    let can_decide = Permission::DecideDuplicates.roles().contains(&me.role);
    let html = render_pair(
        ctx,
        detail,
        can_decide,
        DecisionForm::default(),
        FormErrors::default(),
    )?;
    Ok(Html(html))
}

#[derive(serde::Deserialize, Default)]
struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    survivor_id: Option<String>,
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let request = DecisionRequest {
        decision: form.decision.clone(),
        reason: form.reason.clone(),
        survivor_id: form
            .survivor_id
            .as_deref()
            .and_then(|s| s.trim().parse().ok()),
    };
    let now = state.clock.now();
    match service::decide(&state.db, &me, id, &request, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/duplikat/{id}")).into_response()),
        Err(err) => {
            let err = AppError::from(err);
            // Decided meanwhile (409) shows the decision; a missing reason (422) the form.
            let status = match err {
                AppError::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = FormErrors::from_error(err, ctx.lang)?;
            let detail = service::find(&state.db, &me, id).await?;
            let html = render_pair(ctx, detail, true, form, errors)?;
            Ok((status, Html(html)).into_response())
        }
    }
}
