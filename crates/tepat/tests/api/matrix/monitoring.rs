//! Monitoring and quotas.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(GET, "/pemantauan", Roles(MONITORS), false, 200, |_, _| {
        at("/pemantauan")
    }),
    row(
        GET,
        "/pemantauan.csv",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/pemantauan.csv?tabel=program"),
    ),
    row(
        GET,
        "/pemantauan.xlsx",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/pemantauan.xlsx"),
    ),
    row(
        GET,
        "/pemantauan/keputusan",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/pemantauan/keputusan"),
    ),
    row(
        GET,
        "/pemantauan/keputusan.csv",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/pemantauan/keputusan.csv?tabel=waktu_tahap"),
    ),
    row(
        GET,
        "/pemantauan/keputusan.xlsx",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/pemantauan/keputusan.xlsx"),
    ),
    row(
        GET,
        "/pemantauan/kinerja",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/pemantauan/kinerja"),
    ),
    row(
        GET,
        "/pemantauan/kinerja.csv",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/pemantauan/kinerja.csv?tabel=petugas"),
    ),
    row(GET, "/kinerja", Public, false, 200, |_, _| {
        at("/kinerja?wilayah=31.75")
    }),
    row(GET, "/kinerja.csv", Public, false, 200, |_, _| {
        at("/kinerja.csv?tabel=kantor")
    }),
    row(
        GET,
        "/api/v1/public/response-times",
        Public,
        false,
        200,
        |_, _| at("/api/v1/public/response-times?region=31.75.07.1003"),
    ),
    row(
        GET,
        "/api/v1/response-times",
        Roles(MONITORS),
        false,
        200,
        |_, _| at("/api/v1/response-times"),
    ),
    row(
        GET,
        "/program/{code}/kuota",
        Roles(RULE_PUBLISHERS),
        false,
        200,
        |_, _| at("/program/PIP/kuota"),
    ),
    row(
        POST,
        "/program/{code}/kuota",
        Roles(RULE_PUBLISHERS),
        false,
        303,
        |_, _| {
            form(
                "/program/PIP/kuota",
                &[("region_0", ""), ("count_0", "5"), ("year_0", "2026")],
            )
        },
    ),
    row(
        Method::PUT,
        "/api/v1/programmes/{code}/quotas",
        Roles(RULE_PUBLISHERS),
        false,
        200,
        |_, _| json_body("/api/v1/programmes/PIP/quotas", json!({"quotas": []})),
    ),
];
