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
