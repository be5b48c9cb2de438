//! Renders handler failures once: an RFC 9457 problem document for `/api/…`, a page (or a
//! redirect to the login page) in the viewer's language elsewhere. Internal causes are
//! logged here, once, with the request id; the response shows only the id.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::cookies::{self, Lifetime};
use super::error::{AppError, Failure};
use crate::http::Problem;
use crate::web::layout::PageCtx;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: PageCtx,
    status: u16,
    detail: String,
    fields: Vec<(&'a str, &'a str)>,
    request_id: String,
}

pub async fn render_failures(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let ctx = PageCtx::from_parts(&parts);
    let is_api = parts.uri.path().starts_with("/api/");
    let instance = parts.uri.path().to_owned();
    let return_to = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let request_id = parts
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let response = next.run(Request::from_parts(parts, body)).await;
    let (err, response) = match response.extensions().get::<Failure>().cloned() {
        Some(Failure(err)) => (err, response),
        None if is_framework_refusal(&response) => framework_refusal(response).await,
        None => return response,
    };
    log(&err, &request_id);
    if is_api {
        return problem(&err, response, instance, request_id);
    }
    page(&err, response, ctx, &return_to, request_id)
}

/// Statuses the framework answers on its own with a plain-text body.
const FRAMEWORK_STATUSES: [u16; 7] = [400, 404, 405, 408, 413, 415, 422];
/// The most of a framework refusal's text kept for the message.
const REFUSAL_TEXT_BYTES_MAX: usize = 4096;

fn is_framework_refusal(response: &Response) -> bool {
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    plain && FRAMEWORK_STATUSES.contains(&response.status().as_u16())
}

async fn framework_refusal(response: Response) -> (std::sync::Arc<AppError>, Response) {
    let status = response.status();
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, REFUSAL_TEXT_BYTES_MAX)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let err = std::sync::Arc::new(AppError::Rejected(status, text));
    (err, Response::from_parts(parts, axum::body::Body::empty()))
}

fn log(err: &AppError, request_id: &str) {
    match err {
        AppError::Internal(cause) => {
            tracing::error!(request_id, error = format!("{cause:#}"), "request failed");
        }
        other => tracing::debug!(request_id, code = other.code(), "request refused"),
    }
}

fn problem(err: &AppError, original: Response, instance: String, request_id: String) -> Response {
    let status = err.status();
    let document = Problem {
        problem_type: format!("/api/docs#problem-{}", err.code()),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail: err.detail(crate::web::i18n::Lang::En),
        instance,
        request_id,
        errors: err.fields().to_vec(),
    };
    let body = serde_json::to_string(&document).unwrap_or_default();
    let mut response = (status, body).into_response();
    copy_header(&original, &mut response, header::RETRY_AFTER);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    if status == StatusCode::UNAUTHORIZED {
        headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

fn page(
    err: &AppError,
    original: Response,
    ctx: PageCtx,
    return_to: &str,
    request_id: String,
) -> Response {
    if matches!(err, AppError::Unauthenticated | AppError::SessionExpired) {
        let expired = matches!(err, AppError::SessionExpired);
        let target = login_url(return_to, expired);
        let mut response = Redirect::to(&target).into_response();
        if expired {
            let cookie = cookies::set(cookies::SESSION, "", Lifetime::Expired, false);
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        return response;
    }
    let lang = ctx.lang;
    let fields = err
        .fields()
        .iter()
        .map(|f| (f.field.as_str(), f.message_in(lang)))
        .collect();
    let page = ErrorPage {
        status: err.status().as_u16(),
        detail: err.detail(lang),
        fields,
        request_id,
        ctx,
    };
    let html = page.render().unwrap_or_else(|_| err.detail(lang));
    let mut response = (err.status(), axum::response::Html(html)).into_response();
    copy_header(&original, &mut response, header::RETRY_AFTER);
    response
}

/// The login page URL that returns to `return_to` afterwards.
fn login_url(return_to: &str, expired: bool) -> String {
    let next: String = form_urlencoded::byte_serialize(return_to.as_bytes()).collect();
    let reason = if expired { "&alasan=sesi-berakhir" } else { "" };
    format!("/masuk?lanjut={next}{reason}")
}

fn copy_header(from: &Response, to: &mut Response, name: header::HeaderName) {
    if let Some(value) = from.headers().get(&name) {
        to.headers_mut().insert(name, value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::login_url;

    #[test]
    fn login_url_keeps_the_way_back() {
        assert_eq!(
            login_url("/wilayah?q=a b", false),
            "/masuk?lanjut=%2Fwilayah%3Fq%3Da+b"
        );
        assert!(login_url("/beranda", true).ends_with("&alasan=sesi-berakhir"));
    }
}
