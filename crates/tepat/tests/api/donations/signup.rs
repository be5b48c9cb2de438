//! Donors sign up by themselves on `/donasi/daftar`: the code sent to their contact through
//! the outbox proves it, and only then may they pledge. Bad forms name every broken field
//! and store nothing; codes expire, end after five wrong tries, and a new one replaces the
//! last.

use reqwest::StatusCode;
use time::Duration;

use super::*;

const SIGNUP: &str = "/donasi/daftar";
const CODE: &str = "/donasi/daftar/verifikasi";

fn good_form() -> Vec<(&'static str, String)> {
    vec![
        ("display_name", "Rina Kartika".to_owned()),
        ("username", "Rina.K".to_owned()),
        ("contact", "0812-3456-7890".to_owned()),
        ("password", "kata-sandi-panjang".to_owned()),
        ("password_again", "kata-sandi-panjang".to_owned()),
    ]
}

/// Posts `fields` to `action` (its CSRF token read from `page`) from address `from`.
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    (page, action): (&str, &str),
    from: &str,
    fields: &[(&str, String)],
) -> (StatusCode, String, Option<String>) {
    let csrf = app.csrf_with(client, page).await;
    let mut form: Vec<(&str, String)> = vec![("csrf_token", csrf)];
    form.extend(fields.iter().cloned());
    let response = client
        .post(app.url(action))
        .header("x-forwarded-for", from)
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, response.text().await.unwrap(), location)
}

/// The codes sent to the account so far, oldest first, read from the outbox as the SMS
/// gateway would take them.
async fn codes_sent(app: &TestApp) -> Vec<(String, String)> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT address, body FROM notifications WHERE kind = 'donor.contact_code' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(address, body)| {
            let code: String = body
                .split_whitespace()
                .find(|w| {
                    w.trim_end_matches('.').len() == 6
                        && w.chars().take(6).all(|c| c.is_ascii_digit())
                })
                .expect("a six-digit code in the message")
                .trim_end_matches('.')
                .to_owned();
            (address, code)
        })
        .collect()
}

async fn try_code(app: &TestApp, from: &str, code: &str) -> (StatusCode, String) {
    let client = TestApp::new_client();
    let page = format!("{CODE}?nama=rina.k");
    let fields = [("username", "rina.k".to_owned()), ("code", code.to_owned())];
    let (status, html, _) = post(app, &client, (&page, CODE), from, &fields).await;
    (status, html)
}

async fn pledge_page(app: &TestApp, client: &reqwest::Client, need: i64) -> (StatusCode, String) {
    let page = format!("/donasi/{need}");
    let action = format!("/donasi/{need}/janji");
    let fields = [("amount", "50000".to_owned())];
    let (status, html, _) = post(app, client, (&page, &action), "10.7.0.1", &fields).await;
    (status, html)
}

/// Rina signs up with her phone on `client`: her donor account, the code in the outbox
/// (hidden from officials' pages) and the trail's account event. Returns the code.
async fn signs_up(app: &TestApp, client: &reqwest::Client) -> String {
    let (status, _, location) = post(app, client, (SIGNUP, SIGNUP), "10.7.0.1", &good_form()).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some("/donasi/daftar/verifikasi?nama=rina.k")
    );
    let (role, display): (String, String) =
        sqlx::query_as("SELECT role, display_name FROM accounts WHERE username = 'rina.k'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((role.as_str(), display.as_str()), ("donor", "Rina Kartika"));
    let sent = codes_sent(app).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "081234567890", "the phone as gateways take it");
    let created: String = sqlx::query_scalar(
        "SELECT actor_role FROM events WHERE action = 'account.created' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        created, "citizen",
        "signed up by the public, not by an official"
    );
    app.add_account("kemensos.uji", "ministry_officer", None)
        .await;
    app.login("kemensos.uji").await;
    let outbox = app.text("/notifikasi").await;
    assert!(
        outbox.contains("Kode pendaftaran donatur"),
        "the message is listed"
    );
    assert!(
        !outbox.contains(&sent[0].1),
        "but its code is hidden from officials"
    );
    sent[0].1.clone()
}

#[tokio::test]
async fn a_donor_signs_up_proves_the_phone_with_the_code_and_then_pledges() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Sri Wahyuni", 1).await;
    let (_, need) = p
        .facilitator
        .post("/api/v1/needs", money_need(&app, home, 1_500_000))
        .await;
    let need = need["id"].as_i64().unwrap();

    let client = TestApp::new_client();
    let code = signs_up(&app, &client).await;

    assert_eq!(
        app.login_with(&client, "rina.k", "kata-sandi-panjang")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let (status, html) = pledge_page(&app, &client, need).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("verifikasi dulu"),
        "no pledge before the code"
    );
    assert_eq!(app.count("donation_pledges").await, 0);

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, html) = try_code(&app, "10.7.0.2", wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("nama pengguna atau kode salah"), "{html}");
    let (status, html) = try_code(&app, "10.7.0.2", &code).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("sudah terverifikasi"));
    let proven: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE action = 'donor.contact_verified'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(proven, 1);

    let (status, _) = pledge_page(&app, &client, need).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "pledges once proven");
    assert_eq!(app.count("donation_pledges").await, 1);
    ledger_holds(&app).await;
}

