//! Registry pages: households in the official's scope with filters, a household with its
//! members and history, a person's full record (opened for a stated purpose, which is
//! recorded), the access records for auditors, and export downloads.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::export::{self, Format};
use super::hooks::{self, Notices};
use super::service::{self, HouseholdDetail, PersonDetail};
use super::store::PersonId;
use super::store::read::{HouseholdSummary, Person};
use super::store::views::{self, PersonView, ViewPurpose};
use crate::auth::Permission;
use crate::auth::SignedIn;
use crate::events::trail::ActorNames;
use crate::http::AppState;
use crate::http::routes::RouteBook;
use crate::http::{AppError, FieldError, pagination};
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/keluarga", households_page)
        .get("/keluarga/ekspor", export_download)
        .get("/keluarga/{id}", household_page)
        .get("/penduduk/{id}", person_page)
        .get("/akses-data", views_page)
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    cari: Option<String>,
    wilayah: Option<String>,
    kk: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "registry_households.html")]
struct HouseholdsPage {
    ctx: PageCtx,
    wilayah: String,
    kk: String,
    status: String,
    households: Vec<HouseholdSummary>,
    next_cursor: Option<String>,
    can_export: bool,
    can_register: bool,
    cari: String,
    found: Option<Vec<Person>>,
}

async fn households_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let page = pagination::PageParams {
        cursor: query.cursor,
        limit: None,
    }
    .validate()?;
    let filter = service::filter(
        query.wilayah.as_deref(),
        query.kk.clone(),
        query.status.clone(),
    )?;
    let after = page
        .after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let rows = service::list(&state.db, &me, filter, after, page.limit + 1).await?;
    let (households, next_cursor) = pagination::finish_page(rows, page.limit, |h| h.id.to_string());
    let cari: String = query
        .cari
        .unwrap_or_default()
        .trim()
        .chars()
        .take(80)
        .collect();
    let found = if cari.chars().count() >= 2 {
        let region = service::filter(query.wilayah.as_deref(), None, None)?.region;
        Some(service::search(&state.db, &me, region.as_ref(), &cari).await?)
    } else {
        None
    };
    let html = HouseholdsPage {
        cari,
        found,
        ctx,
        wilayah: query.wilayah.unwrap_or_default(),
        kk: query.kk.unwrap_or_default(),
        status: query.status.unwrap_or_default(),
        households,
        next_cursor,
        can_export: me.allows(Permission::OpenPersonRecord, false).is_ok(),
        can_register: me.allows(Permission::WriteRegistry, true).is_ok(),
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(Template)]
#[template(path = "registry_household.html")]
struct HouseholdPage {
    ctx: PageCtx,
    detail: HouseholdDetail,
    can_open: bool,
    can_propose: bool,
    can_propose_aid: bool,
    purposes: Vec<(&'static str, &'static str)>,
    welfare: crate::targeting::pages::WelfareSection,
    enrolment: crate::enrolment::pages::HouseholdSection,
}

async fn household_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let detail = service::household(&state.db, &me, id).await?;
    let purposes: Vec<_> = service::purposes_for(&me)
        .iter()
        .map(|p| (p.code(), p.label(ctx.lang)))
        .collect();
    let welfare = crate::targeting::service::welfare_of(&state.db, id, ctx.lang).await?;
    let welfare = crate::targeting::pages::WelfareSection::new(&welfare, ctx.lang);
    let enrolment =
        crate::enrolment::pages::HouseholdSection::new(&state, &me, id, ctx.lang).await?;
    let html = HouseholdPage {
        enrolment,
        ctx,
        detail,
        welfare,
        can_open: !purposes.is_empty(),
        can_propose: Permission::ProposeChange.roles().contains(&me.role),
        can_propose_aid: Permission::MakeProposals.roles().contains(&me.role),
        purposes,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(serde::Deserialize, Default)]
struct PersonQuery {
    keperluan: Option<String>,
}

