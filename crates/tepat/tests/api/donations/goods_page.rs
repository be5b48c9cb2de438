//! A donor pledges goods on the need's page and chooses the registered e-warong of the
//! village to deliver them; a merchant that is not active is refused on the page.

use reqwest::StatusCode;

use super::*;

#[tokio::test]
async fn a_donor_chooses_an_e_warong_of_the_village_on_the_pledge_page() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let home = household(&app, KLENDER, "Sri Wahyuni", 51).await;
    let (_, need) = p
        .facilitator
        .post("/api/v1/needs", goods_need(&app, home))
        .await;
    let id = need["id"].as_i64().unwrap();
    let (merchant, _) =
        crate::vouchers::shop(&app, &p.district, "warong.klender", &["beras"]).await;

    let donor = TestApp::new_client();
    app.login_with(&donor, "donatur.uji", crate::common::PASSWORD)
        .await;
    let page = donor
        .get(app.url(&format!("/donasi/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let choice = format!("value=\"merchant:{merchant}\"");
    assert!(page.contains(&choice), "the village's e-warong is offered");
    assert!(page.contains("E-Warong warong.klender"));

    let pledge = |channel: String| {
        let donor = donor.clone();
        let app = &app;
        async move {
            let csrf = app.csrf_with(&donor, &format!("/donasi/{id}")).await;
            donor
                .post(app.url(&format!("/donasi/{id}/janji")))
                .form(&[
                    ("csrf_token", csrf),
                    ("amount", "2".to_owned()),
                    ("channel", channel),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let refused = pledge("merchant:987654".to_owned()).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().await.unwrap().contains("e-warong"),
        "named on the page"
    );
    assert_eq!(app.count("donation_pledges").await, 0);

    let made = pledge(format!("merchant:{merchant}")).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let (channel, chosen): (String, Option<i64>) =
        sqlx::query_as("SELECT channel, merchant_id FROM donation_pledges")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((channel.as_str(), chosen), ("merchant", Some(merchant)));
    ledger_holds(&app).await;
}
