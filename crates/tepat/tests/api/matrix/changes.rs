//! Monthly change requests.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/usulan",
        Roles(REGISTRY_READERS),
        false,
        200,
        |_, _| at("/usulan"),
    ),
    row(
        GET,
        "/usulan/{id}",
        Roles(REGISTRY_READERS),
        true,
        200,
        |f, t| at(format!("/usulan/{}", f.change(t, 0).0)),
    ),
    row(
        GET,
        "/usulan/{id}/bukti/{file}",
        Roles(REGISTRY_READERS),
        true,
        200,
        |f, t| {
            let (id, file) = f.change(t, 0);
            at(format!("/usulan/{id}/bukti/{file}"))
        },
    ),
    row(
        POST,
        "/usulan/{id}/putuskan",
        Roles(DECIDERS),
        true,
        303,
        |f, t| {
            form(
                format!("/usulan/{}/putuskan", f.change(t, 2).0),
                &[("keputusan", "setujui")],
            )
        },
    ),
    row(
        GET,
        "/usulan/{id}/perbaiki",
        Roles(PROPOSERS),
        true,
        200,
        |f, t| at(format!("/usulan/{}/perbaiki", f.returned(t, 0))),
    ),
    row(
        POST,
        "/usulan/{id}/perbaiki",
        Roles(PROPOSERS),
        true,
        303,
        |f, t| {
            upload(
                format!("/usulan/{}/perbaiki", f.returned(t, 0)),
                Upload::Fields(vec![
                    ("address", format!("Jl. Perbaikan {}", unique())),
                    ("rt", "1".into()),
                    ("rw", "2".into()),
                    ("alasan", "Alamat diperbaiki".into()),
                ]),
            )
        },
    ),
    row(
        POST,
        "/api/v1/change-requests/{id}/resend",
        Roles(PROPOSERS),
        true,
        200,
        |f, t| {
            json_body(
                format!("/api/v1/change-requests/{}/resend", f.returned(t, 1)),
                json!({"proposal": {"kind": "koreksi_keluarga",
                    "address": format!("Jl. API {}", unique()), "rt": "1", "rw": "2"},
                    "reason": "Alamat diperbaiki"}),
            )
        },
    ),
    row(
        GET,
        "/keluarga/{id}/usulan",
        Roles(PROPOSERS),
        true,
        200,
        |f, t| {
            at(format!(
                "/keluarga/{}/usulan?jenis=kematian",
                f.household(t)
            ))
        },
    ),
    row(
        POST,
        "/keluarga/{id}/usulan",
        Roles(PROPOSERS),
        true,
        303,
        |f, t| {
            upload(
                format!("/keluarga/{}/usulan", f.household(t)),
                Upload::Fields(vec![
                    ("jenis", "koreksi_keluarga".into()),
                    ("address", format!("Jl. Formulir {}", unique())),
                    ("rt", "1".into()),
                    ("rw", "2".into()),
                    ("alasan", "Alamat salah ketik".into()),
                ]),
            )
        },
    ),
    row(
        GET,
        "/api/v1/change-requests",
        Roles(REGISTRY_READERS),
        false,
        200,
        |_, _| at("/api/v1/change-requests"),
    ),
    row(
        GET,
        "/api/v1/change-requests/{id}",
        Roles(REGISTRY_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/change-requests/{}", f.change(t, 0).0)),
    ),
    row(
        POST,
        "/api/v1/households/{id}/change-requests",
        Roles(PROPOSERS),
        true,
        201,
        |f, t| {
            json_body(
                format!("/api/v1/households/{}/change-requests", f.household(t)),
                json!({"proposal": {"kind": "koreksi_keluarga",
                    "address": format!("Jl. API {}", unique()), "rt": "1", "rw": "2"},
                    "reason": "Alamat salah ketik"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/change-requests/{id}/approve",
        Roles(DECIDERS),
        true,
        200,
        |f, t| {
            json_body(
                format!("/api/v1/change-requests/{}/approve", f.change(t, 0).0),
                json!({}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/change-requests/{id}/return",
        Roles(DECIDERS),
        true,
        200,
        |f, t| {
            json_body(
                format!("/api/v1/change-requests/{}/return", f.change(t, 1).0),
                json!({"note": "Lengkapi buktinya"}),
            )
        },
    ),
];
