//! Programmes, their rules and the welfare model.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(GET, "/program", Public, false, 200, |_, _| at("/program")),
    row(GET, "/program/{code}", Public, false, 200, |_, _| {
        at("/program/PKH")
    }),
    row(
        GET,
        "/program/{code}/kartu.png",
        Public,
        false,
        200,
        |_, _| at("/program/PKH/kartu.png"),
    ),
    row(GET, "/api/v1/programmes", Public, false, 200, |_, _| {
        at("/api/v1/programmes")
    }),
    row(
        GET,
        "/api/v1/programmes/{code}",
        Public,
        false,
        200,
        |_, _| at("/api/v1/programmes/SEMBAKO"),
    ),
    row(
        GET,
        "/program/{code}/aturan",
        Roles(RULE_PREVIEWERS),
        false,
        200,
        |_, _| at("/program/PKH/aturan"),
    ),
    row(
        POST,
        "/program/{code}/aturan/pratinjau",
        Roles(RULE_PREVIEWERS),
        false,
        200,
        |_, _| form("/program/PKH/aturan/pratinjau", &[("rule", "desil <= 3")]),
    ),
    row(
        POST,
        "/program/{code}/aturan/terbitkan",
        Roles(RULE_PUBLISHERS),
        false,
        303,
        |_, _| form("/program/PKH/aturan/terbitkan", &[("rule", "desil <= 3")]),
    ),
    row(
        GET,
        "/penargetan/model",
        Roles(WELFARE_MANAGERS),
        false,
        200,
        |_, _| at("/penargetan/model"),
    ),
    row(
        GET,
        "/penargetan/model/kalibrasi",
        Roles(WELFARE_MANAGERS),
        false,
        200,
        |_, _| at("/penargetan/model/kalibrasi"),
    ),
    row(
        POST,
        "/penargetan/model/kalibrasi",
        Roles(WELFARE_MANAGERS),
        false,
        // A household import file lacks the consumption column.
        422,
        |_, _| upload("/penargetan/model/kalibrasi", Upload::Form(import_file())),
    ),
    row(
        GET,
        "/penargetan/model/draf/{id}",
        Roles(WELFARE_MANAGERS),
        false,
        200,
        |f, t| at(format!("/penargetan/model/draf/{}", f.welfare_draft(t))),
    ),
    row(
        POST,
        "/penargetan/model/draf/{id}/terbitkan",
        Roles(WELFARE_MANAGERS),
        false,
        303,
        |f, t| {
            form(
                format!("/penargetan/model/draf/{}/terbitkan", f.welfare_draft(t)),
                &[],
            )
        },
    ),
    row(
        GET,
        "/penargetan/model/{version}",
        Roles(WELFARE_MANAGERS),
        false,
        200,
        |_, _| at("/penargetan/model/1"),
    ),
    row(
        GET,
        "/penargetan/penghitungan",
        Roles(WELFARE_MANAGERS),
        false,
        200,
        |_, _| at("/penargetan/penghitungan"),
    ),
    row(
        POST,
        "/penargetan/penghitungan",
        Roles(WELFARE_MANAGERS),
        false,
        // An unpublished version is refused beside the field; a real start is tested
        // in targeting::web_runs.
        422,
        |_, _| form("/penargetan/penghitungan", &[("model", "999")]),
    ),
    row(
        GET,
        "/penargetan/penghitungan/{id}",
        Roles(WELFARE_MANAGERS),
        false,
        200,
        |f, _| at(format!("/penargetan/penghitungan/{}", f.welfare_job)),
    ),
    row(
        POST,
        "/api/v1/welfare-models/calibrate",
        Roles(WELFARE_MANAGERS),
        false,
        // A household import file lacks the consumption column.
        422,
        |_, _| {
            upload(
                "/api/v1/welfare-models/calibrate?name=uji",
                Upload::Raw(import_file()),
            )
        },
    ),
    row(
        GET,
        "/api/v1/welfare-runs/{id}",
        Roles(WELFARE_MANAGERS),
        false,
        200,
        |f, _| at(format!("/api/v1/welfare-runs/{}", f.welfare_job)),
    ),
    row(
        POST,
        "/api/v1/programmes/{code}/rule/preview",
        Roles(RULE_PREVIEWERS),
        false,
        200,
        |_, _| {
            json_body(
                "/api/v1/programmes/PKH/rule/preview",
                json!({"rule": "desil <= 3"}),
            )
        },
    ),
];
