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
use utoipa_axum::router::OpenApiRouter;

use crate::clock::Clock;
use crate::config::ServerArgs;
use crate::db::Db;
use crate::http::AppState;
use crate::http::json::API_BODY_BYTES_MAX;
use crate::http::routes::RouteBook;
use crate::{
    accounts, applications, audit, changes, civil, dashboard, duplicates, events, http, import,
    ops, regions, registry, review, web,
};

/// Every feature's JSON routes, each registered with its OpenAPI description.
fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ops::openapi::base_document())
        .merge(accounts::api::router())
        .merge(regions::api::router())
        .merge(events::api::router())
        .merge(registry::api::router())
        .merge(import::web::api_router())
        .merge(changes::api::router())
        .merge(applications::api::router())
        .merge(civil::api::router())
        .merge(review::api::router())
        .merge(duplicates::api::router())
        .merge(audit::api::router())
}

/// Every feature's pages and operational routes.
fn page_book() -> RouteBook {
    RouteBook::new()
        .merge(web::assets::routes())
        .merge(ops::routes())
        .merge(accounts::pages::routes())
        .merge(dashboard::routes())
        .merge(regions::pages::routes())
        .merge(events::pages::routes())
        .merge(registry::pages::routes())
        .merge(import::web::routes())
        .merge(changes::pages::routes())
        .merge(applications::pages::routes())
        .merge(applications::queue_pages::routes())
        .merge(review::pages::routes())
        .merge(duplicates::pages::routes())
        .merge(audit::serve::routes())
}

/// The OpenAPI document of every JSON route.
pub fn openapi_document() -> OpenApi {
    api_router().split_for_parts().1
}

/// The full route list: (method, path) of every page and every documented JSON route.
pub fn route_list() -> Vec<(Method, String)> {
    let (_, pages) = page_book().into_parts();
    let (_, document) = api_router().split_for_parts();
    let mut list: Vec<(Method, String)> =
        pages.into_iter().map(|(m, p)| (m, p.to_owned())).collect();
    list.extend(ops::openapi::operations(&document));
    list
}

/// Builds the router over `db`, with the middleware stack (without the log's keys).
pub fn router(db: Db, config: Arc<ServerArgs>, clock: Arc<dyn Clock>) -> Router {
    router_with_log(db, config, clock, None)
}

/// Builds the router over `db` and the transparency log, with the middleware stack.
pub fn router_with_log(
    db: Db,
    config: Arc<ServerArgs>,
    clock: Arc<dyn Clock>,
    log: Option<Arc<audit::Log>>,
) -> Router {
    let (api, document) = api_router().split_for_parts();
    let (pages, _) = page_book().into_parts();
    let mut parts = axum::http::Extensions::new();
    if let Some(log) = log {
        parts.insert(log);
    }
    let state = AppState::new(db, config.clone(), clock, Arc::new(document), parts);
    let timeout = Duration::from_secs(config.request_timeout_seconds);
    Router::new()
        .merge(pages)
        .merge(api)
        .fallback(|| async { http::AppError::NotFound })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::csrf::ensure_cookie,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::session::authenticate,
        ))
        .layer(middleware::from_fn(http::render_failures))
        .layer(DefaultBodyLimit::max(API_BODY_BYTES_MAX))
        .layer(middleware::from_fn(move |req, next| {
            time_limit(timeout, req, next)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(middleware::from_fn(ops::metrics::track))
        .layer(ops::tracing::layer())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Answers 408 when a request takes longer than `limit`, except uploads, which stream
/// large files over slow village links and have their own size limit instead.
async fn time_limit(
    limit: Duration,
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let upload = req.method() == Method::POST && import::web::UNTIMED.contains(&req.uri().path());
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
}

impl Application {
    /// Connects, migrates, loads the region list on first start, and binds the port.
    pub async fn build(config: ServerArgs, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database.database_url).await?;
        prepare(&db, clock.as_ref()).await?;
        let log = Arc::new(audit::Log::open_or_create(
            &config.log,
            &config.database.database_url,
        )?);
        audit::store::ensure_checkpoint(&db, &log, clock.now()).await?;
        let abandoned = import::jobs::abandon_unfinished(&db, clock.now()).await?;
        if abandoned > 0 {
            tracing::warn!(
                abandoned,
                "import jobs cut off by the last stop were marked failed"
            );
        }
        let cut_off = duplicates::store::runs::abandon_running(&db, clock.now()).await?;
        if cut_off > 0 {
            tracing::warn!(
                cut_off,
                "duplicate runs cut off by the last stop were marked failed"
            );
        }
        tracing::info!(verifier_key = %log.verifier(), "transparency log ready");
        let listener = TcpListener::bind(config.listen).await?;
        let duplicate_run_hours = config.duplicate_run_hours;
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
        let sequencer = audit::Sequencer::start(self.db.clone(), self.log, self.clock);
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await;
        // A run cut off here is marked failed at the next start.
        if let Some(schedule) = schedule {
            schedule.abort();
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
    Ok(())
}
