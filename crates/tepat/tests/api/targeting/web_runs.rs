//! Recompute from the web: a ministry officer starts a run, the page shows its progress
//! until it ends and then the count per desil; the household page shows the new score; a
//! second start while one runs is refused; a run cut off by a stop is marked failed at the
//! next start.

use std::time::Duration;

use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::targeting::store::jobs;

use super::fixtures::{KLENDER, household, survey};
use crate::common::TestApp;

async fn ministry(app: &TestApp) {
    app.add_account("kementerian", "ministry_officer", None)
        .await;
    app.login("kementerian").await;
}

/// The status a run page shows (`data-status`).
fn status_of(page: &str) -> String {
    let marker = "data-status=\"";
    let at = page.find(marker).expect("a status on the page") + marker.len();
    page[at..at + page[at..].find('"').unwrap()].to_owned()
}

/// Reads the run page until the run has ended, as a browser following the refresh would;
/// bounded by a number of looks, not by a guess at the machine's speed.
async fn until_ended(app: &TestApp, path: &str) -> String {
    for _ in 0..6_000 {
        let page = app.text(path).await;
        if status_of(&page) != "running" {
            return page;
        }
        assert!(
            page.contains("http-equiv=\"refresh\""),
            "a running page refreshes"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the run did not end");
}

#[tokio::test]
async fn a_run_started_on_the_web_ends_with_counts_and_the_household_shows_its_score() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for level in 0..5 {
        ids.push(household(&app, KLENDER, survey(level), level % 2 == 0).await);
    }
    ministry(&app).await;
    let before = app.text(&format!("/keluarga/{}", ids[0])).await;
    assert!(before.contains("Belum dinilai"), "{before}");

    let response = app
        .post_form(
            "/penargetan/penghitungan",
            "/penargetan/penghitungan",
            &[("model", "")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let path = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(path.starts_with("/penargetan/penghitungan/"), "{path}");

    let page = until_ended(&app, &path).await;
    assert_eq!(status_of(&page), "done", "{page}");
    assert!(
        !page.contains("http-equiv=\"refresh\""),
        "a finished page stays"
    );
    assert!(page.contains("id=\"households\">5<"), "{page}");
    assert!(page.contains("Keluarga per desil"));
    assert!(page.contains("versi 0 (model bawaan Tepat)"));
    assert!(
        page.contains("kementerian (Petugas Kemensos)"),
        "who started it: {page}"
    );
    assert_eq!(
        app.count("events WHERE action = 'welfare_scores.computed'")
            .await,
        1,
        "one event, as from the command line"
    );
    let job = jobs::recent(&app.db, 1).await.unwrap().remove(0);
    assert_eq!(job.status, "done");
    assert_eq!(job.households, 5);
    assert_eq!(job.per_decile.unwrap().iter().sum::<i64>(), 5);
    assert!(job.run_id.is_some());

    let after = app.text(&format!("/keluarga/{}", ids[0])).await;
    assert!(after.contains("Mengapa desil ini"), "{after}");
    assert!(after.contains("1 dari 10 (1 = paling miskin)"), "{after}");
    let list = app.text("/penargetan/penghitungan").await;
    assert!(list.contains(&format!("href=\"{path}\"")), "{list}");
}

#[tokio::test]
async fn a_second_start_while_one_runs_is_refused_and_a_cut_off_run_fails_at_start_up() {
    let app = TestApp::spawn().await;
    household(&app, KLENDER, survey(1), false).await;
    ministry(&app).await;
    let running = jobs::start(&app.db, 0, &Actor::system(), "uji", app.clock.now())
        .await
        .unwrap()
        .expect("the first start");
    // The store itself refuses a second running row.
    let second = jobs::start(&app.db, 0, &Actor::system(), "uji", app.clock.now())
        .await
        .unwrap();
    assert_eq!(second, None);

    let response = app
        .post_form(
            "/penargetan/penghitungan",
            "/penargetan/penghitungan",
            &[("model", "")],
        )
        .await;
    assert_eq!(response.status(), 409);
    let page = response.text().await.unwrap();
    assert!(page.contains("penghitungan lain sedang berjalan"), "{page}");
    assert_eq!(app.count("welfare_runs").await, 0, "nothing scored");
    assert_eq!(app.count("welfare_jobs").await, 1, "no second job");

    // An unknown version is refused beside the field.
    jobs::fail(&app.db, running, "error", app.clock.now())
        .await
        .unwrap();
    let response = app
        .post_form(
            "/penargetan/penghitungan",
            "/penargetan/penghitungan",
            &[("model", "7")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("versi 7 belum diterbitkan")
    );

    // A run whose server stopped is marked failed when a server starts.
    let cut = jobs::start(&app.db, 0, &Actor::system(), "uji", app.clock.now())
        .await
        .unwrap()
        .unwrap();
    let later = app.clock.now() + time::Duration::minutes(10);
    let failed = tepat::targeting::jobs::recover(&app.db, later)
        .await
        .unwrap();
    assert_eq!(failed, 1);
    let job = jobs::find(&app.db, cut).await.unwrap().unwrap();
    assert_eq!(job.status, "failed");
    assert_eq!(job.failure.as_deref(), Some(jobs::CUT_OFF));
    let page = app.text(&format!("/penargetan/penghitungan/{cut}")).await;
    assert!(page.contains("terhenti karena server berhenti"), "{page}");
}
