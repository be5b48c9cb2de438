//! Registering one household by hand at `/keluarga/baru`: the same rules as the import,
//! mistakes named beside their fields, nothing stored until everything holds; survey
//! answers as choices; a second tap with the same form leads to the same household.

use crate::common::TestApp;

const KLENDER: &str = "31.75.07.1003";

fn fields(kk: &str, second_nik: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kk", kk.into()),
        ("village_code", KLENDER.into()),
        ("address", "Jl. Kenanga 3".into()),
        ("rt", "4".into()),
        ("rw", "7".into()),
        ("phone", "0812 1111 2222".into()),
        ("baris", "4".into()),
        ("aksi", "simpan".into()),
        ("members[0].nik", "3175072105870009".into()),
        ("members[0].name", "Rudi Hartono".into()),
        ("members[0].sex", "L".into()),
        ("members[0].birth_place", "Jakarta".into()),
        ("members[0].birth_date", "21-05-1987".into()),
        ("members[0].relationship", "kepala".into()),
        ("members[1].nik", second_nik.into()),
        ("members[1].name", "Sri Wahyuni".into()),
        ("members[1].sex", "P".into()),
        ("members[1].birth_place", "Bekasi".into()),
        ("members[1].birth_date", "27-08-1989".into()),
        ("members[1].relationship", "istri".into()),
        ("members[1].education", "sma".into()),
    ]
}

async fn send(app: &TestApp, fields: &[(&'static str, String)]) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/keluarga/baru", "/keluarga/baru", &borrowed)
        .await
}

#[tokio::test]
async fn an_operator_registers_a_household_by_hand_and_mistakes_store_nothing() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    assert!(
        app.text("/keluarga")
            .await
            .contains("href=\"/keluarga/baru\"")
    );
    let form = app.text("/keluarga/baru").await;
    assert!(form.contains("Klender, Kec. Duren Sawit"), "{form}");
    assert!(form.contains("name=\"members[3].nik\""), "four member rows");
    assert!(
        form.contains("<option value=\"istri\">"),
        "relationship is a choice, not a code box"
    );

    // The wife's NIK disagrees with her birth date: named, nothing stored, typing kept.
    let refused = send(&app, &fields("3175071503150009", "3175071108890002")).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"members-1-nik-error\""), "{html}");
    assert!(html.contains("value=\"Sri Wahyuni\""));
    assert_eq!(app.count("households").await, 0);

    let mut more = fields("3175071503150009", "3175076708890002");
    more.retain(|(k, _)| *k != "aksi");
    more.push(("aksi", "tambah".into()));
    let html = send(&app, &more).await.text().await.unwrap();
    assert!(html.contains("name=\"members[6].nik\"") && html.contains("Rudi Hartono"));
    assert_eq!(app.count("households").await, 0);

    let saved = send(&app, &fields("3175071503150009", "3175076708890002")).await;
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    let page = app.text(&location).await;
    assert!(
        page.contains("Rudi Hartono") && page.contains("Sri Wahyuni"),
        "{page}"
    );
    assert_eq!(app.count("persons").await, 2);
    assert!(
        app.count("events").await >= 1,
        "the registration is on the trail"
    );
    let again = send(&app, &fields("3175071503150009", "3175076708890002")).await;
    assert_eq!(
        again.status(),
        422,
        "a second tap does not register the family twice"
    );
    assert!(again.text().await.unwrap().contains("id=\"kk-error\""));
    assert_eq!(app.count("households").await, 1);
}

#[tokio::test]
async fn a_district_officer_chooses_a_village_inside_their_region_first() {
    let app = TestApp::spawn().await;
    app.add_account("dinsos.jaktim", "district_officer", Some("31.75"))
        .await;
    app.login("dinsos.jaktim").await;
    let start = app.text("/keluarga/baru").await;
    assert!(start.contains("Pilih kecamatan"), "{start}");
    assert!(!start.contains("name=\"kk\""));
    let form = app.text(&format!("/keluarga/baru?desa={KLENDER}")).await;
    assert!(form.contains("name=\"kk\"") && form.contains("Klender"));
    let outside = app.text("/keluarga/baru?desa=32.73.01.1001").await;
    assert!(
        !outside.contains("name=\"kk\""),
        "a village outside the region is not offered: {outside}"
    );
}

/// The form's own key, read from the page the official is looking at.
fn form_key(html: &str) -> String {
    let start = html
        .find("name=\"kunci\" value=\"")
        .expect("the form has a key")
        + 20;
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_second_tap_on_save_leads_to_the_household_the_first_registered() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    let key = form_key(&app.text("/keluarga/baru").await);
    assert_eq!(key.len(), 32, "{key}");
    let mut tapped = fields("3175071503150019", "3175076708890012");
    tapped.push(("kunci", key.clone()));

    // A refused form keeps its key, and the key is not spent.
    let mut wrong = tapped.clone();
    wrong.retain(|(k, _)| *k != "rt");
    wrong.push(("rt", "empat".into()));
    let refused = send(&app, &wrong).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(form_key(&refused.text().await.unwrap()), key);

    let first = send(&app, &tapped).await;
    assert_eq!(first.status(), 303);
    let second = send(&app, &tapped).await;
    assert_eq!(second.status(), 303, "the second tap is not an error page");
    assert_eq!(second.headers()["location"], first.headers()["location"]);
    assert_eq!(app.count("households").await, 1);
    assert_eq!(app.count("persons").await, 2);
}

#[tokio::test]
async fn survey_answers_are_choices_read_by_the_import_rules() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    let form = app.text("/keluarga/baru").await;
    assert!(
        form.contains("name=\"survey.water_source\"")
            && form.contains("<option value=\"sumur_terlindung\">")
            && form.contains("name=\"survey.electricity_va\""),
        "{form}"
    );
    assert_eq!(form.matches("name=\"survey.").count(), 17);

    // A value outside the list and a number out of range are named; nothing is stored.
    let mut bad = fields("3175071503150029", "3175076708890022");
    bad.push(("survey.water_source", "kolam".into()));
    bad.push(("survey.elderly_members", "99".into()));
    let refused = send(&app, &bad).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"survey-water_source-error\"")
            && html.contains("id=\"survey-elderly_members-error\""),
        "{html}"
    );
    assert!(
        !html.contains("survey.water_source</strong>"),
        "fields named by label"
    );
    assert_eq!(app.count("households").await, 0);

    // Answers left empty stay unknown; the chosen ones are kept.
    let mut good = fields("3175071503150029", "3175076708890022");
    good.push(("survey.water_source", "sumur_terlindung".into()));
    good.push(("survey.owns_land", "tidak".into()));
    good.push(("survey.electricity_va", "900".into()));
    good.push(("survey.floor_material", "".into()));
    assert_eq!(send(&app, &good).await.status(), 303);
    let survey: String = sqlx::query("SELECT survey FROM households")
        .fetch_one(&app.db.pool)
        .await
        .map(|row| sqlx::Row::get(&row, 0))
        .unwrap();
    let survey: serde_json::Value = serde_json::from_str(&survey).unwrap();
    assert_eq!(survey["water_source"], "sumur_terlindung");
    assert_eq!(survey["owns_land"], false);
    assert_eq!(survey["electricity_va"], 900);
    assert!(survey["floor_material"].is_null());
}
