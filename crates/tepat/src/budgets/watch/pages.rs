//! The public budget watch's pages and downloads: `/anggaran-publik` (the figures of every
//! line in the chosen region and programme), `.csv` and `.json` of the same figures, and
//! `/anggaran-publik/pagu/{id}` (one line with its comments, the comment form, and a
//! moderator's hide buttons).

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::report::{LineFigures, report};
use super::{Choice, chart, checkpoint_size, comments, regions};
use crate::auth::{MaybeSignedIn, SignedIn};
use crate::budgets::model::rupiah;
use crate::http::client::ClientAddress;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState};
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/anggaran-publik", page)
        .get("/anggaran-publik.csv", csv)
        .get("/anggaran-publik.json", json)
        .get("/anggaran-publik/pagu/{id}", line_page)
        .post("/anggaran-publik/pagu/{id}/komentar", comment)
        .post("/anggaran-publik/komentar/{id}/sembunyikan", hide)
}

/// A line's figures as the page shows them.
pub struct LineView {
    pub f: LineFigures,
    pub plan: String,
    pub allocated: String,
    pub committed: String,
    pub paid: String,
    pub returned: String,
    pub reached: String,
    pub gap: String,
    pub unit_cost: String,
    pub chart: String,
    /// (month, plan, committed, paid, returned) in words.
    pub months: Vec<[String; 5]>,
    /// (version, from, to, reason, decided at) of approved revisions.
    pub revisions: Vec<[String; 5]>,
}

impl LineView {
    fn new(f: LineFigures) -> Self {
        let label = format!("Pagu {} {} · rencana dan realisasi", f.programme, f.year);
        Self {
            plan: rupiah(f.plan),
            allocated: rupiah(f.allocated),
            committed: rupiah(f.committed),
            paid: rupiah(f.paid),
            returned: rupiah(f.returned),
            reached: rupiah(f.reached),
            gap: rupiah(f.gap),
            unit_cost: f.unit_cost.map(rupiah).unwrap_or_else(|| "–".to_owned()),
            chart: chart::svg(&f.months, &label),
            months: f
                .months
                .iter()
                .map(|m| {
                    [
                        chart::month_label(&m.month),
                        rupiah(m.plan),
                        rupiah(m.committed),
                        rupiah(m.paid),
                        rupiah(m.returned),
                    ]
                })
                .collect(),
            revisions: f
                .revisions
                .iter()
                .filter(|r| r.version.is_some())
                .map(|r| {
                    [
                        r.version.unwrap_or_default().to_string(),
                        r.previous_amount.map(rupiah).unwrap_or_default(),
                        rupiah(r.amount),
                        r.reason.clone(),
                        r.checked_at.as_deref().map(show_time).unwrap_or_default(),
                    ]
                })
                .collect(),
            f,
        }
    }
}

#[derive(Template)]
#[template(path = "budget_watch.html")]
struct WatchPage {
    ctx: PageCtx,
    lines: Vec<LineView>,
    regions: Vec<(String, String)>,
    programmes: Vec<String>,
    region: String,
    programme: String,
    query: String,
    checkpoint: u64,
}

async fn programmes(state: &AppState) -> Result<Vec<String>, AppError> {
    Ok(crate::programmes::store::list(&state.db)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect())
}

/// The checked choice and its figures.
async fn figures(
    state: &AppState,
    choice: &Choice,
) -> Result<(String, String, Vec<LineFigures>, u64), AppError> {
    let (region, programme) = choice.checked(&programmes(state).await?)?;
    let checkpoint = checkpoint_size(&state.db).await?;
    let lines = report(&state.db, &region, &programme).await?;
    Ok((region, programme, lines, checkpoint))
}

