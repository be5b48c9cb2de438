//! Demo households in Kecamatan Duren Sawit, so the registry pages show something —
//! including persons registered twice, which the check at entry puts in the duplicate queue.

use serde_json::json;
use time::OffsetDateTime;

use crate::auth::{Principal, Role};
use crate::db::Db;
use crate::events::Actor;
use crate::registry::service::{self, NewHousehold};

/// (KK, village, address, members as (NIK, name, birth date, sex, relationship)).
type Family = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )],
);

const FAMILIES: [Family; 7] = [
    (
        "3175071503150001",
        "31.75.07.1003",
        "Jl. Teratai No. 5",
        &[
            (
                "3175072105870001",
                "Budi Santoso",
                "1987-05-21",
                "L",
                "kepala",
            ),
            ("3175076708890002", "Ani Rahayu", "1989-08-27", "P", "istri"),
            ("3175070101150003", "Rizki", "2015-01-01", "L", "anak"),
        ],
    ),
    (
        "3175071604160002",
        "31.75.07.1003",
        "Gg. Masjid No. 2",
        &[(
            "3175074402600004",
            "Siti Aminah",
            "1960-02-04",
            "P",
            "kepala",
        )],
    ),
    (
        "3175071001180003",
        "31.75.07.1002",
        "Jl. Pahlawan Revolusi No. 17",
        &[
            (
                "3175071203750005",
                "Joko Susilo",
                "1975-03-12",
                "L",
                "kepala",
            ),
            (
                "3175075509780006",
                "Sri Wahyuni",
                "1978-09-15",
                "P",
                "istri",
            ),
            (
                "3175072306050007",
                "Dimas Saputra",
                "2005-06-23",
                "L",
                "anak",
            ),
            ("3175074711080008", "Ayu Lestari", "2008-11-07", "P", "anak"),
        ],
    ),
    (
        "3175070207190004",
        "31.75.07.1005",
        "Jl. Malaka Raya No. 40",
        &[
            (
                "3175071908550009",
                "Ahmad Hidayat",
                "1955-08-19",
                "L",
                "kepala",
            ),
            ("3175075003580010", "Nurhayati", "1958-03-10", "P", "istri"),
        ],
    ),
    // Two persons registered twice, for the duplicate review queue: Muhammad Rizki
    // again as "Mochamad" with one NIK digit mistyped, in another village; and Ahmad
    // Hidayat, moved out, registered again in Malaka Jaya with his father's name and two
    // NIK digits swapped.
    (
        "3175071105200005",
        "31.75.07.1004",
        "Jl. Kalimalang No. 12",
        &[
            (
                "3175071407850011",
                "Muhammad Rizki",
                "1985-07-14",
                "L",
                "kepala",
            ),
            (
                "3175075209870012",
                "Dewi Lestari",
                "1987-09-12",
                "P",
                "istri",
            ),
        ],
    ),
    (
        "3175070306210006",
        "31.75.07.1007",
        "Jl. Swadaya No. 3",
        &[(
            "3175071407850017",
            "Mochamad Rizki",
            "1985-07-14",
            "L",
            "kepala",
        )],
    ),
    (
        "3175071209220007",
        "31.75.07.1006",
        "Jl. Delima No. 8",
        &[(
            "3175071908550090",
            "Ahmad Hidayat bin Umar",
            "1955-08-19",
            "L",
            "kepala",
        )],
    ),
];

/// The demo families' surveys, in the order of `FAMILIES`, from a poor household on an earth
/// floor to a comfortable one: floor area per person, floor, walls, roof, water, toilet,
/// electricity (VA), cooking fuel, income bracket. The last family is not surveyed yet
/// (*belum didata*).
const SURVEYS: [&str; 6] = [
    "6 tanah bambu seng sumur_tak_terlindung bersama 450 kayu_bakar 1",
    "9 semen tembok_tanpa_plester seng sumur_terlindung bersama 450 elpiji_3kg 2",
    "12 semen tembok genteng ledeng sendiri 900 elpiji_3kg 2",
    "18 keramik tembok genteng ledeng sendiri 1300 elpiji_3kg 3",
    "30 keramik tembok beton air_kemasan sendiri 2200 elpiji 5",
    "8 kayu kayu seng sumur_terlindung bersama 900 minyak_tanah 1",
];

fn survey(family: usize) -> serde_json::Value {
    let answers: Vec<&str> = SURVEYS
        .get(family)
        .map(|line| line.split(' ').collect())
        .unwrap_or_default();
    let [area, floor, wall, roof, water, toilet, va, fuel, income] = answers.as_slice() else {
        return serde_json::Value::Null;
    };
    let number = |text: &str| text.parse::<u32>().unwrap_or_default();
    let better_off = family >= 2 && family != 5;
    json!({"floor_area_per_person_m2": number(area), "floor_material": floor,
        "wall_material": wall, "roof_material": roof, "water_source": water,
        "sanitation": toilet, "electricity_va": number(va), "cooking_fuel": fuel,
        "owns_motorbike": better_off, "owns_land": family == 4, "owns_livestock": family == 5,
        "has_savings": family >= 3, "income_bracket": income})
}

/// Registers the demo families; households that already exist are left as they are.
pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<usize> {
    let seeder = Principal {
        actor: Actor::system(),
        name: "demo".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    let mut created = 0;
    for (family, (kk, village, address, members)) in FAMILIES.into_iter().enumerate() {
        let members: Vec<_> = members
            .iter()
            .map(|(nik, name, born, sex, relationship)| {
                json!({"nik": nik, "name": name,
                "birth_place": "Jakarta", "birth_date": born, "sex": sex,
                "relationship": relationship})
            })
            .collect();
        let mut household = json!({"kk": kk,
            "village_code": village, "address": address, "rt": "3", "rw": "7",
            "phone": "0812 3456 7890", "members": members});
        let survey = survey(family);
        if !survey.is_null() {
            household["survey"] = survey;
        }
        let input: NewHousehold = serde_json::from_value(household)?;
        let check = crate::duplicates::notices::DuplicateNotices;
        if service::create(db, &seeder, None, &input, now, &check)
            .await
            .is_ok()
        {
            created += 1;
        }
    }
    report_death(db, now).await?;
    Ok(created)
}

/// Ahmad Hidayat's death, reported by the civil registry a month ago, so the review pages
/// show a flag. A later run finds him already deceased and changes nothing.
async fn report_death(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let date = crate::registry::dates::iso(crate::clock::today(now) - time::Duration::days(30));
    let file = format!(
        "event,nik,event_date,reference\nkematian,3175071908550009,{date},AKTA-3175-0042\n"
    );
    let acting = crate::registry::store::Acting {
        actor: Actor::system(),
        request_id: None,
        reason: "demo".into(),
    };
    let applying = crate::civil::Applying {
        acting: &acting,
        scope: None,
        now,
    };
    let mut report = crate::sheets::Report::new(None, crate::web::i18n::Lang::Id)?;
    crate::civil::import_bytes(db, file.as_bytes(), &applying, &mut report).await?;
    Ok(())
}
