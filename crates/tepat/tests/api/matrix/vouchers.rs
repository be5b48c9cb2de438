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
    // Offline spending: the fixture's merchant account has no shop, so its own-shop
    // routes refuse it like any other caller; the flows are tested in `vouchers/offline`.
    row(
        POST,
        "/api/v1/merchant-devices",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| {
            json_body(
                "/api/v1/merchant-devices",
                json!({"public_key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "label": "HP"}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/vouchers/offline",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| at("/api/v1/vouchers/offline"),
    ),
    row(
        POST,
        "/api/v1/redemptions/sync",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| {
            json_body(
                "/api/v1/redemptions/sync",
                json!({"device": NOTHING, "redemptions": []}),
            )
        },
    ),
    row(
        GET,
        "/api/v1/double-spends",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        200,
        |_, _| at(format!("/api/v1/double-spends?region={INSIDE}")),
    ),
    row(
        GET,
        "/api/v1/double-spends/{id}",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        404,
        |_, _| at(format!("/api/v1/double-spends/{NOTHING}")),
    ),
    row(
        POST,
        "/api/v1/double-spends/{id}/decide",
        Roles(MERCHANT_MANAGERS),
        false,
        404,
        |_, _| {
            json_body(
                format!("/api/v1/double-spends/{NOTHING}/decide"),
                json!({"outcome": "upheld", "note": "dibelanjakan dua kali"}),
            )
        },
    ),
    row(
        GET,
        "/warung/manifest.webmanifest",
        Public,
        false,
        200,
        |_, _| at("/warung/manifest.webmanifest"),
    ),
    row(GET, "/warung/sw.js", Public, false, 200, |_, _| {
        at("/warung/sw.js")
    }),
    row(GET, "/warung/offline.js", Public, false, 200, |_, _| {
        at("/warung/offline.js")
    }),
    row(
        GET,
        "/warung/offline.json",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| at("/warung/offline.json"),
    ),
    row(
        POST,
        "/warung/perangkat",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| {
            form(
                "/warung/perangkat",
                &[("public_key", "abc"), ("label", "HP")],
            )
        },
    ),
    row(
        POST,
        "/warung/sinkron",
        Roles(&[Role::Merchant]),
        false,
        403,
        |_, _| {
            form(
                "/warung/sinkron",
                &[("batch", r#"{"device": 1, "redemptions": []}"#)],
            )
        },
    ),
    row(
        GET,
        "/pedagang/belanja-ganda/{id}",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        404,
        |_, _| at(format!("/pedagang/belanja-ganda/{NOTHING}")),
    ),
    row(
        POST,
        "/pedagang/belanja-ganda/{id}/putuskan",
        Roles(MERCHANT_MANAGERS),
        false,
        404,
        |_, _| {
            form(
                format!("/pedagang/belanja-ganda/{NOTHING}/putuskan"),
                &[("putusan", "upheld"), ("catatan", "dibelanjakan dua kali")],
            )
        },
    ),
    row(
        GET,
        "/api/v1/merchant-settlements",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        200,
        |_, _| at(format!("/api/v1/merchant-settlements?region={INSIDE}")),
    ),
    // Nothing to pay in the fixture's region: every allowed caller meets the same 409.
    row(
        POST,
        "/api/v1/merchant-settlements",
        Roles(MERCHANT_MANAGERS),
        false,
        409,
        |_, _| json_body("/api/v1/merchant-settlements", json!({"region": INSIDE})),
    ),
    row(
        GET,
        "/api/v1/merchant-settlements/{id}/pain001",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        404,
        |_, _| at(format!("/api/v1/merchant-settlements/{NOTHING}/pain001")),
    ),
    row(
        POST,
        "/pedagang/pelunasan",
        Roles(MERCHANT_MANAGERS),
        false,
        303,
        |_, _| form("/pedagang/pelunasan", &[("region", INSIDE)]),
    ),
    row(
        GET,
        "/pedagang/pelunasan/{id}/pain001",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        404,
        |_, _| at(format!("/pedagang/pelunasan/{NOTHING}/pain001")),
    ),
    row(
        GET,
        "/voucher/kartu.pdf",
        Roles(VOUCHER_READERS),
        false,
        200,
        |_, _| at(format!("/voucher/kartu.pdf?wilayah={INSIDE}")),
    ),
    row(
        GET,
        "/voucher/{id}/kartu.pdf",
        Roles(VOUCHER_READERS),
        false,
        404,
        |_, _| at(format!("/voucher/{NOTHING}/kartu.pdf")),
    ),
    row(
        GET,
        "/api/v1/offline-limits",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        200,
        |_, _| at("/api/v1/offline-limits"),
    ),
    // Refused by its rule for every allowed caller, so no role changes the limits.
    row(
        Method::PUT,
        "/api/v1/offline-limits/{programme}",
        Roles(&[Role::MinistryOfficer]),
        false,
        422,
        |_, _| {
            json_body(
                "/api/v1/offline-limits/SEMBAKO",
                json!({"per_voucher": 0, "per_day": 1, "outstanding": 1}),
            )
        },
    ),
    row(
        GET,
        "/pedagang/batas-offline",
        Roles(MERCHANT_READERS_SIGNED_IN),
        false,
        200,
        |_, _| at("/pedagang/batas-offline"),
    ),
    row(
        POST,
        "/pedagang/batas-offline/{programme}",
        Roles(&[Role::MinistryOfficer]),
        false,
        422,
        |_, _| {
            form(
                "/pedagang/batas-offline/SEMBAKO",
                &[("per_voucher", "0"), ("per_day", "1"), ("outstanding", "1")],
            )
        },
    ),
];
