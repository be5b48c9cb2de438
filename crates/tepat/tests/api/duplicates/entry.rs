//! The check at entry also runs when an approved change request adds a person.

use serde_json::json;
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;

use super::client::{Api, open_pairs, token};
use super::fixtures::{officer, register};
use crate::common::TestApp;

#[tokio::test]
async fn an_approved_change_request_is_checked_at_entry() {
    let app = TestApp::spawn().await;
    let first = register(
        &app,
        "3175071604160002",
        "3175074402600004",
        "Siti Aminah",
        "31.75.07.1004",
    )
    .await;
    let other = register(
        &app,
        "3175071604160099",
        "3175074402601234",
        "Sri Wahyuni",
        "31.75.07.1005",
    )
    .await;
    assert_eq!(app.count("duplicate_pairs").await, 0);
    let household = household_of(&app, other).await;
    let id = propose_mother_in_law(&app, household).await;
    approve(&app, id).await;
    let api = Api {
        app: &app,
        token: token(&app, "district_officer", Some("31.75")).await,
    };
    let pairs = open_pairs(&api).await;
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].1, first);
}

async fn household_of(app: &TestApp, person: i64) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT household_id FROM persons WHERE id = $1")
        .bind(person)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// Sri's mother-in-law joins her family: the same woman as the one in Pondok Kelapa.
async fn propose_mother_in_law(app: &TestApp, household: i64) -> tepat::changes::ChangeRequestId {
    use tepat::changes::service::{self, NewProposal};
    use tepat::changes::{Proposal, store};
    let operator = Principal {
        actor: Actor::system(),
        name: "operator".into(),
        role: Role::VillageOperator,
        region: Some(tepat::region_code::RegionCode::parse("31.75.07.1005").unwrap()),
        token_scopes: None,
    };
    let person: tepat::registry::PersonInput = serde_json::from_value(json!({
        "nik": "3175074402600009", "name": "Siti Aminah", "birth_place": "Klaten",
        "birth_date": "1960-02-04", "sex": "P", "relationship": "lainnya"}))
    .unwrap();
    let evidence = [store::Evidence {
        file_name: "kk.pdf".into(),
        content: b"%PDF-1.4\n".to_vec(),
    }];
    let new = NewProposal {
        household_id: tepat::registry::store::HouseholdId(household),
        proposal: &Proposal::TambahAnggota { person },
        reason: "Ibu mertua ikut tinggal",
        evidence: &evidence,
    };
    service::propose(&app.db, &operator, new, None, app.clock.now())
        .await
        .unwrap()
        .id
}

async fn approve(app: &TestApp, id: tepat::changes::ChangeRequestId) {
    use tepat::changes::{Decision, service};
    let officer = Principal {
        actor: Actor {
            kind: tepat::events::ActorKind::Account,
            id: Some(77),
            role: "district_officer".into(),
        },
        ..officer()
    };
    service::decide(
        &app.db,
        &officer,
        id,
        Decision::Approve,
        "",
        None,
        app.clock.now(),
    )
    .await
    .unwrap();
}
