//! Public pages, Cek Bansos and the SMS status check, health, the OpenAPI document and
//! the transparency log.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(GET, "/informasi", Public, false, 200, |_, _| {
        at("/informasi")
    }),
    row(GET, "/informasi/{topic}", Public, false, 200, |_, _| {
        at("/informasi/larangan")
    }),
    row(GET, "/", Public, false, 200, |_, _| at("/")),
    row(GET, "/masuk", Public, false, 200, |_, _| at("/masuk")),
    row(POST, "/masuk", Public, false, 401, |_, _| {
        form(
            "/masuk",
            &[("username", "tidak.ada"), ("password", "salah-sekali")],
        )
    }),
    row(GET, "/bahasa", Public, false, 303, |_, _| {
        at("/bahasa?ke=en&kembali=/masuk")
    }),
    row(GET, "/cek", Public, false, 200, |_, _| {
        at(format!("/cek?desa={INSIDE}&name=siti"))
    }),
    row(
        GET,
        "/api/v1/public/recipients",
        Public,
        false,
        200,
        |_, _| {
            at(format!(
                "/api/v1/public/recipients?region={INSIDE}&name=siti"
            ))
        },
    ),
    row(GET, "/statistik", Public, false, 200, |_, _| {
        at(format!("/statistik?wilayah={INSIDE}"))
    }),
    row(GET, "/statistik/{file}", Public, false, 200, |_, _| {
        at("/statistik/penerima.csv?wilayah=31.75")
    }),
    row(
        GET,
        "/statistik/desa/{code}/feed.atom",
        Public,
        false,
        200,
        |_, _| at(format!("/statistik/desa/{OUTSIDE}/feed.atom")),
    ),
    row(
        GET,
        "/api/v1/public/statistics",
        Public,
        false,
        200,
        |_, _| at("/api/v1/public/statistics?region=32.73"),
    ),
    // Unsigned: refused before anything else, whoever calls.
    row(POST, "/api/v1/sms/inbound", Public, false, 401, |_, _| {
        json_body(
            "/api/v1/sms/inbound",
            json!({"from": "0812", "text": "CEK"}),
        )
    }),
    row(GET, "/healthz", Public, false, 200, |_, _| at("/healthz")),
    row(GET, "/readyz", Public, false, 200, |_, _| at("/readyz")),
    row(GET, "/metrics", Public, false, 200, |_, _| at("/metrics")),
    row(GET, "/assets/tepat.css", Public, false, 200, |_, _| {
        at("/assets/tepat.css")
    }),
    row(GET, "/favicon.svg", Public, false, 200, |_, _| {
        at("/favicon.svg")
    }),
    row(GET, "/api/openapi.json", Public, false, 200, |_, _| {
        at("/api/openapi.json")
    }),
    row(GET, "/log/checkpoint", Public, false, 200, |_, _| {
        at("/log/checkpoint")
    }),
    row(GET, "/log/key", Public, false, 200, |_, _| at("/log/key")),
    row(GET, "/log/tile/{*path}", Public, false, 404, |_, _| {
        at("/log/tile/0/x999/999")
    }),
    row(
        GET,
        "/api/v1/log/entries/{index}",
        Public,
        false,
        404,
        |_, _| at("/api/v1/log/entries/999999999"),
    ),
    row(
        GET,
        "/api/v1/log/proof/inclusion",
        Public,
        false,
        422,
        |_, _| at("/api/v1/log/proof/inclusion?index=999999999"),
    ),
    row(
        GET,
        "/api/v1/log/proof/consistency",
        Public,
        false,
        422,
        |_, _| at("/api/v1/log/proof/consistency?from=0&to=1"),
    ),
    row(
        POST,
        "/api/v1/log/cosignatures",
        Public,
        false,
        422,
        |_, _| json_body("/api/v1/log/cosignatures", json!({"not": "a cosignature"})),
    ),
    row(GET, "/api/docs", Public, false, 200, |_, _| at("/api/docs")),
];
