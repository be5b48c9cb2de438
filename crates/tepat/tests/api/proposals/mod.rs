//! Proposals: a household proposed by a named official climbs its programme's chain, each
//! step decided by an official of that level, and the enrolment starts or ends only at the
//! end, within the quota; links between an official and the household are flagged for
//! ever and keep that official from deciding; every refusal names its field and rule.

mod bulk;
mod chain;
mod change_data;
mod citizen;
mod conflicts;
mod deadlines;
mod monitoring;
mod pages;
mod refusals;

use serde_json::{Value, json};
use tepat::accounts::service::{self, Acting, TokenInput};
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;

use crate::common::TestApp;
use crate::targeting::fixtures::{KLENDER, survey};

pub use crate::enrolment::{Api, family, refusal, set_quota};

/// An official with an account of `role` in `region` and an all-scopes token of it:
/// (account id, API client).
pub async fn official<'a>(
    app: &'a TestApp,
    username: &str,
    role: &str,
    region: Option<&str>,
) -> (i64, Api<'a>) {
    let id = app.add_account(username, role, region).await;
    let input = TokenInput {
        name: format!("uji {username}"),
        username: username.to_owned(),
        scopes: Vec::new(),
        all_scopes: true,
    };
    let token = service::create_token(&app.db, Acting::CommandLine, &input, app.clock.now())
        .await
        .expect("token")
        .secret;
    (id, Api { app, token })
}

/// The five officials of a four-level chain over Klender: a facilitator who proposes, a
/// village operator, and the district, province and ministry officers.
pub struct Chain<'a> {
    pub facilitator: Api<'a>,
    pub operator: Api<'a>,
    pub district: Api<'a>,
    pub province: Api<'a>,
    pub ministry: Api<'a>,
}

pub async fn chain(app: &TestApp) -> Chain<'_> {
    Chain {
        facilitator: official(app, "pendamping", "facilitator", Some("31.75.07"))
            .await
            .1,
        operator: official(app, "operator.klender", "village_operator", Some(KLENDER))
            .await
            .1,
        district: official(app, "dinsos.jaktim", "district_officer", Some("31.75"))
            .await
            .1,
        province: official(app, "dinsos.dki", "province_officer", Some("31"))
            .await
            .1,
        ministry: official(app, "kemensos", "ministry_officer", None).await.1,
    }
}

/// A household in Klender headed by `head` (born `born`, `YYYY-MM-DD`), at `address` in
/// RT 3 / RW `rw`; `serial` keeps its numbers unique. Its id.
pub async fn household(
    app: &TestApp,
    head: &str,
    born: &str,
    serial: usize,
    address: &str,
    rw: &str,
) -> i64 {
    let (y, m, d) = (&born[2..4], &born[5..7], &born[8..10]);
    let body = json!({
        "kk": format!("3175071503{:06}", 700 + serial), "village_code": KLENDER,
        "address": address, "rt": "3", "rw": rw,
        "members": [{"nik": format!("317507{d}{m}{y}{:04}", 6000 + serial), "name": head,
            "birth_place": "Jakarta", "birth_date": born, "sex": "L",
            "relationship": "kepala"}],
        "survey": survey(1),
    });
    let input: tepat::registry::service::NewHousehold =
        serde_json::from_value(body).expect("household json");
    let officer = Principal {
        actor: Actor::system(),
        name: "uji".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    tepat::registry::service::create(
        &app.db,
        &officer,
        None,
        &input,
        app.clock.now(),
        &tepat::duplicates::notices::DuplicateNotices,
    )
    .await
    .expect("household registered")
}

/// The head of a household's person id.
pub async fn head_of(app: &TestApp, household: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM persons WHERE household_id = $1 AND relationship = 'kepala'")
        .bind(household)
        .fetch_one(&app.db.pool)
        .await
        .expect("head")
}

/// A proposal to add `household` to `programme`, as `by` sends it.
pub async fn propose(
    by: &Api<'_>,
    household: i64,
    programme: &str,
) -> (reqwest::StatusCode, Value) {
    by.post(
        "/api/v1/proposals",
        json!({"kind": "enrol", "household_id": household, "programme": programme,
            "note": "Rumah tidak layak huni, kepala keluarga buruh harian"}),
    )
    .await
}

/// Events of `action` written so far.
pub async fn events(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE action = $1")
        .bind(action.to_owned())
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}