#[tokio::test]
async fn bad_sign_ups_name_every_broken_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    let client = TestApp::new_client();
    let accounts = app.count("accounts").await;
    let blank: Vec<(&str, String)> = good_form()
        .into_iter()
        .map(|(name, _)| (name, String::new()))
        .collect();
    let (status, html, _) = post(&app, &client, (SIGNUP, SIGNUP), "10.8.0.1", &blank).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "wajib diisi",
        "harus 3 sampai 40 karakter",
        "minimal 10 karakter",
    ] {
        assert!(html.contains(message), "{message}");
    }
    let cases = [
        ("contact", "bukan kontak", "isi alamat surel atau nomor HP"),
        (
            "password_again",
            "kata-sandi-lain",
            "tidak sama dengan kata sandi",
        ),
        ("username", "rina k", "harus 3 sampai 40 karakter"),
    ];
    for (field, value, message) in cases {
        let mut form = good_form();
        form.iter_mut()
            .filter(|(n, _)| *n == field)
            .for_each(|(_, v)| *v = value.to_owned());
        let (status, html, _) = post(&app, &client, (SIGNUP, SIGNUP), "10.8.0.1", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(html.contains(message), "{field}: {message}");
        assert!(
            !html.contains("kata-sandi-panjang"),
            "passwords are not sent back"
        );
    }
    assert_eq!(app.count("accounts").await, accounts, "nothing stored");
    assert_eq!(app.count("notifications").await, 0, "no code sent");

    app.add_account("rina.k", "facilitator", Some(KLENDER))
        .await;
    let (status, html, _) = post(&app, &client, (SIGNUP, SIGNUP), "10.8.0.2", &good_form()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("sudah dipakai akun lain"));
    assert_eq!(
        app.count("donor_contacts").await,
        0,
        "the taken name keeps nothing"
    );
    assert_eq!(app.count("notifications").await, 0);

    let mut times = 0;
    let limited = loop {
        let mut form = good_form();
        form[1].1 = format!("donor.{times}");
        let (status, _, _) = post(&app, &client, (SIGNUP, SIGNUP), "10.8.0.3", &form).await;
        times += 1;
        if status != StatusCode::SEE_OTHER || times > 10 {
            break status;
        }
    };
    assert_eq!(
        limited,
        StatusCode::TOO_MANY_REQUESTS,
        "one address signs up a few at most"
    );
    assert_eq!(times, 6, "five sign-ups an hour from one address");
}

#[tokio::test]
async fn codes_expire_end_after_five_wrong_tries_and_a_new_one_replaces_the_last() {
    let app = TestApp::spawn().await;
    let client = TestApp::new_client();
    post(&app, &client, (SIGNUP, SIGNUP), "10.9.0.1", &good_form()).await;
    let first = codes_sent(&app).await[0].1.clone();
    app.clock.advance(Duration::minutes(31));
    let (status, html) = try_code(&app, "10.9.0.2", &first).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("kode sudah tidak berlaku"),
        "expired after 30 minutes"
    );

    let page = format!("{CODE}?nama=rina.k");
    let resend = [
        ("username", "rina.k".to_owned()),
        ("action", "resend".to_owned()),
    ];
    let (status, html, _) = post(&app, &client, (&page, CODE), "10.9.0.1", &resend).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Kode baru sudah dikirim"));
    let second = codes_sent(&app).await[1].1.clone();
    if second != first {
        let (status, _) = try_code(&app, "10.9.0.3", &first).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "the last code only"
        );
    }
    let wrong = if second == "000000" {
        "111111"
    } else {
        "000000"
    };
    for n in 0..5 {
        let (status, _) = try_code(&app, &format!("10.9.1.{n}"), wrong).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (status, html) = try_code(&app, "10.9.2.1", &second).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("kode sudah tidak berlaku"),
        "five wrong tries end a code"
    );
    let verified: Option<String> = sqlx::query_scalar("SELECT verified_at FROM donor_contacts")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(verified, None);

    let (status, _, _) = post(&app, &client, (&page, CODE), "10.9.0.1", &resend).await;
    assert_eq!(status, StatusCode::OK);
    let third = codes_sent(&app).await[2].1.clone();
    let (status, _) = try_code(&app, "10.9.2.2", &third).await;
    assert_eq!(status, StatusCode::OK, "a new code starts afresh");

    let (status, html, _) = post(&app, &client, (&page, CODE), "10.9.0.1", &resend).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("tidak ada pendaftaran yang menunggu kode"));
}
