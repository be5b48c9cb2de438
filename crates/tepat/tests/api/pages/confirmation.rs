//! Destructive actions ask once more: a post that skips the confirmation page changes
//! nothing, and an administrator's own account is never offered for disabling.

use crate::common::TestApp;

#[tokio::test]
async fn an_administrator_cannot_disable_their_own_account() {
    let app = TestApp::spawn().await;
    let own = app.add_account("admin", "administrator", None).await;
    app.login("admin").await;
    let list = app.text("/akun").await;
    assert!(
        !list.contains(&format!("/akun/{own}/nonaktifkan")),
        "{list}"
    );
    assert!(list.contains("Akun Anda"), "{list}");
    let asked = app.get(&format!("/akun/{own}/nonaktifkan")).await;
    assert_eq!(asked.status(), 422);
    let html = asked.text().await.unwrap();
    assert!(
        html.contains("Anda tidak dapat menonaktifkan akun sendiri"),
        "{html}"
    );
    let path = format!("/akun/{own}/status");
    let fields = [("status", "disabled"), ("konfirmasi", "ya")];
    let refused = app.post_form("/akun", &path, &fields).await;
    assert_eq!(refused.status(), 422);
    let status: String = sqlx::query_scalar("SELECT status FROM accounts WHERE id = $1")
        .bind(own)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "active");
}

/// A post that skips the confirmation page acts on nothing and leads to the question; the
/// page's own form acts.
pub(super) async fn skipping_the_question_changes_nothing(app: &TestApp, id: i64, bank: i64) {
    // A post that skips the question acts on nothing and leads to the question.
    let skipped = app
        .post_form("/token", &format!("/token/{id}/cabut"), &[])
        .await;
    assert_eq!(skipped.status(), 303);
    assert_eq!(
        skipped.headers()["location"],
        format!("/token/{id}/cabut").as_str()
    );
    let path = format!("/akun/{bank}/status");
    let skipped = app
        .post_form("/akun", &path, &[("status", "disabled")])
        .await;
    assert_eq!(
        skipped.headers()["location"],
        format!("/akun/{bank}/nonaktifkan").as_str()
    );
    let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM accounts WHERE id = $1")
        .bind(bank)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(statuses, ["active"]);
    let revoked: Option<String> =
        sqlx::query_scalar("SELECT revoked_at FROM api_tokens WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(revoked, None, "skipping the question revokes nothing");
    // The confirmation page's own form acts.
    let confirmed = app
        .post_form(
            "/token",
            &format!("/token/{id}/cabut"),
            &[("konfirmasi", "ya")],
        )
        .await;
    assert_eq!(confirmed.status(), 303);
    let revoked: Option<String> =
        sqlx::query_scalar("SELECT revoked_at FROM api_tokens WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(revoked.is_some());
}
