//! The objects requests point at, one per target, and the callers: one per role (and
//! anonymous), each with a session and a token.

use super::*;

/// Objects that requests point at, one per target.
pub(super) struct Fixture {
    pub(super) account_in: i64,
    pub(super) account_out: i64,
    pub(super) token_in: i64,
    pub(super) token_out: i64,
    /// (household id, person id) inside and outside.
    pub(super) registry_in: (i64, i64),
    pub(super) registry_out: (i64, i64),
    /// Finished import jobs started inside and outside.
    pub(super) job_in: i64,
    pub(super) job_out: i64,
    /// Open duplicate pairs inside (one for the API decision, one for the page's) and
    /// one outside.
    pub(super) pairs_in: [i64; 2],
    pub(super) pair_out: i64,
    /// A finished duplicate run.
    pub(super) run: i64,
    /// A national BLT Dana Desa enrolment batch.
    pub(super) batch: i64,
    /// A finished scoring run started from the web, and a kept fit per target (each is
    /// published once).
    pub(super) welfare_job: i64,
    pub(super) welfare_drafts: [i64; 2],
    /// Proposed change requests inside (for the API approval, the API return and the
    /// page decision) and one outside, each with one evidence file (request id, file id).
    pub(super) changes_in: [(i64, i64); 3],
    pub(super) change_out: (i64, i64),
    /// Requests returned to their village inside (for the page's correction and the API's
    /// resend); outside, the proposed one stands in.
    pub(super) returned_in: [i64; 2],
    /// A review flag on the person inside and outside.
    pub(super) flag_in: i64,
    pub(super) flag_out: i64,
    /// Applications: one to read inside and outside (id, document id, form id), and pools
    /// of submitted and verified ones inside, each handed out once, so every caller allowed
    /// a step finds an application ready for it.
    pub(super) application_in: (i64, i64, String),
    pub(super) application_out: (i64, i64, String),
    pub(super) submitted_pool: Pool,
    pub(super) verified_pool: Pool,
    pub(super) submitted_out: i64,
    pub(super) verified_out: i64,
    /// An objection (with a photo) to the household inside and outside, with its tracking
    /// code.
    pub(super) objection_in: (i64, String),
    pub(super) objection_out: (i64, String),
    /// A deliberation announced in Klender for next week.
    pub(super) deliberation: i64,
    /// A proposal inside and outside (each for the household there).
    pub(super) proposal_in: i64,
    pub(super) proposal_out: i64,
}

/// Applications handed out one per request.
pub(super) struct Pool {
    pub(super) ids: Vec<i64>,
    pub(super) next: AtomicUsize,
}

impl Pool {
    pub(super) fn take(&self) -> i64 {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        *self
            .ids
            .get(index)
            .expect("the pool holds one application per inside request")
    }
}

impl Fixture {
    pub(super) fn region(target: Target) -> &'static str {
        if target == Target::Inside {
            INSIDE
        } else {
            OUTSIDE
        }
    }
    /// The account a new token for the target acts as.
    pub(super) fn username(target: Target) -> &'static str {
        if target == Target::Inside {
            "target.inside"
        } else {
            "target.outside"
        }
    }
    pub(super) fn account(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.account_in
        } else {
            self.account_out
        }
    }
    pub(super) fn household(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.registry_in.0
        } else {
            self.registry_out.0
        }
    }
    pub(super) fn person(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.registry_in.1
        } else {
            self.registry_out.1
        }
    }
    pub(super) fn job(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.job_in
        } else {
            self.job_out
        }
    }
    /// The `n`th proposed change request for the target, with its evidence file.
    pub(super) fn change(&self, target: Target, n: usize) -> (i64, i64) {
        if target == Target::Inside {
            self.changes_in[n]
        } else {
            self.change_out
        }
    }
    /// The `n`th returned change request for the target.
    pub(super) fn returned(&self, target: Target, n: usize) -> i64 {
        if target == Target::Inside {
            self.returned_in[n]
        } else {
            self.change_out.0
        }
    }
    pub(super) fn flag(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.flag_in
        } else {
            self.flag_out
        }
    }
    pub(super) fn application(&self, target: Target) -> &(i64, i64, String) {
        if target == Target::Inside {
            &self.application_in
        } else {
            &self.application_out
        }
    }
    /// A submitted application ready for a step: a fresh one inside, the same one outside.
    pub(super) fn submitted(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.submitted_pool.take()
        } else {
            self.submitted_out
        }
    }
    /// A verified application ready to be accepted.
    pub(super) fn verified(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.verified_pool.take()
        } else {
            self.verified_out
        }
    }
    pub(super) fn pair(&self, target: Target, n: usize) -> i64 {
        if target == Target::Inside {
            self.pairs_in[n]
        } else {
            self.pair_out
        }
    }
    pub(super) fn welfare_draft(&self, target: Target) -> i64 {
        self.welfare_drafts[usize::from(target != Target::Inside)]
    }
    pub(super) fn objection(&self, target: Target) -> &(i64, String) {
        if target == Target::Inside {
            &self.objection_in
        } else {
            &self.objection_out
        }
    }
    pub(super) fn proposal(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.proposal_in
        } else {
            self.proposal_out
        }
    }
    pub(super) fn token(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.token_in
        } else {
            self.token_out
        }
    }
}

