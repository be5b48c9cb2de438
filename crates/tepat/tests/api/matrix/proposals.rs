//! Aid proposals and the decisions of their chain. Deciding is tried on a proposal that
//! does not exist (every allowed role gets 404), and proposing on a removal of a household
//! that is not enrolled (every allowed role gets 422 inside, 404 outside), so that each
//! caller meets the same state; the flows themselves are tested in `proposals/`.

use super::Access::*;
use super::*;

fn not_enrolled(f: &Fixture, t: Target) -> Value {
    json!({"kind": "remove", "household_id": f.household(t), "programme": "PKH",
        "reason": "moved", "note": "Pindah ke luar kota"})
}

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/usulan-bansos",
        Roles(PROPOSAL_READERS),
        false,
        200,
        |_, _| at("/usulan-bansos?status=pending"),
    ),
    row(
        GET,
        "/usulan-bansos/{id}",
        Roles(PROPOSAL_READERS),
        true,
        200,
        |f, t| at(format!("/usulan-bansos/{}", f.proposal(t))),
    ),
    row(
        POST,
        "/usulan-bansos/{id}/setujui",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            form(
                format!("/usulan-bansos/{NO_PROPOSAL}/setujui"),
                &[("note", "")],
            )
        },
    ),
    row(
        POST,
        "/usulan-bansos/{id}/kembalikan",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            form(
                format!("/usulan-bansos/{NO_PROPOSAL}/kembalikan"),
                &[("note", "Data belum lengkap")],
            )
        },
    ),
    row(
        GET,
        "/keluarga/{id}/usulan-bansos",
        Roles(PROPOSAL_MAKERS),
        true,
        200,
        |f, t| at(format!("/keluarga/{}/usulan-bansos", f.household(t))),
    ),
    row(
        POST,
        "/keluarga/{id}/usulan-bansos",
        Roles(PROPOSAL_MAKERS),
        true,
        422,
        |f, t| {
            let fields = [
                ("kind", "remove"),
                ("programme", "PKH"),
                ("reason", "moved"),
                ("note", "Pindah ke luar kota"),
            ];
            form(
                format!("/keluarga/{}/usulan-bansos", f.household(t)),
                &fields,
            )
        },
    ),
    row(
        GET,
        "/api/v1/proposals",
        Roles(PROPOSAL_READERS),
        false,
        200,
        |_, _| at("/api/v1/proposals?flagged=true"),
    ),
    row(
        POST,
        "/api/v1/proposals",
        Roles(PROPOSAL_MAKERS),
        true,
        422,
        |f, t| json_body("/api/v1/proposals", not_enrolled(f, t)),
    ),
    row(
        GET,
        "/api/v1/proposals/{id}",
        Roles(PROPOSAL_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/proposals/{}", f.proposal(t))),
    ),
    row(
        POST,
        "/api/v1/proposals/{id}/approve",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/proposals/{NO_PROPOSAL}/approve"),
                json!({}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/proposals/{id}/return",
        Roles(PROPOSAL_DECIDERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/proposals/{NO_PROPOSAL}/return"),
                json!({"reason": "Data belum lengkap"}),
            )
        },
    ),
    row(
        POST,
        "/usulan-bansos/setujui",
        Roles(PROPOSAL_DECIDERS),
        false,
        200,
        |_, _| form("/usulan-bansos/setujui", &[("id", "987655"), ("note", "")]),
    ),
    row(
        POST,
        "/usulan-bansos/kembalikan",
        Roles(PROPOSAL_DECIDERS),
        false,
        200,
        |_, _| {
            form(
                "/usulan-bansos/kembalikan",
                &[("id", "987655"), ("note", "Data belum lengkap")],
            )
        },
    ),
    row(
        POST,
        "/api/v1/proposals/approve",
        Roles(PROPOSAL_DECIDERS),
        false,
        200,
        |_, _| json_body("/api/v1/proposals/approve", json!({"ids": [NO_PROPOSAL]})),
    ),
    row(
        POST,
        "/api/v1/proposals/return",
        Roles(PROPOSAL_DECIDERS),
        false,
        200,
        |_, _| {
            json_body(
                "/api/v1/proposals/return",
                json!({"ids": [NO_PROPOSAL], "reason": "Data belum lengkap"}),
            )
        },
    ),
];
