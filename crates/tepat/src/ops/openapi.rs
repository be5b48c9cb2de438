//! The OpenAPI 3.1 document, generated from the handlers' annotations, and a reference
//! page rendered from it by the server (no external assets).

use askama::Template;
use axum::extract::State;
use axum::http::{Method, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi as _};

use crate::http::AppError;
use crate::http::AppState;
use crate::http::problem::Problem;
use crate::web::layout::PageCtx;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Tepat API",
        description = "Registry, decisions and non-cash disbursement of Indonesian social \
                       assistance. Errors are RFC 9457 problem documents \
                       (application/problem+json); lists use cursor pagination.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build();
            components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
        }
    }
}

/// The document every feature's routes are added to.
pub fn base_document() -> OpenApi {
    ApiDoc::openapi()
}

const METHODS: [(&str, Method); 5] = [
    ("get", Method::GET),
    ("post", Method::POST),
    ("put", Method::PUT),
    ("patch", Method::PATCH),
    ("delete", Method::DELETE),
];

/// (method, path) of every documented operation, with `{param}` path templates.
pub fn operations(document: &OpenApi) -> Vec<(Method, String)> {
    let value = serde_json::to_value(document).unwrap_or(Value::Null);
    let mut list = Vec::new();
    if let Some(paths) = value.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for (name, method) in &METHODS {
                if item.get(*name).is_some() {
                    list.push((method.clone(), path.clone()));
                }
            }
        }
    }
    list
}

/// `GET /api/openapi.json`.
pub async fn document(State(state): State<AppState>) -> Response {
    match serde_json::to_string_pretty(state.openapi.as_ref()) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(err) => AppError::Internal(err.into()).into_response(),
    }
}

/// One operation on the reference page.
pub struct DocOperation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<(String, String, bool, String)>,
    pub request_body: Option<String>,
    pub responses: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ReferencePage {
    ctx: PageCtx,
    title: String,
    operations: Vec<DocOperation>,
    problems: Vec<(&'static str, u16, &'static str)>,
}

/// The problem types every client should handle, for the reference page.
const PROBLEM_TYPES: [(&str, u16, &str); 13] = [
    (
        "bad-request",
        400,
        "Malformed JSON or query parameter; `errors` names the field.",
    ),
    (
        "unauthenticated",
        401,
        "No valid bearer token (or session for reading).",
    ),
    (
        "session-expired",
        401,
        "The session has ended; log in again.",
    ),
    ("forbidden", 403, "The role may not use this resource."),
    (
        "outside-scope",
        403,
        "The resource lies outside the caller's region scope.",
    ),
    (
        "missing-scope",
        403,
        "The API token lacks the scope this operation needs.",
    ),
    ("not-found", 404, "No such resource."),
    (
        "conflict",
        409,
        "A unique value is already taken, or an idempotency key was reused.",
    ),
    (
        "payload-too-large",
        413,
        "The body exceeds the limit stated in `detail`.",
    ),
    (
        "unsupported-media-type",
        415,
        "Send `Content-Type: application/json`.",
    ),
    (
        "invalid",
        422,
        "One or more fields failed their rules; see `errors`.",
    ),
    ("too-many-attempts", 429, "Slow down; see `Retry-After`."),
    ("internal", 500, "Server error; quote `request_id`."),
];

/// `GET /api/docs`: the human-readable reference.
pub async fn reference_page(
    State(state): State<AppState>,
    ctx: PageCtx,
) -> Result<Html<String>, AppError> {
    let value = serde_json::to_value(state.openapi.as_ref()).map_err(anyhow::Error::from)?;
    let page = ReferencePage {
        title: value["info"]["title"].as_str().unwrap_or("API").to_owned(),
        operations: doc_operations(&value),
        problems: PROBLEM_TYPES.to_vec(),
        ctx,
    };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn doc_operations(value: &Value) -> Vec<DocOperation> {
    let mut list = Vec::new();
    let Some(paths) = value.get("paths").and_then(Value::as_object) else {
        return list;
    };
    for (path, item) in paths {
        for (name, _) in &METHODS {
            let Some(op) = item.get(*name) else { continue };
            let parameters = op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| {
                    let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
                    (
                        text(p, "name"),
                        text(p, "in"),
                        required,
                        text(p, "description"),
                    )
                })
                .collect();
            let request_body = op
                .pointer("/requestBody/content/application~1json/schema/$ref")
                .and_then(Value::as_str)
                .map(|r| r.rsplit('/').next().unwrap_or(r).to_owned());
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(status, r)| (status.clone(), text(r, "description")))
                .collect();
            list.push(DocOperation {
                method: name.to_uppercase(),
                path: path.clone(),
                summary: text(op, "summary"),
                description: text(op, "description"),
                parameters,
                request_body,
                responses,
            });
        }
    }
    list
}
