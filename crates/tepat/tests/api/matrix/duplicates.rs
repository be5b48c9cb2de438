//! Duplicate pairs and linkage runs.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/duplikat",
        Roles(DUPLICATE_READERS),
        false,
        200,
        |_, _| at("/duplikat?status="),
    ),
    row(
        GET,
        "/duplikat/{id}",
        Roles(DUPLICATE_READERS),
        true,
        200,
        |f, t| at(format!("/duplikat/{}", f.pair(t, 0))),
    ),
    row(
        POST,
        "/duplikat/{id}/putusan",
        Roles(DECIDERS),
        true,
        303,
        |f, t| {
            form(
                format!("/duplikat/{}/putusan", f.pair(t, 1)),
                &[("decision", "different"), ("reason", "Dua orang")],
            )
        },
    ),
    row(
        GET,
        "/duplikat/proses",
        Roles(RUN_READERS),
        false,
        200,
        |_, _| at("/duplikat/proses"),
    ),
    row(
        POST,
        "/duplikat/proses",
        Roles(RUN_STARTERS),
        false,
        303,
        |_, _| form("/duplikat/proses", &[]),
    ),
    row(
        GET,
        "/api/v1/duplicates/pairs",
        Roles(DUPLICATE_READERS),
        false,
        200,
        |_, _| at("/api/v1/duplicates/pairs?status=open"),
    ),
    row(
        GET,
        "/api/v1/duplicates/pairs/{id}",
        Roles(DUPLICATE_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/duplicates/pairs/{}", f.pair(t, 0))),
    ),
    row(
        POST,
        "/api/v1/duplicates/pairs/{id}/decision",
        Roles(DECIDERS),
        true,
        200,
        |f, t| {
            json_body(
                format!("/api/v1/duplicates/pairs/{}/decision", f.pair(t, 0)),
                json!({"decision": "different", "reason": "Dua orang"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/duplicates/runs",
        Roles(RUN_STARTERS),
        false,
        202,
        |_, _| json_body("/api/v1/duplicates/runs", json!({})),
    ),
    row(
        GET,
        "/api/v1/duplicates/runs/{id}",
        Roles(RUN_READERS),
        false,
        200,
        |f, _| at(format!("/api/v1/duplicates/runs/{}", f.run)),
    ),
    row(
        GET,
        "/api/v1/duplicates/holds",
        Roles(DUPLICATE_READERS),
        false,
        200,
        |_, _| at("/api/v1/duplicates/holds"),
    ),
];
