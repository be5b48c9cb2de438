//! Full runs: a run finds a person registered twice and leaves families alone, its
//! progress reaches the end, "different" is remembered across runs, and one run at a time.

use serde_json::json;
use tepat::clock::Clock;
use tepat::events::Actor;

use super::client::{Api, open_pairs, run, token};
use super::fixtures::{import_csv, person_id, registry_file};
use crate::common::TestApp;

#[tokio::test]
async fn a_run_finds_the_duplicate_not_the_family_and_remembers_different() {
    let app = TestApp::spawn().await;
    import_csv(&app, &registry_file(120)).await;
    let api = Api {
        app: &app,
        token: token(&app, "district_officer", Some("31.75")).await,
    };
    let run1 = run(&api).await;
    assert_eq!(run1["progress_done"], run1["progress_total"], "{run1}");
    assert!(run1["persons"].as_i64().unwrap() >= 482, "{run1}");
    let muhammad = person_id(&app, "3175071407850011").await;
    let mochamad = person_id(&app, "3175071407850017").await;
    let pairs = open_pairs(&api).await;
    let found = pairs.iter().find(|p| (p.1, p.2) == (muhammad, mochamad));
    let Some(&(pair_id, _, _)) = found else {
        panic!("the duplicate was not found: {pairs:?}");
    };
    // No pair inside one family: members share a KK and an address.
    use sqlx::Row;
    let same_kk: i64 = sqlx::query(
        "SELECT COUNT(*) FROM duplicate_pairs d JOIN persons a ON a.id = d.person_a \
         JOIN persons b ON b.id = d.person_b WHERE a.household_id = b.household_id",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    assert_eq!(same_kk, 0, "family members proposed as duplicates");
    let (status, detail) = api
        .get(&format!("/api/v1/duplicates/pairs/{pair_id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(detail["person_a"]["full_name"], "Muhammad Rizki Pratama");
    let fields = detail["pair"]["explanation"]["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 6, "{detail}");
    // Different people: remembered, not proposed by the next run.
    let (status, decided) = api
        .post(
            &format!("/api/v1/duplicates/pairs/{pair_id}/decision"),
            json!({"decision": "different", "reason": "Dua orang, dicek ke lapangan"}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["pair"]["status"], "different");
    let run2 = run(&api).await;
    assert!(run2["linked_pairs"].as_i64().unwrap() >= 1, "{run2}");
    let again = open_pairs(&api).await;
    assert!(
        !again.iter().any(|p| (p.1, p.2) == (muhammad, mochamad)),
        "{again:?}"
    );
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn a_second_run_while_one_runs_is_refused() {
    let app = TestApp::spawn().await;
    let api = Api {
        app: &app,
        token: token(&app, "ministry_officer", None).await,
    };
    let actor = Actor::system();
    let id = tepat::duplicates::store::runs::start(&app.db, "manual", &actor, app.clock.now())
        .await
        .unwrap();
    assert!(id.is_some());
    let (status, problem) = api.post("/api/v1/duplicates/runs", json!({})).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "run", "{problem}");
}

#[tokio::test]
async fn start_up_marks_failed_only_runs_whose_heartbeat_stopped() {
    use tepat::duplicates::store::runs;
    let app = TestApp::spawn().await;
    let start = app.clock.now();
    let minutes = time::Duration::minutes;
    let id = runs::start(&app.db, "manual", &Actor::system(), start)
        .await
        .unwrap()
        .unwrap();
    let running = "duplicate_runs WHERE status = 'running'";
    // Another server sharing the database starts a minute later: the run is alive.
    tepat::duplicates::recover(&app.db, start + minutes(1))
        .await
        .unwrap();
    assert_eq!(app.count(running).await, 1, "a live run was marked failed");
    // Its heartbeat carries it past the limit counted from its start.
    runs::heartbeat(&app.db, id, start + minutes(4))
        .await
        .unwrap();
    tepat::duplicates::recover(&app.db, start + minutes(8))
        .await
        .unwrap();
    assert_eq!(app.count(running).await, 1);
    // No heartbeat for longer than the limit: its server is gone.
    tepat::duplicates::recover(&app.db, start + minutes(10))
        .await
        .unwrap();
    assert_eq!(app.count(running).await, 0);
    let failed = "duplicate_runs WHERE status = 'failed' AND failure = 'stopped with the server'";
    assert_eq!(app.count(failed).await, 1);
}
