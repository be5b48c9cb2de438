//! Village deliberations: the public list and minutes, announcing one (village operators)
//! and finalising (tried on a deliberation that does not exist, so that every allowed
//! caller meets the same state; the flows are tested in `deliberations.rs`).

use super::Access::*;
use super::*;

const ANNOUNCERS: &[Role] = &[Role::VillageOperator];

pub(super) const ROWS: &[Row] = &[
    row(GET, "/musyawarah", Public, false, 200, |_, _| {
        at(format!("/musyawarah?desa={INSIDE}"))
    }),
    row(
        GET,
        "/musyawarah/baru",
        Roles(ANNOUNCERS),
        false,
        200,
        |_, _| at("/musyawarah/baru"),
    ),
    row(
        POST,
        "/musyawarah/baru",
        Roles(ANNOUNCERS),
        false,
        303,
        |_, _| {
            form(
                "/musyawarah/baru",
                &[("held_on", "2099-01-05"), ("place", "Balai Warga")],
            )
        },
    ),
    row(
        POST,
        "/musyawarah/{id}/tetapkan",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            form(
                format!("/musyawarah/{NO_OBJECTION}/tetapkan"),
                &[("chair", "Lurah")],
            )
        },
    ),
    row(
        POST,
        "/musyawarah/{id}/berita-acara",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            upload(
                format!("/musyawarah/{NO_OBJECTION}/berita-acara"),
                Upload::Fields(vec![]),
            )
        },
    ),
    row(
        GET,
        "/musyawarah/{id}/berita-acara",
        Roles(PROPOSAL_READERS),
        false,
        404,
        |_, _| at(format!("/musyawarah/{NO_OBJECTION}/berita-acara")),
    ),
    row(GET, "/musyawarah/{id}", Public, false, 200, |f, _| {
        at(format!("/musyawarah/{}", f.deliberation))
    }),
    row(
        GET,
        "/musyawarah/{id}/kartu.png",
        Public,
        false,
        200,
        |f, _| at(format!("/musyawarah/{}/kartu.png", f.deliberation)),
    ),
    row(
        GET,
        "/musyawarah/{id}/berita-acara.pdf",
        Public,
        false,
        404,
        |_, _| at(format!("/musyawarah/{NO_OBJECTION}/berita-acara.pdf")),
    ),
    row(
        Method::PUT,
        "/api/v1/deliberations/{id}/scan",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            upload(
                format!("/api/v1/deliberations/{NO_OBJECTION}/scan"),
                Upload::Raw(b"%PDF-1.4\n%%EOF\n".to_vec()),
            )
        },
    ),
    row(
        GET,
        "/api/v1/deliberations/{id}/scan",
        Roles(PROPOSAL_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/deliberations/{NO_OBJECTION}/scan")),
    ),
    row(
        POST,
        "/musyawarah/jadwal",
        Roles(ANNOUNCERS),
        false,
        303,
        |_, _| {
            form(
                "/musyawarah/jadwal",
                &[("desa", INSIDE), ("hari", "5"), ("tempat", "Balai Warga")],
            )
        },
    ),
    row(
        Method::PUT,
        "/api/v1/deliberations/calendar/{village}",
        Roles(ANNOUNCERS),
        false,
        200,
        |_, _| {
            json_body(
                format!("/api/v1/deliberations/calendar/{INSIDE}"),
                json!({"day": 5, "place": "Balai Warga"}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/deliberations/calendar/{village}",
        Public,
        false,
        404,
        |_, _| at(format!("/api/v1/deliberations/calendar/{OUTSIDE}")),
    ),
    row(
        POST,
        "/api/v1/deliberations",
        Roles(ANNOUNCERS),
        false,
        201,
        |_, _| {
            let next_month = "2099-01-05";
            json_body(
                "/api/v1/deliberations",
                json!({"village": INSIDE, "held_on": next_month, "place": "Balai Warga"}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/deliberations/{id}",
        Public,
        false,
        200,
        |f, _| at(format!("/api/v1/deliberations/{}", f.deliberation)),
    ),
    row(
        POST,
        "/api/v1/deliberations/{id}/finalise",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            let body = json!({"chair": "Lurah", "attendees": [], "decisions": []});
            json_body(
                format!("/api/v1/deliberations/{NO_OBJECTION}/finalise"),
                body,
            )
        },
    ),
    row(
        GET,
        "/api/v1/public/deliberations",
        Public,
        false,
        200,
        |_, _| at("/api/v1/public/deliberations?region=31.75"),
    ),
];
