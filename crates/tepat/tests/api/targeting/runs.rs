//! Scoring runs on the store: who gets a score, the one event and its digest, history and
//! the current desil, the ranking against the stated formula, and refused versions.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row;
use tepat::targeting::rank;
use tepat::targeting::recompute;
use tepat::targeting::store::models;

use super::fixtures::{BANDUNG, KLENDER, events_of, household, score, survey};
use crate::common::TestApp;

async fn stored_rows(app: &TestApp, run: i64) -> Vec<(i64, i64, f64, i64, String)> {
    sqlx::query(
        "SELECT household_id, model_version, score, decile, rank_group FROM welfare_scores \
         WHERE run_id = $1 ORDER BY household_id",
    )
    .bind(run)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
    .collect()
}

#[tokio::test]
async fn a_run_scores_every_surveyed_household_and_no_other_with_one_event() {
    let app = TestApp::spawn().await;
    let mut surveyed = Vec::new();
    for level in 0..5 {
        surveyed.push(household(&app, KLENDER, survey(level), level % 2 == 0).await);
    }
    let unsurveyed = household(&app, KLENDER, Value::Null, false).await;
    let events_before = app.count("events").await;

    let report = score(&app, None).await;

    assert_eq!(
        report.model_version, 0,
        "the shipped model when none is published"
    );
    let rows = stored_rows(&app, report.run_id).await;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(ids, surveyed);
    assert!(!ids.contains(&unsurveyed), "no survey, no score");
    assert_eq!(
        app.count("events").await,
        events_before + 1,
        "one event per run"
    );
    let events = events_of(&app, "welfare_scores.computed").await;
    assert_eq!(events.len(), 1);
    let changes = &events[0];
    assert_eq!(changes["households"]["to"], 5);
    // The event commits to every row: recompute the digest from the stored rows.
    let mut hasher = Sha256::new();
    for (household, model, score, decile, _) in &rows {
        hasher.update(format!("{household},{model},{score:.6},{decile}\n").as_bytes());
    }
    let expected = hex::encode(hasher.finalize());
    assert_eq!(changes["rows_sha256"]["to"], expected.as_str());
    assert_eq!(report.digest.sha256, expected);
    let per_decile: i64 = report.digest.per_decile.iter().sum();
    assert_eq!(per_decile, 5);
    // Richer surveys score higher.
    let scores: Vec<f64> = rows.iter().map(|r| r.2).collect();
    assert!(scores.windows(2).all(|w| w[0] < w[1]), "{scores:?}");
    let queued: i64 = sqlx::query(
        "SELECT COUNT(*) FROM log_queue q JOIN events e ON e.id = q.event_id \
         WHERE e.action = 'welfare_scores.computed'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    let logged: i64 = sqlx::query(
        "SELECT COUNT(*) FROM events WHERE action = 'welfare_scores.computed' \
         AND log_index IS NOT NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    assert_eq!(
        queued + logged,
        1,
        "the run's event goes to the transparency log"
    );
}

