//! Citizen proposals (usul) from the public site and the evidence files of proposals.
//! Proposing is tried with a kind that does not exist (422 for anyone, nothing stored);
//! evidence is read on a proposal that does not exist, so every allowed role gets 404.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(GET, "/usul", Public, false, 200, |_, _| at("/usul")),
    row(POST, "/usul", Public, false, 422, |_, _| {
        let fields = vec![
            ("kind", "hapus".to_owned()),
            ("programme", "PKH".to_owned()),
        ];
        upload("/usul", Upload::Fields(fields))
    }),
    row(GET, "/usul/status", Public, false, 200, |_, _| {
        at("/usul/status")
    }),
    row(
        POST,
        "/api/v1/public/proposals",
        Public,
        false,
        422,
        |_, _| {
            let body = json!({"kind": "hapus", "household": "3175071503000900",
            "programme": "PKH", "note": "Keluarga ini layak dibantu", "nik": "",
            "birth_date": ""});
            json_body("/api/v1/public/proposals", body)
        },
    ),
    row(
        GET,
        "/api/v1/public/proposals/{code}",
        Public,
        false,
        404,
        |_, _| at("/api/v1/public/proposals/USL-ZZZZZZZZ"),
    ),
    row(
        GET,
        "/usulan-bansos/{id}/bukti/{evidence_id}",
        Roles(PROPOSAL_READERS),
        false,
        404,
        |_, _| at(format!("/usulan-bansos/{NO_PROPOSAL}/bukti/1")),
    ),
    row(
        GET,
        "/api/v1/proposals/{id}/evidence/{evidence_id}",
        Roles(PROPOSAL_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/proposals/{NO_PROPOSAL}/evidence/1")),
    ),
];