/// The region scope each role's test account works in; every one contains Klender.
pub(super) fn scope_of(role: Role) -> Option<&'static str> {
    match role {
        Role::Citizen | Role::VillageOperator | Role::Merchant => Some(INSIDE),
        Role::Facilitator => Some("31.75.07"),
        Role::DistrictOfficer | Role::Auditor | Role::Administrator | Role::Donor => Some("31.75"),
        Role::ProvinceOfficer | Role::Bank => Some("31"),
        Role::MinistryOfficer => None,
    }
}

/// A caller: anonymous, or a role with a session and an all-scopes API token.
pub(super) struct Caller {
    pub(super) role: Option<Role>,
    pub(super) session: Option<String>,
    pub(super) token: Option<String>,
    /// The CSRF token the server signs for this caller's cookies.
    pub(super) csrf: String,
}

/// The CSRF token the login page renders for a visitor sending exactly `cookie`.
pub(super) async fn csrf_for(app: &TestApp, cookie: &str) -> String {
    let html = reqwest::Client::new()
        .get(app.url("/masuk"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    crate::common::form_token(&html)
}

pub(super) async fn callers(app: &TestApp) -> Vec<Caller> {
    let mut list = vec![Caller {
        role: None,
        session: None,
        token: None,
        csrf: csrf_for(app, &format!("tepat_csrf={CSRF}")).await,
    }];
    for role in Role::ALL {
        let username = format!("matrix.{}", role.as_str());
        let id = app
            .add_account(&username, role.as_str(), scope_of(role))
            .await;
        let session =
            tepat::accounts::session::create(&app.db, tepat::auth::AccountId(id), app.clock.now())
                .await
                .unwrap();
        let input = TokenInput {
            name: format!("matrix {role}"),
            username,
            scopes: Vec::new(),
            all_scopes: true,
        };
        let token = service::create_token(&app.db, Acting::CommandLine, &input, app.clock.now())
            .await
            .unwrap()
            .secret;
        let csrf = csrf_for(app, &format!("tepat_csrf={CSRF}; tepat_session={session}")).await;
        list.push(Caller {
            role: Some(role),
            session: Some(session),
            token: Some(token),
            csrf,
        });
    }
    list
}

/// The target accounts inside and outside, and a token of each: (account in, account out,
/// token in, token out).
pub(super) async fn accounts_and_tokens(app: &TestApp) -> (i64, i64, i64, i64) {
    let account_in = app
        .add_account("target.inside", "village_operator", Some(INSIDE))
        .await;
    let account_out = app
        .add_account("target.outside", "village_operator", Some(OUTSIDE))
        .await;
    let token = |target: Target| TokenInput {
        name: "target".into(),
        username: Fixture::username(target).into(),
        scopes: vec!["regions:read".into()],
        all_scopes: false,
    };
    let now = app.clock.now();
    let create = |target| async move {
        service::create_token(&app.db, Acting::CommandLine, &token(target), now)
            .await
            .unwrap()
            .id
            .0
    };
    let token_in = create(Target::Inside).await;
    let token_out = create(Target::Outside).await;
    (account_in, account_out, token_in, token_out)
}

pub(super) async fn fixture(app: &TestApp) -> Fixture {
    let (account_in, account_out, token_in, token_out) = accounts_and_tokens(app).await;
    let registry_in = crate::registry::seed(app, INSIDE, "317507", 9999).await;
    let registry_out = crate::registry::seed(app, OUTSIDE, "327301", 9999).await;
    let flag_in = crate::civil::flag_death(app, "3175072105879999").await;
    let flag_out = crate::civil::flag_death(app, "3273012105879999").await;
    let pairs_in = [
        crate::duplicates::open_pair(app, INSIDE, 8801).await,
        crate::duplicates::open_pair(app, INSIDE, 8802).await,
    ];
    let pair_out = crate::duplicates::open_pair(app, OUTSIDE, 8803).await;
    let run = crate::duplicates::finished_run(app).await;
    let batch = crate::enrolment::national_batch(app, "BLT_DD").await;
    let application_in = readable_application(app, INSIDE, "317507").await;
    let application_out = readable_application(app, OUTSIDE, "327301").await;
    let submitted_pool = application_pool(app, APPLICATION_STEP_ROWS * 12, false).await;
    let verified_pool = application_pool(app, APPLICATION_ACCEPT_ROWS * 12, true).await;
    let submitted_out = application(app, OUTSIDE, "327301", false).await;
    let verified_out = application(app, OUTSIDE, "327301", true).await;
    let welfare = crate::targeting::fixtures::matrix_records(app).await;
    Fixture {
        account_in,
        account_out,
        token_in,
        token_out,
        registry_in,
        registry_out,
        job_in: finished_job(app, INSIDE).await,
        job_out: finished_job(app, OUTSIDE).await,
        changes_in: [
            proposed_change(app, registry_in.0, INSIDE).await,
            proposed_change(app, registry_in.0, INSIDE).await,
            proposed_change(app, registry_in.0, INSIDE).await,
        ],
        change_out: proposed_change(app, registry_out.0, OUTSIDE).await,
        returned_in: returned_changes(app, registry_in.0, INSIDE).await,
        flag_in,
        flag_out,
        pairs_in,
        pair_out,
        run,
        batch,
        welfare_job: welfare.0,
        welfare_drafts: welfare.1,
        application_in,
        application_out,
        submitted_pool,
        verified_pool,
        submitted_out,
        verified_out,
        objection_in: objection(app, INSIDE, "317507").await,
        objection_out: objection(app, OUTSIDE, "327301").await,
        deliberation: deliberation(app).await,
        proposal_in: proposal(app, registry_in.0, INSIDE).await,
        proposal_out: proposal(app, registry_out.0, OUTSIDE).await,
    }
}

/// A household of `village` enrolled in disaster relief, and an objection to it (with a
/// photo) by a neighbour: (id, tracking code).
async fn objection(app: &TestApp, village: &str, digits: &str) -> (i64, String) {
    let officer = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "dinsos".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    let household = |serial: u32, nik: &str, name: &str, born: &str| {
        serde_json::from_value::<tepat::registry::service::NewHousehold>(json!({
            "kk": format!("{digits}150315{serial}"), "village_code": village,
            "address": format!("Jl. Tetangga {serial}"), "rt": "1", "rw": "2",
            "members": [{"nik": nik, "name": name, "birth_place": "Bandung", "birth_date": born,
                "sex": "P", "relationship": "kepala"}]}))
        .unwrap()
    };
    let notices = tepat::duplicates::notices::DuplicateNotices;
    let now = app.clock.now();
    let recipient = household(
        9996,
        &format!("{digits}4303759996"),
        "Rahmawati",
        "1975-03-03",
    );
    let recipient =
        tepat::registry::service::create(&app.db, &officer, None, &recipient, now, &notices)
            .await
            .unwrap();
    let enrolment = tepat::enrolment::service::put_forward(
        &app.db,
        &officer,
        "BENCANA",
        recipient,
        "Rumah rusak karena banjir",
        None,
        now,
    )
    .await
    .unwrap()
    .id;
    let nik = format!("{digits}5501909997");
    let neighbour = household(9997, &nik, "Sri Wahyuningsih", "1990-01-15");
    tepat::registry::service::create(&app.db, &officer, None, &neighbour, now, &notices)
        .await
        .unwrap();
    let input = tepat::objections::service::ObjectionInput {
        enrolment_id: enrolment,
        reason: "not_poor".into(),
        description: "Rumah sudah diperbaiki dan punya mobil".into(),
        nik,
        birth_date: "1990-01-15".into(),
        photo: Some(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
        latitude: "-6.2".into(),
        longitude: "106.9".into(),
    };
    let code = tepat::objections::service::submit(&app.db, &input, None, now)
        .await
        .unwrap();
    let id = sqlx::query_scalar("SELECT id FROM objections WHERE tracking_code = $1")
        .bind(code.clone())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (id, code)
}

/// A deliberation announced in Klender for next week by its operator.
async fn deliberation(app: &TestApp) -> i64 {
    let operator = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "operator".into(),
        role: Role::VillageOperator,
        region: Some(tepat::region_code::RegionCode::parse(INSIDE).unwrap()),
        token_scopes: None,
    };
    let next_week = tepat::clock::today(app.clock.now()) + time::Duration::days(7);
    tepat::deliberations::service::schedule(
        &app.db,
        &operator,
        INSIDE,
        &next_week.to_string(),
        "Balai Warga",
        app.clock.now(),
    )
    .await
    .unwrap()
    .id
}

/// A proposal to add `household` to PKH, by a facilitator of `village`.
async fn proposal(app: &TestApp, household: i64, village: &str) -> i64 {
    use tepat::proposals::service::{self, ProposalInput};
    let facilitator = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "pendamping".into(),
        role: Role::Facilitator,
        region: Some(tepat::region_code::RegionCode::parse(village).unwrap()),
        token_scopes: None,
    };
    let input = ProposalInput {
        kind: "enrol".into(),
        household_id: household,
        programme: "PKH".into(),
        reason: String::new(),
        note: "Rumah tidak layak huni".into(),
    };
    service::propose(&app.db, &facilitator, &input, None, app.clock.now())
        .await
        .unwrap()
        .id
}

/// Rows that verify or reject a submitted application, and rows that accept a verified one;
/// each is sent inside by every caller (12), and the allowed ones succeed.
pub(super) const APPLICATION_STEP_ROWS: usize = 3;
pub(super) const APPLICATION_ACCEPT_ROWS: usize = 2;

pub(super) async fn application(
    app: &TestApp,
    village: &str,
    district: &str,
    verified: bool,
) -> i64 {
    let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
    crate::applications::submitted(app, village, district, serial, verified)
        .await
        .0
}

pub(super) async fn application_pool(app: &TestApp, size: usize, verified: bool) -> Pool {
    let mut ids = Vec::with_capacity(size);
    for _ in 0..size {
        ids.push(application(app, INSIDE, "317507", verified).await);
    }
    Pool {
        ids,
        next: AtomicUsize::new(0),
    }
}

/// An application with a document, for reading: (id, document id, form id).
pub(super) async fn readable_application(
    app: &TestApp,
    village: &str,
    district: &str,
) -> (i64, i64, String) {
    let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
    let (id, form) = crate::applications::submitted(app, village, district, serial, false).await;
    let file: i64 = sqlx::query("SELECT id FROM application_documents WHERE application_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .map(|row| sqlx::Row::get(&row, 0))
        .unwrap();
    (id, file, form)
}

/// A proposed address correction of `household` with a PDF as evidence.
pub(super) async fn proposed_change(app: &TestApp, household: i64, village: &str) -> (i64, i64) {
    use tepat::changes::service::{self, NewProposal};
    use tepat::changes::{Proposal, store};
    let operator = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "operator".into(),
        role: Role::VillageOperator,
        region: Some(tepat::region_code::RegionCode::parse(village).unwrap()),
        token_scopes: None,
    };
    let proposal = Proposal::KoreksiKeluarga {
        address: format!("Jl. Koreksi {}", unique()),
        rt: "1".into(),
        rw: "2".into(),
        phone: String::new(),
    };
    let evidence = [store::Evidence {
        file_name: "bukti.pdf".into(),
        content: b"%PDF-1.4\n".to_vec(),
    }];
    let new = NewProposal {
        household_id: tepat::registry::store::HouseholdId(household),
        proposal: &proposal,
        reason: "Alamat salah ketik",
        evidence: &evidence,
    };
    let id = service::propose(&app.db, &operator, new, None, app.clock.now())
        .await
        .unwrap()
        .id
        .0;
    let file: i64 =
        sqlx::query("SELECT id FROM change_request_evidence WHERE change_request_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .map(|row| sqlx::Row::get(&row, 0))
            .unwrap();
    (id, file)
}

/// Two proposed changes of `household`, returned to its village with a note.
pub(super) async fn returned_changes(app: &TestApp, household: i64, village: &str) -> [i64; 2] {
    [
        returned_change(app, household, village).await,
        returned_change(app, household, village).await,
    ]
}

pub(super) async fn returned_change(app: &TestApp, household: i64, village: &str) -> i64 {
    use tepat::changes::{ChangeRequestId, Decision, service};
    let (id, _) = proposed_change(app, household, village).await;
    let officer = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "officer".into(),
        role: Role::DistrictOfficer,
        region: None,
        token_scopes: None,
    };
    let (id, note) = (ChangeRequestId(id), "Lampirkan foto KK");
    service::decide(
        &app.db,
        &officer,
        id,
        Decision::Return,
        note,
        None,
        app.clock.now(),
    )
    .await
    .unwrap();
    id.0
}

/// An import job started by an operator of `village`, marked finished with a report.
pub(super) async fn finished_job(app: &TestApp, village: &str) -> i64 {
    use tepat::import::{ImportOptions, jobs};
    let operator = tepat::auth::Principal {
        actor: tepat::events::Actor::system(),
        name: "operator".into(),
        role: Role::VillageOperator,
        region: Some(tepat::region_code::RegionCode::parse(village).unwrap()),
        token_scopes: None,
    };
    let options = ImportOptions {
        scope: Some(village.to_owned()),
        ..Default::default()
    };
    let id = jobs::create(&app.db, &operator, "uji.csv", 10, &options, app.clock.now())
        .await
        .unwrap();
    sqlx::query(
        "UPDATE import_jobs SET status = 'done', report = 'row,column,rule,message\n' \
         WHERE id = $1",
    )
    .bind(id.0)
    .execute(&app.db.pool)
    .await
    .unwrap();
    id.0
}
