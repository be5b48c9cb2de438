//! The shell, regions, accounts, API tokens and the event trail.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(GET, "/beranda", Roles(ALL), false, 200, |_, _| {
        at("/beranda")
    }),
    row(GET, "/wilayah", Roles(ALL), false, 200, |_, _| {
        at("/wilayah?q=klender")
    }),
    row(GET, "/wilayah/{code}", Roles(ALL), true, 200, |_, t| {
        at(format!("/wilayah/{}", Fixture::region(t)))
    }),
    row(GET, "/jejak", Roles(EVENT_READERS), false, 200, |_, _| {
        at("/jejak")
    }),
    row(GET, "/akun", Roles(ADMIN), false, 200, |_, _| at("/akun")),
    row(GET, "/akun/baru", Roles(ADMIN), false, 200, |_, _| {
        at("/akun/baru")
    }),
    row(POST, "/akun/baru", Roles(ADMIN), true, 303, |_, t| {
        let username = unique();
        form(
            "/akun/baru",
            &[
                ("username", &username),
                ("display_name", "Uji"),
                ("role", "village_operator"),
                ("region_code", Fixture::region(t)),
                ("password", "kata-sandi-uji"),
            ],
        )
    }),
    row(
        POST,
        "/akun/{id}/status",
        Roles(ADMIN),
        true,
        303,
        |f, t| {
            form(
                format!("/akun/{}/status", f.account(t)),
                &[("status", "active")],
            )
        },
    ),
    row(
        GET,
        "/akun/{id}/penduduk",
        Roles(ADMIN),
        true,
        200,
        |f, t| at(format!("/akun/{}/penduduk", f.account(t))),
    ),
    row(
        POST,
        "/akun/{id}/penduduk",
        Roles(ADMIN),
        true,
        422,
        |f, t| {
            form(
                format!("/akun/{}/penduduk", f.account(t)),
                &[("nik", "0000000000000000")],
            )
        },
    ),
    row(
        GET,
        "/akun/{id}/nonaktifkan",
        Roles(ADMIN),
        true,
        200,
        |f, t| at(format!("/akun/{}/nonaktifkan", f.account(t))),
    ),
    row(GET, "/token/{id}/cabut", Roles(ADMIN), true, 200, |f, t| {
        at(format!("/token/{}/cabut", f.token(t)))
    }),
    row(GET, "/token", Roles(ADMIN), false, 200, |_, _| at("/token")),
    row(POST, "/token", Roles(ADMIN), true, 200, |_, t| {
        form(
            "/token",
            &[
                ("name", "Bank uji"),
                ("username", Fixture::username(t)),
                ("scopes", "regions:read"),
            ],
        )
    }),
    row(
        POST,
        "/token/{id}/cabut",
        Roles(ADMIN),
        true,
        303,
        |f, t| {
            form(
                format!("/token/{}/cabut", f.token(t)),
                &[("konfirmasi", "ya")],
            )
        },
    ),
    row(GET, "/api/v1/me", Roles(ALL), false, 200, |_, _| {
        at("/api/v1/me")
    }),
    row(GET, "/api/v1/regions", Roles(ALL), false, 200, |_, _| {
        at("/api/v1/regions?parent=31.75.07")
    }),
    row(
        GET,
        "/api/v1/regions/{code}",
        Roles(ALL),
        false,
        200,
        |_, t| at(format!("/api/v1/regions/{}", Fixture::region(t))),
    ),
    row(
        GET,
        "/api/v1/events",
        Roles(EVENT_READERS),
        false,
        200,
        |_, _| at("/api/v1/events"),
    ),
    row(GET, "/api/v1/accounts", Roles(ADMIN), false, 200, |_, _| {
        at("/api/v1/accounts")
    }),
    row(POST, "/api/v1/accounts", Roles(ADMIN), true, 201, |_, t| {
        json_body(
            "/api/v1/accounts",
            json!({"username": unique(), "display_name": "Uji",
            "role": "village_operator", "region_code": Fixture::region(t),
            "password": "kata-sandi-uji"}),
        )
    }),
    row(GET, "/api/v1/tokens", Roles(ADMIN), false, 200, |_, _| {
        at("/api/v1/tokens")
    }),
    row(POST, "/api/v1/tokens", Roles(ADMIN), true, 201, |_, t| {
        json_body(
            "/api/v1/tokens",
            json!({"name": "Bank uji", "username": Fixture::username(t),
            "scopes": ["regions:read"]}),
        )
    }),
    row(
        Method::DELETE,
        "/api/v1/tokens/{id}",
        Roles(ADMIN),
        true,
        204,
        |f, t| at(format!("/api/v1/tokens/{}", f.token(t))),
    ),
];
