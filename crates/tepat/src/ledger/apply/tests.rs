//! Applying batches: limits, two phases resolved once, linked chains, repeats.

use super::*;

fn account(id: i64, floor: bool, credits: i64) -> Account {
    Account {
        id,
        code: format!("acct:{id}"),
        kind: "budget_line".to_owned(),
        name: format!("Akun {id}"),
        region_code: None,
        programme_code: None,
        debits_must_not_exceed_credits: floor,
        credits_must_not_exceed_debits: false,
        debits_pending: 0,
        debits_posted: 0,
        credits_pending: 0,
        credits_posted: credits,
    }
}

/// A treasury (1, no limit), a budget line holding 1,000 (2, floor) and a recipient (3).
fn known() -> Known {
    let mut known = Known::default();
    for account in [
        account(1, false, 0),
        account(2, true, 1_000),
        account(3, true, 0),
    ] {
        known.accounts.insert(account.id, account);
    }
    known
}

fn single(id: &str, debit: i64, credit: i64, amount: i64) -> NewTransfer {
    NewTransfer::single(id.to_owned(), debit, credit, amount, "pay")
}

#[test]
fn a_floor_refuses_spending_more_than_arrived_and_names_the_shortfall() {
    let applied = apply(&[single("a", 2, 3, 600), single("b", 2, 3, 500)], known());
    assert_eq!(applied.outcomes[0], Outcome::Created);
    assert_eq!(
        applied.outcomes[1],
        Outcome::Refused(Refusal::ExceedsCredits {
            account: "acct:2".to_owned(),
            shortfall: 100
        })
    );
    assert_eq!(applied.created.len(), 1);
    assert_eq!(applied.accounts[&2].debits_posted, 600);
    assert_eq!(applied.accounts[&3].credits_posted, 600);
    assert_eq!(
        applied
            .deltas
            .iter()
            .map(|d| d.account_id)
            .collect::<Vec<_>>(),
        [2, 3]
    );
    assert_eq!(applied.deltas[0].debits_posted, 600);
}

#[test]
fn a_pending_transfer_reserves_and_is_posted_or_voided_once() {
    let batch = [
        NewTransfer::pending("r".to_owned(), 2, 3, 700, "reserve"),
        single("over", 2, 3, 400),
        NewTransfer::resolve("p".to_owned(), "r", Phase::Post, "pay"),
        NewTransfer::resolve("v".to_owned(), "r", Phase::Void, "return"),
    ];
    let applied = apply(&batch, known());
    assert_eq!(applied.outcomes[0], Outcome::Created);
    assert!(matches!(
        applied.outcomes[1],
        Outcome::Refused(Refusal::ExceedsCredits { shortfall: 100, .. })
    ));
    assert_eq!(applied.outcomes[2], Outcome::Created);
    assert_eq!(
        applied.outcomes[3],
        Outcome::Refused(Refusal::AlreadyResolved("r".to_owned()))
    );
    let budget = &applied.accounts[&2];
    assert_eq!((budget.debits_pending, budget.debits_posted), (0, 700));
    let post = &applied.created[1];
    assert_eq!((post.debit_account_id, post.credit_account_id), (2, 3));
    assert_eq!(post.amount, 700);
}

#[test]
fn a_post_may_take_less_than_reserved_and_a_void_only_all_of_it() {
    let reserve = NewTransfer::pending("r".to_owned(), 2, 3, 700, "reserve");
    let mut part = NewTransfer::resolve("p".to_owned(), "r", Phase::Post, "pay");
    part.amount = 300;
    let applied = apply(&[reserve.clone(), part], known());
    assert_eq!(applied.accounts[&2].debits_posted, 300);
    assert_eq!(applied.accounts[&2].debits_pending, 0);
    let mut too_much = NewTransfer::resolve("p".to_owned(), "r", Phase::Post, "pay");
    too_much.amount = 701;
    let mut half_void = NewTransfer::resolve("v".to_owned(), "r", Phase::Void, "return");
    half_void.amount = 350;
    let applied = apply(&[reserve, too_much, half_void], known());
    assert!(matches!(
        applied.outcomes[1],
        Outcome::Refused(Refusal::ExceedsPending { amount: 701, .. })
    ));
    assert_eq!(applied.outcomes[2], Outcome::Refused(Refusal::VoidPartial));
}

