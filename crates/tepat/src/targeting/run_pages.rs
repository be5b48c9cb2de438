//! Recompute pages for ministry officers: start a scoring run with the latest (or a chosen)
//! model, watch its progress (the page refreshes itself, no JavaScript) and read the count
//! per desil at the end. A second start while one runs is refused beside the button.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::error::TargetingError;
use super::jobs::{self, LiveRuns};
use super::model_pages::{ministry_only, role_words};
use super::store::jobs::{CUT_OFF, DONE, RUNNING, ScoringJob};
use super::store::models;
use crate::auth::{Principal, SignedIn};
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/penargetan/penghitungan", runs_page)
        .post("/penargetan/penghitungan", start_form)
        .get("/penargetan/penghitungan/{id}", run_page)
}

/// This server's live progress (a router built without it shows stored progress only).
pub fn live(state: &AppState) -> LiveRuns {
    state.part::<LiveRuns>().cloned().unwrap_or_default()
}

/// A model to choose: its version and its label.
pub struct ModelChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A job as pages show it.
pub struct JobView {
    pub job: ScoringJob,
    pub running: bool,
    pub status: String,
    pub by: String,
    pub percent: i64,
    pub done: String,
    pub total: String,
    /// (desil, households) when done.
    pub per_decile: Vec<(usize, String)>,
}

impl JobView {
    fn new(job: ScoringJob, ctx: &PageCtx) -> Self {
        let lang = ctx.lang;
        let status = match (job.status.as_str(), job.failure.as_deref()) {
            (RUNNING, _) => lang.pick("sedang berjalan", "running"),
            (DONE, _) => lang.pick("selesai", "done"),
            (_, Some(CUT_OFF)) => lang.pick(
                "gagal: terhenti karena server berhenti; tidak ada skor yang berubah",
                "failed: cut off when its server stopped; no score changed",
            ),
            _ => lang.pick(
                "gagal: tidak ada skor yang berubah; lihat log server",
                "failed: no score changed; see the server log",
            ),
        };
        let percent = if job.progress_total > 0 {
            (job.progress_done * 100 / job.progress_total).clamp(0, 100)
        } else {
            0
        };
        let per_decile = job
            .per_decile
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, n)| (i + 1, ctx.num(n)))
            .collect();
        Self {
            running: job.status == RUNNING,
            status,
            by: format!("{} ({})", job.actor_name, role_words(&job.actor_role, lang)),
            percent,
            done: ctx.num(&job.progress_done),
            total: ctx.num(&job.progress_total),
            per_decile,
            job,
        }
    }
}

#[derive(Template)]
#[template(path = "targeting_runs.html")]
struct RunsPage {
    ctx: PageCtx,
    choices: Vec<ModelChoice>,
    jobs: Vec<JobView>,
    error: Option<String>,
}

async fn choices(state: &AppState, chosen: &str, lang: Lang) -> Result<Vec<ModelChoice>, AppError> {
    let mut list = vec![ModelChoice {
        value: String::new(),
        label: lang.pick(
            "yang terbaru diterbitkan (atau bawaan bila belum ada)",
            "the latest published (or the shipped one when none is)",
        ),
        selected: chosen.is_empty(),
    }];
    for m in models::list(&state.db).await? {
        let value = m.version.to_string();
        list.push(ModelChoice {
            label: format!(
                "{} {}: {}",
                lang.pick("versi", "version"),
                m.version,
                m.name
            ),
            selected: value == chosen,
            value,
        });
    }
    list.push(ModelChoice {
        value: "0".into(),
        label: lang.pick(
            "versi 0 (model bawaan Tepat)",
            "version 0 (shipped with Tepat)",
        ),
        selected: chosen == "0",
    });
    Ok(list)
}

async fn render_runs(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    chosen: &str,
    error: Option<(String, bool)>,
) -> Result<Response, AppError> {
    let jobs = jobs::recent(&state.db, &live(state), me)
        .await?
        .into_iter()
        .map(|j| JobView::new(j, &ctx))
        .collect();
    let status = match &error {
        Some((_, busy)) if *busy => StatusCode::CONFLICT,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let error = error.map(|(message, _)| message);
    let html = RunsPage {
        choices: choices(state, chosen, ctx.lang).await?,
        ctx,
        jobs,
        error,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

#[derive(serde::Deserialize)]
struct ModelQuery {
    #[serde(default)]
    model: String,
}

async fn runs_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ModelQuery>,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    render_runs(&state, &me, ctx, query.model.trim(), None).await
}

#[derive(serde::Deserialize)]
struct StartForm {
    #[serde(default)]
    model: String,
}

async fn start_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    let chosen = form.model.trim();
    let lang = ctx.lang;
    let version = match chosen {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                let message = lang.pick(
                    "Model: pilih salah satu versi dari daftar.",
                    "Model: choose one of the listed versions.",
                );
                return render_runs(&state, &me, ctx, "", Some((message, false))).await;
            }
        },
    };
    let started = jobs::start(&state.db, &live(&state), state.clock.clone(), &me, version).await;
    let refusal = match started {
        Ok(id) => {
            return Ok(Redirect::to(&format!("/penargetan/penghitungan/{id}")).into_response());
        }
        Err(TargetingError::Busy(_)) => (lang.pick(
            "Penghitungan tidak dimulai: penghitungan lain sedang berjalan. Hanya satu yang boleh berjalan pada satu waktu; tunggu sampai selesai.",
            "Not started: another run is in progress. One run at a time; wait until it ends.",
        ), true),
        Err(TargetingError::Invalid(field)) => {
            (format!("Model: {}", field.message_in(lang)), false)
        }
        Err(err) => return Err(err.into()),
    };
    render_runs(&state, &me, ctx, chosen, Some(refusal)).await
}

#[derive(Template)]
#[template(path = "targeting_run.html")]
struct RunPage {
    ctx: PageCtx,
    view: JobView,
    model: String,
}

async fn run_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if let Some(denied) = ministry_only(&me, &ctx) {
        return Ok(denied);
    }
    let job = match jobs::find(&state.db, &live(&state), &me, id).await {
        Err(TargetingError::NotFound) => return Err(AppError::NotFound),
        other => other?,
    };
    let model = if job.model_version == 0 {
        ctx.lang.pick(
            "versi 0 (model bawaan Tepat)",
            "version 0 (shipped with Tepat)",
        )
    } else {
        format!(
            "{} {}",
            ctx.lang.pick("versi", "version"),
            job.model_version
        )
    };
    let html = RunPage {
        view: JobView::new(job, &ctx),
        ctx,
        model,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}