#[derive(Template)]
#[template(path = "registry_person.html")]
struct PersonPage {
    ctx: PageCtx,
    id: i64,
    detail: Option<PersonDetail>,
    purposes: Vec<(&'static str, &'static str)>,
    /// Review flags and duplicate holds, shown before anything else.
    notices: Notices,
}

async fn person_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Query(query): Query<PersonQuery>,
) -> Result<Html<String>, AppError> {
    let allowed = service::purposes_for(&me);
    if allowed.is_empty() {
        return Err(AppError::Forbidden);
    }
    let detail = match query.keperluan.as_deref() {
        None | Some("") => None,
        Some(text) => {
            let purpose = ViewPurpose::parse(text).map_err(|e| {
                AppError::BadRequest(FieldError::localized("keperluan", "choice", &e))
            })?;
            Some(service::open_person(&state.db, &me, id, purpose, state.clock.now()).await?)
        }
    };
    if detail.is_none() {
        // The purpose form is shown only for a person inside the official's scope.
        let person = super::store::read::find_person(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let region = crate::region_code::RegionCode::parse(&person.region_code)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored region: {e}")))?;
        if !me.opens_person_in(&region) {
            return Err(AppError::NotFound);
        }
    }
    let purposes = allowed
        .iter()
        .map(|p| (p.code(), p.label(ctx.lang)))
        .collect();
    let notices = hooks::notices_for(&state, &me, PersonId(id), ctx.lang).await?;
    let html = PersonPage {
        ctx,
        id,
        detail,
        purposes,
        notices,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(Template)]
#[template(path = "registry_views.html")]
struct ViewsPage {
    ctx: PageCtx,
    views: Vec<PersonView>,
    names: ActorNames,
    next_cursor: Option<String>,
}

impl ViewsPage {
    fn actor(&self, view: &PersonView) -> String {
        let kind = crate::events::ActorKind::parse(&view.actor_kind);
        self.names
            .show(kind, view.actor_id, &view.actor_role, self.ctx.lang)
    }
}

async fn views_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Query(params): Query<pagination::PageParams>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadPersonViews)?;
    let page = params.validate()?;
    let before = page
        .after
        .as_deref()
        .and_then(|a| a.parse().ok())
        .unwrap_or(i64::MAX);
    let rows = views::list(&state.db, me.region.as_ref(), None, before, page.limit + 1).await?;
    let (views, next_cursor) = pagination::finish_page(rows, page.limit, |v| v.id.to_string());
    let actors = views
        .iter()
        .map(|v| (crate::events::ActorKind::parse(&v.actor_kind), v.actor_id));
    let names = ActorNames::of(&state.db, actors).await?;
    let html = ViewsPage {
        ctx,
        views,
        names,
        next_cursor,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html))
}

#[derive(serde::Deserialize, Default)]
struct ExportQuery {
    wilayah: Option<String>,
    format: Option<String>,
}

/// Downloads the households of a region inside the official's scope, in the import layout.
async fn export_download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    me.require(Permission::OpenPersonRecord)?;
    // An export is the whole record: only for those who see every field of it whole.
    if !me.redactor().is_whole() {
        return Err(AppError::Forbidden);
    }
    let region = match query
        .wilayah
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => crate::regions::pages::path_code(text)?,
        None => me.region.clone().ok_or_else(|| {
            AppError::BadRequest(FieldError::new(
                "wilayah",
                "required",
                "is required",
                "wajib diisi",
            ))
        })?,
    };
    me.require_in_region(Permission::OpenPersonRecord, &region)?;
    let (format, content_type, extension) = match query.format.as_deref() {
        Some("xlsx") => (
            Format::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        _ => (Format::Csv, "text/csv; charset=utf-8", "csv"),
    };
    let mut buffer = Vec::new();
    export::export(&state.db, &region, format, &mut buffer)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"keluarga-{region}.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        buffer,
    )
        .into_response())
}
