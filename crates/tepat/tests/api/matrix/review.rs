//! Review flags.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/tinjauan",
        Roles(REGISTRY_READERS),
        false,
        200,
        |_, _| at("/tinjauan?status="),
    ),
    row(
        GET,
        "/tinjauan/{id}",
        Roles(REGISTRY_READERS),
        true,
        200,
        |f, t| at(format!("/tinjauan/{}", f.flag(t))),
    ),
    row(
        POST,
        "/tinjauan/{id}/selesai",
        Roles(REGISTRY_WRITERS),
        true,
        303,
        |f, t| {
            form(
                format!("/tinjauan/{}/selesai", f.flag(t)),
                &[("note", "dicek")],
            )
        },
    ),
    row(
        GET,
        "/api/v1/review-flags",
        Roles(REGISTRY_READERS),
        false,
        200,
        |_, _| at("/api/v1/review-flags?status=open"),
    ),
    row(
        POST,
        "/api/v1/review-flags/{id}/clear",
        Roles(REGISTRY_WRITERS),
        true,
        200,
        |f, t| {
            json_body(
                format!("/api/v1/review-flags/{}/clear", f.flag(t)),
                json!({"note": "dicek"}),
            )
        },
    ),
];
