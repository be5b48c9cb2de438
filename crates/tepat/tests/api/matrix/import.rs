//! Spreadsheet imports.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/keluarga/impor",
        Roles(REGISTRY_WRITERS),
        false,
        200,
        |_, _| at("/keluarga/impor"),
    ),
    row(
        POST,
        "/keluarga/impor",
        Roles(REGISTRY_WRITERS),
        false,
        303,
        |_, _| upload("/keluarga/impor", Upload::Form(import_file())),
    ),
    row(
        GET,
        "/keluarga/impor/templat.csv",
        Public,
        false,
        200,
        |_, _| at("/keluarga/impor/templat.csv"),
    ),
    row(
        GET,
        "/keluarga/impor/templat.xlsx",
        Public,
        false,
        200,
        |_, _| at("/keluarga/impor/templat.xlsx"),
    ),
    row(
        GET,
        "/keluarga/impor/{id}",
        Roles(REGISTRY_WRITERS),
        true,
        200,
        |f, t| at(format!("/keluarga/impor/{}", f.job(t))),
    ),
    row(
        GET,
        "/keluarga/impor/{id}/laporan.csv",
        Roles(REGISTRY_WRITERS),
        true,
        200,
        |f, t| at(format!("/keluarga/impor/{}/laporan.csv", f.job(t))),
    ),
    row(
        POST,
        "/api/v1/imports/households",
        Roles(REGISTRY_WRITERS),
        false,
        202,
        |_, _| upload("/api/v1/imports/households", Upload::Raw(import_file())),
    ),
    row(
        GET,
        "/api/v1/imports/{id}",
        Roles(REGISTRY_WRITERS),
        true,
        200,
        |f, t| at(format!("/api/v1/imports/{}", f.job(t))),
    ),
    row(
        GET,
        "/api/v1/imports/{id}/report",
        Roles(REGISTRY_WRITERS),
        true,
        200,
        |f, t| at(format!("/api/v1/imports/{}/report", f.job(t))),
    ),
];