#[tokio::test]
async fn history_is_kept_and_the_current_desil_is_the_latest_run() {
    let app = TestApp::spawn().await;
    let id = household(&app, KLENDER, survey(1), false).await;
    household(&app, KLENDER, survey(3), false).await;
    let first = score(&app, None).await;

    let mut tx = app.db.begin_write().await.unwrap();
    let mut json: Value =
        serde_json::from_str(tepat::targeting::model::DEFAULT_MODEL_JSON).unwrap();
    json["name"] = "Model uji".into();
    json["ranking"] = "national".into();
    let text = json.to_string();
    let actor = tepat::events::Actor::system();
    use tepat::clock::Clock;
    let version = models::publish(&mut tx, "Model uji", &text, "uji", &actor, app.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(version, 1);
    let second = score(&app, None).await;
    assert_eq!(second.model_version, 1, "the latest published model");
    assert!(second.run_id > first.run_id);

    let history = tepat::targeting::store::scores::history(&app.db, id)
        .await
        .unwrap();
    assert_eq!(history.len(), 2, "both runs kept");
    assert_eq!(history[0].model_version, 1);
    assert_eq!(history[1].model_version, 0);
    let current = tepat::targeting::current_deciles(&app.db).await.unwrap();
    assert_eq!(current.len(), 2);
    assert_eq!(current[&id].model_version, 1);
    assert_eq!(current[&id].decile, 1, "the poorer of two is desil 1");

    // Re-running an old version works and becomes current.
    let third = score(&app, Some(0)).await;
    assert_eq!(third.model_version, 0);
    let current = tepat::targeting::current_deciles(&app.db).await.unwrap();
    assert_eq!(current[&id].model_version, 0);
    assert_eq!(events_of(&app, "welfare_scores.computed").await.len(), 3);
    assert_eq!(events_of(&app, "welfare_model.published").await.len(), 1);
}

#[tokio::test]
async fn desil_follow_the_stated_formula_by_province_with_small_provinces_ranked_by_run() {
    let app = TestApp::spawn().await;
    // Twelve in Jakarta (two of each level but the top, ties included), one in Bandung.
    for level in [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 1, 2] {
        household(&app, KLENDER, survey(level), level == 2).await;
    }
    let lone = household(&app, BANDUNG, survey(4), false).await;
    let report = score(&app, None).await;
    let rows = stored_rows(&app, report.run_id).await;
    let jakarta: Vec<_> = rows.iter().filter(|r| r.4 == "31").collect();
    assert_eq!(jakarta.len(), 12);
    let scores: Vec<f64> = jakarta.iter().map(|r| r.2).collect();
    let expected = rank::deciles(&scores);
    let found: Vec<i64> = jakarta.iter().map(|r| r.3).collect();
    assert_eq!(found, expected);
    assert!(found.contains(&1) && found.iter().all(|d| (1..=10).contains(d)));
    // Bandung has one household: fewer than ten, so it is ranked against the whole run.
    let all: Vec<f64> = rows.iter().map(|r| r.2).collect();
    let at = rows.iter().position(|r| r.0 == lone).unwrap();
    assert_eq!(rows[at].3, rank::deciles(&all)[at]);
    assert_eq!(rows[at].4, "32");
}

#[tokio::test]
async fn an_unpublished_version_or_a_broken_model_is_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    household(&app, KLENDER, survey(2), false).await;
    let err = recompute::choose(&app.db, Some(7)).await.unwrap_err();
    assert!(err.to_string().contains("model"), "{err}");
    assert!(
        err.to_string().contains("version 7 is not published"),
        "{err}"
    );

    // A stored model that no longer reads (edited behind the application's back).
    let mut tx = app.db.begin_write().await.unwrap();
    use tepat::clock::Clock;
    let broken = r#"{"name": "rusak", "ranking": "province", "constant": 13, "weights": {}}"#;
    models::publish(
        &mut tx,
        "rusak",
        broken,
        "",
        &tepat::events::Actor::system(),
        app.clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let err = recompute::choose(&app.db, None).await.unwrap_err();
    assert!(
        err.to_string().contains("weights.floor_area_per_person_m2"),
        "{err}"
    );
    assert_eq!(app.count("welfare_runs").await, 0);
    assert_eq!(app.count("welfare_scores").await, 0);
}

#[tokio::test]
async fn publishing_a_model_is_one_event_and_a_bad_model_changes_nothing() {
    use tepat::clock::Clock;
    use tepat::targeting::service::publish;
    let app = TestApp::spawn().await;
    let actor = tepat::events::Actor::system();
    let events = app.count("events").await;
    let mut json: Value =
        serde_json::from_str(tepat::targeting::model::DEFAULT_MODEL_JSON).unwrap();
    json["weights"]["owns_land"] = "banyak".into();
    let err = publish(&app.db, &json.to_string(), "uji", &actor, app.clock.now())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("weights.owns_land"), "{err}");
    json["weights"].as_object_mut().unwrap().remove("owns_land");
    let err = publish(&app.db, &json.to_string(), "uji", &actor, app.clock.now())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("the weight is missing"), "{err}");
    assert_eq!(app.count("welfare_models").await, 0);
    assert_eq!(app.count("events").await, events, "nothing changed");

    let text = tepat::targeting::model::DEFAULT_MODEL_JSON;
    let first = publish(&app.db, text, "dari sampel", &actor, app.clock.now())
        .await
        .unwrap();
    let second = publish(&app.db, text, "lagi", &actor, app.clock.now())
        .await
        .unwrap();
    assert_eq!((first, second), (1, 2));
    let published = events_of(&app, "welfare_model.published").await;
    assert_eq!(published.len(), 2);
    assert_eq!(published[0]["version"]["to"], 1);
    let kept = models::list(&app.db).await.unwrap();
    assert_eq!(kept.len(), 2, "every version is kept");
    assert_eq!(kept[1].model, text, "stored exactly as published");
    assert_eq!(kept[1].model_sha256, models::sha256_hex(text));
}
