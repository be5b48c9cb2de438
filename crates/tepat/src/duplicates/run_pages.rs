//! The runs page: the latest full duplicate runs with their progress (refreshing itself
//! while one runs), and the button that starts one.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::error::DuplicateError;
use super::pages::percent;
use super::service;
use super::store::runs::{DuplicateRun, RUNNING};
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::http::AppError;
use crate::http::AppState;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::web::layout::PageCtx;

/// Runs listed on the runs page.
const RUNS_SHOWN: u32 = 10;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/duplikat/proses", runs_page)
        .post("/duplikat/proses", start_run)
}

/// A run as the runs page shows it.
pub struct RunRow {
    pub run: DuplicateRun,
    pub status: &'static str,
    pub started_at: String,
    pub finished_at: String,
    pub percent: i64,
    pub threshold: String,
    pub stage: String,
}

impl RunRow {
    fn new(run: DuplicateRun, ctx: &PageCtx) -> Self {
        let key = match run.status.as_str() {
            RUNNING => "duplicates.run_running",
            "done" => "duplicates.run_done",
            _ => "duplicates.run_failed",
        };
        Self {
            status: ctx.tr.t(key),
            started_at: ctx.when(&run.started_at),
            finished_at: ctx.when_opt(&run.finished_at),
            percent: (run.progress_done * 100)
                .checked_div(run.progress_total)
                .unwrap_or(0)
                .clamp(0, 100),
            threshold: run
                .threshold
                .map(|t| percent(t, ctx.lang))
                .unwrap_or_default(),
            stage: super::stage_label(&run.stage, ctx.lang),
            run,
        }
    }
}

#[derive(Template)]
#[template(path = "duplicates_runs.html")]
struct RunsPage {
    ctx: PageCtx,
    runs: Vec<RunRow>,
    running: bool,
    can_start: bool,
    error: Option<String>,
}

async fn render_runs(
    state: &AppState,
    me: &crate::auth::Principal,
    ctx: PageCtx,
    error: Option<String>,
) -> Result<String, AppError> {
    let runs: Vec<RunRow> = service::latest_runs(&state.db, me, RUNS_SHOWN)
        .await?
        .into_iter()
        .map(|r| RunRow::new(r, &ctx))
        .collect();
    let page = RunsPage {
        running: runs.iter().any(|r| r.run.status == RUNNING),
        can_start: Permission::RunDuplicates.roles().contains(&me.role),
        runs,
        ctx,
        error,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn runs_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    Ok(Html(render_runs(&state, &me, ctx, None).await?))
}

#[derive(serde::Deserialize)]
struct StartForm {}

async fn start_run(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    CsrfForm(_): CsrfForm<StartForm>,
) -> Result<Response, AppError> {
    match service::start_run(&state.db, &me, state.clock.clone()).await {
        Ok(_) => Ok(Redirect::to("/duplikat/proses").into_response()),
        Err(DuplicateError::RunInProgress) => {
            let rule = DuplicateError::run_in_progress_rule();
            let message = ctx.lang.pick(&rule.message_id, &rule.message_en);
            let html = render_runs(&state, &me, ctx, Some(message)).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
        Err(err) => Err(err.into()),
    }
}
