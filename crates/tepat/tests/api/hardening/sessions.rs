//! Sessions and forms: CSRF bound to the session, security headers, login throttling, lookups.

use tepat::accounts::throttle::{
    ACCOUNT_LOCK_AFTER_FAILURES, FREE_FAILURES, LOCK_AFTER_FAILURES, delay_after,
};

use crate::common::{PASSWORD, TestApp, form_token};

/// A client without a cookie jar or redirects: it sends exactly the cookies it is given.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A client with a cookie jar that the server sees at `address` (the tests' server trusts
/// 127.0.0.1 as a proxy, as a deployment behind one would).
fn client_at(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// Signs `username` in on a bare client: (session cookie, pre-session cookie before login).
async fn session_of(app: &TestApp, username: &str) -> (String, String) {
    let client = bare_client();
    let page = client.get(app.url("/masuk")).send().await.unwrap();
    let visitor = set_cookie(&page, "tepat_csrf").expect("pre-session cookie");
    let token = form_token(&page.text().await.unwrap());
    let login = client
        .post(app.url("/masuk"))
        .header("cookie", format!("tepat_csrf={visitor}"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", username),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let rotated = set_cookie(&login, "tepat_csrf").expect("login rotates the pre-session cookie");
    assert_ne!(rotated, visitor, "the pre-session cookie changes at login");
    let session = set_cookie(&login, "tepat_session").expect("session cookie");
    (session, visitor)
}

#[tokio::test]
async fn a_planted_csrf_cookie_with_the_same_value_in_the_form_is_refused() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", None).await;
    app.add_account("bank.jaktim", "bank", Some("31.75")).await;
    let (session, _) = session_of(&app, "admin").await;
    let fields = |token: &str| {
        vec![
            ("csrf_token", token.to_owned()),
            ("name", "sisipan".to_owned()),
            ("username", "bank.jaktim".to_owned()),
            ("scopes", "regions:read".to_owned()),
        ]
    };
    let before = app.count("api_tokens").await;
    // The attack: a cookie set by someone else, and the same value in the forged form.
    let planted = "a".repeat(43);
    let forged = bare_client()
        .post(app.url("/token"))
        .header(
            "cookie",
            format!("tepat_session={session}; tepat_csrf={planted}"),
        )
        .form(&fields(&planted))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(app.count("api_tokens").await, before);
    // The token the server rendered for this session is accepted (the check is not blind).
    let cookie = format!("tepat_session={session}");
    let page = bare_client()
        .get(app.url("/token"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let token = form_token(&page.text().await.unwrap());
    let sent = bare_client()
        .post(app.url("/token"))
        .header("cookie", &cookie)
        .form(&fields(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    assert_eq!(app.count("api_tokens").await, before + 1);
}

#[tokio::test]
async fn the_form_token_changes_at_login_and_the_old_one_is_refused() {
    let app = TestApp::spawn().await;
    app.add_account("admin", "administrator", None).await;
    let client = bare_client();
    let page = client.get(app.url("/masuk")).send().await.unwrap();
    let visitor = set_cookie(&page, "tepat_csrf").unwrap();
    let before_login = form_token(&page.text().await.unwrap());
    let (session, _) = session_of(&app, "admin").await;
    let cookie = format!("tepat_session={session}; tepat_csrf={visitor}");
    let page = client
        .get(app.url("/akun/baru"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let after_login = form_token(&page.text().await.unwrap());
    assert_ne!(before_login, after_login);
    let before = app.count("accounts").await;
    let stale = client
        .post(app.url("/akun/baru"))
        .header("cookie", &cookie)
        .form(&[
            ("csrf_token", before_login.as_str()),
            ("username", "baru"),
            ("display_name", "Baru"),
            ("role", "auditor"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 403);
    assert_eq!(app.count("accounts").await, before);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/masuk",
        "/api/v1/regions",
        "/tidak-ada",
        "/log/checkpoint",
    ] {
        let response = bare_client().get(app.url(path)).send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let policy = header("content-security-policy");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("script-src 'self'"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
        // Served over plain HTTP (cookies not marked Secure): no HSTS.
        assert_eq!(header("strict-transport-security"), "", "{path}");
    }
}

/// One failed login from `client`; the response status.
async fn fail_login(app: &TestApp, client: &reqwest::Client, username: &str) -> u16 {
    let response = app.login_with(client, username, "salah-salah-salah").await;
    response.status().as_u16()
}

#[tokio::test]
async fn a_stranger_locks_out_only_their_own_address() {
    let app = TestApp::spawn().await;
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    let stranger = client_at("203.0.113.5");
    for failures in 0..LOCK_AFTER_FAILURES {
        if failures >= FREE_FAILURES {
            app.clock.advance(delay_after(failures));
        }
        // The failure that reaches the limit is answered with the lock-out already.
        let expected = if failures + 1 == LOCK_AFTER_FAILURES {
            429
        } else {
            401
        };
        assert_eq!(fail_login(&app, &stranger, "op.klender").await, expected);
    }
    // The stranger's next attempts are refused, with the right password or not.
    assert_eq!(fail_login(&app, &stranger, "op.klender").await, 429);
    let refused = app.login_with(&stranger, "op.klender", PASSWORD).await;
    assert_eq!(refused.status(), 429);
    // The official, elsewhere, signs in at once; nothing was locked.
    let official = client_at("198.51.100.7");
    let signed_in = app.login_with(&official, "op.klender", PASSWORD).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(app.count("events WHERE action = 'account.locked'").await, 0);
}

#[tokio::test]
async fn a_guess_from_many_addresses_locks_the_account_until_an_administrator_unlocks_it() {
    let app = TestApp::spawn().await;
    let id = app
        .add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.add_account("admin", "administrator", None).await;
    for n in 0..ACCOUNT_LOCK_AFTER_FAILURES {
        let client = client_at(&format!("198.18.{}.{}", n / 200, n % 200 + 1));
        let status = fail_login(&app, &client, "op.klender").await;
        let last = n == ACCOUNT_LOCK_AFTER_FAILURES - 1;
        assert_eq!(status, if last { 429 } else { 401 }, "attempt {n}");
    }
    assert_eq!(app.count("events WHERE action = 'account.locked'").await, 1);
    let official = client_at("192.0.2.44");
    let locked = app.login_with(&official, "op.klender", PASSWORD).await;
    assert_eq!(locked.status(), 429);
    assert!(
        locked
            .text()
            .await
            .unwrap()
            .contains("Akun dikunci sementara")
    );
    // The administrator unlocks it from the accounts page; the official signs in.
    app.login("admin").await;
    let unlocked = app
        .post_form(
            "/akun",
            &format!("/akun/{id}/status"),
            &[("status", "active")],
        )
        .await;
    assert_eq!(unlocked.status(), 303);
    let signed_in = app.login_with(&official, "op.klender", PASSWORD).await;
    assert_eq!(signed_in.status(), 303);
}

#[tokio::test]
async fn an_id_outside_the_scope_answers_exactly_like_a_missing_one() {
    let app = TestApp::spawn().await;
    let (inside, _) = crate::registry::seed(&app, "31.75.07.1003", "317507", 1).await;
    let (outside, outside_person) = crate::registry::seed(&app, "32.73.01.1001", "327301", 2).await;
    let missing = outside + 1000;
    let operator = crate::registry::token(&app, "village_operator", Some("31.75.07.1003")).await;
    let get = |path: String| {
        let operator = operator.clone();
        let app = &app;
        async move {
            let response = bare_client()
                .get(app.url(&path))
                .bearer_auth(operator)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap();
            (status, body["type"].clone(), body["title"].clone())
        }
    };
    let own = get(format!("/api/v1/households/{inside}")).await;
    assert_eq!(own.0, 200);
    let theirs = get(format!("/api/v1/households/{outside}")).await;
    let nothing = get(format!("/api/v1/households/{missing}")).await;
    assert_eq!(theirs.0, 404);
    assert_eq!(theirs, nothing);
    // Pages too: the person page of someone outside the scope is a plain 404.
    app.add_account("op.klender", "village_operator", Some("31.75.07.1003"))
        .await;
    app.login("op.klender").await;
    let page = app
        .get(&format!("/penduduk/{outside_person}?keperluan=verifikasi"))
        .await;
    assert_eq!(page.status(), 404);
    // A role without the permission at all still gets the explanatory 403.
    let bank = crate::tokens::role_token(&app, "bank", Some("31.75"), &["registry:read"]).await;
    let refused = bare_client()
        .get(app.url(&format!("/api/v1/households/{inside}")))
        .bearer_auth(bank)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_search_longer_than_the_limit_is_refused_before_it_reaches_the_store() {
    let app = TestApp::spawn().await;
    let token =
        crate::tokens::role_token(&app, "district_officer", Some("31.75"), &["regions:read"]).await;
    let long = "a".repeat(50_001);
    let response = bare_client()
        .get(app.url(&format!("/api/v1/regions?q={long}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "q");
    assert_eq!(problem["errors"][0]["rule"], "length");
    let fine = bare_client()
        .get(app.url("/api/v1/regions?q=klender"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(fine.status(), 200);
}
