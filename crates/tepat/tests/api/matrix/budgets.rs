//! Budgets: the lines and one line (a line that does not exist, so that every allowed caller
//! meets the same state), planning a line (refused for its zero amount, after the role
//! check), submitting and deciding allocations of nothing. The flows are tested in
//! `budgets.rs`.

use super::Access::*;
use super::*;

const BUDGET_READERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
];
const BUDGET_MANAGERS: &[Role] = &[Role::ProvinceOfficer, Role::MinistryOfficer];
const NO_LINE: i64 = 987_657;
const MODERATORS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];

fn zero_line() -> Value {
    json!({"programme": "PKH", "year": 2027, "source": "APBN", "amount": 0,
           "purpose": "Bantuan PKH tahap 1"})
}

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/anggaran",
        Roles(BUDGET_READERS),
        false,
        200,
        |_, _| at("/anggaran"),
    ),
    row(
        POST,
        "/anggaran",
        Roles(BUDGET_MANAGERS),
        false,
        422,
        |_, _| {
            form(
                "/anggaran",
                &[
                    ("programme", "PKH"),
                    ("year", "2027"),
                    ("source", "APBN"),
                    ("amount", "0"),
                    ("purpose", "Bantuan PKH"),
                ],
            )
        },
    ),
    row(
        GET,
        "/anggaran/{id}",
        Roles(BUDGET_READERS),
        false,
        404,
        |_, _| at(format!("/anggaran/{NO_LINE}")),
    ),
    row(
        POST,
        "/anggaran/{id}/alokasi",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/anggaran/{NO_LINE}/alokasi"),
                &[("region", "31.75"), ("amount", "1000"), ("note", "Tahap 1")],
            )
        },
    ),
    row(
        POST,
        "/anggaran/alokasi/{id}/setujui",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| form(format!("/anggaran/alokasi/{NO_LINE}/setujui"), &[]),
    ),
    row(
        POST,
        "/anggaran/alokasi/{id}/tolak",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/anggaran/alokasi/{NO_LINE}/tolak"),
                &[("note", "Salah wilayah")],
            )
        },
    ),
    row(
        GET,
        "/api/v1/budgets",
        Roles(BUDGET_READERS),
        false,
        200,
        |_, _| at("/api/v1/budgets"),
    ),
    row(
        POST,
        "/api/v1/budgets",
        Roles(BUDGET_MANAGERS),
        false,
        422,
        |_, _| json_body("/api/v1/budgets", zero_line()),
    ),
    row(
        GET,
        "/api/v1/budgets/{id}",
        Roles(BUDGET_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/budgets/{NO_LINE}")),
    ),
    row(
        POST,
        "/api/v1/budgets/{id}/allocations",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/budgets/{NO_LINE}/allocations"),
                json!({"region": "31.75", "amount": 1000, "note": "Tahap 1"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/budget-allocations/{id}/approve",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/budget-allocations/{NO_LINE}/approve"),
                json!({}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/budget-allocations/{id}/reject",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/budget-allocations/{NO_LINE}/reject"),
                json!({"note": "Salah wilayah"}),
            )
        },
    ),
    row(
        POST,
        "/anggaran/{id}/revisi",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/anggaran/{NO_LINE}/revisi"),
                &[("amount", "1000"), ("reason", "Tambahan kuota lansia")],
            )
        },
    ),
    row(
        POST,
        "/anggaran/revisi/{id}/setujui",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| form(format!("/anggaran/revisi/{NO_LINE}/setujui"), &[]),
    ),
    row(
        POST,
        "/anggaran/revisi/{id}/tolak",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/anggaran/revisi/{NO_LINE}/tolak"),
                &[("note", "Tidak perlu")],
            )
        },
    ),
    row(
        GET,
        "/api/v1/budgets/{id}/revisions",
        Roles(BUDGET_READERS),
        false,
        404,
        |_, _| at(format!("/api/v1/budgets/{NO_LINE}/revisions")),
    ),
    row(
        POST,
        "/api/v1/budgets/{id}/revisions",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/budgets/{NO_LINE}/revisions"),
                json!({"amount": 1000, "reason": "Tambahan kuota lansia"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/budget-revisions/{id}/approve",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/budget-revisions/{NO_LINE}/approve"),
                json!({}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/budget-revisions/{id}/reject",
        Roles(BUDGET_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/budget-revisions/{NO_LINE}/reject"),
                json!({"note": "Tidak perlu"}),
            )
        },
    ),
    row(GET, "/anggaran-publik", Public, false, 200, |_, _| {
        at("/anggaran-publik")
    }),
    row(GET, "/anggaran-publik.csv", Public, false, 200, |_, _| {
        at("/anggaran-publik.csv")
    }),
    row(GET, "/anggaran-publik.json", Public, false, 200, |_, _| {
        at("/anggaran-publik.json")
    }),
    row(
        GET,
        "/anggaran-publik/pagu/{id}",
        Public,
        false,
        404,
        |_, _| at(format!("/anggaran-publik/pagu/{NO_LINE}")),
    ),
    row(
        POST,
        "/anggaran-publik/pagu/{id}/komentar",
        Public,
        false,
        404,
        |_, _| {
            form(
                format!("/anggaran-publik/pagu/{NO_LINE}/komentar"),
                &[("body", "Mohon rinciannya dibuka")],
            )
        },
    ),
    row(
        POST,
        "/anggaran-publik/komentar/{id}/sembunyikan",
        Roles(MODERATORS),
        false,
        404,
        |_, _| {
            form(
                format!("/anggaran-publik/komentar/{NO_LINE}/sembunyikan"),
                &[("reason", "Kata kasar")],
            )
        },
    ),
    row(
        GET,
        "/api/v1/ledger/transfers/{id}",
        Roles(BUDGET_READERS),
        false,
        404,
        |_, _| at("/api/v1/ledger/transfers/tidak-ada"),
    ),
    row(
        GET,
        "/api/v1/ledger/transfers/{id}/trace",
        Roles(BUDGET_READERS),
        false,
        404,
        |_, _| at("/api/v1/ledger/transfers/tidak-ada/trace"),
    ),
    row(
        GET,
        "/jejak-dana/{transfer}",
        Roles(BUDGET_READERS),
        false,
        404,
        |_, _| at("/jejak-dana/tidak-ada"),
    ),
];
