//! Programme cycles on a real server: computed from the enrolments of the allocation's
//! region with the benefit rule, a flagged household skipped with its reason, recomputing
//! an unchanged registry changing nothing, approval by another official funding the
//! envelope from the allocation — refused stating the shortfall when it has too little.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::region_code::RegionCode;

use crate::common::TestApp;
use crate::enrolment::{Api, set_quota, ten_scored};
use crate::proposals::official;

/// Six Klender households enrolled in Sembako (desil 5 or lower), a Sembako line of
/// `budget` rupiah and an approved allocation of `allocated` to Jakarta Timur. The
/// households (poorest first) and the allocation's id.
pub async fn enrolled(app: &TestApp, budget: i64, allocated: i64) -> (Vec<i64>, i64) {
    let ids = ten_scored(app).await;
    set_quota(app, "SEMBAKO", &[("", 10)]).await;
    let district = Api::new(app, "district_officer", Some("31.75")).await;
    let ministry = Api::new(app, "ministry_officer", None).await;
    let (_, batch) = district
        .post("/api/v1/programmes/SEMBAKO/enrolment-batches", json!({}))
        .await;
    let approve = format!("/api/v1/enrolment-batches/{}/approve", batch["id"]);
    assert_eq!(ministry.post(&approve, json!({})).await.0, 200);
    let (_, maker) = official(app, "kemensos.a", "ministry_officer", None).await;
    let (_, checker) = official(app, "kemensos.b", "ministry_officer", None).await;
    let line = json!({"programme": "SEMBAKO", "year": 2027, "source": "APBN",
                      "amount": budget, "purpose": "Sembako 2027"});
    let (_, line) = maker.post("/api/v1/budgets", line).await;
    let (_, allocation) = maker
        .post(
            &format!("/api/v1/budgets/{}/allocations", line["id"]),
            json!({"region": "31.75", "amount": allocated, "note": "Sembako Jakarta Timur"}),
        )
        .await;
    let approve = format!("/api/v1/budget-allocations/{}/approve", allocation["id"]);
    assert_eq!(checker.post(&approve, json!({})).await.0, StatusCode::OK);
    (ids, allocation["id"].as_i64().unwrap())
}

fn rule(problem: &Value) -> String {
    format!(
        "{}/{}",
        problem["errors"][0]["field"].as_str().unwrap_or(""),
        problem["errors"][0]["rule"].as_str().unwrap_or("")
    )
}

