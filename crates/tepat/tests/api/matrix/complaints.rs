//! Complaints and pungli reports: the public forms, tracking pages and figures; the
//! officials' and the inspectorate's lists, pages and answers (tried on records that do not
//! exist, so that every allowed caller meets the same state; the flows are tested in
//! `complaints/`).

use super::Access::*;
use super::*;

const COMPLAINT_READERS: &[Role] = &[
    Role::VillageOperator,
    Role::Facilitator,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
const COMPLAINT_ANSWERERS: &[Role] = PROPOSAL_DECIDERS;
const INSPECTORATE: &[Role] = &[Role::Auditor];
/// No complaint or report has this id.
const NONE: i64 = 987_657;
const WORDS: &str = "Sudah kami periksa bersama petugas";

pub(super) const ROWS: &[Row] = &[
    row(GET, "/lapor", Public, false, 200, |_, _| at("/lapor")),
    row(POST, "/lapor", Public, false, 422, |_, _| {
        let fields = vec![("region", INSIDE.to_owned()), ("category", "x".to_owned())];
        upload("/lapor", Upload::Fields(fields))
    }),
    row(GET, "/lapor/lokasi.js", Public, false, 200, |_, _| {
        at("/lapor/lokasi.js")
    }),
    row(GET, "/lapor/status", Public, false, 200, |_, _| {
        at("/lapor/status")
    }),
    row(POST, "/lapor/status/buka", Public, false, 404, |_, _| {
        form(
            "/lapor/status/buka",
            &[("kode", "LPR-ZZZZZZZZ"), ("reason", WORDS)],
        )
    }),
    row(POST, "/lapor/status/nilai", Public, false, 404, |_, _| {
        form(
            "/lapor/status/nilai",
            &[("kode", "LPR-ZZZZZZZZ"), ("rating", "3")],
        )
    }),
    row(GET, "/tanya-jawab", Public, false, 200, |_, _| {
        at("/tanya-jawab?program=PKH")
    }),
    row(
        GET,
        "/pengaduan",
        Roles(COMPLAINT_READERS),
        false,
        200,
        |_, _| at("/pengaduan?status=open"),
    ),
    row(
        GET,
        "/pengaduan/tren",
        Roles(COMPLAINT_READERS),
        false,
        200,
        |_, _| at("/pengaduan/tren?minggu=4"),
    ),
    row(
        GET,
        "/pengaduan/tren.csv",
        Roles(COMPLAINT_READERS),
        false,
        200,
        |_, _| at("/pengaduan/tren.csv"),
    ),
    row(
        GET,
        "/api/v1/complaints/trends",
        Roles(COMPLAINT_READERS),
        false,
        200,
        |_, _| at("/api/v1/complaints/trends?weeks=2"),
    ),
    row(
        GET,
        "/pengaduan/{id}",
        Roles(COMPLAINT_READERS),
        false,
        404,
        |_, _| at(format!("/pengaduan/{NONE}")),
    ),
    row(
        GET,
        "/pengaduan/{id}/foto/{n}",
        Roles(COMPLAINT_READERS),
        false,
        404,
        |_, _| at(format!("/pengaduan/{NONE}/foto/1")),
    ),
    row(
        POST,
        "/pengaduan/{id}/tanggapi",
        Roles(COMPLAINT_ANSWERERS),
        false,
        404,
        |_, _| {
            form(
                format!("/pengaduan/{NONE}/tanggapi"),
                &[("text", WORDS), ("action", "reply")],
            )
        },
    ),
    row(
        POST,
        "/pengaduan/{id}/terbitkan",
        Roles(COMPLAINT_ANSWERERS),
        false,
        404,
        |_, _| {
            form(
                format!("/pengaduan/{NONE}/terbitkan"),
                &[("question", WORDS), ("answer", WORDS)],
            )
        },
    ),
    row(GET, "/lapor-pungli", Public, false, 200, |_, _| {
        at("/lapor-pungli")
    }),
    row(POST, "/lapor-pungli", Public, false, 422, |_, _| {
        let fields = vec![("accused_role", "x".to_owned())];
        upload("/lapor-pungli", Upload::Fields(fields))
    }),
    row(GET, "/lapor-pungli/status", Public, false, 200, |_, _| {
        at("/lapor-pungli/status")
    }),
    row(POST, "/lapor-pungli/status", Public, false, 200, |_, _| {
        form("/lapor-pungli/status", &[("kode", "")])
    }),
    row(POST, "/lapor-pungli/tambah", Public, false, 404, |_, _| {
        form(
            "/lapor-pungli/tambah",
            &[("kode", "tebakan"), ("information", WORDS)],
        )
    }),
    row(
        GET,
        "/lapor-pungli/statistik",
        Public,
        false,
        200,
        |_, _| at("/lapor-pungli/statistik"),
    ),
    row(GET, "/pungli", Roles(INSPECTORATE), false, 200, |_, _| {
        at("/pungli")
    }),
    row(
        GET,
        "/pungli/{id}",
        Roles(INSPECTORATE),
        false,
        404,
        |_, _| at(format!("/pungli/{NONE}")),
    ),
    row(
        GET,
        "/pungli/{id}/foto/{n}",
        Roles(INSPECTORATE),
        false,
        404,
        |_, _| at(format!("/pungli/{NONE}/foto/1")),
    ),
    row(
        POST,
        "/pungli/{id}/jawab",
        Roles(INSPECTORATE),
        false,
        404,
        |_, _| form(format!("/pungli/{NONE}/jawab"), &[("text", WORDS)]),
    ),
    row(POST, "/api/v1/complaints", Public, false, 422, |_, _| {
        let body = json!({"category": "x", "region": INSIDE, "description": WORDS});
        json_body("/api/v1/complaints", body)
    }),
    row(
        GET,
        "/api/v1/public/complaints/{code}",
        Public,
        false,
        404,
        |_, _| at("/api/v1/public/complaints/LPR-ZZZZZZZZ"),
    ),
    row(
        GET,
        "/api/v1/complaints",
        Roles(COMPLAINT_READERS),
        false,
        200,
        |_, _| at("/api/v1/complaints?category=question"),
    ),
    row(
        GET,
        "/api/v1/complaints/{id}",
        Roles(COMPLAINT_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/complaints/{NONE}")),
    ),
    row(
        POST,
        "/api/v1/complaints/{id}/reply",
        Roles(COMPLAINT_ANSWERERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/complaints/{NONE}/reply"),
                json!({"text": WORDS}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/complaints/{id}/resolve",
        Roles(COMPLAINT_ANSWERERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/complaints/{NONE}/resolve"),
                json!({"text": WORDS}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/complaints/{id}/publish",
        Roles(COMPLAINT_ANSWERERS),
        false,
        404,
        |_, _| {
            let body = json!({"question": WORDS, "answer": WORDS});
            json_body(format!("/api/v1/complaints/{NONE}/publish"), body)
        },
    ),
    row(GET, "/api/v1/public/answers", Public, false, 200, |_, _| {
        at("/api/v1/public/answers?program=PKH")
    }),
    row(
        GET,
        "/api/v1/pungli-reports",
        Roles(INSPECTORATE),
        false,
        200,
        |_, _| at("/api/v1/pungli-reports?status=open"),
    ),
    row(
        GET,
        "/api/v1/pungli-reports/{id}",
        Roles(INSPECTORATE),
        false,
        404,
        |_, _| at(format!("/api/v1/pungli-reports/{NONE}")),
    ),
    row(
        POST,
        "/api/v1/pungli-reports/{id}/answer",
        Roles(INSPECTORATE),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/pungli-reports/{NONE}/answer"),
                json!({"text": WORDS}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/public/pungli-statistics",
        Public,
        false,
        200,
        |_, _| at("/api/v1/public/pungli-statistics"),
    ),
];
