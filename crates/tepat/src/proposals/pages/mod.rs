//! Proposal pages: the list in the official's scope (with filters, overdue items and
//! flags), one proposal with its chain, flags and the decision form, and the form that
//! proposes a household (`new.rs`).

mod bulk;
mod new;
mod one;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;

use super::model::{Kind, Level, Proposal, basis_label, reason_label, status_label};
use super::service;
use crate::auth::{Permission, SignedIn};
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, pagination};
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/usulan-bansos", list_page)
        .get("/usulan-bansos/{id}", one::proposal_page)
        .post("/usulan-bansos/{id}/setujui", one::approve)
        .post("/usulan-bansos/{id}/kembalikan", one::return_it)
        .get("/keluarga/{id}/usulan-bansos", new::form_page)
        .route(
            axum::http::Method::POST,
            "/keluarga/{id}/usulan-bansos",
            axum::routing::post(new::submit)
                .layer(axum::extract::DefaultBodyLimit::max(new::FORM_BYTES_MAX)),
        )
        .post("/usulan-bansos/setujui", bulk::approve)
        .post("/usulan-bansos/kembalikan", bulk::return_them)
}

/// A flag as pages show it: (basis in words, the official's role, their account id, the
/// evidence as name and value lines).
pub type FlagLine = (String, String, i64, Vec<(String, String)>);

/// A proposal as pages show it: codes in words.
pub struct ProposalView {
    pub p: Proposal,
    pub kind: String,
    pub reason: String,
    pub status: String,
    pub step: String,
    pub head: String,
}

impl ProposalView {
    pub fn new(p: Proposal, lang: Lang) -> Self {
        let kind = match Kind::parse(&p.kind) {
            Some(k) => k.label(lang),
            None if p.kind == super::store::CHANGE_DATA => {
                lang.pick("Perubahan data", "Change data")
            }
            None => p.kind.clone(),
        };
        let step = Level::parse(&p.step)
            .map(|l| l.label(lang))
            .unwrap_or_else(|| p.step.clone());
        Self {
            kind,
            reason: reason_label(&p.reason, lang),
            status: status_label(&p.status, lang),
            step,
            head: p.household_head.clone().unwrap_or_else(|| "—".into()),
            p,
        }
    }

    /// The flags as (basis in words, role, account id, evidence lines).
    pub fn flags(&self, lang: &Lang) -> Vec<FlagLine> {
        self.p
            .conflicts
            .iter()
            .map(|c| {
                let evidence = match &c.evidence {
                    serde_json::Value::Object(fields) => fields
                        .iter()
                        .map(|(k, v)| {
                            let text = v
                                .as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| v.to_string());
                            (k.clone(), text)
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (
                    basis_label(&c.basis, *lang),
                    c.account_role.clone(),
                    c.account_id,
                    evidence,
                )
            })
            .collect()
    }
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    status: Option<String>,
    kind: Option<String>,
    step: Option<String>,
    flagged: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "proposals.html")]
struct ListPage {
    ctx: PageCtx,
    status: String,
    kind: String,
    kinds: Vec<(String, String)>,
    step: String,
    flagged: bool,
    my_step: String,
    /// A row waits at the viewer's step: the list carries the bulk decision form.
    can_bulk: bool,
    items: Vec<ProposalView>,
    next_cursor: Option<String>,
    statuses: Vec<(String, String)>,
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadProposals)?;
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    let flagged = query.flagged.as_deref() == Some("1");
    let filter = service::filter(
        query.status.as_deref(),
        query.kind.as_deref(),
        None,
        Some(flagged),
        query.step.as_deref(),
    )?;
    let now = state.clock.now();
    let rows = service::list(
        &state.db,
        &me,
        &filter,
        page.before_id(),
        page.limit + 1,
        now,
    )
    .await?;
    let (rows, next_cursor) = pagination::finish_page(rows, page.limit, |p| p.id.to_string());
    let lang = ctx.lang;
    let my_step = Level::ALL
        .into_iter()
        .find(|l| l.role() == me.role)
        .map(|l| l.as_str().to_owned())
        .unwrap_or_default();
    let statuses = ["pending", "approved", "returned"]
        .into_iter()
        .map(|s| (s.to_owned(), status_label(s, lang)))
        .collect();
    let can_bulk = !my_step.is_empty()
        && rows
            .iter()
            .any(|p| p.status == super::model::PENDING && p.step == my_step);
    let kinds = ["enrol", "remove", super::store::CHANGE_DATA]
        .into_iter()
        .map(|k| {
            let label = Kind::parse(k).map_or_else(
                || lang.pick("Perubahan data", "Change data"),
                |kind| kind.label(lang),
            );
            (k.to_owned(), label)
        })
        .collect();
    let html = ListPage {
        can_bulk,
        kind: filter.kind,
        kinds,
        status: filter.status,
        step: filter.step,
        flagged,
        my_step,
        items: rows
            .into_iter()
            .map(|p| ProposalView::new(p, lang))
            .collect(),
        next_cursor,
        statuses,
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
