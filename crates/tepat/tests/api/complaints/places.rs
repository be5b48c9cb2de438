//! A place is optional: complaints with and without one, written in turn on one
//! connection, all go in on both engines.

use tepat::complaints::store::{self, NewComplaint};
use tepat::region_code::RegionCode;

use super::*;

#[tokio::test]
async fn complaints_with_and_without_a_place_go_in_one_after_another_on_one_connection() {
    let app = TestApp::spawn().await;
    let village = RegionCode::parse(KLENDER).unwrap();
    let now = tepat::clock::Clock::now(&app.clock);
    let places = [
        None,
        Some((-6.2151, 106.927)),
        None,
        Some((-6.216, 106.9295)),
    ];
    let mut tx = app.db.begin_write().await.unwrap();
    for (n, place) in places.into_iter().enumerate() {
        let code = format!("LPR-TEMPAT{n}");
        let new = NewComplaint {
            code: &code,
            category: "distribution",
            village: &village,
            programme: None,
            description: "Antrean penyaluran di balai warga sejak subuh",
            place,
            contact: None,
            photos: &[],
            office_level: "village",
            office_region: KLENDER,
            due: now,
        };
        store::insert(&mut tx, &new, now)
            .await
            .unwrap_or_else(|e| panic!("complaint {n} with place {place:?}: {e}"));
    }
    tx.commit().await.unwrap();
    let kept: Vec<(Option<f64>, Option<f64>)> = sqlx::query_as(
        "SELECT latitude, longitude FROM complaints WHERE tracking_code LIKE 'LPR-TEMPAT%' \
         ORDER BY tracking_code",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let expected: Vec<_> = places.iter().map(|p| p.unzip()).collect();
    assert_eq!(kept, expected, "each place as given, or none");
}