async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(choice): Query<Choice>,
) -> Result<Html<String>, AppError> {
    let (region, programme, lines, checkpoint) = figures(&state, &choice).await?;
    let page = WatchPage {
        ctx,
        lines: lines.into_iter().map(LineView::new).collect(),
        regions: regions(&state.db).await?,
        programmes: programmes(&state).await?,
        query: Choice::query(&region, &programme),
        region,
        programme,
        checkpoint,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

/// The JSON download.
#[derive(serde::Serialize)]
struct WatchJson {
    region: String,
    programme: String,
    /// The tree size of the log checkpoint the figures were computed at.
    checkpoint_tree_size: u64,
    checkpoint_url: &'static str,
    lines: Vec<LineFigures>,
}

async fn json(
    State(state): State<AppState>,
    Query(choice): Query<Choice>,
) -> Result<Response, AppError> {
    let (region, programme, lines, checkpoint) = figures(&state, &choice).await?;
    let body = WatchJson {
        region,
        programme,
        checkpoint_tree_size: checkpoint,
        checkpoint_url: "/log/checkpoint",
        lines,
    };
    Ok(Json(body).into_response())
}

const CSV_HEADER: &str = "pagu,program,tahun,sumber,pemilik,versi,rencana,dialokasikan,\
terikat,dibayar,dikembalikan,sampai_penerima,penerima,biaya_per_penerima,selisih,\
indeks_log_terakhir,ukuran_checkpoint";

async fn csv(
    State(state): State<AppState>,
    Query(choice): Query<Choice>,
) -> Result<Response, AppError> {
    let (_, _, lines, checkpoint) = figures(&state, &choice).await?;
    let mut out = format!("{CSV_HEADER}\r\n");
    for f in &lines {
        let cells = [
            f.line_id.to_string(),
            f.programme.clone(),
            f.year.to_string(),
            f.source.clone(),
            f.owner.clone(),
            f.version.to_string(),
            f.plan.to_string(),
            f.allocated.to_string(),
            f.committed.to_string(),
            f.paid.to_string(),
            f.returned.to_string(),
            f.reached.to_string(),
            f.recipients.to_string(),
            f.unit_cost.map(|c| c.to_string()).unwrap_or_default(),
            f.gap.to_string(),
            f.last_log_index.map(|i| i.to_string()).unwrap_or_default(),
            checkpoint.to_string(),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"anggaran-publik.csv\"".to_owned(),
            ),
        ],
        out,
    )
        .into_response())
}

/// The comment form as typed.
#[derive(Debug, Default, serde::Deserialize)]
struct CommentForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    body: String,
}

/// A comment as the page shows it.
pub struct CommentView {
    pub comment: comments::Comment,
    pub name: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "budget_watch_line.html")]
struct LinePage {
    ctx: PageCtx,
    line: LineView,
    comments: Vec<CommentView>,
    hidden: i64,
    moderator: bool,
    form: CommentForm,
    errors: FormErrors,
    checkpoint: u64,
}

async fn render_line(
    state: &AppState,
    me: Option<&crate::auth::Principal>,
    ctx: PageCtx,
    id: i64,
    form: CommentForm,
    errors: FormErrors,
) -> Result<String, AppError> {
    let checkpoint = checkpoint_size(&state.db).await?;
    let line = report(&state.db, "", "")
        .await?
        .into_iter()
        .find(|f| f.line_id == id)
        .ok_or(AppError::NotFound)?;
    let (shown, hidden) = comments::of_line(&state.db, id).await?;
    let anonymous = ctx.lang.pick("Warga", "Resident");
    let page = LinePage {
        moderator: me.is_some_and(|me| comments::moderates(me, &line.owner)),
        line: LineView::new(line),
        comments: shown
            .into_iter()
            .map(|comment| CommentView {
                name: comment.name.clone().unwrap_or_else(|| anonymous.clone()),
                at: show_time(&comment.created_at),
                comment,
            })
            .collect(),
        hidden,
        ctx,
        form,
        errors,
        checkpoint,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn line_page(
    State(state): State<AppState>,
    MaybeSignedIn(me): MaybeSignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let html = render_line(
        &state,
        me.as_ref(),
        ctx,
        id,
        CommentForm::default(),
        FormErrors::default(),
    );
    Ok(Html(html.await?))
}

async fn comment(
    State(state): State<AppState>,
    MaybeSignedIn(me): MaybeSignedIn,
    ctx: PageCtx,
    client: ClientAddress,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, AppError> {
    let key = client.key();
    let now = state.clock.now();
    match comments::post(&state.db, id, &form.name, &form.body, key.as_deref(), now).await {
        Ok(comment) => {
            let to = format!("/anggaran-publik/pagu/{id}#komentar-{comment}");
            Ok(Redirect::to(&to).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_line(&state, me.as_ref(), ctx, id, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct HideForm {
    #[serde(default)]
    reason: String,
}

async fn hide(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HideForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    match comments::hide(&state.db, &me, id, &form.reason, now).await {
        Ok(line) => Ok(Redirect::to(&format!("/anggaran-publik/pagu/{line}")).into_response()),
        Err(err) => {
            let line: Option<i64> =
                sqlx::query_scalar("SELECT budget_line_id FROM budget_comments WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&state.db.pool)
                    .await
                    .map_err(anyhow::Error::from)?;
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let line = line.ok_or(AppError::NotFound)?;
            let html =
                render_line(&state, Some(&me), ctx, line, CommentForm::default(), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