/// Raises an open review flag on a household, as the civil registry's death report does.
async fn flag(app: &TestApp, household: i64) {
    let mut tx = app.db.begin_write().await.unwrap();
    let flag = tepat::review::NewFlag {
        subject_type: tepat::review::SUBJECT_HOUSEHOLD,
        subject_id: household,
        region: RegionCode::parse("31.75.07.1003").unwrap(),
        reason: tepat::review::REASON_MOVE,
        source: tepat::review::SOURCE_CIVIL_REGISTRY,
        details: json!({}),
    };
    tepat::review::store::raise(&mut tx, flag, &Actor::system(), None, app.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_cycle_is_computed_from_the_enrolments_and_approved_by_another_official() {
    let app = TestApp::spawn().await;
    let (ids, allocation) = enrolled(&app, 10_000_000, 5_000_000).await;
    flag(&app, ids[0]).await;
    let (_, computer) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, approver) = official(&app, "dinsos.jaktim.2", "district_officer", Some("31.75")).await;
    let (_, bandung) = official(&app, "dinsos.bandung", "district_officer", Some("32.73")).await;

    let body = json!({"allocation_id": allocation, "name": "Sembako 2027 tahap 1", "months": 3});
    let (status, cycle) = computer.post("/api/v1/cycles", body).await;
    assert_eq!(status, StatusCode::CREATED, "{cycle}");
    assert_eq!(cycle["status"], "draft");
    let id = cycle["id"].as_i64().unwrap();
    let compute = format!("/api/v1/cycles/{id}/compute");
    let (status, computed) = computer.post(&compute, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{computed}");
    assert_eq!(computed["status"], "computed");
    assert_eq!(computed["control_count"], 5, "six enrolled, one suspended");
    assert_eq!(computed["control_amount"], 5 * 3 * 200_000);
    assert_eq!(computed["skipped"], 1);

    let (_, detail) = computer.get(&format!("/api/v1/cycles/{id}")).await;
    assert_eq!(
        detail["skips"],
        json!([{"reason": "suspended", "count": 1}])
    );
    assert_eq!(
        detail["entitlements"][0]["components"][0]["code"],
        "bantuan_pangan"
    );
    assert_eq!(detail["entitlements"][0]["amount"], 600_000);
    let (status, _) = bandung.get(&format!("/api/v1/cycles/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let events = app.count("events").await;
    let (status, again) = approver.post(&compute, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["rows_sha256"], computed["rows_sha256"]);
    assert_eq!(
        again["computed_by"], computed["computed_by"],
        "nothing recomputed"
    );
    assert_eq!(
        app.count("events").await,
        events,
        "no event for an unchanged registry"
    );
    assert_eq!(app.count("entitlements").await, 5);

    let approve = format!("/api/v1/cycles/{id}/approve");
    let (status, own) = computer.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{own}");
    assert_eq!(rule(&own), "approver/four_eyes");
    let (status, approved) = approver.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["envelope"], format!("envelope:cycle:{id}"));
    let (status, late) = approver.post(&compute, json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an approved cycle is not recomputed: {late}"
    );

    let envelope: i64 =
        sqlx::query_scalar("SELECT credits_posted FROM ledger_accounts WHERE code = $1")
            .bind(format!("envelope:cycle:{id}"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(envelope, 3_000_000);
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

#[tokio::test]
async fn a_cycle_past_its_allocation_is_refused_with_the_shortfall_and_one_entitlement_per_household()
 {
    let app = TestApp::spawn().await;
    let (_, allocation) = enrolled(&app, 10_000_000, 2_000_000).await;
    let (_, computer) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, approver) = official(&app, "dinsos.dki", "province_officer", Some("31")).await;
    let body = json!({"allocation_id": allocation, "name": "Sembako 2027 tahap 1", "months": 3});
    let (_, cycle) = computer.post("/api/v1/cycles", body).await;
    let id = cycle["id"].as_i64().unwrap();
    computer
        .post(&format!("/api/v1/cycles/{id}/compute"), json!({}))
        .await;
    let (status, short) = approver
        .post(&format!("/api/v1/cycles/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{short}");
    assert_eq!(rule(&short), "control_amount/exceeds_allocation");
    assert!(
        short.to_string().contains("short by Rp1,600,000"),
        "{short}"
    );
    let (_, still) = approver.get(&format!("/api/v1/cycles/{id}")).await;
    assert_eq!(still["cycle"]["status"], "computed", "nothing half-written");

    let household: i64 = sqlx::query_scalar("SELECT household_id FROM entitlements LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let twice = sqlx::query(
        "INSERT INTO entitlements (cycle_id, household_id, enrolment_id, region_code, amount, \
         components, status) SELECT cycle_id, household_id, enrolment_id, region_code, amount, \
         components, status FROM entitlements WHERE household_id = $1",
    )
    .bind(household)
    .execute(&app.db.pool)
    .await;
    assert!(
        twice.is_err(),
        "one entitlement per household per cycle is a constraint"
    );
}

#[tokio::test]
async fn bad_cycle_input_names_the_field_and_the_rule() {
    let app = TestApp::spawn().await;
    let (_, allocation) = enrolled(&app, 10_000_000, 5_000_000).await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, bandung) = official(&app, "dinsos.bandung", "district_officer", Some("32.73")).await;
    for (body, expected) in [
        (
            json!({"allocation_id": allocation, "name": "x", "months": 3}),
            "name/length",
        ),
        (
            json!({"allocation_id": allocation, "name": "Tahap 1", "months": 0}),
            "months/range",
        ),
        (
            json!({"allocation_id": allocation, "name": "Tahap 1", "months": 13}),
            "months/range",
        ),
        (
            json!({"allocation_id": 999_999, "name": "Tahap 1", "months": 3}),
            "allocation_id/approved",
        ),
    ] {
        let (status, problem) = district.post("/api/v1/cycles", body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {problem}"
        );
        assert_eq!(rule(&problem), expected);
    }
    let body = json!({"allocation_id": allocation, "name": "Tahap 1", "months": 3});
    let (status, problem) = bandung.post("/api/v1/cycles", body).await;
    assert_eq!(
        rule(&problem),
        "allocation_id/approved",
        "outside the caller's region"
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = district
        .post("/api/v1/cycles/999999/compute", json!({"extra": 1}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused"
    );
    assert_eq!(app.count("cycles").await, 0);
}

/// An approved Sembako cycle for Jakarta Timur (five households at Rp600.000), approved
/// by a second district officer; (cycle id, maker, checker).
pub async fn approved_cycle(app: &TestApp) -> (i64, Api<'_>, Api<'_>) {
    let (_, allocation) = enrolled(app, 10_000_000, 5_000_000).await;
    let (_, maker) = official(app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, checker) = official(app, "dinsos.jaktim.2", "district_officer", Some("31.75")).await;
    let body = json!({"allocation_id": allocation, "name": "Sembako 2027 tahap 1", "months": 3});
    let (_, cycle) = maker.post("/api/v1/cycles", body).await;
    let id = cycle["id"].as_i64().unwrap();
    maker
        .post(&format!("/api/v1/cycles/{id}/compute"), json!({}))
        .await;
    let (status, _) = checker
        .post(&format!("/api/v1/cycles/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    (id, maker, checker)
}

#[tokio::test]
async fn a_payroll_approved_by_another_official_reserves_every_entitlement_in_the_ledger() {
    let app = TestApp::spawn().await;
    let (id, maker, checker) = approved_cycle(&app).await;
    let payrolls = format!("/api/v1/cycles/{id}/payrolls");
    let (status, bad) = maker
        .post(&payrolls, json!({"region": "31.75", "channel": "cash"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&bad), "channel/one_of", "no cash channel exists");
    let (status, outside) = maker
        .post(
            &payrolls,
            json!({"region": "31.71", "channel": "bank_transfer"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&outside), "region/in_scope");
    crate::payments::accounts_needed(&app, &maker, &payrolls).await;
    let (status, payroll) = maker
        .post(
            &payrolls,
            json!({"region": "31.75.07", "channel": "bank_transfer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payroll}");
    assert_eq!(payroll["control_count"], 6);
    assert_eq!(payroll["control_amount"], 3_600_000);
    let (status, empty) = maker
        .post(&payrolls, json!({"region": "31.75", "channel": "e_wallet"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "every entitlement is in a payroll: {empty}"
    );
    assert_eq!(rule(&empty), "region/nothing_to_pay");

    let approve = format!("/api/v1/payrolls/{}/approve", payroll["id"]);
    let (status, own) = maker.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(rule(&own), "checker/four_eyes");
    let (_, province) = official(&app, "dinsos.dki", "province_officer", Some("31")).await;
    let (a, b) = tokio::join!(
        checker.post(&approve, json!({})),
        province.post(&approve, json!({}))
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} {}",
        a.1,
        b.1
    );

    assert_reserved(&app, id, 6, 3_600_000).await;
    let (_, detail) = checker.get(&format!("/api/v1/cycles/{id}")).await;
    assert_eq!(detail["payrolls"][0]["status"], "approved");
    assert_eq!(detail["entitlements"][0]["status"], "reserved");
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

/// `count` reservations in the ledger, and the envelope of `cycle` holding `amount` with
/// all of it pending.
async fn assert_reserved(app: &TestApp, cycle: i64, count: i64, amount: i64) {
    let reserved: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM ledger_transfers WHERE phase = 'pending' AND code = 'reserve'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(reserved, count);
    let envelope: (i64, i64) = sqlx::query_as(
        "SELECT debits_pending, credits_posted FROM ledger_accounts WHERE code = $1",
    )
    .bind(format!("envelope:cycle:{cycle}"))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(envelope, (amount, amount));
}
