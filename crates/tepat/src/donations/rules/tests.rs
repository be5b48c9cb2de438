//! The donation rules with good and bad input.

use time::macros::date;

use super::*;

const TODAY: Date = date!(2026 - 12 - 05);

fn money_need() -> NeedInput {
    NeedInput {
        household_id: 1,
        kind: "money".into(),
        category: "education".into(),
        description: "Seragam dan buku sekolah".into(),
        amount_rupiah: 1_500_000,
        deadline: "2027-01-10".into(),
        situation: "Ayah sakit, tiga anak sekolah".into(),
        ..NeedInput::default()
    }
}

#[test]
fn a_money_need_is_read_and_bad_fields_are_named() {
    let draft = parse_need(&money_need(), TODAY).expect("good need");
    assert_eq!(
        (draft.kind, draft.category, draft.quantity),
        (MONEY, "education", None)
    );
    let field = |input: NeedInput| parse_need(&input, TODAY).expect_err("bad").field;
    assert_eq!(
        field(NeedInput {
            kind: "cash".into(),
            ..money_need()
        }),
        "kind"
    );
    assert_eq!(
        field(NeedInput {
            category: "car".into(),
            ..money_need()
        }),
        "category"
    );
    assert_eq!(
        field(NeedInput {
            description: " ".into(),
            ..money_need()
        }),
        "description"
    );
    assert_eq!(
        field(NeedInput {
            amount_rupiah: 0,
            ..money_need()
        }),
        "amount_rupiah"
    );
    assert_eq!(
        field(NeedInput {
            deadline: "2026-12-05".into(),
            ..money_need()
        }),
        "deadline"
    );
    assert_eq!(
        field(NeedInput {
            deadline: "10/01/2027".into(),
            ..money_need()
        }),
        "deadline"
    );
    assert_eq!(
        field(NeedInput {
            situation: "a\u{0}b".into(),
            ..money_need()
        }),
        "situation"
    );
}

#[test]
fn goods_need_a_quantity_and_a_unit() {
    let goods = NeedInput {
        kind: "goods".into(),
        ..money_need()
    };
    assert_eq!(
        parse_need(&goods, TODAY).expect_err("no quantity").field,
        "quantity"
    );
    let goods = NeedInput {
        quantity: Some(10),
        unit: Some("paket".into()),
        ..goods
    };
    let draft = parse_need(&goods, TODAY).expect("goods");
    assert_eq!(
        (draft.quantity, draft.unit.as_deref()),
        (Some(10), Some("paket"))
    );
}

#[test]
fn consent_is_required_with_a_known_method() {
    assert_eq!(parse_consent(None).expect_err("none").rule, "required");
    let bad = ConsentInput {
        method: "email".into(),
        note: String::new(),
    };
    assert_eq!(
        parse_consent(Some(&bad)).expect_err("method").field,
        "consent.method"
    );
    let good = ConsentInput {
        method: "thumbprint".into(),
        note: "Saksi: Ketua RT".into(),
    };
    assert_eq!(
        parse_consent(Some(&good)).expect("good").method,
        "thumbprint"
    );
}

#[test]
fn a_pledge_larger_than_what_is_open_is_refused() {
    let progress = Progress {
        pledged_rupiah: 1_000_000,
        pledged_quantity: 0,
    };
    assert_eq!(
        pledge_value(1_500_000, None, progress, Offer::Money(500_000)),
        Ok(500_000)
    );
    let over = pledge_value(1_500_000, None, progress, Offer::Money(500_001)).expect_err("over");
    assert_eq!((over.field, over.rule), ("amount_rupiah", "exceeds-need"));
    assert!(over.message_id.contains("500.000"));
    let zero = pledge_value(1_500_000, None, progress, Offer::Money(0)).expect_err("zero");
    assert_eq!(zero.rule, "range");
    let wrong = pledge_value(1_500_000, None, progress, Offer::Goods(1)).expect_err("kind");
    assert_eq!(wrong.field, "amount_rupiah");
}

#[test]
fn goods_shares_add_up_to_the_declared_value() {
    let start = Progress::default();
    let first = pledge_value(1_000, Some(3), start, Offer::Goods(1)).expect("one");
    assert_eq!(first, 333);
    let after = Progress {
        pledged_rupiah: first,
        pledged_quantity: 1,
    };
    assert_eq!(
        pledge_value(1_000, Some(3), after, Offer::Goods(2)),
        Ok(667)
    );
    let over = pledge_value(1_000, Some(3), after, Offer::Goods(3)).expect_err("over");
    assert_eq!((over.field, over.rule), ("quantity", "exceeds-need"));
}

#[test]
fn money_goes_by_transfer_only_and_merchants_are_named() {
    assert_eq!(parse_channel(MONEY, "transfer", None), Ok(TRANSFER));
    assert_eq!(
        parse_channel(MONEY, "village_office", None)
            .expect_err("cash")
            .rule,
        "non-cash"
    );
    assert_eq!(
        parse_channel(GOODS, "village_office", None),
        Ok(VILLAGE_OFFICE)
    );
    assert_eq!(parse_channel(GOODS, "merchant", Some(4)), Ok(MERCHANT));
    assert_eq!(
        parse_channel(GOODS, "merchant", None)
            .expect_err("who")
            .field,
        "merchant_id"
    );
    assert_eq!(
        parse_channel(GOODS, "transfer", None)
            .expect_err("goods")
            .field,
        "channel"
    );
}

#[test]
fn references_are_fresh_and_read_as_banks_send_them() {
    let a = new_reference();
    assert!(a.starts_with("DON-") && a.len() == 14, "{a}");
    assert_ne!(a, new_reference());
    assert_eq!(normalise_reference(" don-ab cd2 "), "DON-ABCD2");
}

#[test]
fn progress_is_bounded() {
    let p = Progress {
        pledged_rupiah: 2_000,
        pledged_quantity: 0,
    };
    assert_eq!((p.open_rupiah(1_000), p.percent(1_000)), (0, 100));
    assert_eq!(Progress::default().percent(0), 0);
}
