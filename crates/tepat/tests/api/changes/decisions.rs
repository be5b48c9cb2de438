//! Deciding: returning needs a note and changes nothing, only officers of the region
//! decide, an approved death survives an older spreadsheet, and a decision acts on the
//! household as it is when the decision is written, even when another decision on the
//! same household runs at the same time.

use serde_json::{Value, json};
use sqlx::Row;
use tepat::clock::Clock;
use tepat::events::Actor;

use super::{KLENDER, approve, family, id_of, person_status, post, propose, scalar, token};
use crate::common::TestApp;

#[tokio::test]
async fn a_returned_request_changes_nothing_and_needs_a_note() {
    let app = TestApp::spawn().await;
    let (household, _) = family(&app, 11).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let proposed = post(&app, &op, &format!("/api/v1/households/{household}/change-requests"), "u1",
        json!({"proposal": {"kind": "koreksi_keluarga", "address": "Jl. Uji No. 2", "rt": "1", "rw": "2"},
               "reason": "Alamat salah ketik"})).await;
    assert_eq!(proposed.status(), 201);
    let id = proposed.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/change-requests/{id}/return");
    let bare = post(&app, &officer, &path, "r1", json!({})).await;
    assert_eq!(bare.status(), 422);
    assert_eq!(bare.headers()["content-type"], "application/problem+json");
    let returned = post(
        &app,
        &officer,
        &path,
        "r2",
        json!({"note": "Lampirkan foto KK terbaru"}),
    )
    .await;
    assert_eq!(returned.status(), 200);
    let body: Value = returned.json().await.unwrap();
    assert_eq!(body["status"], "dikembalikan");
    assert_eq!(body["decision_note"], "Lampirkan foto KK terbaru");
    let address: String = sqlx::query("SELECT address FROM households WHERE id = $1")
        .bind(household)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(address, "Jl. Uji No. 1");
}

#[tokio::test]
async fn operators_propose_only_in_their_village_and_only_officers_decide() {
    let app = TestApp::spawn().await;
    let (household, members) = family(&app, 41).await;
    let elsewhere = token(&app, "village_operator", "31.75.07.1001").await;
    let death = json!({"proposal": {"kind": "kematian", "person_id": members[1], "date": "2026-01-01"},
        "reason": "Meninggal dunia"});
    let path = format!("/api/v1/households/{household}/change-requests");
    // Another village's household answers like a missing one.
    assert_eq!(
        post(&app, &elsewhere, &path, "x", death.clone())
            .await
            .status(),
        404
    );
    let op = token(&app, "village_operator", KLENDER).await;
    let created: Value = post(&app, &op, &path, "y", death)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["proposal"]["kind"], "kematian");
    let own = post(
        &app,
        &op,
        &format!("/api/v1/change-requests/{id}/approve"),
        "z",
        json!({}),
    )
    .await;
    assert_eq!(own.status(), 403, "operators do not decide");
    let other_district = token(&app, "district_officer", "32.73").await;
    let outside = post(
        &app,
        &other_district,
        &format!("/api/v1/change-requests/{id}/approve"),
        "w",
        json!({}),
    )
    .await;
    // A request of another district answers like a missing one.
    assert_eq!(outside.status(), 404);
    assert_eq!(person_status(&app, members[1]).await.0, "hidup");
}

