//! What the money benchmarks share: officials acting through the services, a synthetic
//! registry of Sembako households in DKI Jakarta, and a funded national budget line.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use tepat::auth::{Principal, Role};
use tepat::budgets::service::{self as budgets, AllocationInput, LineInput};
use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::events::{Action, Actor, ActorKind, Changes, NewEvent};

pub fn official(id: i64, role: Role) -> Principal {
    Principal {
        actor: Actor {
            kind: ActorKind::Account,
            id: Some(id),
            role: role.as_str().to_owned(),
        },
        name: format!("Petugas {id}"),
        role,
        region: None,
        token_scopes: None,
    }
}

/// `households` households in Jakarta's villages, one to six living members each, every
/// one enrolled in Sembako.
pub async fn fill(db: &Db, households: i64) {
    let fill = format!(
        "INSERT INTO households (id, kk_number, region_code, address, rt, rw, survey, status, \
         version, content_hash, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {households}), \
         v AS (SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM regions \
               WHERE level = 4 AND code LIKE '31.%'), \
         c AS (SELECT COUNT(*) AS total FROM v) \
         SELECT n.i, 'KK' || n.i, v.code, 'Jl. Uji', '1', '1', '{{}}', 'active', 1, 'x', \
           '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' \
         FROM n CROSS JOIN c JOIN v ON v.k = n.i % c.total"
    );
    sqlx::query(sqlx::AssertSqlSafe(fill))
        .execute(&db.pool)
        .await
        .unwrap();
    let members = "INSERT INTO persons (nik, household_id, region_code, full_name, name_key, \
         birth_place, birth_date, sex, relationship, life_status, version, content_hash, \
         created_at, updated_at) \
         SELECT 'N' || h.id || '-' || m.j, h.id, h.region_code, 'Uji', 'uji', 'Jakarta', \
           (1940 + (h.id * 7 + m.j * 13) % 85) || '-0' || (1 + m.j % 9) || '-1' || (m.j % 9), \
           CASE WHEN m.j % 2 = 0 THEN 'L' ELSE 'P' END, \
           CASE WHEN m.j = 1 THEN 'kepala' ELSE 'anak' END, 'hidup', 1, 'x', \
           '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' \
         FROM households h JOIN (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3 \
           UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) m \
           ON m.j <= 1 + h.id % 6";
    sqlx::query(members).execute(&db.pool).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let event = NewEvent {
        actor: Actor::system(),
        action: Action("enrolment.bench"),
        subject_type: "programme",
        subject_id: "SEMBAKO".to_owned(),
        region: None,
        changes: Changes::new(),
        request_id: None,
    };
    let event = tepat::events::store::record(&mut tx, event, SystemClock.now())
        .await
        .unwrap();
    let enrol = format!(
        "INSERT INTO enrolments (programme_code, household_id, region_code, status, source, \
         started_at, actor_kind, actor_role, event_id) \
         SELECT 'SEMBAKO', id, region_code, 'active', 'batch', '2026-01-01T00:00:00Z', \
         'system', 'system', {} FROM households",
        event.0
    );
    sqlx::query(sqlx::AssertSqlSafe(enrol))
        .execute(&mut *tx)
        .await
        .unwrap();
    // Every household holds an account at one of the four state banks, in turn.
    let accounts = "INSERT INTO recipient_accounts (household_id, channel, provider, \
         account_number, holder_name, source, updated_at) \
         SELECT id, 'bank_transfer', CASE id % 4 WHEN 0 THEN 'BRINIDJA' WHEN 1 THEN 'BNINIDJA' \
         WHEN 2 THEN 'BMRIIDJA' ELSE 'BTANIDJA' END, CAST(100000000000 + id AS TEXT), \
         'PENERIMA ' || id, 'bench', '2026-01-01T00:00:00Z' FROM households";
    sqlx::query(accounts).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

/// A national Sembako line with its allocation to DKI Jakarta approved; the allocation id.
pub async fn budget(db: &Db, households: i64) -> i64 {
    let (maker, checker) = (
        official(1, Role::MinistryOfficer),
        official(2, Role::MinistryOfficer),
    );
    let now = SystemClock.now();
    let line = LineInput {
        programme: "SEMBAKO".to_owned(),
        year: 2027,
        source: "APBN".to_owned(),
        amount: households * 200_000 * 2,
        purpose: "Sembako 2027".to_owned(),
    };
    let line = budgets::create_line(db, &maker, &line, None, now)
        .await
        .unwrap();
    let allocation = AllocationInput {
        region: "31".to_owned(),
        amount: households * 200_000,
        note: "Sembako DKI".to_owned(),
    };
    let allocation = budgets::allocate(db, &maker, line.id, &allocation, None, now)
        .await
        .unwrap();
    budgets::decide(db, &checker, allocation.id, true, "", None, now)
        .await
        .unwrap();

    allocation.id
}
