//! What the API document promises about every operation, written once instead of on each
//! handler: every refusal is an RFC 9457 problem (`application/problem+json`); every status
//! the shared plumbing can answer is listed (400 for a request that breaks this document,
//! 401/403 where a token is needed, 404 where the path names a record, 409 where an
//! `Idempotency-Key` is taken, 413/415 where there is a body, 422 for a well-formed request
//! that breaks a rule); and the shared parameters carry their exact syntax (`limit`,
//! `cursor`, `q`, `Idempotency-Key`), so a request that matches the document is never
//! refused as malformed.

use serde_json::{Map, Value, json};
use utoipa::openapi::OpenApi;

use crate::http::pagination::{CURSOR_PATTERN, PAGE_SIZE_MAX};
use crate::http::search::{SEARCH_CHARS_MAX, SEARCH_CHARS_MIN};

/// A problem document's media type.
pub const PROBLEM_JSON: &str = "application/problem+json";
/// Printable ASCII with at least one character that is not a blank, at most 200 in all.
const IDEMPOTENCY_KEY_PATTERN: &str = "^[ -~]*[!-~][ -~]*$";
/// A region code of any level, as `RegionCode::parse` reads it (blanks around are trimmed).
const REGION_CODE_PATTERN: &str = "^\\s*[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?\\s*$";
/// A region filter: a region code, or nothing (blank) for no filter.
const REGION_FILTER_PATTERN: &str =
    "^\\s*([0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?)?\\s*$";

/// The document with the promises above applied to every operation.
pub fn complete(document: OpenApi) -> OpenApi {
    let Ok(mut value) = serde_json::to_value(&document) else {
        return document;
    };
    complete_value(&mut value);
    serde_json::from_value(value).unwrap_or(document)
}

/// As `complete`, on the document as JSON.
pub fn complete_value(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if let Some(operation) = operation.as_object_mut()
                && is_method(method)
            {
                complete_operation(path, operation);
            }
        }
    }
}

fn is_method(name: &str) -> bool {
    matches!(name, "get" | "post" | "put" | "patch" | "delete")
}

fn complete_operation(path: &str, operation: &mut Map<String, Value>) {
    let secured = operation
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .any(|s| s.as_object().is_some_and(|o| !o.is_empty()))
        });
    let has_body = operation.contains_key("requestBody");
    let idempotent = tighten_parameters(operation);
    binary_bodies(operation);
    let mut added: Vec<(&str, &str)> = vec![(
        "400",
        "Malformed request: a parameter, header or body that does not match this document",
    )];
    if secured {
        added.push(("401", "No valid bearer token"));
        added.push((
            "403",
            "The role or the token's scopes do not allow this operation",
        ));
    }
    if path.contains('{') {
        added.push((
            "404",
            "No such record, or one outside the caller's region scope",
        ));
    }
    if idempotent {
        added.push((
            "409",
            "The Idempotency-Key was used for a different command, or the command conflicts",
        ));
    }
    if has_body {
        added.push(("413", "The body exceeds the stated limit"));
        added.push(("415", "The body's media type is not the one documented"));
    }
    if has_body || operation.contains_key("parameters") {
        added.push((
            "422",
            "A well-formed request that breaks a rule; see `errors`",
        ));
    }
    let responses = operation
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(responses) = responses else {
        return;
    };
    for (status, description) in added {
        responses
            .entry(status)
            .or_insert_with(|| json!({ "description": description }));
    }
    for (status, response) in responses.iter_mut() {
        if status.as_str() >= "400"
            && let Some(response) = response.as_object_mut()
        {
            response.insert("content".into(), problem_content());
        }
    }
}

/// A body that is not JSON (a CSV or XLSX file, a signed note) is bytes to this document;
/// the server reads and judges it.
fn binary_bodies(operation: &mut Map<String, Value>) {
    let Some(content) = operation
        .get_mut("requestBody")
        .and_then(|body| body.get_mut("content"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (media_type, entry) in content.iter_mut() {
        if media_type != "application/json" {
            entry["schema"] = json!({ "type": "string", "format": "binary" });
        }
    }
}

fn problem_content() -> Value {
    json!({ PROBLEM_JSON: { "schema": { "$ref": "#/components/schemas/Problem" } } })
}

/// Gives the shared parameters their exact syntax; true when the operation takes an
/// `Idempotency-Key`.
fn tighten_parameters(operation: &mut Map<String, Value>) -> bool {
    let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    else {
        return false;
    };
    let mut idempotent = false;
    for parameter in parameters.iter_mut() {
        let place = parameter["in"].as_str().unwrap_or_default().to_owned();
        let name = parameter["name"].as_str().unwrap_or_default().to_owned();
        let schema = match (place.as_str(), name.as_str()) {
            ("header", "Idempotency-Key") => {
                idempotent = true;
                parameter["required"] = Value::Bool(true);
                json!({ "type": "string", "pattern": IDEMPOTENCY_KEY_PATTERN,
                        "minLength": 1, "maxLength": 200 })
            }
            ("query", "limit") => {
                json!({ "type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX })
            }
            ("query", "cursor") => json!({ "type": "string", "pattern": CURSOR_PATTERN }),
            ("query", "q") => json!({ "type": "string", "minLength": SEARCH_CHARS_MIN,
                                      "maxLength": SEARCH_CHARS_MAX, "pattern": "\\S" }),
            ("query", "region" | "parent") => {
                json!({ "type": "string", "pattern": REGION_FILTER_PATTERN })
            }
            ("path", "code") => json!({ "type": "string", "pattern": REGION_CODE_PATTERN }),
            _ => continue,
        };
        parameter["schema"] = schema;
    }
    idempotent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_problems_and_shared_statuses_are_listed() {
        let mut document = json!({"paths": {"/api/v1/things/{id}": {"post": {
            "security": [{"bearer": []}],
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
                {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}
            ],
            "requestBody": {"content": {"application/json": {}}},
            "responses": {"200": {"description": "ok"},
                "403": {"description": "no", "content": {"application/json": {}}}}
        }}}});
        complete_value(&mut document);
        let operation = &document["paths"]["/api/v1/things/{id}"]["post"];
        for status in ["400", "401", "403", "404", "409", "413", "415", "422"] {
            let content = &operation["responses"][status]["content"];
            assert!(content.get(PROBLEM_JSON).is_some(), "{status}: {content}");
            assert!(content.get("application/json").is_none(), "{status}");
        }
        assert_eq!(operation["responses"]["403"]["description"], "no");
        assert!(operation["responses"]["200"].get("content").is_none());
        let key = &operation["parameters"][1];
        assert_eq!(key["required"], true);
        assert_eq!(key["schema"]["maxLength"], 200);
    }

    #[test]
    fn anonymous_reads_list_no_authentication_statuses() {
        let mut document = json!({"paths": {"/api/v1/log/checkpoint": {"get": {
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "ok"}}
        }}}});
        complete_value(&mut document);
        let operation = &document["paths"]["/api/v1/log/checkpoint"]["get"];
        assert!(operation["responses"].get("401").is_none());
        assert!(operation["responses"].get("404").is_none());
        assert_eq!(operation["parameters"][0]["schema"]["maximum"], 200);
    }
}
