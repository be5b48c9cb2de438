//! Objections: a resident objects to a recipient from the public form, proves they live in
//! the village with NIK and birth date, and follows the outcome by tracking code; village
//! officials never see who objected; the district verifies within 14 days or the objection
//! goes to the province; a founded objection becomes a removal proposal.

mod verify;

use reqwest::StatusCode;
use serde_json::Value;
use tepat::auth::{Principal, Role};
use tepat::clock::Clock;
use tepat::events::Actor;

use crate::common::TestApp;
use crate::proposals::{family, official};

/// A recipient: a Klender family enrolled in PKH by a district officer. (household,
/// enrolment id).
pub async fn recipient(app: &TestApp, n: usize) -> (i64, i64) {
    let household = family(app, n, 1).await;
    let officer = Principal {
        actor: Actor::system(),
        name: "uji".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    let enrolment = tepat::enrolment::service::put_forward(
        &app.db,
        &officer,
        "PKH",
        household,
        "Diusulkan petugas untuk uji",
        None,
        app.clock.now(),
    )
    .await
    .expect("enrolled")
    .id;
    (household, enrolment)
}

/// The NIK and birth date of a household's head.
pub async fn identity(app: &TestApp, household: i64) -> (String, String) {
    let row: (String, String) = sqlx::query_as(
        "SELECT nik, birth_date FROM persons WHERE household_id = $1 AND relationship = 'kepala'",
    )
    .bind(household)
    .fetch_one(&app.db.pool)
    .await
    .expect("head");
    row
}

/// Sends the public form from client address `from`: (status, page).
pub async fn object(
    app: &TestApp,
    from: &str,
    fields: &[(&str, &str)],
    photo: Option<&[u8]>,
) -> (StatusCode, String) {
    let client = TestApp::new_client();
    let csrf = app.csrf_with(&client, "/sanggah").await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some(bytes) = photo {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("rumah.jpg");
        form = form.part("foto", part);
    }
    let response = client
        .post(app.url("/sanggah"))
        .header("x-forwarded-for", from)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// The tracking code on the confirmation page.
pub fn tracking_code(page: &str) -> String {
    let at = page.find("id=\"tracking-code\">").expect("tracking code") + 19;
    page[at..].split('<').next().unwrap().to_owned()
}

/// A JPEG's first bytes: enough for the type check.
pub const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

/// An objection to `enrolment` by the head of `objector`, sent from `from`.
pub async fn objection_by(
    app: &TestApp,
    enrolment: i64,
    objector: i64,
    from: &str,
) -> (StatusCode, String) {
    let (nik, born) = identity(app, objector).await;
    let peserta = enrolment.to_string();
    let fields = [
        ("peserta", peserta.as_str()),
        ("reason", "not_poor"),
        ("description", "Baru membeli mobil dan merenovasi rumah"),
        ("nik", nik.as_str()),
        ("birth_date", born.as_str()),
        ("latitude", "-6.2146"),
        ("longitude", "106.9283"),
    ];
    object(app, from, &fields, Some(JPEG)).await
}

#[tokio::test]
async fn a_resident_objects_on_the_public_form_and_village_officials_never_see_who() {
    let app = TestApp::spawn().await;
    let (_, enrolment) = recipient(&app, 0).await;
    let neighbour = family(&app, 1, 3).await;
    let form = app.text(&format!("/sanggah?peserta={enrolment}")).await;
    assert!(
        form.contains("A*** S****"),
        "the recipient's name is masked: {form}"
    );
    let (status, page) = objection_by(&app, enrolment, neighbour, "10.1.1.1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = tracking_code(&page);
    assert!(code.starts_with("SGH-") && code.len() == 12, "{code}");
    let status_page = app.text(&format!("/sanggah/status?kode={code}")).await;
    assert!(status_page.contains("Menunggu verifikasi"), "{status_page}");
    let public: Value = app
        .get(&format!("/api/v1/public/objections/{code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["status"], "open");
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let (_, operator) = official(
        &app,
        "op.klender",
        "village_operator",
        Some("31.75.07.1003"),
    )
    .await;
    let (_, seen) = district.get("/api/v1/objections").await;
    let objection = &seen["items"][0];
    assert_eq!(objection["objector"]["name"], "Bambang Wijaya");
    assert_eq!(objection["has_photo"], true);
    let (_, seen) = operator.get("/api/v1/objections").await;
    assert!(seen["items"][0]["objector"].is_null(), "{seen}");
    // The trail and the log never name the objector.
    let (nik, _) = identity(&app, neighbour).await;
    let changes: Vec<String> =
        sqlx::query_scalar("SELECT changes FROM events WHERE subject_type = 'objection'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(changes.len(), 1);
    assert!(!changes[0].contains(&nik) && !changes[0].contains("Bambang"));
}

#[tokio::test]
async fn an_objection_that_breaks_a_rule_is_refused_on_the_form_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (_, enrolment) = recipient(&app, 0).await;
    let neighbour = family(&app, 1, 3).await;
    let (nik, born) = identity(&app, neighbour).await;
    let peserta = enrolment.to_string();
    let good = |name: &str| -> String {
        match name {
            "peserta" => peserta.clone(),
            "reason" => "moved".into(),
            "description" => "Sudah pindah ke Bekasi tahun lalu".into(),
            "nik" => nik.clone(),
            "birth_date" => born.clone(),
            "latitude" => "-6.21".into(),
            "longitude" => "106.93".into(),
            _ => String::new(),
        }
    };
    let names = [
        "peserta",
        "reason",
        "description",
        "nik",
        "birth_date",
        "latitude",
        "longitude",
    ];
    let cases: [(&str, &str, &str, Option<&[u8]>); 8] = [
        (
            "peserta",
            "999999",
            "penerima bansos ini tidak ditemukan",
            None,
        ),
        ("reason", "benci", "pilih alasan sanggahan", None),
        ("description", "bohong", "minimal 10 karakter", None),
        ("nik", "12345", "16 angka", None),
        ("nik", "3273012105870001", "tidak cocok dengan warga", None),
        ("birth_date", "1900-01-01", "tidak cocok dengan warga", None),
        ("latitude", "48.85", "wilayah Indonesia", Some(JPEG)),
        ("reason", "moved", "JPEG atau PNG", Some(b"%PDF-1.4")),
    ];
    for (field, value, message, photo) in cases {
        let fields: Vec<(String, String)> = names
            .iter()
            .map(|n| {
                (
                    n.to_string(),
                    if *n == field {
                        value.to_owned()
                    } else {
                        good(n)
                    },
                )
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let (status, page) = object(&app, "10.2.2.2", &borrowed, photo).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        assert!(page.contains(message), "{field}={value}: {message}");
    }
    assert_eq!(app.count("objections").await, 0);
}

#[tokio::test]
async fn no_one_objects_to_their_own_household() {
    let app = TestApp::spawn().await;
    let (recipient_household, enrolment) = recipient(&app, 0).await;
    let (own_nik, own_born) = identity(&app, recipient_household).await;
    let peserta = enrolment.to_string();
    let own = [
        ("peserta", peserta.as_str()),
        ("reason", "moved"),
        ("description", "Sudah pindah ke Bekasi tahun lalu"),
        ("nik", own_nik.as_str()),
        ("birth_date", own_born.as_str()),
    ];
    let (status, page) = object(&app, "10.2.2.3", &own, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("keluarga Anda sendiri"));
    assert_eq!(app.count("objections").await, 0);
}

#[tokio::test]
async fn a_flood_of_objections_from_one_address_is_stopped() {
    let app = TestApp::spawn().await;
    let (_, enrolment) = recipient(&app, 0).await;
    let mut residents = Vec::new();
    for n in 1..=4 {
        residents.push(family(&app, n, 3).await);
    }
    for resident in &residents[..3] {
        let (status, page) = objection_by(&app, enrolment, *resident, "10.3.3.3").await;
        assert_eq!(status, StatusCode::OK, "{page}");
    }
    let (status, page) = objection_by(&app, enrolment, residents[3], "10.3.3.3").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    assert!(page.contains("Terlalu banyak sanggahan"));
    // The same resident twice on one recipient is refused too, from any address.
    let (status, page) = objection_by(&app, enrolment, residents[0], "10.4.4.4").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("sudah menyanggah"), "{page}");
    assert_eq!(app.count("objections").await, 3);
    // Another address is not held back by the first.
    let (status, _) = objection_by(&app, enrolment, residents[3], "10.5.5.5").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_photo_as_large_as_a_phone_takes_is_kept_and_one_past_the_limit_is_refused() {
    let app = TestApp::spawn().await;
    let (_, enrolment) = recipient(&app, 0).await;
    let neighbour = family(&app, 1, 3).await;
    let (nik, born) = identity(&app, neighbour).await;
    let peserta = enrolment.to_string();
    let fields = [
        ("peserta", peserta.as_str()),
        ("reason", "not_poor"),
        ("description", "Baru membeli mobil dan merenovasi rumah"),
        ("nik", nik.as_str()),
        ("birth_date", born.as_str()),
        ("latitude", "-6.2146"),
        ("longitude", "106.9283"),
    ];
    // Three megabytes: more than the server's default body limit, less than the photo's.
    let mut photo = JPEG.to_vec();
    photo.resize(3 * 1024 * 1024, 0);
    let (status, page) = object(&app, "10.4.4.4", &fields, Some(&photo)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM objections WHERE photo IS NOT NULL")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1);
    photo.resize(5 * 1024 * 1024 + 1, 0);
    let other = family(&app, 2, 2).await;
    let (nik, born) = identity(&app, other).await;
    let fields = [
        ("peserta", peserta.as_str()),
        ("reason", "not_poor"),
        ("description", "Baru membeli mobil dan merenovasi rumah"),
        ("nik", nik.as_str()),
        ("birth_date", born.as_str()),
        ("latitude", "-6.2146"),
        ("longitude", "106.9283"),
    ];
    let (status, _) = object(&app, "10.5.5.5", &fields, Some(&photo)).await;
    assert!(status.is_client_error(), "{status}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM objections")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1, "nothing stored for the photo past the limit");
}