#[test]
fn resolving_needs_a_pending_transfer_with_the_same_accounts() {
    let batch = [
        single("s", 1, 2, 10),
        NewTransfer::resolve("p1".to_owned(), "missing", Phase::Post, "pay"),
        NewTransfer::resolve("p2".to_owned(), "s", Phase::Post, "pay"),
        NewTransfer::pending("r".to_owned(), 2, 3, 5, "reserve"),
        NewTransfer {
            debit_account_id: 1,
            ..NewTransfer::resolve("p3".to_owned(), "r", Phase::Post, "pay")
        },
    ];
    let outcomes = apply(&batch, known()).outcomes;
    assert_eq!(
        outcomes[1],
        Outcome::Refused(Refusal::PendingNotFound("missing".to_owned()))
    );
    assert_eq!(
        outcomes[2],
        Outcome::Refused(Refusal::NotPending("s".to_owned()))
    );
    assert_eq!(
        outcomes[4],
        Outcome::Refused(Refusal::PendingAccountsDiffer("r".to_owned()))
    );
}

#[test]
fn a_linked_chain_fails_whole_and_leaves_no_trace() {
    let batch = [
        single("a", 1, 2, 500).linked(),
        single("b", 2, 3, 1_600).linked(),
        single("c", 2, 3, 200),
        single("d", 2, 3, 900),
    ];
    let applied = apply(&batch, known());
    assert_eq!(
        applied.outcomes[0],
        Outcome::Refused(Refusal::LinkedEventFailed)
    );
    assert!(matches!(
        applied.outcomes[1],
        Outcome::Refused(Refusal::ExceedsCredits { .. })
    ));
    assert_eq!(
        applied.outcomes[2],
        Outcome::Refused(Refusal::LinkedEventFailed)
    );
    // The chain's 500 into the budget line was undone: 900 of its own 1,000 still fits.
    assert_eq!(applied.outcomes[3], Outcome::Created);
    assert_eq!(applied.accounts[&2].credits_posted, 1_000);
    assert_eq!(applied.accounts[&2].debits_posted, 900);
    assert_eq!(applied.accounts[&1].debits_posted, 0);
    assert_eq!(
        applied
            .created
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>(),
        ["d"]
    );
}

#[test]
fn a_chain_left_open_at_the_end_of_a_batch_is_refused() {
    let applied = apply(&[single("a", 1, 2, 5).linked()], known());
    assert_eq!(
        applied.outcomes,
        [Outcome::Refused(Refusal::LinkedChainOpen)]
    );
    assert!(applied.created.is_empty());
}

#[test]
fn a_repeat_answers_exists_and_a_reused_id_with_other_content_is_named() {
    let mut known = known();
    let first = single("t", 1, 2, 50);
    let written = apply(std::slice::from_ref(&first), known_clone(&known));
    known
        .transfers
        .insert("t".to_owned(), written.created[0].clone());
    let again = apply(
        &[first, single("t", 1, 2, 51), single("t", 1, 3, 50)],
        known,
    );
    assert_eq!(again.outcomes[0], Outcome::Exists);
    assert_eq!(
        again.outcomes[1],
        Outcome::Refused(Refusal::ExistsWithDifferent {
            id: "t".to_owned(),
            field: "amount"
        })
    );
    assert_eq!(
        again.outcomes[2],
        Outcome::Refused(Refusal::ExistsWithDifferent {
            id: "t".to_owned(),
            field: "credit account"
        })
    );
    assert!(again.created.is_empty());
    assert!(again.deltas.is_empty());
}

