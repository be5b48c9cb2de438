//! Every kind of change through the API, one after another on the same families: each
//! approval writes what its kind says, and refusals name their rule.

use serde_json::{Value, json};
use sqlx::Row;

use super::{KLENDER, approve, family, id_of, person_status, propose, scalar, token};
use crate::common::TestApp;

/// The operator and the district officer of one test, with their tokens.
struct Office<'a> {
    app: &'a TestApp,
    op: String,
    officer: String,
}

impl Office<'_> {
    async fn propose(&self, key: &str, household: i64, proposal: Value) -> reqwest::Response {
        propose(self.app, &self.op, key, household, proposal).await
    }

    /// Proposes and returns the request as the API answered.
    async fn proposed(&self, key: &str, household: i64, proposal: Value) -> Value {
        self.propose(key, household, proposal)
            .await
            .json()
            .await
            .unwrap()
    }

    async fn approve(&self, key: &str, id: i64) -> reqwest::Response {
        approve(self.app, &self.officer, key, id).await
    }
}

/// Add a member; a retry with the same key returns the same request.
async fn add_a_member_once(office: &Office<'_>, household: i64) {
    let add = json!({"kind": "tambah_anggota", "person": {"nik": "3175070106260099", "name": "Bayi",
        "birth_place": "Jakarta", "birth_date": "2026-06-01", "sex": "L", "relationship": "anak"}});
    let first = office.proposed("add", household, add.clone()).await;
    let retry = office.proposed("add", household, add).await;
    assert_eq!(id_of(&first), id_of(&retry));
    assert_eq!(office.approve("a-add", id_of(&first)).await.status(), 200);
    assert_eq!(office.app.count("persons").await, 7);
    let again = office.approve("a-add-2", id_of(&first)).await;
    assert_eq!(again.status(), 409);
}

