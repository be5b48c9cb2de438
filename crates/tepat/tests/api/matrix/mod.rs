//! The authorization matrix: every route × every role (and anonymous) × a target inside and
//! outside the caller's region scope, each with its expected status. A route served by the
//! application without a row here fails the test, so no route ships unexamined.

//!
//! The table is split by feature, one file each, read in the order [`rows`] gives; the
//! harness (who calls, what each call should get) is here, the objects requests point at in
//! `fixture.rs` and the request builders in `requests.rs`.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Method;
use serde_json::{Value, json};
use tepat::accounts::service::{self, Acting, TokenInput};
use tepat::auth::Role;
use tepat::clock::Clock;

use crate::common::TestApp;

mod accounts;
mod applications;
mod budgets;
mod changes;
mod civil;
mod complaints;
mod cycles;
mod deliberations;
mod distribution;
mod donations;
mod duplicates;
mod enrolment;
mod fixture;
mod import;
mod monitoring;
mod notifications;
mod objections;
mod payments;
mod programmes;
mod proposals;
mod public;
mod registry;
mod requests;
mod review;
mod usul;
mod vouchers;

use fixture::{Caller, Fixture, callers, fixture, scope_of};
use requests::*;

const INSIDE: &str = "31.75.07.1003"; // Klender, Duren Sawit, Jakarta Timur
const OUTSIDE: &str = "32.73.01.1001"; // Sukarasa, Sukasari, Kota Bandung
const CSRF: &str = "matrixcsrftokenmatrixcsrftokenmatrixcsrftok";

/// Who may use a route.
#[derive(Clone, Copy)]
enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in officials (or API callers) of these roles.
    Roles(&'static [Role]),
}

const ALL: &[Role] = &Role::ALL;
const ADMIN: &[Role] = &[Role::Administrator];
const REGISTRY_READERS: &[Role] = &[
    Role::VillageOperator,
    Role::Facilitator,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
];
const NUMBER_READERS: &[Role] = &[
    Role::VillageOperator,
    Role::Facilitator,
    Role::DistrictOfficer,
];
const REGISTRY_WRITERS: &[Role] = &[Role::VillageOperator, Role::DistrictOfficer];
const ACCESS_AUDITORS: &[Role] = &[Role::DistrictOfficer, Role::Auditor];
const PROPOSERS: &[Role] = &[Role::VillageOperator];
const CIVIL_IMPORTERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
const DECIDERS: &[Role] = &[Role::DistrictOfficer];
const DUPLICATE_READERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
];
const RUN_STARTERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::MinistryOfficer,
    Role::Administrator,
];
const RUN_READERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
    Role::Administrator,
];
const APPLICATION_READERS: &[Role] = &[
    Role::VillageOperator,
    Role::Facilitator,
    Role::DistrictOfficer,
];
const APPLICATION_REVIEWERS: &[Role] = &[Role::VillageOperator, Role::Facilitator];
const RULE_PREVIEWERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
const RULE_PUBLISHERS: &[Role] = &[Role::MinistryOfficer];
const ENROLMENT_READERS: &[Role] = REGISTRY_READERS;
const ENROLMENT_PREPARERS: &[Role] = &[
    Role::VillageOperator,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
/// Approve, reject and put forward.
const ENROLMENT_DECIDERS: &[Role] = RULE_PREVIEWERS;
const MONITORS: &[Role] = DUPLICATE_READERS;
/// No batch has this id.
const NO_BATCH: i64 = 987_654;
const WELFARE_MANAGERS: &[Role] = &[Role::MinistryOfficer];
const PROPOSAL_READERS: &[Role] = ENROLMENT_READERS;
const PROPOSAL_MAKERS: &[Role] = &[Role::VillageOperator, Role::Facilitator];
const PROPOSAL_DECIDERS: &[Role] = &[
    Role::VillageOperator,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
];
/// No objection has this id.
const NO_OBJECTION: i64 = 987_656;
/// No proposal has this id.
const NO_PROPOSAL: i64 = 987_655;

const EVENT_READERS: &[Role] = &[
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::MinistryOfficer,
    Role::Auditor,
    Role::Administrator,
];

/// The target of a request: inside or outside the caller's scope.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Target {
    Inside,
    Outside,
}

type Build = fn(&Fixture, Target) -> Req;

const GET: Method = Method::GET;
const POST: Method = Method::POST;

/// One row: the route, who may use it, whether the region scope applies, the success status.
struct Row {
    method: Method,
    path: &'static str,
    access: Access,
    scoped: bool,
    ok: u16,
    build: Build,
}

const fn row(
    method: Method,
    path: &'static str,
    access: Access,
    scoped: bool,
    ok: u16,
    build: Build,
) -> Row {
    Row {
        method,
        path,
        access,
        scoped,
        ok,
        build,
    }
}

