//! Merchants and vouchers: registering and suspending shops, issuing and listing
//! vouchers, the verifier key and redemptions (on records that do not exist, so every
//! allowed caller meets the same state). The flows are tested in `vouchers/`.

use super::Access::*;
use super::*;

const MERCHANT_READERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Merchant,
    Role::Auditor,
];
/// The merchants page is for officials; a shop has its own page.
const MERCHANT_READERS_SIGNED_IN: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
];
const MERCHANT_MANAGERS: &[Role] = &[Role::DistrictOfficer];
const VOUCHER_READERS: &[Role] = REGISTRY_READERS;
const VOUCHER_ISSUERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
const NOTHING: i64 = 987_660;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/api/v1/merchants",
        Roles(MERCHANT_READERS),
        false,
        200,
        |_, _| at("/api/v1/merchants"),
    ),
    row(
        POST,
        "/api/v1/merchants",
        Roles(MERCHANT_MANAGERS),
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/merchants",
                json!({"code": "Bukan Kode!", "name": "Warung", "owner_name": "Sari",
                   "region": INSIDE, "bank_bic": "BDKIIDJA", "account_number": "1234567",
                   "goods": [{"programme": "SEMBAKO", "categories": ["beras"]}]}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/merchants/{id}/suspend",
        Roles(MERCHANT_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/merchants/{NOTHING}/suspend"),
                json!({"reason": "menjual paket wajib"}),
            )
        },
    ),
    row(
        POST,
        "/api/v1/cycles/{id}/vouchers",
        Roles(VOUCHER_ISSUERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/cycles/{NOTHING}/vouchers"),
                json!({"region": INSIDE}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/vouchers",
        Roles(VOUCHER_READERS),
        false,
        200,
        |_, _| at(format!("/api/v1/vouchers?region={INSIDE}")),
    ),
    row(GET, "/api/v1/vouchers/key", Public, false, 200, |_, _| {
        at("/api/v1/vouchers/key")
    }),
    // A merchant's account without a shop is refused like any other caller; spending at
    // a shop is tested in `vouchers/`.
    row(
        POST,
        "/api/v1/redemptions",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| {
            json_body(
                "/api/v1/redemptions",
                json!({"voucher": "ABCD-EFGH-JKMN", "items": []}),
            )
        },
    ),
    row(
        GET,
        "/warung",
        Roles(&[Role::Merchant]),
        false,
        200,
        |_, _| at("/warung"),
    ),
    // The fixture's merchant account has no shop: refused like any other caller.
    row(
        POST,
        "/warung/tebus",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| form("/warung/tebus", &[("voucher", "ABCD-EFGH-JKMN")]),
    ),
    row(
        GET,
        "/voucher/kartu",
        Roles(VOUCHER_READERS),
        false,
        200,
        |_, _| at(format!("/voucher/kartu?wilayah={INSIDE}")),
    ),
    row(
        GET,
        "/voucher/{id}/kartu",
        Roles(VOUCHER_READERS),
        false,
        404,
        |_, _| at(format!("/voucher/{NOTHING}/kartu")),
    ),
    row(
        POST,
        "/penyaluran/{id}/voucher",
        Roles(VOUCHER_ISSUERS),
        false,
        404,
        |_, _| {
            form(
                format!("/penyaluran/{NOTHING}/voucher"),
                &[("region", INSIDE)],
            )
        },
    ),
    row(
        POST,
        "/api/v1/vouchers/{id}/revoke",
        Roles(VOUCHER_ISSUERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/vouchers/{NOTHING}/revoke"),
                json!({"reason": "kartu dilaporkan hilang"}),
            )
        },
    ),
    row(
        GET,
        "/pedagang",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        200,
        |_, _| at("/pedagang"),
    ),
    row(
        POST,
        "/pedagang",
        Roles(MERCHANT_MANAGERS),
        false,
        422,
        |_, _| form("/pedagang", &[("code", "Bukan Kode!"), ("region", INSIDE)]),
    ),
    row(
        POST,
        "/pedagang/{id}/bekukan",
        Roles(MERCHANT_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/pedagang/{NOTHING}/bekukan"),
                &[("reason", "menjual paket wajib")],
            )
        },
    ),
];
