//! Objections: the public form and status page, the officials' queue, one objection and
//! its photo, and verification (tried on an objection that does not exist, so that every
//! allowed caller meets the same state; the flows are tested in `objections/`).

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(GET, "/sanggah", Public, false, 200, |_, _| {
        at("/sanggah?peserta=1")
    }),
    row(POST, "/sanggah", Public, false, 422, |_, _| {
        let fields = vec![
            ("peserta", "987656".to_owned()),
            ("reason", "moved".to_owned()),
        ];
        upload("/sanggah", Upload::Fields(fields))
    }),
    row(GET, "/sanggah/status", Public, false, 200, |_, _| {
        at("/sanggah/status")
    }),
    row(
        GET,
        "/sanggahan",
        Roles(PROPOSAL_READERS),
        false,
        200,
        |_, _| at("/sanggahan?status=open"),
    ),
    row(
        GET,
        "/sanggahan/{id}",
        Roles(PROPOSAL_READERS),
        true,
        200,
        |f, t| at(format!("/sanggahan/{}", f.objection(t).0)),
    ),
    row(
        GET,
        "/sanggahan/{id}/foto",
        Roles(PROPOSAL_READERS),
        true,
        200,
        |f, t| at(format!("/sanggahan/{}/foto", f.objection(t).0)),
    ),
    row(
        POST,
        "/sanggahan/{id}/verifikasi",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            let fields = [("finding", "unfounded"), ("note", "Tidak sesuai keadaan")];
            form(format!("/sanggahan/{NO_OBJECTION}/verifikasi"), &fields)
        },
    ),
    row(
        GET,
        "/api/v1/objections",
        Roles(PROPOSAL_READERS),
        false,
        200,
        |_, _| at("/api/v1/objections?status=open"),
    ),
    row(
        GET,
        "/api/v1/objections/{id}",
        Roles(PROPOSAL_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/objections/{}", f.objection(t).0)),
    ),
    row(
        POST,
        "/api/v1/objections/{id}/verify",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            let body = json!({"finding": "unfounded", "note": "Tidak sesuai keadaan"});
            json_body(format!("/api/v1/objections/{NO_OBJECTION}/verify"), body)
        },
    ),
    row(
        GET,
        "/api/v1/public/objections/{code}",
        Public,
        false,
        200,
        |f, t| at(format!("/api/v1/public/objections/{}", f.objection(t).1)),
    ),
];