#[tokio::test]
async fn reimporting_an_older_spreadsheet_does_not_undo_a_recorded_death() {
    use tepat::import::{self, ImportOptions};
    use tepat::registry::store::Acting;
    use tepat::sheets::Report;
    let app = TestApp::spawn().await;
    let (household, members) = family(&app, 51).await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let created: Value = post(
        &app,
        &op,
        &format!("/api/v1/households/{household}/change-requests"),
        "d",
        json!({"proposal": {"kind": "kematian", "person_id": members[0], "date": "2026-03-01"},
               "reason": "Meninggal dunia"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        post(
            &app,
            &officer,
            &format!("/api/v1/change-requests/{id}/approve"),
            "a",
            json!({})
        )
        .await
        .status(),
        200
    );
    let versions = app.count("record_versions").await;

    // The village's spreadsheet from before the death, without a life_status column.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keluarga-lama.csv");
    std::fs::write(&path, "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone\n\
        3175071503150051,3175072105870051,Budi Santoso,L,Jakarta,1987-05-21,kepala,31.75.07.1003,Jl. Uji No. 1,1,2,\n\
        3175071503150051,3175076708890052,Ani Rahayu,P,Bogor,1989-08-27,istri,31.75.07.1003,,,,\n\
        3175071503150051,3175070101150053,Rizki,L,Jakarta,2015-01-01,anak,31.75.07.1003,,,,\n").unwrap();
    let mut report = Report::new(None, tepat::web::i18n::Lang::Id).unwrap();
    let acting = Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "impor ulang".into(),
    };
    let summary = import::import_file(
        &app.db,
        &path,
        ImportOptions::default(),
        &acting,
        app.clock.now(),
        &mut report,
        &|_, _| {},
    )
    .await
    .unwrap();
    assert_eq!(summary.unchanged, 1, "{summary:?}");
    assert_eq!(person_status(&app, members[0]).await.0, "meninggal");
    assert_eq!(app.count("record_versions").await, versions);
    crate::log::assert_audit_clean(&app).await;
}

/// Two requests on the child of family `serial`: a death and a correction of the name
/// (proposed while the child is alive). Returns (household, child, death, correction).
async fn death_and_name_correction(app: &TestApp, op: &str, serial: u32) -> (i64, i64, i64, i64) {
    let (household, members) = family(app, serial).await;
    let child = members[2];
    let death = json!({"kind": "kematian", "person_id": child, "date": "2026-10-01"});
    let death: Value = propose(app, op, &format!("d{serial}"), household, death)
        .await
        .json()
        .await
        .unwrap();
    let name = json!({"kind": "koreksi_anggota", "person_id": child,
        "person": {"nik": format!("317507010115{:04}", serial + 2), "name": "Rizki Pratama",
        "birth_place": "Jakarta", "birth_date": "2015-01-01", "sex": "L",
        "relationship": "anak"}});
    let name: Value = propose(app, op, &format!("n{serial}"), household, name)
        .await
        .json()
        .await
        .unwrap();
    (household, child, id_of(&death), id_of(&name))
}

/// Both changes hold: the child is recorded as deceased on the date, under the corrected
/// name. A decision that wrote what it read before the other committed would undo one.
async fn both_changes_hold(app: &TestApp, child: i64) {
    let (status, date, _) = person_status(app, child).await;
    assert_eq!(
        (status.as_str(), date.as_deref()),
        ("meninggal", Some("2026-10-01"))
    );
    let name = scalar(app, "SELECT full_name FROM persons WHERE id = $1", child).await;
    assert_eq!(name, "Rizki Pratama");
}

#[tokio::test]
async fn a_decision_acts_on_the_household_as_it_is_when_decided() {
    let app = TestApp::spawn().await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    let (_, child, death, name) = death_and_name_correction(&app, &op, 61).await;
    // The death is approved after the correction was proposed; the correction, approved
    // last, keeps the death it did not know about.
    assert_eq!(
        approve(&app, &officer, "a-death", death).await.status(),
        200
    );
    assert_eq!(approve(&app, &officer, "a-name", name).await.status(), 200);
    both_changes_hold(&app, child).await;
    crate::log::assert_audit_clean(&app).await;
}

#[tokio::test]
async fn two_approvals_on_one_household_at_once_keep_both_changes() {
    let app = TestApp::spawn().await;
    let op = token(&app, "village_operator", KLENDER).await;
    let officer = token(&app, "district_officer", "31.75").await;
    // Several rounds, so that the two decisions overlap in more than one way.
    for serial in [71, 81, 91, 101] {
        let (_, child, death, name) = death_and_name_correction(&app, &op, serial).await;
        let (death_key, name_key) = (format!("a-death-{serial}"), format!("a-name-{serial}"));
        let (first, second) = tokio::join!(
            approve(&app, &officer, &death_key, death),
            approve(&app, &officer, &name_key, name),
        );
        assert_eq!(
            (first.status().as_u16(), second.status().as_u16()),
            (200, 200)
        );
        both_changes_hold(&app, child).await;
    }
    crate::log::assert_audit_clean(&app).await;
}
