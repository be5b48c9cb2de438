//! Wiring: the application state, the router with every feature's routes, the middleware
//! stack, and `Application::build`, shared by `main` and the tests.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Method;
use axum::middleware;
use tokio::net::TcpListener;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use utoipa::openapi::OpenApi;

use crate::clock::Clock;
use crate::config::ServerArgs;
use crate::db::Db;
use crate::http::AppState;
use crate::http::json::API_BODY_BYTES_MAX;
use crate::http::routes::Routes;
use crate::{
    accounts, applications, audit, budgets, changes, civil, dashboard, disbursement, duplicates,
    enrolment, events, http, import, ledger, monitoring, notifications, objections, ops, portal,
    programmes, proposals, regions, registry, review, targeting, web,
};

/// Every feature's routes, each JSON route registered with its OpenAPI description, and
/// the shared pages and operational endpoints.
fn all_routes() -> Routes {
    Routes::with_openapi(ops::openapi::base_document())
        .pages(web::assets::routes())
        .pages(ops::routes())
        .merge(portal::router())
        .merge(accounts::router())
        .merge(dashboard::router())
        .merge(regions::router())
        .merge(events::router())
        .merge(registry::router())
        .merge(import::router())
        .merge(changes::router())
        .merge(applications::router())
        .merge(civil::router())
        .merge(review::router())
        .merge(proposals::router())
        .merge(budgets::router())
        .merge(ledger::router())
        .merge(disbursement::router())
        .merge(crate::merchants::router())
        .merge(crate::vouchers::router())
        .merge(objections::router())
        .merge(crate::complaints::router())
        .merge(crate::donations::router())
        .merge(notifications::router())
        .merge(crate::distribution::router())
        .merge(crate::deliberations::router())
        .merge(duplicates::router())
        .merge(targeting::router())
        .merge(audit::router())
        .merge(programmes::router())
        .merge(enrolment::router())
        .merge(monitoring::router())
}

/// The OpenAPI document of every JSON route.
pub fn openapi_document() -> OpenApi {
    ops::contract::complete(all_routes().api.split_for_parts().1)
}

/// The full route list: (method, path) of every page and every documented JSON route.
pub fn route_list() -> Vec<(Method, String)> {
    let routes = all_routes();
    let (_, pages) = routes.pages.into_parts();
    let (_, document) = routes.api.split_for_parts();
    let mut list: Vec<(Method, String)> =
        pages.into_iter().map(|(m, p)| (m, p.to_owned())).collect();
    list.extend(ops::openapi::operations(&document));
    list
}

/// Builds the router over `db`, with the middleware stack (without the log's keys).
pub fn router(db: Db, config: Arc<ServerArgs>, clock: Arc<dyn Clock>) -> Router {
    router_with_log(db, config, clock, None)
}

/// What every handler may reach beside the database: the log, the registry's hooks, the
/// limiters, the in-memory indexes (read at start) and the voucher keys and writer.
fn shared_parts(
    db: &Db,
    config: &ServerArgs,
    clock: &dyn Clock,
    log: Option<Arc<audit::Log>>,
) -> axum::http::Extensions {
    let mut parts = axum::http::Extensions::new();
    if let Some(log) = log {
        parts.insert(log);
    }
    // The registry's hooks: notices on the person page and the check after registering.
    let notices: registry::hooks::NoticeSources = vec![
        Arc::new(review::notices::ReviewFlagNotices),
        Arc::new(duplicates::notices::DuplicateNotices),
    ];
    parts.insert(notices);
    let after: Arc<dyn registry::hooks::AfterRegister> =
        Arc::new(duplicates::notices::DuplicateNotices);
    parts.insert(after);
    parts.insert(targeting::jobs::LiveRuns::default());
    parts.insert(Arc::new(crate::complaints::limit::Limiter::default()));
    parts.insert(programmes::snapshot::Snapshots::default());
    let cek = portal::cek::Cek::new(&config.cek);
    // Read at start so the first public lookups do not wait for a national registry.
    if tokio::runtime::Handle::try_current().is_ok() {
        cek.keeper.warm(db.clone(), clock.now());
    }
    parts.insert(cek);
    let stats = portal::stats::keeper::Keeper::default();
    if tokio::runtime::Handle::try_current().is_ok() {
        stats.warm(db.clone(), clock.now());
    }
    parts.insert(stats);
    parts.insert(Arc::new(crate::vouchers::keys::KeyRing::new(
        crate::vouchers::keys::key_file_path(
            config.voucher_key_file.as_deref(),
            &config.database.database_url,
        ),
    )));
    parts.insert(Arc::new(crate::vouchers::group::Redemptions::new(
        db.clone(),
    )));
    parts
}

/// Builds the router over `db` and the transparency log, with the middleware stack.
pub fn router_with_log(
    db: Db,
    config: Arc<ServerArgs>,
    clock: Arc<dyn Clock>,
    log: Option<Arc<audit::Log>>,
) -> Router {
    let routes = all_routes();
    let untimed: Arc<[&'static str]> = routes.untimed.into();
    let (api, document) = routes.api.split_for_parts();
    let document = ops::contract::complete(document);
    let (pages, _) = routes.pages.into_parts();
    let parts = shared_parts(&db, &config, clock.as_ref(), log);
    let state = AppState::new(db, config.clone(), clock, Arc::new(document), parts);
    let timeout = Duration::from_secs(config.request_timeout_seconds);
    http::idempotency::set_lease(timeout);
    Router::new()
        .merge(pages)
        .merge(api)
        .fallback(|| async { http::AppError::NotFound })
        // Inside the session and CSRF layers, so an error page keeps the signed-in header
        // and its forms; the outer copy below renders what those layers refuse themselves.
        .layer(middleware::from_fn(http::render_failures))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::csrf::ensure_cookie,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::session::authenticate,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::client::resolve_client,
        ))
        .layer(middleware::from_fn(http::render_failures))
        .layer(DefaultBodyLimit::max(API_BODY_BYTES_MAX))
        .layer(middleware::from_fn(move |req, next| {
            time_limit(timeout, untimed.clone(), req, next)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(middleware::from_fn(ops::metrics::track))
        .layer(ops::tracing::layer())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::headers::secure,
        ))
        .with_state(state)
}

