//! Enrolment batches and enrolments.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/program/{code}/peserta",
        Roles(ENROLMENT_READERS),
        false,
        200,
        |_, _| at("/program/SEMBAKO/peserta"),
    ),
    row(
        POST,
        "/program/{code}/peserta/susun",
        Roles(ENROLMENT_PREPARERS),
        false,
        303,
        |_, _| form("/program/BLT_DD/peserta/susun", &[("region", "")]),
    ),
    row(
        GET,
        "/program/{code}/peserta/daftar/{id}",
        Roles(ENROLMENT_READERS),
        false,
        200,
        |f, _| at(format!("/program/BLT_DD/peserta/daftar/{}", f.batch)),
    ),
    row(
        POST,
        "/program/{code}/peserta/daftar/{id}/setujui",
        Roles(ENROLMENT_DECIDERS),
        false,
        404,
        |_, _| {
            form(
                format!("/program/BLT_DD/peserta/daftar/{NO_BATCH}/setujui"),
                &[("note", "")],
            )
        },
    ),
    row(
        POST,
        "/program/{code}/peserta/daftar/{id}/tolak",
        Roles(ENROLMENT_DECIDERS),
        false,
        404,
        |_, _| {
            form(
                format!("/program/BLT_DD/peserta/daftar/{NO_BATCH}/tolak"),
                &[("note", "Data belum lengkap")],
            )
        },
    ),
    row(
        GET,
        "/program/{code}/peserta/usulkan",
        Roles(ENROLMENT_DECIDERS),
        false,
        200,
        |_, _| at("/program/SEMBAKO/peserta/usulkan"),
    ),
    row(
        POST,
        "/program/{code}/peserta/usulkan",
        Roles(ENROLMENT_DECIDERS),
        false,
        422,
        |f, t| {
            let household = f.household(t).to_string();
            form(
                "/program/SEMBAKO/peserta/usulkan",
                &[("household_id", household.as_str()), ("reason", "x")],
            )
        },
    ),
    row(
        POST,
        "/api/v1/programmes/{code}/enrolment-batches",
        Roles(ENROLMENT_PREPARERS),
        false,
        201,
        |_, _| json_body("/api/v1/programmes/BLT_DD/enrolment-batches", json!({})),
    ),
    row(
        GET,
        "/api/v1/enrolment-batches/{id}",
        Roles(ENROLMENT_READERS),
        false,
        200,
        |f, _| at(format!("/api/v1/enrolment-batches/{}", f.batch)),
    ),
    row(
        POST,
        "/api/v1/enrolment-batches/{id}/approve",
        Roles(ENROLMENT_DECIDERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/enrolment-batches/{NO_BATCH}/approve"),
                json!({}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/enrolment-batches/{id}/reject",
        Roles(ENROLMENT_DECIDERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/enrolment-batches/{NO_BATCH}/reject"),
                json!({"reason": "Data belum lengkap"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/programmes/{code}/enrolments",
        Roles(ENROLMENT_DECIDERS),
        false,
        422,
        |f, t| {
            json_body(
                "/api/v1/programmes/SEMBAKO/enrolments",
                json!({"household_id": f.household(t), "reason": "x"}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/households/{id}/enrolments",
        Roles(ENROLMENT_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/households/{}/enrolments", f.household(t))),
    ),
];
