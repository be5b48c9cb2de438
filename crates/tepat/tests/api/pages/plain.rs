//! Pages speak to people: the trail and the access record show names, labels and
//! Indonesian dates, a change request shows before and after, coded fields are choices,
//! and destructive actions ask once more.

use serde_json::json;
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;
use tepat::registry::service::{self, NewHousehold};

use crate::common::TestApp;

const KLENDER: &str = "31.75.07.1003";

/// A machine date or time (`2026-12-03`, `2026-12-03T09:15:12.683Z`) in visible text.
fn has_iso_date(text: &str) -> bool {
    text.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    })
}

/// The page's text as a person reads it: tags and attribute values left out, spaces
/// collapsed.
fn visible(html: &str) -> String {
    let body = html.split("<main").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn seeder() -> Principal {
    Principal {
        actor: Actor::system(),
        name: "seed".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    }
}

/// A family of two in Klender; returns (household id, id of the head).
async fn family(app: &TestApp) -> (i64, i64) {
    let input: NewHousehold = serde_json::from_value(json!({
        "kk": "3175071503150001", "village_code": KLENDER,
        "address": "Jl. Uji No. 1", "rt": "1", "rw": "2",
        "members": [
            {"nik": "3175072105870001", "name": "Budi Santoso", "birth_place": "Jakarta",
             "birth_date": "1987-05-21", "sex": "L", "relationship": "kepala",
             "marital_status": "kawin"},
            {"nik": "3175076708890002", "name": "Ani Rahayu", "birth_place": "Bogor",
             "birth_date": "1989-08-27", "sex": "P", "relationship": "istri"}]
    }))
    .unwrap();
    let notices = tepat::duplicates::notices::DuplicateNotices;
    let id = service::create(&app.db, &seeder(), None, &input, app.clock.now(), &notices)
        .await
        .unwrap();
    let head: i64 = sqlx::query_scalar("SELECT MIN(id) FROM persons WHERE household_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (id, head)
}

/// An administrator named Rina creates a village operator and disables it again.
async fn an_administrator_creates_and_disables_an_operator(app: &TestApp) {
    let admin = app.add_account("admin", "administrator", None).await;
    sqlx::query("UPDATE accounts SET display_name = 'Rina Administrator' WHERE id = $1")
        .bind(admin)
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.login("admin").await;
    let created = app
        .post_form(
            "/akun/baru",
            "/akun/baru",
            &[
                ("username", "op.baru"),
                ("display_name", "Operator Baru"),
                ("role", "village_operator"),
                ("region_code", KLENDER),
                ("password", "kata-sandi-uji"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let operator: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE username = 'op.baru'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let path = format!("/akun/{operator}/status");
    let disabled = app
        .post_form(
            &format!("/akun/{operator}/nonaktifkan"),
            &path,
            &[("status", "disabled"), ("konfirmasi", "ya")],
        )
        .await;
    assert_eq!(disabled.status(), 303);
}

#[tokio::test]
async fn the_trail_names_who_did_what_in_words_and_dates() {
    let app = TestApp::spawn().await;
    app.add_account("audit", "auditor", None).await;
    an_administrator_creates_and_disables_an_operator(&app).await;
    app.login("audit").await;
    let text = visible(&app.text("/jejak").await);
    assert!(
        text.contains("Rina Administrator (Administrator)"),
        "{text}"
    );
    assert!(
        text.contains("Akun dibuat") && text.contains("Status akun diubah"),
        "{text}"
    );
    assert!(
        text.contains("Operator desa/kelurahan"),
        "the role set, as a label: {text}"
    );
    assert!(
        text.contains("Sebelum") && text.contains("Sesudah"),
        "{text}"
    );
    assert!(
        text.contains("Status Aktif Nonaktif"),
        "before and after in words: {text}"
    );
    assert!(text.contains(" WIB"), "times carry their zone: {text}");
    assert!(
        text.contains("baru saja") || text.contains("menit lalu"),
        "recent changes say how long ago: {text}"
    );
    for raw in [
        "account.created",
        "village_operator",
        "administrator #",
        "{\"",
    ] {
        assert!(!text.contains(raw), "the trail shows {raw}: {text}");
    }
    assert!(!has_iso_date(&text), "{text}");
    // The same trail in English.
    app.get("/bahasa?ke=en&kembali=/jejak").await;
    let english = visible(&app.text("/jejak").await);
    assert!(english.contains("Account created"), "{english}");
    assert!(english.contains("Status Active Disabled"), "{english}");
    assert!(
        english.contains("Village operator") && english.contains(" WIB"),
        "{english}"
    );
}

#[tokio::test]
async fn the_access_record_names_the_official_the_purpose_and_the_date() {
    let app = TestApp::spawn().await;
    let (_, head) = family(&app).await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.add_account("audit", "auditor", None).await;
    app.login("op.klender").await;
    let opened = app
        .get(&format!("/penduduk/{head}?keperluan=verifikasi"))
        .await;
    assert_eq!(opened.status(), 200);
    app.login("audit").await;
    let text = visible(&app.text("/akses-data").await);
    assert!(text.contains("(Operator desa/kelurahan)"), "{text}");
    assert!(text.contains("Verifikasi lapangan"), "{text}");
    assert!(text.contains(" WIB"), "{text}");
    for raw in ["village_operator", "verifikasi", "#7"] {
        assert!(!text.contains(raw), "the access record shows {raw}: {text}");
    }
    assert!(!has_iso_date(&text), "{text}");
}

#[tokio::test]
async fn a_change_request_shows_each_field_before_and_after_with_labels() {
    let app = TestApp::spawn().await;
    let (household, head) = family(&app).await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.add_account("dinsos", "district_officer", Some("31.75"))
        .await;
    let token = crate::registry::token(&app, "village_operator", Some(KLENDER)).await;
    let proposal = json!({"kind": "koreksi_anggota", "person_id": head, "person": {
        "nik": "3175072105870001", "name": "Budi Santoso", "birth_place": "Bekasi",
        "birth_date": "21-05-1987", "sex": "L", "relationship": "kepala",
        "marital_status": "cerai_hidup"}});
    let sent = app
        .client
        .post(app.url(&format!("/api/v1/households/{household}/change-requests")))
        .bearer_auth(&token)
        .header("idempotency-key", "plain-1")
        .json(&json!({"proposal": proposal, "reason": "Pemutakhiran bulanan"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201, "{}", sent.text().await.unwrap());
    let id = sent.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    app.login("dinsos").await;
    let html = app.text(&format!("/usulan/{id}")).await;
    let text = visible(&html);
    assert!(
        text.contains("Sebelum") && text.contains("Sesudah"),
        "{text}"
    );
    assert!(text.contains("Tempat lahir") && text.contains("Jakarta") && text.contains("Bekasi"));
    assert!(
        text.contains("Status perkawinan") && text.contains("Kawin"),
        "{text}"
    );
    assert!(
        text.contains("Cerai hidup"),
        "the proposed answer as a label: {text}"
    );
    assert!(text.contains("21 Mei 1987"), "dates in words: {text}");
    assert!(
        html.contains("class=\"differs\""),
        "changed fields stand out"
    );
    for raw in [
        "birth_place",
        "marital_status",
        "person_id",
        "cerai_hidup",
        "(village_operator)",
    ] {
        assert!(!text.contains(raw), "the request shows {raw}: {text}");
    }
    assert!(!has_iso_date(&text), "{text}");
}

#[tokio::test]
async fn coded_member_fields_are_choices_with_labels() {
    let app = TestApp::spawn().await;
    let (household, _) = family(&app).await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    let html = app
        .text(&format!(
            "/keluarga/{household}/usulan?jenis=tambah_anggota"
        ))
        .await;
    for field in [
        "sex",
        "relationship",
        "marital_status",
        "education",
        "disability",
    ] {
        assert!(
            html.contains(&format!("<select id=\"{field}\" name=\"{field}\"")),
            "{field}"
        );
        assert!(
            !html.contains(&format!("<input id=\"{field}\"")),
            "{field} is no text box"
        );
    }
    assert!(html.contains("<option value=\"belum_kawin\">Belum kawin</option>"));
    assert!(html.contains("<option value=\"s1\">Sarjana (S1)</option>"));
    assert!(
        !visible(&html).contains("belum_kawin"),
        "no code list as a hint"
    );
    // A refused member keeps its choice and names the field by its label.
    let csrf = crate::common::form_token(&html);
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .text("jenis", "tambah_anggota")
        .text("nik", "123")
        .text("marital_status", "kawin")
        .text("alasan", "Kelahiran");
    let refused = app
        .client
        .post(app.url(&format!("/keluarga/{household}/usulan")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("<option value=\"kawin\" selected>Kawin</option>"),
        "{html}"
    );
    let summary = html.split("id=\"form-errors\"").nth(1).unwrap_or_default();
    let summary = summary.split("</div>").next().unwrap_or_default();
    assert!(summary.contains("<strong>NIK</strong>"), "{summary}");
    assert!(!summary.contains("<code>"), "{summary}");
}

#[tokio::test]
async fn revoking_a_token_and_disabling_an_account_ask_once_more() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", Some("31.75"))
        .await;
    let bank = app.add_account("bank.jaktim", "bank", Some("31.75")).await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    let far = app.add_account("bank.bandung", "bank", Some("32.73")).await;
    app.login("admin").await;
    // Scopes are checkboxes; two ticked make a token with both.
    let form = app.text("/token").await;
    assert!(form.contains("type=\"checkbox\" name=\"scopes\" value=\"registry:read\""));
    let made = app
        .post_form(
            "/token",
            "/token",
            &[
                ("name", "Aplikasi desa"),
                ("username", "op.klender"),
                ("scopes", "regions:read"),
                ("scopes", "registry:read"),
            ],
        )
        .await;
    assert_eq!(made.status(), 200);
    let (id, scopes): (i64, String) =
        sqlx::query_as("SELECT id, scopes FROM api_tokens ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(
        scopes.contains("regions:read") && scopes.contains("registry:read"),
        "{scopes}"
    );
    // The list offers a link to a confirmation, not a one-tap revocation.
    let list = app.text("/token").await;
    assert!(list.contains(&format!("href=\"/token/{id}/cabut\"")));
    assert!(!list.contains(&format!("action=\"/token/{id}/cabut\"")));
    let confirm = app.text(&format!("/token/{id}/cabut")).await;
    assert!(confirm.contains(&format!("action=\"/token/{id}/cabut\"")));
    assert!(confirm.contains("Cabut token ini?") && confirm.contains("Aplikasi desa"));
    assert!(confirm.contains("href=\"/token\""), "a way back");
    let revoked: Option<String> =
        sqlx::query_scalar("SELECT revoked_at FROM api_tokens WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(revoked, None, "showing the question revokes nothing");
    // Accounts: the same.
    let accounts = app.text("/akun").await;
    assert!(accounts.contains(&format!("href=\"/akun/{bank}/nonaktifkan\"")));
    assert!(!accounts.contains("value=\"disabled\""));
    let confirm = app.text(&format!("/akun/{bank}/nonaktifkan")).await;
    assert!(confirm.contains(&format!("action=\"/akun/{bank}/status\"")));
    assert!(confirm.contains("name=\"status\" value=\"disabled\""));
    assert!(confirm.contains("Nonaktifkan akun ini?") && confirm.contains("bank.jaktim"));
    let outside = app.get(&format!("/akun/{far}/nonaktifkan")).await;
    assert_eq!(
        outside.status(),
        404,
        "an account outside the scope is not shown"
    );
    let missing = app.get("/token/999999/cabut").await;
    assert_eq!(missing.status(), 404);

    super::confirmation::skipping_the_question_changes_nothing(&app, id, bank).await;
}

#[tokio::test]
async fn a_scope_error_on_the_account_form_is_all_indonesian() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", None).await;
    app.login("admin").await;
    let refused = app
        .post_form(
            "/akun/baru",
            "/akun/baru",
            &[
                ("username", "warga.baru"),
                ("display_name", "Warga Baru"),
                ("role", "citizen"),
                ("region_code", ""),
                ("password", "kata-sandi-uji"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("peran Warga memerlukan kode wilayah tingkat desa/kelurahan"),
        "{html}"
    );
    assert!(
        !html.contains("Village") && !html.contains("peran citizen"),
        "{html}"
    );
}

#[tokio::test]
async fn the_menu_folds_behind_one_button_without_script() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some(KLENDER))
        .await;
    app.login("op.klender").await;
    let html = app.text("/beranda").await;
    let menu = html
        .split("<details class=\"menu\">")
        .nth(1)
        .expect("a folding menu");
    assert!(menu.trim_start().starts_with("<summary>Menu</summary>"));
    assert!(menu.contains("<nav aria-label=\"Menu\">"));
    assert!(!html.contains("<script"), "no script needed");
    let css = app.text("/assets/tepat.css").await;
    assert!(css.contains("details.menu::details-content"));
    assert!(css.contains("@media (max-width: 599px)") && css.contains("data-label"));
}