/// Answers 408 when a request takes longer than `limit`, except uploads, which stream
/// large files over slow village links and have their own size limit instead.
async fn time_limit(
    limit: Duration,
    untimed: Arc<[&'static str]>,
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let upload = req.method() == Method::POST && untimed.contains(&req.uri().path());
    if upload {
        return next.run(req).await;
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => axum::http::StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// A built application: a bound listener and its router.
pub struct Application {
    listener: TcpListener,
    router: Router,
    pub db: Db,
    pub log: Arc<audit::Log>,
    clock: Arc<dyn Clock>,
    /// Hours between scheduled duplicate runs; 0 for none.
    duplicate_run_hours: u32,
    /// Minutes between asking the e-wallet provider about pending payments; 0 for never.
    ewallet_poll_minutes: u32,
    /// Where notifications go, and seconds between the worker's rounds (0: no worker).
    notify: Arc<notifications::provider::Providers>,
    notify_interval_seconds: u32,
    /// Between the log sequencer's batches.
    sequence_interval: std::time::Duration,
}

impl Application {
    /// Connects, migrates, loads the region list on first start, and binds the port.
    pub async fn build(config: ServerArgs, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        registry::code_lists::register();
        let db = Db::connect(&config.database.database_url).await?;
        prepare(&db, clock.as_ref()).await?;
        let log = Arc::new(audit::Log::open_or_create(
            &config.log,
            &config.database.database_url,
        )?);
        audit::store::ensure_checkpoint(&db, &log, clock.now()).await?;
        import::recover(&db, clock.now()).await?;
        duplicates::recover(&db, clock.now()).await?;
        targeting::jobs::recover(&db, clock.now()).await?;
        tracing::info!(verifier_key = %log.verifier(), "transparency log ready");
        // Checked before the port is bound: a misconfigured provider stops the start.
        let notify = Arc::new(notifications::provider::Providers::from_args(
            &config.notify,
        )?);
        let notify_interval_seconds = config.notify.interval_seconds;
        let sequence_interval = config
            .log
            .sequence_ms
            .map(|ms| std::time::Duration::from_millis(u64::from(ms)))
            .unwrap_or(audit::sequencer::SEQUENCE_INTERVAL);
        let listener = TcpListener::bind(config.listen).await?;
        let duplicate_run_hours = config.duplicate_run_hours;
        let ewallet_poll_minutes = config.ewallet_poll_minutes;
        let router = router_with_log(
            db.clone(),
            Arc::new(config),
            clock.clone(),
            Some(log.clone()),
        );
        Ok(Self {
            listener,
            router,
            db,
            log,
            clock,
            duplicate_run_hours,
            ewallet_poll_minutes,
            notify,
            notify_interval_seconds,
            sequence_interval,
        })
    }

    pub fn address(&self) -> std::io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests; the log's
    /// sequencer runs alongside and sequences what is left before the pool closes.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let schedule = duplicates::runner::schedule(
            self.db.clone(),
            self.clock.clone(),
            self.duplicate_run_hours,
        );
        let escalation = objections::escalation::start(self.db.clone(), self.clock.clone());
        let complaint_watch =
            crate::complaints::escalation::start(self.db.clone(), self.clock.clone());
        let pledge_watch = crate::donations::watch::start(self.db.clone(), self.clock.clone());
        let calendar = crate::deliberations::calendar::start(self.db.clone(), self.clock.clone());
        let wallet_poll = disbursement::wallet::poll::start(
            self.db.clone(),
            self.clock.clone(),
            self.ewallet_poll_minutes,
        );
        let notify = notifications::worker::start(
            self.db.clone(),
            self.clock.clone(),
            self.notify.clone(),
            self.notify_interval_seconds,
        );
        let sequencer = audit::Sequencer::start(
            self.db.clone(),
            self.log,
            self.clock,
            self.sequence_interval,
        );
        // The peer address reaches handlers that limit by client (self-registration).
        let service = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        // A run cut off here is marked failed at the next start.
        if let Some(schedule) = schedule {
            schedule.abort();
        }
        escalation.abort();
        complaint_watch.abort();
        pledge_watch.abort();
        calendar.abort();
        if let Some(poll) = wallet_poll {
            poll.abort();
        }
        if let Some(notify) = notify {
            notify.abort();
        }
        sequencer.stop().await;
        served?;
        self.db.pool.close().await;
        Ok(())
    }
}

/// Applies migrations and loads the shipped region list into an empty store.
pub async fn prepare(db: &Db, clock: &dyn Clock) -> anyhow::Result<()> {
    db.migrate().await?;
    if let Some(report) = regions::load::load_shipped_if_empty(db, clock.now()).await? {
        tracing::info!(added = report.added, "loaded the shipped region list");
    }
    let added = programmes::seed::load_shipped(db, clock.now()).await?;
    if added > 0 {
        tracing::info!(added, "loaded the shipped programmes");
    }
    Ok(())
}
