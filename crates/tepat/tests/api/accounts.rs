//! Login, sessions, throttling, CSRF and account management, through the real server.

use tepat::clock::Clock;

use crate::common::{PASSWORD, TestApp};

#[tokio::test]
async fn login_opens_a_session_and_logout_ends_it() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    let response = app.login_with(&app.client, "op.klender", PASSWORD).await;
    assert_eq!(response.status(), 303);
    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("tepat_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
    );
    let dashboard = app.get("/beranda").await;
    assert_eq!(dashboard.status(), 200);
    let html = dashboard.text().await.unwrap();
    assert!(html.contains("lang=\"id\"") && html.contains("Klender"));
    let out = app.post_form("/beranda", "/keluar", &[]).await;
    assert_eq!(out.status(), 303);
    let after = app.get("/beranda").await;
    assert_eq!(after.status(), 303);
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/masuk")
    );
}

#[tokio::test]
async fn wrong_password_is_refused_in_indonesian_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    let sessions = app.count("sessions").await;
    let response = app
        .login_with(&app.client, "op.klender", "bukan-sandinya")
        .await;
    assert_eq!(response.status(), 401);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Nama pengguna atau kata sandi salah")
    );
    let unknown = app
        .login_with(&app.client, "tidak.ada", "bukan-sandinya")
        .await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(app.count("sessions").await, sessions);
}

#[tokio::test]
async fn repeated_failures_from_one_address_slow_down_then_lock_it_out() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    for _ in 0..tepat::accounts::throttle::FREE_FAILURES {
        let r = app
            .login_with(&app.client, "op.klender", "salah-salah-salah")
            .await;
        assert_eq!(r.status(), 401);
    }
    let slowed = app.login_with(&app.client, "op.klender", PASSWORD).await;
    assert_eq!(slowed.status(), 429);
    let text = slowed.text().await.unwrap();
    assert!(text.contains("Tunggu 2 detik"), "{text}");
    // Keep failing, waiting out each delay on the test clock, until the lock.
    let mut last = String::new();
    for failures in
        tepat::accounts::throttle::FREE_FAILURES..tepat::accounts::throttle::LOCK_AFTER_FAILURES
    {
        app.clock
            .advance(tepat::accounts::throttle::delay_after(failures));
        let r = app
            .login_with(&app.client, "op.klender", "salah-salah-salah")
            .await;
        last = r.text().await.unwrap();
    }
    assert!(
        last.contains("Terlalu banyak percobaan gagal dari perangkat ini"),
        "{last}"
    );
    // Even the right password is refused from that address while it is locked out; the
    // account itself is not locked (see hardening::sessions for other addresses).
    app.clock.advance(time::Duration::minutes(1));
    let locked = app.login_with(&app.client, "op.klender", PASSWORD).await;
    assert_eq!(locked.status(), 429);
    let events: i64 = app.count("events WHERE action = 'account.locked'").await;
    assert_eq!(events, 0);
    // After the lock expires, the right password works again.
    app.clock.advance(time::Duration::minutes(
        tepat::accounts::throttle::LOCK_MINUTES,
    ));
    let open = app.login_with(&app.client, "op.klender", PASSWORD).await;
    assert_eq!(open.status(), 303);
}

#[tokio::test]
async fn expired_session_says_so_and_asks_to_log_in_again() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    app.clock.advance(time::Duration::hours(
        tepat::accounts::session::SESSION_HOURS + 1,
    ));
    let response = app.get("/beranda").await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("alasan=sesi-berakhir"), "{location}");
    let page = app.text(&location).await;
    assert!(page.contains("Sesi Anda telah berakhir"));
    let api = app.get("/api/v1/me").await;
    assert_eq!(api.status(), 401);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", None).await;
    app.login("admin").await;
    let before = app.count("accounts").await;
    let fields = [
        ("username", "baru"),
        ("display_name", "Baru"),
        ("role", "auditor"),
        ("password", PASSWORD),
    ];
    let response = app
        .client
        .post(app.url("/akun/baru"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Formulir kedaluwarsa atau tidak sah")
    );
    let mut forged = vec![("csrf_token", "x".repeat(43))];
    forged.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let response = app
        .client
        .post(app.url("/akun/baru"))
        .form(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("accounts").await, before);
}

