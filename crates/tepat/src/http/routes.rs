//! The route book for pages and operational endpoints: every route is registered with its
//! method here, so the authorization matrix test can list them all. JSON routes are listed
//! by the OpenAPI document instead (`utoipa_axum`), which registers route and description
//! together.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};

use utoipa_axum::router::OpenApiRouter;

use crate::http::AppState;

/// A router that remembers which (method, path) pairs it serves.
#[derive(Default)]
pub struct RouteBook {
    router: Router<AppState>,
    entries: Vec<(Method, &'static str)>,
}

impl RouteBook {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::GET, path, routing::get(handler))
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::POST, path, routing::post(handler))
    }

    /// A route with its own layers (e.g. a larger body limit for an upload).
    pub fn route(self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        self.add(method, path, route)
    }

    fn add(mut self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, route);
        self.entries.push((method, path));
        self
    }

    pub fn merge(mut self, other: RouteBook) -> Self {
        self.router = self.router.merge(other.router);
        self.entries.extend(other.entries);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<(Method, &'static str)>) {
        (self.router, self.entries)
    }
}

/// One feature's routes: its JSON routes with their OpenAPI descriptions, its pages, and
/// the upload paths that stream for longer than the request time limit allows.
pub struct Routes {
    pub api: OpenApiRouter<AppState>,
    pub pages: RouteBook,
    pub untimed: Vec<&'static str>,
}

impl Default for Routes {
    fn default() -> Self {
        Self {
            api: OpenApiRouter::new(),
            pages: RouteBook::new(),
            untimed: Vec::new(),
        }
    }
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    /// The same routes over another OpenAPI base document.
    pub fn with_openapi(document: utoipa::openapi::OpenApi) -> Self {
        Self {
            api: OpenApiRouter::with_openapi(document),
            ..Self::default()
        }
    }

    pub fn api(mut self, api: OpenApiRouter<AppState>) -> Self {
        self.api = self.api.merge(api);
        self
    }

    pub fn pages(mut self, pages: RouteBook) -> Self {
        self.pages = self.pages.merge(pages);
        self
    }

    /// POST paths exempt from the request time limit (large uploads over slow links).
    pub fn untimed(mut self, paths: &[&'static str]) -> Self {
        self.untimed.extend_from_slice(paths);
        self
    }

    pub fn merge(self, other: Routes) -> Self {
        self.api(other.api)
            .pages(other.pages)
            .untimed(&other.untimed)
    }
}