/// Every route's rows, feature by feature, in the order they are sent.
fn rows() -> Vec<&'static Row> {
    use Access::*;
    const LOGOUT: &[Row] = &[
        // Last, because logging out ends the callers' sessions.
        row(POST, "/keluar", Public, false, 303, |_, _| {
            form("/keluar", &[])
        }),
    ];
    [
        public::ROWS,
        accounts::ROWS,
        registry::ROWS,
        import::ROWS,
        changes::ROWS,
        review::ROWS,
        programmes::ROWS,
        civil::ROWS,
        applications::ROWS,
        duplicates::ROWS,
        enrolment::ROWS,
        monitoring::ROWS,
        proposals::ROWS,
        usul::ROWS,
        objections::ROWS,
        complaints::ROWS,
        deliberations::ROWS,
        budgets::ROWS,
        cycles::ROWS,
        payments::ROWS,
        vouchers::ROWS,
        notifications::ROWS,
        distribution::ROWS,
        donations::ROWS,
        LOGOUT,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Scoped routes that refuse with 403 outside the scope: the caller names the region (or
/// the account) in the request, or sees the record (a pair with one person inside) but may
/// not act on it. Every other scoped route looks a record up by id, and one outside the
/// scope answers like a missing one.
const REGION_NAMED: &[&str] = &[
    "/keluarga/ekspor",
    "/wilayah/{code}",
    "/akun/baru",
    "/token",
    "/api/v1/accounts",
    "/api/v1/tokens",
    "/api/v1/households",
    "/duplikat/{id}/putusan",
    "/api/v1/duplicates/pairs/{id}/decision",
];

fn expected(row: &Row, caller: &Caller, target: Target) -> u16 {
    let api = row.path.starts_with("/api/v1/");
    match (row.access, caller.role) {
        (Access::Public, _) => row.ok,
        (Access::Roles(_), None) => {
            if api {
                401
            } else {
                303
            }
        }
        (Access::Roles(roles), Some(role)) if !roles.contains(&role) => 403,
        (Access::Roles(_), Some(role)) => {
            if row.scoped && target == Target::Outside && scope_of(role).is_some() {
                // A record outside the scope answers like a missing one; a region the
                // caller names outside it is refused.
                if REGION_NAMED.contains(&row.path) {
                    403
                } else {
                    404
                }
            } else {
                row.ok
            }
        }
    }
}

/// Sends with explicit cookies: a client without a cookie jar, so nothing else is sent.
async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    row: &Row,
    caller: &Caller,
    req: Req,
) -> u16 {
    // Each request from its own address (the test server trusts 127.0.0.1 as a proxy), so
    // that limits per client address do not stand in for the permission being checked.
    static SENT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let address = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
    let mut builder = client
        .request(row.method.clone(), app.url(&req.path))
        .header("x-forwarded-for", address);
    let api = row.path.starts_with("/api/v1/");
    let mut cookie = format!("tepat_csrf={CSRF}");
    if api {
        if let Some(token) = &caller.token {
            builder = builder.bearer_auth(token);
        }
    } else if let Some(session) = &caller.session {
        cookie.push_str(&format!("; tepat_session={session}"));
    }
    builder = builder.header("cookie", cookie);
    if let Some(mut fields) = req.form {
        fields.push(("csrf_token".into(), caller.csrf.clone()));
        builder = builder.form(&fields);
    }
    if let Some(body) = req.json {
        builder = builder.header("idempotency-key", unique()).json(&body);
    }
    match req.upload {
        Some(Upload::Form(bytes)) => {
            let part = reqwest::multipart::Part::bytes(bytes).file_name("keluarga.csv");
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", caller.csrf.clone())
                .part("berkas", part);
            builder = builder.multipart(form);
        }
        Some(Upload::Fields(fields)) => {
            let mut form = reqwest::multipart::Form::new().text("csrf_token", caller.csrf.clone());
            for (name, value) in fields {
                form = form.text(name, value);
            }
            builder = builder.multipart(form);
        }
        Some(Upload::Raw(bytes)) => {
            builder = builder
                .header("idempotency-key", unique())
                .header("content-type", "text/csv")
                .body(bytes);
        }
        Some(Upload::Xml(bytes)) => {
            builder = builder
                .header("idempotency-key", unique())
                .header("content-type", "application/xml")
                .body(bytes);
        }
        None => {}
    }
    builder.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn every_route_is_in_the_matrix() {
    let served: BTreeSet<(String, String)> = tepat::app::route_list()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p))
        .collect();
    let listed: BTreeSet<(String, String)> = rows()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    let missing: Vec<_> = served.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the authorization matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "matrix rows for routes that do not exist: {stale:?}"
    );
}

#[tokio::test]
async fn every_route_role_and_scope_gets_the_expected_status() {
    let app = TestApp::spawn().await;
    let fixture = fixture(&app).await;
    let callers = callers(&app).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in rows() {
        for caller in &callers {
            for target in [Target::Inside, Target::Outside] {
                let req = (row.build)(&fixture, target);
                let shown = req.path.clone();
                let want = expected(row, caller, target);
                let got = send(&app, &client, row, caller, req).await;
                if row.path.ends_with("/proses") || row.path.ends_with("/duplicates/runs") {
                    // One run at a time: the next caller would otherwise find it running.
                    crate::duplicates::wait_for_runs(&app).await;
                }
                checked += 1;
                if got != want {
                    let who = caller.role.map(|r| r.as_str()).unwrap_or("anonymous");
                    failures.push(format!(
                        "{} {shown} as {who} ({target:?}): got {got}, want {want}",
                        row.method
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