/// A NIK that disagrees with the birth date is refused when proposed, naming the rule; a
/// correction may not change a NIK.
async fn refusals_name_their_rule(office: &Office<'_>, household: i64, members: &[i64]) {
    let bad = office
        .propose(
            "bad",
            household,
            json!({"kind": "tambah_anggota", "person": {"nik": "3175070106250098",
            "name": "Salah", "birth_place": "Jakarta", "birth_date": "2026-06-01", "sex": "L",
            "relationship": "anak"}}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.unwrap();
    assert!(problem.to_string().contains("nik"), "{problem}");
    let nik_change = office
        .propose(
            "nik",
            household,
            json!({"kind": "koreksi_anggota", "person_id": members[2],
            "person": {"nik": "3175070101150099", "name": "Rizki", "birth_place": "Jakarta",
            "birth_date": "2015-01-01", "sex": "L", "relationship": "anak"}}),
        )
        .await;
    assert_eq!(nik_change.status(), 422);
}

/// Correct a member's name: a new version with the change.
async fn correct_a_name(office: &Office<'_>, household: i64, members: &[i64]) {
    let fix = office
        .proposed(
            "fix",
            household,
            json!({"kind": "koreksi_anggota", "person_id": members[2],
            "person": {"nik": "3175070101150023", "name": "Rizki Pratama", "birth_place": "Jakarta",
            "birth_date": "2015-01-01", "sex": "L", "relationship": "anak"}}),
        )
        .await;
    assert_eq!(
        office.approve("a-fix", id_of(&fix)).await.status(),
        200,
        "{fix}"
    );
    let name = scalar(
        office.app,
        "SELECT full_name FROM persons WHERE id = $1",
        members[2],
    )
    .await;
    assert_eq!(name, "Rizki Pratama");
}

/// Split: the wife and child form a new family under a new KK with the wife as head.
/// Returns the new household.
async fn split(office: &Office<'_>, household: i64, members: &[i64]) -> i64 {
    let split = office
        .proposed(
            "split",
            household,
            json!({"kind": "pecah_kk", "new_kk": "3175070101260001",
            "members": [members[1], members[2]], "head": members[1]}),
        )
        .await;
    let approved: Value = office
        .approve("a-split", id_of(&split))
        .await
        .json()
        .await
        .unwrap();
    let new_household = approved["result"]["new_household_id"].as_i64().unwrap();
    let app = office.app;
    assert_eq!(person_status(app, members[1]).await.2, new_household);
    let relationship = scalar(
        app,
        "SELECT relationship FROM persons WHERE id = $1",
        members[1],
    )
    .await;
    assert_eq!(relationship, "kepala");
    let linked: i64 =
        sqlx::query("SELECT COUNT(*) FROM record_versions WHERE change_request_id = $1")
            .bind(id_of(&split))
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get(0);
    assert!(
        linked >= 3,
        "household created and two members moved: {linked}"
    );
    new_household
}

/// New KK number: the household keeps its id; the old number is in its history. A KK
/// held by another household is refused with a pointer to it.
async fn renumber(office: &Office<'_>, household: i64) {
    let renumber = office
        .proposed(
            "kk",
            household,
            json!({"kind": "ganti_kk", "new_kk": "3175070201260002"}),
        )
        .await;
    assert_eq!(office.approve("a-kk", id_of(&renumber)).await.status(), 200);
    let app = office.app;
    let kk = scalar(
        app,
        "SELECT kk_number FROM households WHERE id = $1",
        household,
    )
    .await;
    assert_eq!(kk, "3175070201260002");
    let history: String = sqlx::query(
        "SELECT changes FROM record_versions WHERE subject_type = 'household' \
        AND subject_id = $1 AND change_request_id = $2",
    )
    .bind(household)
    .bind(id_of(&renumber))
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get(0);
    assert!(history.contains("3175071503150021"), "{history}");
    let taken = office
        .propose(
            "taken",
            household,
            json!({"kind": "ganti_kk", "new_kk": "3175071503150031"}),
        )
        .await;
    assert_eq!(taken.status(), 409);
}

/// Merge: the other family joins; its household is closed, nothing deleted.
async fn merge(office: &Office<'_>, household: i64, other: i64, other_members: &[i64]) {
    let merge = office
        .proposed(
            "merge",
            household,
            json!({"kind": "gabung_kk", "other_kk": "3175071503150031"}),
        )
        .await;
    assert_eq!(office.approve("a-merge", id_of(&merge)).await.status(), 200);
    assert_eq!(
        person_status(office.app, other_members[0]).await.2,
        household
    );
    let status = scalar(
        office.app,
        "SELECT status FROM households WHERE id = $1",
        other,
    )
    .await;
    assert_eq!(status, "closed");
}

/// Move out and close; a closed household takes no more requests.
async fn move_out_and_close(office: &Office<'_>, household: i64, member: i64) {
    let moved = office
        .proposed(
            "move",
            household,
            json!({"kind": "pindah", "person_id": member, "date": "2026-11-01"}),
        )
        .await;
    assert_eq!(office.approve("a-move", id_of(&moved)).await.status(), 200);
    assert_eq!(person_status(office.app, member).await.0, "pindah");
    let close = office
        .proposed("close", household, json!({"kind": "tutup_kk"}))
        .await;
    assert_eq!(office.approve("a-close", id_of(&close)).await.status(), 200);
    let closed = office
        .propose("closed", household, json!({"kind": "tutup_kk"}))
        .await;
    assert_eq!(
        closed.status(),
        422,
        "a closed household takes no more requests"
    );
}

#[tokio::test]
async fn every_kind_of_change_through_the_api() {
    let app = TestApp::spawn().await;
    let (household, members) = family(&app, 21).await;
    let (other, other_members) = family(&app, 31).await;
    let office = Office {
        app: &app,
        op: token(&app, "village_operator", KLENDER).await,
        officer: token(&app, "district_officer", "31.75").await,
    };
    add_a_member_once(&office, household).await;
    refusals_name_their_rule(&office, household, &members).await;
    correct_a_name(&office, household, &members).await;
    let new_household = split(&office, household, &members).await;
    renumber(&office, household).await;
    merge(&office, household, other, &other_members).await;
    move_out_and_close(&office, new_household, members[2]).await;

    let listed: Value = app
        .client
        .get(app.url("/api/v1/change-requests?status=disetujui"))
        .bearer_auth(&office.officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 7);
    crate::log::assert_audit_clean(&app).await;
}
