//! The signed minutes on the deliberation's page: the operator's upload form once it is
//! finalised, the scan's SHA-256 for everyone, and the download for officials of the
//! region.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::model::{Deliberation, FINALISED};
use super::super::scan::{self, SCAN_BYTES_MAX, ScanInfo};
use super::super::service;
use super::render_found;
use crate::auth::{Permission, Principal, Role, SignedIn};
use crate::http::upload::{FormSender, attachment, receive_small_form};
use crate::http::{AppError, AppState, RequestId};
use crate::web::form::FormErrors;
use crate::web::i18n::Lang;
use crate::web::layout::PageCtx;
use crate::web::time::{Zone, show_in};

/// What the page shows of the signed minutes.
pub struct ScanPart {
    pub info: Option<ScanInfo>,
    /// When it was uploaded, as people read it.
    pub uploaded: String,
    /// The size in words (`1,2 MB`).
    pub size: String,
    /// The village's operator, on a finalised deliberation without a scan yet.
    pub can_attach: bool,
    /// An official whose region covers the village.
    pub can_download: bool,
    pub errors: FormErrors,
}

fn covers(me: &Principal, d: &Deliberation) -> bool {
    crate::region_code::RegionCode::parse(&d.village).is_ok_and(|v| me.covers(&v))
}

pub(super) async fn part(
    state: &AppState,
    me: Option<&Principal>,
    d: &Deliberation,
    errors: FormErrors,
    lang: Lang,
    zone: Zone,
) -> Result<ScanPart, AppError> {
    let info = scan::info(&state.db, d.id).await?;
    let can_attach = info.is_none()
        && d.status == FINALISED
        && me.is_some_and(|me| me.role == Role::VillageOperator && covers(me, d));
    let can_download = info.is_some()
        && me
            .is_some_and(|me| me.allows(Permission::ReadProposals, false).is_ok() && covers(me, d));
    let uploaded = info
        .as_ref()
        .map(|i| show_in(&i.uploaded_at, zone, lang))
        .unwrap_or_default();
    let size = info
        .as_ref()
        .map(|i| crate::http::upload::human_size(u64::try_from(i.size).unwrap_or_default()))
        .unwrap_or_default();
    Ok(ScanPart {
        info,
        uploaded,
        size,
        can_attach,
        can_download,
        errors,
    })
}

pub(super) async fn upload(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    sender: FormSender,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    me.require_write(Permission::DecideProposals)?;
    let form = receive_small_form(&sender, multipart, "scan", SCAN_BYTES_MAX, 1).await?;
    let bytes = form.files.first().map(|(_, bytes)| bytes.as_slice());
    let now = state.clock.now();
    match scan::attach(&state.db, &me, id, bytes, request_id.0, now).await {
        Ok(_) => Ok(Redirect::to(&format!("/musyawarah/{id}#berita-acara")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let d = service::find(&state.db, Some(&me), id).await?;
            let part = part(&state, Some(&me), &d, errors, ctx.lang, ctx.zone).await?;
            let html = render_found(&state, Some(&me), ctx, &sender.headers, d, None, part)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

pub(super) async fn download(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (kind, bytes) = scan::download(&state.db, &me, id).await?;
    let name = scan::file_name(id, &kind);
    Ok(attachment(&name, kind, bytes))
}
