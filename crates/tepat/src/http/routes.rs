//! The route book for pages and operational endpoints: every route is registered with its
//! method here, so the authorization matrix test can list them all. JSON routes are listed
//! by the OpenAPI document instead (`utoipa_axum`), which registers route and description
//! together.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};

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
