//! The dry run over the registry: eligible, entering and leaving households against the
//! programme's current rule, by the region one level below the caller's scope; rules that
//! do not compile answered with 422 at their line and column; refusals that change nothing.

use serde_json::{Value, json};

use super::{Api, key, three_families};
use crate::common::TestApp;

fn regions(preview: &Value) -> Vec<(String, u64, u64, u64)> {
    preview["by_region"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap().to_owned(),
                r["eligible"].as_u64().unwrap(),
                r["entering"].as_u64().unwrap(),
                r["leaving"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_dry_run_counts_by_province_for_the_ministry_and_by_district_below_a_city() {
    let app = TestApp::spawn().await;
    three_families(&app).await;
    let ministry = Api::new(&app, "ministry_officer", None).await;
    // PKH's current rule reads desil, which no household has yet: nobody is eligible now.
    let (status, preview) = ministry.preview("PKH", "any(member, age >= 60)").await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(
        (
            &preview["eligible"],
            &preview["entering"],
            &preview["leaving"]
        ),
        (&json!(2), &json!(2), &json!(0))
    );
    assert_eq!(
        regions(&preview),
        [("31".into(), 1, 1, 0), ("32".into(), 1, 1, 0)]
    );
    assert_eq!(
        preview["by_region"][0]["name"],
        "Daerah Khusus Ibukota Jakarta"
    );
    // Members are counted by age on the evaluation date; the young family has a child.
    let (_, young) = ministry
        .preview("PKH", "any(member, age < 6) and members = 3")
        .await;
    assert_eq!(
        (&young["eligible"], &young["entering"]),
        (&json!(1), &json!(1))
    );
    let city = Api::new(&app, "district_officer", Some("31.75")).await;
    let (status, preview) = city.preview("SEMBAKO", "count(member) >= 1").await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(regions(&preview), [("31.75.07".into(), 2, 2, 0)]);
}

#[tokio::test]
async fn without_a_welfare_score_desil_is_not_recorded() {
    let app = TestApp::spawn().await;
    three_families(&app).await;
    let ministry = Api::new(&app, "ministry_officer", None).await;
    let (_, preview) = ministry.preview("SEMBAKO", "desil <= 10").await;
    assert_eq!(preview["eligible"], 0);
    let (_, preview) = ministry.preview("SEMBAKO", "desil > 5").await;
    assert_eq!(preview["eligible"], 0);
    // `not` turns a comparison with a missing value into true, as the language says.
    let (_, preview) = ministry.preview("SEMBAKO", "not desil <= 5").await;
    assert_eq!(preview["eligible"], 3);
    // Enrolment is not recorded yet: nobody is enrolled in anything.
    let (_, preview) = ministry.preview("BLT_DD", "not enrolled(\"PKH\")").await;
    assert_eq!(preview["eligible"], 3);
}

#[tokio::test]
async fn rules_that_do_not_compile_are_refused_at_their_line_and_column() {
    let app = TestApp::spawn().await;
    let ministry = Api::new(&app, "ministry_officer", None).await;
    let events = app.count("events").await;
    let cases = [
        ("desil <= 4\n  and umur < 6", "unknown-attribute", 2, 7),
        ("desil <= \"empat\"", "type-mismatch", 1, 1),
        ("enrolled(\"BANSOS_X\")", "unknown-programme", 1, 1),
        ("desil <= 4 and", "unexpected", 1, 15),
        ("desil <= 1.500", "thousands-separator", 1, 10),
    ];
    for (rule, code, line, column) in cases {
        let (status, problem) = ministry.preview("PKH", rule).await;
        assert_eq!(status, 422, "{rule}: {problem}");
        let error = &problem["errors"][0];
        assert_eq!(error["field"], "rule", "{rule}");
        assert_eq!(error["rule"], code, "{rule}: {error}");
        assert_eq!(
            (&error["line"], &error["column"]),
            (&json!(line), &json!(column)),
            "{rule}: {error}"
        );
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("line {line}, column {column}")),
            "{error}"
        );
    }
    assert_eq!(
        app.count("events").await,
        events,
        "a refused rule changes nothing"
    );
    assert_eq!(app.count("programme_rules").await, 6);
}

#[tokio::test]
async fn unknown_programmes_missing_keys_and_other_roles_are_refused() {
    let app = TestApp::spawn().await;
    let ministry = Api::new(&app, "ministry_officer", None).await;
    let (status, _) = ministry.preview("BANSOS_X", "true").await;
    assert_eq!(status, 404);
    let response = app
        .client
        .post(app.url("/api/v1/programmes/PKH/rule/preview"))
        .bearer_auth(&ministry.token)
        .json(&json!({"rule": "true"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key");
    let response = app
        .client
        .post(app.url("/api/v1/programmes/PKH/rule/preview"))
        .bearer_auth(&ministry.token)
        .header("idempotency-key", key())
        .json(&json!({"aturan": "true"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422, "an unknown field is refused");
    let village = Api::new(&app, "village_operator", Some("31.75.07.1003")).await;
    let (status, _) = village.preview("PKH", "true").await;
    assert_eq!(status, 403);
    let anonymous = app
        .client
        .post(app.url("/api/v1/programmes/PKH/rule/preview"))
        .header("idempotency-key", key())
        .json(&json!({"rule": "true"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

/// Scores every household by KK serial (1, 2, 3) with the deciles given, as one run.
async fn score(app: &TestApp, run: i64, deciles: [i64; 3]) {
    sqlx::query(
        "INSERT INTO welfare_runs (id, model_version, model_sha256, ranking, trigger_kind, \
         started_at, actor_kind, actor_role) VALUES ($1, 1, 'uji', 'national', 'manual', \
         '2026-01-01T00:00:00Z', 'system', 'system')",
    )
    .bind(run)
    .execute(&app.db.pool)
    .await
    .unwrap();
    for (serial, decile) in (1..=3).zip(deciles) {
        sqlx::query(
            "INSERT INTO welfare_scores (run_id, household_id, model_version, score, decile, \
             rank_group, survey_date, household_version, computed_at) \
             SELECT $1, id, 1, $2, $3, 'national', '2026-01-01', 1, '2026-01-01T00:00:00Z' \
             FROM households WHERE kk_number LIKE $4",
        )
        .bind(run)
        .bind(decile as f64 * 1.5)
        .bind(decile)
        .bind(format!("%160416{serial:04}"))
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    // As a real run does, the scores enter the event trail.
    sqlx::query(
        "INSERT INTO events (occurred_at, actor_kind, actor_role, action, subject_type, \
         subject_id, changes) VALUES ('2026-01-01T00:00:00.000Z', 'system', 'system', \
         'welfare_scores.computed', 'welfare_run', $1, '{}')",
    )
    .bind(run.to_string())
    .execute(&app.db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn desil_comes_from_the_latest_welfare_score_of_each_household() {
    let app = TestApp::spawn().await;
    three_families(&app).await;
    score(&app, 1, [2, 6, 1]).await;
    let ministry = Api::new(&app, "ministry_officer", None).await;
    // PKH in force: desil 1–4 with an elderly member, a child or a disability: the widow
    // (desil 2) and the man in Bandung (desil 1); the young family is desil 6.
    let (status, preview) = ministry.preview("PKH", "desil <= 4").await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(
        (
            &preview["eligible"],
            &preview["entering"],
            &preview["leaving"]
        ),
        (&json!(2), &json!(0), &json!(0))
    );
    let (_, preview) = ministry
        .preview("PKH", "desil <= 6 and any(member, age < 6)")
        .await;
    assert_eq!(
        (
            &preview["eligible"],
            &preview["entering"],
            &preview["leaving"]
        ),
        (&json!(1), &json!(1), &json!(2))
    );
    let (_, preview) = ministry.preview("SEMBAKO", "welfare_score < 2").await;
    assert_eq!(preview["eligible"], 1, "scores 3, 9 and 1.5");
    // A later run replaces the earlier deciles.
    score(&app, 2, [9, 3, 9]).await;
    let (_, preview) = ministry.preview("SEMBAKO", "desil <= 4").await;
    assert_eq!(preview["eligible"], 1);
    assert_eq!(
        regions(&preview),
        [("31".into(), 1, 0, 0), ("32".into(), 0, 0, 0)]
    );
}

#[tokio::test]
async fn a_link_with_a_rule_opens_the_rule_page_with_that_rule_previewed() {
    let app = TestApp::spawn().await;
    super::three_families(&app).await;
    app.add_account("kemensos.coba", "ministry_officer", None)
        .await;
    app.login("kemensos.coba").await;
    let response = app
        .get("/program/PKH/aturan?coba=any%28member%2C+age+%3E%3D+60%29")
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Hasil pratinjau"), "{page}");
    assert!(page.contains("any(member, age &#62;= 60)"), "{page}");
    let response = app.get("/program/PKH/aturan?coba=umur+%3C+6").await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("baris 1, kolom 1"), "{page}");
    // Nothing was published by looking.
    let (_, versions) = tepat::programmes::service::find(&app.db, "PKH")
        .await
        .unwrap();
    assert_eq!(versions.len(), 1);
}

#[tokio::test]
async fn the_copy_in_memory_is_kept_until_the_registry_changes_and_a_slow_one_is_refreshed_behind_the_answer()
 {
    use std::sync::Arc;
    use std::time::Duration;
    use tepat::clock::Clock;
    use tepat::programmes::snapshot::Snapshots;

    let app = TestApp::spawn().await;
    three_families(&app).await;
    let (_, programmes) = tepat::programmes::service::schema(&app.db).await.unwrap();
    let codes: Vec<String> = programmes.iter().map(|p| p.code.clone()).collect();
    let now = app.clock.now();
    let today = tepat::clock::today(now);
    let old = ("Sri Wahyuni", "1940-02-02", "P", "kepala");

    // A small registry: kept while nothing changes, read again before answering after a
    // change (a new household appends to the event trail).
    let kept = Snapshots::default();
    let first = kept.get(&app.db, &codes, today, now).await.unwrap();
    assert_eq!(first.columns.len(), 3);
    let again = kept.get(&app.db, &codes, today, now).await.unwrap();
    assert!(
        Arc::ptr_eq(&first, &again),
        "nothing changed: the same copy"
    );
    super::family(&app, 4, "31.75.07.1003", &[old]).await;
    let fresh = kept.get(&app.db, &codes, today, now).await.unwrap();
    assert_eq!(fresh.columns.len(), 4, "the change is in the answer");

    // A registry whose read is slow: the answer comes from the copy held, a fresh copy is
    // read behind it and used from then on.
    let slow = Snapshots::with_quick(Duration::ZERO);
    let held = slow.get(&app.db, &codes, today, now).await.unwrap();
    assert_eq!(held.columns.len(), 4);
    super::family(&app, 5, "32.73.01.1001", &[old]).await;
    let answered = slow.get(&app.db, &codes, today, now).await.unwrap();
    assert!(Arc::ptr_eq(&held, &answered), "answered from the copy held");
    slow.settled().await;
    let refreshed = slow.get(&app.db, &codes, today, now).await.unwrap();
    assert_eq!(refreshed.columns.len(), 5, "the fresh copy replaced it");

    // A new day changes ages: read again before answering, however slow.
    let tomorrow = today.next_day().unwrap();
    let next_day = slow.get(&app.db, &codes, tomorrow, now).await.unwrap();
    assert!(!Arc::ptr_eq(&refreshed, &next_day));
    assert_eq!(next_day.columns.len(), 5);
}