#[tokio::test]
async fn account_form_shows_each_error_beside_its_field() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", None).await;
    app.login("admin").await;
    let before = (app.count("accounts").await, app.count("events").await);
    let response = app
        .post_form(
            "/akun/baru",
            "/akun/baru",
            &[
                ("username", "x"),
                ("display_name", ""),
                ("role", "village_operator"),
                ("region_code", "31.75.07.99x"),
                ("password", "pendek"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    for expected in [
        "id=\"username-error\"",
        "id=\"display_name-error\"",
        "id=\"region_code-error\"",
        "id=\"password-error\"",
        "tidak sesuai format",
        "minimal 10 karakter",
    ] {
        assert!(html.contains(expected), "page lacks {expected}");
    }
    assert_eq!(
        (app.count("accounts").await, app.count("events").await),
        before
    );
    // An unknown (well-formed) code and a scope of the wrong level are named too.
    let html = app
        .post_form(
            "/akun/baru",
            "/akun/baru",
            &[
                ("username", "op.baru"),
                ("display_name", "Op"),
                ("role", "village_operator"),
                ("region_code", "31.75.07.9999"),
                ("password", PASSWORD),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("tidak ada dalam daftar wilayah resmi"));
    let html = app
        .post_form(
            "/akun/baru",
            "/akun/baru",
            &[
                ("username", "op.baru"),
                ("display_name", "Op"),
                ("role", "village_operator"),
                ("region_code", "31.75"),
                ("password", PASSWORD),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("memerlukan kode wilayah tingkat"), "{html}");
}

#[tokio::test]
async fn creating_an_account_writes_its_event_in_the_same_transaction() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", Some("31.75"))
        .await;
    app.login("admin").await;
    let response = app
        .post_form(
            "/akun/baru",
            "/akun/baru",
            &[
                ("username", "op.klender"),
                ("display_name", "Operator Klender"),
                ("role", "village_operator"),
                ("region_code", "31.75.07.1003"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    // The page it leads to confirms what was done.
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        app.text(&location).await.contains("Akun dibuat."),
        "{location}"
    );
    assert!(!app.text("/akun").await.contains("Akun dibuat."));
    use sqlx::Row;
    let row = sqlx::query("SELECT actor_kind, actor_role, region_code, changes FROM events WHERE action = 'account.created' ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>(0), "account");
    assert_eq!(row.get::<String, _>(1), "administrator");
    assert_eq!(row.get::<String, _>(2), "31.75.07.1003");
    let changes: serde_json::Value = serde_json::from_str(&row.get::<String, _>(3)).unwrap();
    assert_eq!(changes["username"]["to"], "op.klender");
    assert!(
        !row.get::<String, _>(3).contains("argon2"),
        "no password material in events"
    );
    // A taken username is refused beside the field, and nothing is written.
    let before = app.count("events").await;
    let html = app
        .post_form(
            "/akun/baru",
            "/akun/baru",
            &[
                ("username", "op.klender"),
                ("display_name", "Lagi"),
                ("role", "village_operator"),
                ("region_code", "31.75.07.1003"),
                ("password", PASSWORD),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("sudah dipakai akun lain"));
    assert_eq!(app.count("events").await, before);
    let _ = app.clock.now();
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_and_its_session_ends() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", None).await;
    let id = app
        .add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    let operator = TestApp::new_client();
    assert_eq!(
        app.login_with(&operator, "op.klender", PASSWORD)
            .await
            .status(),
        303
    );
    app.login("admin").await;
    let response = app
        .post_form(
            "/akun",
            &format!("/akun/{id}/status"),
            &[("status", "disabled"), ("konfirmasi", "ya")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(app.text(&location).await.contains("Status akun diubah."));
    let page = operator.get(app.url("/beranda")).send().await.unwrap();
    assert_eq!(page.status(), 303);
    assert_eq!(
        app.login_with(&operator, "op.klender", PASSWORD)
            .await
            .status(),
        401
    );
}
