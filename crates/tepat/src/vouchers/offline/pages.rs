//! Offline pages and files: the shop's installable page (`/warung` with its web app
//! manifest, service worker and script), the JSON the script reads and posts with the
//! page's session, and the proof of a double spend for district officers
//! (`/pedagang/belanja-ganda/{id}`) with the decision form.

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::bundle::{Bundle, bundle};
use super::model::{Device, DoubleSpend, NewDevice, OPEN, SyncBatch, Synced};
use super::{devices, flags, sync};
use crate::auth::{Permission, SignedIn};
use crate::budgets::model::rupiah;
use crate::http::csrf::CsrfForm;
use crate::http::routes::RouteBook;
use crate::http::{AppError, AppState, RequestId};
use crate::vouchers::api::keys;
use crate::web::form::FormErrors;
use crate::web::layout::PageCtx;

const SCRIPT: &str = include_str!("../../../assets/warung-offline.js");
const WORKER: &str = include_str!("../../../assets/warung-sw.js");
const MANIFEST: &str = include_str!("../../../assets/warung.webmanifest");

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/warung/manifest.webmanifest", manifest)
        .get("/warung/sw.js", worker)
        .get("/warung/offline.js", script)
        .get("/warung/offline.json", offline_json)
        .post("/warung/perangkat", register_form)
        .post("/warung/sinkron", sync_form)
        .get("/pedagang/belanja-ganda/{id}", proof_page)
        .post("/pedagang/belanja-ganda/{id}/putuskan", decide_form)
}

async fn manifest() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        MANIFEST,
    )
}

async fn worker() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            // The worker lives in /warung/ but serves the page /warung itself.
            (
                header::HeaderName::from_static("service-worker-allowed"),
                "/warung",
            ),
        ],
        WORKER,
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
}

async fn offline_json(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Bundle>, AppError> {
    me.require(Permission::RedeemVouchers)?;
    let keys = keys(&state)?;
    Ok(Json(bundle(&state.db, &keys, &me).await?))
}

#[derive(Debug, Default, serde::Deserialize)]
struct DeviceForm {
    #[serde(default)]
    public_key: String,
    #[serde(default)]
    label: String,
}

async fn register_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    CsrfForm(form): CsrfForm<DeviceForm>,
) -> Result<Json<Device>, AppError> {
    me.require_write(Permission::RedeemVouchers)?;
    let input = NewDevice {
        public_key: form.public_key,
        label: form.label,
    };
    let now = state.clock.now();
    Ok(Json(
        devices::register(&state.db, &me, input, request_id.0, now).await?,
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
struct SyncForm {
    #[serde(default)]
    batch: String,
}

async fn sync_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    request_id: RequestId,
    CsrfForm(form): CsrfForm<SyncForm>,
) -> Result<Json<Synced>, AppError> {
    me.require_write(Permission::RedeemVouchers)?;
    let batch: SyncBatch = serde_json::from_str(&form.batch).map_err(|_| {
        AppError::invalid(crate::http::FieldError::new(
            "batch",
            "format",
            "is not a device's queue",
            "bukan antrean catatan perangkat",
        ))
    })?;
    let keys = keys(&state)?;
    let now = state.clock.now();
    Ok(Json(
        sync::sync(&state.db, &keys, &me, batch, request_id.0, now).await?,
    ))
}

/// What the shop's page shows of offline spending.
pub struct OfflineView {
    /// (programme, per voucher, per day, unsynced) in words.
    pub limits: Vec<(String, String, String, String)>,
    pub loss_bound: String,
    pub devices: Vec<Device>,
}

/// The shop's offline limits and devices, for its page.
pub async fn view(state: &AppState, me: &crate::auth::Principal) -> Option<OfflineView> {
    let keys = keys(state).ok()?;
    let bundle = bundle(&state.db, &keys, me).await.ok()?;
    Some(OfflineView {
        limits: bundle
            .limits
            .iter()
            .map(|(p, l)| {
                let show = rupiah;
                (
                    p.clone(),
                    show(l.per_voucher),
                    show(l.per_day),
                    show(l.outstanding),
                )
            })
            .collect(),
        loss_bound: rupiah(bundle.loss_bound),
        devices: bundle.devices,
    })
}

/// A purchase of a proof as the page shows it.
pub struct PurchaseView {
    pub redemption: Option<i64>,
    pub merchant: String,
    pub amount: String,
    pub at: String,
    pub device: Option<i64>,
    pub device_key: Option<String>,
    pub record: Option<String>,
    pub signature: Option<String>,
}

impl PurchaseView {
    fn new(p: &super::model::Purchase) -> Self {
        Self {
            redemption: p.redemption,
            merchant: p.merchant.clone(),
            amount: rupiah(p.amount),
            at: crate::web::time::show_time(&p.at),
            device: p.device,
            device_key: p.device_key.clone(),
            record: p.record.clone(),
            signature: p.signature.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "double_spend.html")]
struct ProofPage {
    ctx: PageCtx,
    proof: DoubleSpend,
    amount: String,
    remaining: String,
    detected: String,
    refused: PurchaseView,
    earlier: Vec<PurchaseView>,
    decidable: bool,
    errors: FormErrors,
}

async fn render_proof(
    state: &AppState,
    me: &crate::auth::Principal,
    ctx: PageCtx,
    id: i64,
    errors: FormErrors,
) -> Result<String, AppError> {
    let proof = flags::one(&state.db, me, id).await?;
    let page = ProofPage {
        amount: rupiah(proof.amount),
        remaining: rupiah(proof.remaining),
        detected: crate::web::time::show_time(&proof.detected_at),
        refused: PurchaseView::new(&proof.refused),
        earlier: proof.earlier.iter().map(PurchaseView::new).collect(),
        decidable: proof.status == OPEN && Permission::ManageMerchants.roles().contains(&me.role),
        proof,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

async fn proof_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    me.require(Permission::ReadMerchants)?;
    Ok(Html(
        render_proof(&state, &me, ctx, id, FormErrors::default()).await?,
    ))
}

async fn decide_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require_write(Permission::ManageMerchants)?;
    let get = |name: &str| form.get(name).cloned().unwrap_or_default();
    let now = state.clock.now();
    let done = flags::decide(
        &state.db,
        &me,
        id,
        &get("putusan"),
        &get("catatan"),
        request_id.0,
        now,
    )
    .await;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/pedagang/belanja-ganda/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let html = render_proof(&state, &me, ctx, id, errors).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
