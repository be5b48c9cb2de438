//! Programme pages: the public list and one programme (rule in words, benefit, quotas,
//! exclusions, every rule version). The rule page is in `rule.rs`.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use super::model::{Programme, RuleVersion};
use super::service;
use crate::auth::{MaybeSignedIn, Permission};
use crate::http::AppError;
use crate::http::AppState;
use crate::http::routes::RouteBook;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::time::show_time;

mod rule;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/program", programmes_page)
        .get("/program/{code}", programme_page)
        .get("/program/{code}/kartu.png", card_picture)
        .get("/program/{code}/aturan", rule::rule_page)
        .post("/program/{code}/aturan/pratinjau", rule::preview_rule)
        .post("/program/{code}/aturan/terbitkan", rule::publish_rule)
}

/// A count with the reader's separators.
pub fn count(n: u64, lang: Lang) -> String {
    crate::sheets::limits::grouped(n, if lang == Lang::Id { '.' } else { ',' })
}

fn rupiah(amount: i64, lang: Lang) -> String {
    format!("Rp{}", count(amount.max(0).unsigned_abs(), lang))
}

/// A benefit component as a table row.
pub struct AmountRow {
    pub label: String,
    pub amount: String,
    pub year: i32,
    pub source: String,
}

/// A programme as pages show it: codes in words, amounts in rupiah.
pub struct ProgrammeView {
    pub p: Programme,
    pub name: String,
    pub description: String,
    pub frequency: String,
    pub channel: String,
    pub benefit_note: String,
    pub amounts: Vec<AmountRow>,
    pub quotas: Vec<(String, String, String)>,
    pub words: String,
}

impl ProgrammeView {
    pub fn new(p: Programme, lang: Lang) -> Self {
        let en = lang == Lang::En;
        let amounts = p
            .benefit
            .components
            .iter()
            .map(|c| AmountRow {
                label: if en {
                    c.label_en.clone()
                } else {
                    c.label.clone()
                },
                amount: format!(
                    "{} {}",
                    rupiah(c.amount_rupiah, lang),
                    super::period_label(&c.period, lang)
                ),
                year: c.year,
                source: c.source.clone(),
            })
            .collect();
        let quotas = p
            .quotas
            .iter()
            .map(|q| {
                let region = if q.region.is_empty() {
                    lang.pick("Nasional", "National")
                } else {
                    q.region.clone()
                };
                let figure = format!(
                    "{} {} ({})",
                    count(q.count.max(0).unsigned_abs(), lang),
                    q.unit,
                    q.year
                );
                (region, figure, q.source.clone())
            })
            .collect();
        Self {
            name: if en {
                p.name_en.clone()
            } else {
                p.name.clone()
            },
            description: if en {
                p.description_en.clone()
            } else {
                p.description.clone()
            },
            frequency: super::frequency_label(&p.frequency, lang),
            channel: super::channel_label(&p.channel, lang),
            benefit_note: if en {
                p.benefit.note_en.clone()
            } else {
                p.benefit.note.clone()
            },
            words: if en {
                p.rule.words_en.clone()
            } else {
                p.rule.words.clone()
            },
            amounts,
            quotas,
            p,
        }
    }
}

#[derive(Template)]
#[template(path = "programmes.html")]
struct ProgrammesPage {
    ctx: PageCtx,
    programmes: Vec<ProgrammeView>,
}

async fn programmes_page(
    State(state): State<AppState>,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    let programmes = service::list(&state.db).await?;
    let programmes = programmes
        .into_iter()
        .map(|p| ProgrammeView::new(p, ctx.lang))
        .collect();
    let html = ProgrammesPage { ctx, programmes }
        .render()
        .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

/// A rule version as the page lists it.
pub struct VersionView {
    pub version: i64,
    pub source: String,
    pub words: String,
    pub published_at: String,
    pub by: String,
}

fn versions_view(versions: Vec<RuleVersion>, lang: Lang) -> Vec<VersionView> {
    versions
        .into_iter()
        .map(|v| VersionView {
            version: v.version,
            words: if lang == Lang::En {
                v.words_en
            } else {
                v.words
            },
            published_at: show_time(&v.published_at),
            by: v.published_by_role,
            source: v.source,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "programme.html")]
struct ProgrammePage {
    ctx: PageCtx,
    view: ProgrammeView,
    versions: Vec<VersionView>,
    approver: String,
    can_enrol: bool,
    can_edit: bool,
    og: crate::web::share::OpenGraph,
}

/// `/program/{code}/kartu.png`: the share card's picture — how often and how the aid is
/// paid, the rule's version and each component's amount.
async fn card_picture(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::response::Response, AppError> {
    let (programme, _) = service::find(&state.db, &code).await?;
    let version = programme.rule.version;
    let components: Vec<(String, i64)> = (programme.benefit.components.iter())
        .map(|c| (c.label.clone(), c.amount_rupiah))
        .collect();
    let view = ProgrammeView::new(programme, Lang::Id);
    let card = crate::web::card::Card {
        kind: "Program bantuan".into(),
        title: view.name.clone(),
        figures: vec![
            (view.frequency.clone(), "penyaluran".into()),
            (view.channel.clone(), "cara penyaluran".into()),
            (format!("Versi {version}"), "aturan kelayakan".into()),
        ],
        bars: view
            .amounts
            .iter()
            .zip(components)
            .map(|(row, (label, amount))| (label, row.amount.clone(), amount as f64))
            .collect(),
        site: crate::web::share::site(&state.config.notify.public_url),
    };
    crate::web::card::response(&card).await
}

async fn programme_page(
    State(state): State<AppState>,
    MaybeSignedIn(me): MaybeSignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let (programme, versions) = service::find(&state.db, &code).await?;
    let approver = crate::auth::Role::parse(&programme.approver)
        .map(|r| r.label(ctx.lang).to_owned())
        .unwrap_or_default();
    let can_enrol = me
        .as_ref()
        .is_some_and(|me| me.require(Permission::ReadEnrolments).is_ok());
    let can_edit = me
        .as_ref()
        .is_some_and(|me| me.require(Permission::PublishProgrammeRule).is_ok());
    let view = ProgrammeView::new(programme, ctx.lang);
    let og = crate::web::share::OpenGraph::new(
        &state.config.notify.public_url,
        &format!("/program/{}", view.p.code),
        view.name.clone(),
        view.description.clone(),
    )
    .with_image(
        &state.config.notify.public_url,
        &format!("/program/{}/kartu.png", view.p.code),
    );
    let html = ProgrammePage {
        approver,
        can_enrol,
        can_edit,
        og,
        view,
        versions: versions_view(versions, ctx.lang),
        ctx,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}