fn known_clone(known: &Known) -> Known {
    Known {
        accounts: known.accounts.clone(),
        transfers: known.transfers.clone(),
        resolved: known.resolved.clone(),
    }
}

#[test]
fn bad_transfers_are_refused_each_with_its_reason() {
    let batch = [
        single("", 1, 2, 5),
        single("spasi di dalam", 1, 2, 5),
        single(&"x".repeat(65), 1, 2, 5),
        single("zero", 1, 2, 0),
        single("negative", 1, 2, -5),
        single("same", 2, 2, 5),
        single("unknown", 1, 99, 5),
        NewTransfer {
            pending_id: Some("x".to_owned()),
            ..single("stray", 1, 2, 5)
        },
        single("huge", 1, 3, i64::MAX),
        single("more", 1, 3, 1),
    ];
    let codes: Vec<&str> = apply(&batch, known())
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Refused(refusal) => refusal.code(),
            Outcome::Created => "created",
            Outcome::Exists => "exists",
        })
        .collect();
    assert_eq!(
        codes,
        [
            "id_invalid",
            "id_invalid",
            "id_invalid",
            "amount_not_positive",
            "amount_not_positive",
            "same_account",
            "account_not_found",
            "pending_id_unexpected",
            "created",
            "overflow"
        ]
    );
}

#[test]
fn a_ceiling_refuses_receiving_more_than_was_paid_out_and_names_the_excess() {
    let mut known = known();
    let mut capped = account(4, false, 0);
    capped.credits_must_not_exceed_debits = true;
    capped.debits_posted = 500;
    known.accounts.insert(4, capped);
    let applied = apply(
        &[single("back", 1, 4, 400), single("over", 1, 4, 200)],
        known,
    );
    assert_eq!(applied.outcomes[0], Outcome::Created);
    assert_eq!(
        applied.outcomes[1],
        Outcome::Refused(Refusal::ExceedsDebits {
            account: "acct:4".to_owned(),
            excess: 100
        })
    );
    assert_eq!(applied.accounts[&4].credits_posted, 400);
}

#[test]
fn a_post_or_void_without_its_pending_transfer_is_refused() {
    for phase in [Phase::Post, Phase::Void] {
        let stray = NewTransfer {
            phase,
            pending_id: None,
            ..single("stray", 2, 3, 5)
        };
        let applied = apply(&[stray], known());
        assert!(
            matches!(applied.outcomes[0], Outcome::Refused(_)),
            "{phase:?}: {:?}",
            applied.outcomes[0]
        );
        assert!(applied.created.is_empty(), "nothing written");
    }
}

#[test]
fn batches_applied_in_turn_refuse_alone_and_show_their_own_balances() {
    let first = [single("a", 2, 3, 600)];
    let second = [single("b", 2, 3, 500)];
    let third = [single("c", 2, 3, 400)];
    let each = apply_each(&[&first, &second, &third], known());
    let outcomes: Vec<&Outcome> = each.turns.iter().map(|t| &t.outcomes[0]).collect();
    assert_eq!(outcomes[0], &Outcome::Created);
    assert!(matches!(
        outcomes[1],
        Outcome::Refused(Refusal::ExceedsCredits { shortfall: 100, .. })
    ));
    assert_eq!(outcomes[2], &Outcome::Created, "the refusal took nothing");
    assert!(each.turns[1].created.is_empty());
    assert_eq!(each.turns[0].created[0].id, "a");
    assert_eq!(each.turns[2].created[0].id, "c");
    assert_eq!(each.turns[0].accounts[&2].debits_posted, 600);
    assert_eq!(each.turns[2].accounts[&2].debits_posted, 1_000);
    let moved: Vec<(i64, i64)> = each
        .deltas
        .iter()
        .map(|d| (d.account_id, d.debits_posted + d.credits_posted))
        .collect();
    assert_eq!(moved, [(2, 1_000), (3, 1_000)]);
}
