//! The authorization matrix: every route × every role (and anonymous) × a target inside and
//! outside the caller's region scope, each with its expected status. A route served by the
//! application without a row here fails the test, so no route ships unexamined.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Method;
use serde_json::{Value, json};
use tepat::accounts::service::{self, Acting, TokenInput};
use tepat::auth::Role;
use tepat::clock::Clock;

use crate::common::TestApp;

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

/// A new valid household for the target's village; numbers unique per call.
fn new_household(target: Target) -> Value {
    let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
    let district = if target == Target::Inside {
        "317507"
    } else {
        "327301"
    };
    json!({"kk": format!("{district}150315{serial:04}"), "village_code": Fixture::region(target),
        "address": "Jl. Uji 1", "rt": "1", "rw": "1",
        "members": [{"nik": format!("{district}210587{serial:04}"), "name": "Uji",
            "birth_place": "Jakarta", "birth_date": "1987-05-21", "sex": "L",
            "relationship": "kepala"}]})
}

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

/// Objects that requests point at, one per target.
struct Fixture {
    account_in: i64,
    account_out: i64,
    token_in: i64,
    token_out: i64,
    /// (household id, person id) inside and outside.
    registry_in: (i64, i64),
    registry_out: (i64, i64),
    /// Finished import jobs started inside and outside.
    job_in: i64,
    job_out: i64,
    /// Proposed change requests inside (for the API approval, the API return and the
    /// Open duplicate pairs inside (one for the API decision, one for the page's) and
    /// one outside.
    pairs_in: [i64; 2],
    pair_out: i64,
    /// A finished duplicate run.
    run: i64,
    /// A national BLT Dana Desa enrolment batch.
    batch: i64,
    /// A finished scoring run started from the web, and a kept fit per target (each is
    /// published once).
    welfare_job: i64,
    welfare_drafts: [i64; 2],
    /// page decision) and one outside, each with one evidence file (request id, file id).
    changes_in: [(i64, i64); 3],
    change_out: (i64, i64),
    /// Requests returned to their village inside (for the page's correction and the API's
    /// resend); outside, the proposed one stands in.
    returned_in: [i64; 2],
    /// A review flag on the person inside and outside.
    flag_in: i64,
    flag_out: i64,
    /// Applications: one to read inside and outside (id, document id, form id), and pools
    /// of submitted and verified ones inside, each handed out once, so every caller allowed
    /// a step finds an application ready for it.
    application_in: (i64, i64, String),
    application_out: (i64, i64, String),
    submitted_pool: Pool,
    verified_pool: Pool,
    submitted_out: i64,
    verified_out: i64,
}

/// Applications handed out one per request.
struct Pool {
    ids: Vec<i64>,
    next: AtomicUsize,
}

impl Pool {
    fn take(&self) -> i64 {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        *self
            .ids
            .get(index)
            .expect("the pool holds one application per inside request")
    }
}

impl Fixture {
    fn region(target: Target) -> &'static str {
        if target == Target::Inside {
            INSIDE
        } else {
            OUTSIDE
        }
    }
    /// The account a new token for the target acts as.
    fn username(target: Target) -> &'static str {
        if target == Target::Inside {
            "target.inside"
        } else {
            "target.outside"
        }
    }
    fn account(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.account_in
        } else {
            self.account_out
        }
    }
    fn household(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.registry_in.0
        } else {
            self.registry_out.0
        }
    }
    fn person(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.registry_in.1
        } else {
            self.registry_out.1
        }
    }
    fn job(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.job_in
        } else {
            self.job_out
        }
    }
    /// The `n`th proposed change request for the target, with its evidence file.
    fn change(&self, target: Target, n: usize) -> (i64, i64) {
        if target == Target::Inside {
            self.changes_in[n]
        } else {
            self.change_out
        }
    }
    /// The `n`th returned change request for the target.
    fn returned(&self, target: Target, n: usize) -> i64 {
        if target == Target::Inside {
            self.returned_in[n]
        } else {
            self.change_out.0
        }
    }
    fn flag(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.flag_in
        } else {
            self.flag_out
        }
    }
    fn application(&self, target: Target) -> &(i64, i64, String) {
        if target == Target::Inside {
            &self.application_in
        } else {
            &self.application_out
        }
    }
    /// A submitted application ready for a step: a fresh one inside, the same one outside.
    fn submitted(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.submitted_pool.take()
        } else {
            self.submitted_out
        }
    }
    /// A verified application ready to be accepted.
    fn verified(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.verified_pool.take()
        } else {
            self.verified_out
        }
    }
    fn pair(&self, target: Target, n: usize) -> i64 {
        if target == Target::Inside {
            self.pairs_in[n]
        } else {
            self.pair_out
        }
    }
    fn welfare_draft(&self, target: Target) -> i64 {
        self.welfare_drafts[usize::from(target != Target::Inside)]
    }
    fn token(&self, target: Target) -> i64 {
        if target == Target::Inside {
            self.token_in
        } else {
            self.token_out
        }
    }
}

/// A concrete request built for a target.
struct Req {
    path: String,
    form: Option<Vec<(String, String)>>,
    json: Option<Value>,
    upload: Option<Upload>,
}

/// A file sent as a web form's upload or as the raw body of an API call.
enum Upload {
    Form(Vec<u8>),
    Raw(Vec<u8>),
    /// A multipart form of text fields only.
    Fields(Vec<(&'static str, String)>),
}

fn at(path: impl Into<String>) -> Req {
    Req {
        path: path.into(),
        form: None,
        json: None,
        upload: None,
    }
}

fn upload(path: impl Into<String>, file: Upload) -> Req {
    Req {
        upload: Some(file),
        ..at(path)
    }
}

/// A one-family import file for Klender.
fn import_file() -> Vec<u8> {
    let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
    format!(
        "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone\n\
         317507150315{serial:04},317507210587{serial:04},Uji,L,Jakarta,1987-05-21,kepala,\
         {INSIDE},Jl. Uji 1,1,1,\n"
    )
    .into_bytes()
}

fn form(path: impl Into<String>, fields: &[(&str, &str)]) -> Req {
    let fields = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Req {
        form: Some(fields),
        ..at(path)
    }
}

fn json_body(path: impl Into<String>, body: Value) -> Req {
    Req {
        json: Some(body),
        ..at(path)
    }
}

static UNIQUE: AtomicUsize = AtomicUsize::new(0);

fn unique() -> String {
    format!("u{}", UNIQUE.fetch_add(1, Ordering::Relaxed))
}

type Build = fn(&Fixture, Target) -> Req;

/// One row: the route, who may use it, whether the region scope applies, the success status.
struct Row {
    method: Method,
    path: &'static str,
    access: Access,
    scoped: bool,
    ok: u16,
    build: Build,
}

fn row(
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

// The table of every route, one row each, read top to bottom; it is to be split into one
// table per feature, each under the limit.
#[allow(clippy::too_many_lines)]
fn rows() -> Vec<Row> {
    use Access::*;
    let get = Method::GET;
    let post = Method::POST;
    vec![
        row(get.clone(), "/", Public, false, 200, |_, _| at("/")),
        row(get.clone(), "/masuk", Public, false, 200, |_, _| {
            at("/masuk")
        }),
        row(post.clone(), "/masuk", Public, false, 401, |_, _| {
            form(
                "/masuk",
                &[("username", "tidak.ada"), ("password", "salah-sekali")],
            )
        }),
        row(get.clone(), "/bahasa", Public, false, 303, |_, _| {
            at("/bahasa?ke=en&kembali=/masuk")
        }),
        row(get.clone(), "/healthz", Public, false, 200, |_, _| {
            at("/healthz")
        }),
        row(get.clone(), "/readyz", Public, false, 200, |_, _| {
            at("/readyz")
        }),
        row(get.clone(), "/metrics", Public, false, 200, |_, _| {
            at("/metrics")
        }),
        row(
            get.clone(),
            "/assets/tepat.css",
            Public,
            false,
            200,
            |_, _| at("/assets/tepat.css"),
        ),
        row(get.clone(), "/favicon.svg", Public, false, 200, |_, _| {
            at("/favicon.svg")
        }),
        row(
            get.clone(),
            "/api/openapi.json",
            Public,
            false,
            200,
            |_, _| at("/api/openapi.json"),
        ),
        row(
            get.clone(),
            "/log/checkpoint",
            Public,
            false,
            200,
            |_, _| at("/log/checkpoint"),
        ),
        row(get.clone(), "/log/key", Public, false, 200, |_, _| {
            at("/log/key")
        }),
        row(
            get.clone(),
            "/log/tile/{*path}",
            Public,
            false,
            404,
            |_, _| at("/log/tile/0/x999/999"),
        ),
        row(
            get.clone(),
            "/api/v1/log/entries/{index}",
            Public,
            false,
            404,
            |_, _| at("/api/v1/log/entries/999999999"),
        ),
        row(
            get.clone(),
            "/api/v1/log/proof/inclusion",
            Public,
            false,
            422,
            |_, _| at("/api/v1/log/proof/inclusion?index=999999999"),
        ),
        row(
            get.clone(),
            "/api/v1/log/proof/consistency",
            Public,
            false,
            422,
            |_, _| at("/api/v1/log/proof/consistency?from=0&to=1"),
        ),
        row(
            post.clone(),
            "/api/v1/log/cosignatures",
            Public,
            false,
            422,
            |_, _| json_body("/api/v1/log/cosignatures", json!({"not": "a cosignature"})),
        ),
        row(get.clone(), "/api/docs", Public, false, 200, |_, _| {
            at("/api/docs")
        }),
        row(get.clone(), "/beranda", Roles(ALL), false, 200, |_, _| {
            at("/beranda")
        }),
        row(get.clone(), "/wilayah", Roles(ALL), false, 200, |_, _| {
            at("/wilayah?q=klender")
        }),
        row(
            get.clone(),
            "/wilayah/{code}",
            Roles(ALL),
            true,
            200,
            |_, t| at(format!("/wilayah/{}", Fixture::region(t))),
        ),
        row(
            get.clone(),
            "/jejak",
            Roles(EVENT_READERS),
            false,
            200,
            |_, _| at("/jejak"),
        ),
        row(get.clone(), "/akun", Roles(ADMIN), false, 200, |_, _| {
            at("/akun")
        }),
        row(
            get.clone(),
            "/akun/baru",
            Roles(ADMIN),
            false,
            200,
            |_, _| at("/akun/baru"),
        ),
        row(
            post.clone(),
            "/akun/baru",
            Roles(ADMIN),
            true,
            303,
            |_, t| {
                let username = unique();
                form(
                    "/akun/baru",
                    &[
                        ("username", &username),
                        ("display_name", "Uji"),
                        ("role", "village_operator"),
                        ("region_code", Fixture::region(t)),
                        ("password", "kata-sandi-uji"),
                    ],
                )
            },
        ),
        row(
            post.clone(),
            "/akun/{id}/status",
            Roles(ADMIN),
            true,
            303,
            |f, t| {
                form(
                    format!("/akun/{}/status", f.account(t)),
                    &[("status", "active")],
                )
            },
        ),
        row(
            get.clone(),
            "/akun/{id}/nonaktifkan",
            Roles(ADMIN),
            true,
            200,
            |f, t| at(format!("/akun/{}/nonaktifkan", f.account(t))),
        ),
        row(
            get.clone(),
            "/token/{id}/cabut",
            Roles(ADMIN),
            true,
            200,
            |f, t| at(format!("/token/{}/cabut", f.token(t))),
        ),
        row(get.clone(), "/token", Roles(ADMIN), false, 200, |_, _| {
            at("/token")
        }),
        row(post.clone(), "/token", Roles(ADMIN), true, 200, |_, t| {
            form(
                "/token",
                &[
                    ("name", "Bank uji"),
                    ("username", Fixture::username(t)),
                    ("scopes", "regions:read"),
                ],
            )
        }),
        row(
            post.clone(),
            "/token/{id}/cabut",
            Roles(ADMIN),
            true,
            303,
            |f, t| {
                form(
                    format!("/token/{}/cabut", f.token(t)),
                    &[("konfirmasi", "ya")],
                )
            },
        ),
        row(get.clone(), "/api/v1/me", Roles(ALL), false, 200, |_, _| {
            at("/api/v1/me")
        }),
        row(
            get.clone(),
            "/api/v1/regions",
            Roles(ALL),
            false,
            200,
            |_, _| at("/api/v1/regions?parent=31.75.07"),
        ),
        row(
            get.clone(),
            "/api/v1/regions/{code}",
            Roles(ALL),
            false,
            200,
            |_, t| at(format!("/api/v1/regions/{}", Fixture::region(t))),
        ),
        row(
            get.clone(),
            "/api/v1/events",
            Roles(EVENT_READERS),
            false,
            200,
            |_, _| at("/api/v1/events"),
        ),
        row(
            get.clone(),
            "/api/v1/accounts",
            Roles(ADMIN),
            false,
            200,
            |_, _| at("/api/v1/accounts"),
        ),
        row(
            post.clone(),
            "/api/v1/accounts",
            Roles(ADMIN),
            true,
            201,
            |_, t| {
                json_body(
                    "/api/v1/accounts",
                    json!({"username": unique(), "display_name": "Uji",
                "role": "village_operator", "region_code": Fixture::region(t),
                "password": "kata-sandi-uji"}),
                )
            },
        ),
        row(
            get.clone(),
            "/api/v1/tokens",
            Roles(ADMIN),
            false,
            200,
            |_, _| at("/api/v1/tokens"),
        ),
        row(
            post.clone(),
            "/api/v1/tokens",
            Roles(ADMIN),
            true,
            201,
            |_, t| {
                json_body(
                    "/api/v1/tokens",
                    json!({"name": "Bank uji", "username": Fixture::username(t),
                "scopes": ["regions:read"]}),
                )
            },
        ),
        row(
            Method::DELETE,
            "/api/v1/tokens/{id}",
            Roles(ADMIN),
            true,
            204,
            |f, t| at(format!("/api/v1/tokens/{}", f.token(t))),
        ),
        row(
            get.clone(),
            "/keluarga",
            Roles(REGISTRY_READERS),
            false,
            200,
            |_, _| at("/keluarga"),
        ),
        row(
            get.clone(),
            "/keluarga/baru",
            Roles(REGISTRY_WRITERS),
            false,
            200,
            |_, _| at(format!("/keluarga/baru?desa={INSIDE}")),
        ),
        row(
            post.clone(),
            "/keluarga/baru",
            Roles(REGISTRY_WRITERS),
            false,
            303,
            |_, _| {
                let household = new_household(Target::Inside);
                let text = |key: &str| household[key].as_str().unwrap_or_default().to_owned();
                let member = &household["members"][0];
                let field = |key: &str| member[key].as_str().unwrap_or_default().to_owned();
                let mut fields: Vec<(String, String)> =
                    ["kk", "village_code", "address", "rt", "rw"]
                        .iter()
                        .map(|key| (key.to_string(), text(key)))
                        .collect();
                for key in [
                    "nik",
                    "name",
                    "birth_place",
                    "birth_date",
                    "sex",
                    "relationship",
                ] {
                    fields.push((format!("members[0].{key}"), field(key)));
                }
                Req {
                    form: Some(fields),
                    ..at("/keluarga/baru")
                }
            },
        ),
        row(
            get.clone(),
            "/keluarga/ekspor",
            Roles(NUMBER_READERS),
            true,
            200,
            |_, t| at(format!("/keluarga/ekspor?wilayah={}", Fixture::region(t))),
        ),
        row(
            get.clone(),
            "/keluarga/{id}",
            Roles(REGISTRY_READERS),
            true,
            200,
            |f, t| at(format!("/keluarga/{}", f.household(t))),
        ),
        row(
            get.clone(),
            "/penduduk/{id}",
            Roles(NUMBER_READERS),
            true,
            200,
            |f, t| at(format!("/penduduk/{}?keperluan=verifikasi", f.person(t))),
        ),
        row(
            get.clone(),
            "/akses-data",
            Roles(ACCESS_AUDITORS),
            false,
            200,
            |_, _| at("/akses-data"),
        ),
        row(
            get.clone(),
            "/api/v1/households",
            Roles(REGISTRY_READERS),
            false,
            200,
            |_, _| at("/api/v1/households"),
        ),
        row(
            post.clone(),
            "/api/v1/households",
            Roles(REGISTRY_WRITERS),
            true,
            201,
            |_, t| json_body("/api/v1/households", new_household(t)),
        ),
        row(
            get.clone(),
            "/api/v1/households/{id}",
            Roles(REGISTRY_READERS),
            true,
            200,
            |f, t| at(format!("/api/v1/households/{}", f.household(t))),
        ),
        row(
            get.clone(),
            "/api/v1/households/{id}/welfare",
            Roles(REGISTRY_READERS),
            true,
            200,
            |f, t| at(format!("/api/v1/households/{}/welfare", f.household(t))),
        ),
        row(
            get.clone(),
            "/api/v1/persons/{id}",
            Roles(NUMBER_READERS),
            true,
            200,
            |f, t| {
                at(format!(
                    "/api/v1/persons/{}?purpose=verifikasi",
                    f.person(t)
                ))
            },
        ),
        row(
            get.clone(),
            "/api/v1/persons",
            Roles(REGISTRY_READERS),
            false,
            200,
            |_, _| at("/api/v1/persons?q=budi"),
        ),
        row(
            get.clone(),
            "/api/v1/person-views",
            Roles(ACCESS_AUDITORS),
            false,
            200,
            |_, _| at("/api/v1/person-views"),
        ),
        row(
            get.clone(),
            "/keluarga/impor",
            Roles(REGISTRY_WRITERS),
            false,
            200,
            |_, _| at("/keluarga/impor"),
        ),
        row(
            post.clone(),
            "/keluarga/impor",
            Roles(REGISTRY_WRITERS),
            false,
            303,
            |_, _| upload("/keluarga/impor", Upload::Form(import_file())),
        ),
        row(
            get.clone(),
            "/keluarga/impor/templat.csv",
            Public,
            false,
            200,
            |_, _| at("/keluarga/impor/templat.csv"),
        ),
        row(
            get.clone(),
            "/keluarga/impor/templat.xlsx",
            Public,
            false,
            200,
            |_, _| at("/keluarga/impor/templat.xlsx"),
        ),
        row(
            get.clone(),
            "/keluarga/impor/{id}",
            Roles(REGISTRY_WRITERS),
            true,
            200,
            |f, t| at(format!("/keluarga/impor/{}", f.job(t))),
        ),
        row(
            get.clone(),
            "/keluarga/impor/{id}/laporan.csv",
            Roles(REGISTRY_WRITERS),
            true,
            200,
            |f, t| at(format!("/keluarga/impor/{}/laporan.csv", f.job(t))),
        ),
        row(
            post.clone(),
            "/api/v1/imports/households",
            Roles(REGISTRY_WRITERS),
            false,
            202,
            |_, _| upload("/api/v1/imports/households", Upload::Raw(import_file())),
        ),
        row(
            get.clone(),
            "/api/v1/imports/{id}",
            Roles(REGISTRY_WRITERS),
            true,
            200,
            |f, t| at(format!("/api/v1/imports/{}", f.job(t))),
        ),
        row(
            get.clone(),
            "/api/v1/imports/{id}/report",
            Roles(REGISTRY_WRITERS),
            true,
            200,
            |f, t| at(format!("/api/v1/imports/{}/report", f.job(t))),
        ),
        row(
            get.clone(),
            "/usulan",
            Roles(REGISTRY_READERS),
            false,
            200,
            |_, _| at("/usulan"),
        ),
        row(
            get.clone(),
            "/usulan/{id}",
            Roles(REGISTRY_READERS),
            true,
            200,
            |f, t| at(format!("/usulan/{}", f.change(t, 0).0)),
        ),
        row(
            get.clone(),
            "/usulan/{id}/bukti/{file}",
            Roles(REGISTRY_READERS),
            true,
            200,
            |f, t| {
                let (id, file) = f.change(t, 0);
                at(format!("/usulan/{id}/bukti/{file}"))
            },
        ),
        row(
            post.clone(),
            "/usulan/{id}/putuskan",
            Roles(DECIDERS),
            true,
            303,
            |f, t| {
                form(
                    format!("/usulan/{}/putuskan", f.change(t, 2).0),
                    &[("keputusan", "setujui")],
                )
            },
        ),
        row(
            get.clone(),
            "/usulan/{id}/perbaiki",
            Roles(PROPOSERS),
            true,
            200,
            |f, t| at(format!("/usulan/{}/perbaiki", f.returned(t, 0))),
        ),
        row(
            post.clone(),
            "/usulan/{id}/perbaiki",
            Roles(PROPOSERS),
            true,
            303,
            |f, t| {
                upload(
                    format!("/usulan/{}/perbaiki", f.returned(t, 0)),
                    Upload::Fields(vec![
                        ("address", format!("Jl. Perbaikan {}", unique())),
                        ("rt", "1".into()),
                        ("rw", "2".into()),
                        ("alasan", "Alamat diperbaiki".into()),
                    ]),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/change-requests/{id}/resend",
            Roles(PROPOSERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/change-requests/{}/resend", f.returned(t, 1)),
                    json!({"proposal": {"kind": "koreksi_keluarga",
                        "address": format!("Jl. API {}", unique()), "rt": "1", "rw": "2"},
                        "reason": "Alamat diperbaiki"}),
                )
            },
        ),
        row(
            get.clone(),
            "/keluarga/{id}/usulan",
            Roles(PROPOSERS),
            true,
            200,
            |f, t| {
                at(format!(
                    "/keluarga/{}/usulan?jenis=kematian",
                    f.household(t)
                ))
            },
        ),
        row(
            post.clone(),
            "/keluarga/{id}/usulan",
            Roles(PROPOSERS),
            true,
            303,
            |f, t| {
                upload(
                    format!("/keluarga/{}/usulan", f.household(t)),
                    Upload::Fields(vec![
                        ("jenis", "koreksi_keluarga".into()),
                        ("address", format!("Jl. Formulir {}", unique())),
                        ("rt", "1".into()),
                        ("rw", "2".into()),
                        ("alasan", "Alamat salah ketik".into()),
                    ]),
                )
            },
        ),
        row(
            get.clone(),
            "/api/v1/change-requests",
            Roles(REGISTRY_READERS),
            false,
            200,
            |_, _| at("/api/v1/change-requests"),
        ),
        row(
            get.clone(),
            "/api/v1/change-requests/{id}",
            Roles(REGISTRY_READERS),
            true,
            200,
            |f, t| at(format!("/api/v1/change-requests/{}", f.change(t, 0).0)),
        ),
        row(
            post.clone(),
            "/api/v1/households/{id}/change-requests",
            Roles(PROPOSERS),
            true,
            201,
            |f, t| {
                json_body(
                    format!("/api/v1/households/{}/change-requests", f.household(t)),
                    json!({"proposal": {"kind": "koreksi_keluarga",
                        "address": format!("Jl. API {}", unique()), "rt": "1", "rw": "2"},
                        "reason": "Alamat salah ketik"}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/change-requests/{id}/approve",
            Roles(DECIDERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/change-requests/{}/approve", f.change(t, 0).0),
                    json!({}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/change-requests/{id}/return",
            Roles(DECIDERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/change-requests/{}/return", f.change(t, 1).0),
                    json!({"note": "Lengkapi buktinya"}),
                )
            },
        ),
        row(
            get.clone(),
            "/tinjauan",
            Roles(REGISTRY_READERS),
            false,
            200,
            |_, _| at("/tinjauan?status="),
        ),
        row(
            get.clone(),
            "/tinjauan/{id}",
            Roles(REGISTRY_READERS),
            true,
            200,
            |f, t| at(format!("/tinjauan/{}", f.flag(t))),
        ),
        row(
            post.clone(),
            "/tinjauan/{id}/selesai",
            Roles(REGISTRY_WRITERS),
            true,
            303,
            |f, t| {
                form(
                    format!("/tinjauan/{}/selesai", f.flag(t)),
                    &[("note", "dicek")],
                )
            },
        ),
        row(
            get.clone(),
            "/api/v1/review-flags",
            Roles(REGISTRY_READERS),
            false,
            200,
            |_, _| at("/api/v1/review-flags?status=open"),
        ),
        row(
            post.clone(),
            "/api/v1/review-flags/{id}/clear",
            Roles(REGISTRY_WRITERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/review-flags/{}/clear", f.flag(t)),
                    json!({"note": "dicek"}),
                )
            },
        ),
        row(get.clone(), "/program", Public, false, 200, |_, _| {
            at("/program")
        }),
        row(
            get.clone(),
            "/program/{code}",
            Public,
            false,
            200,
            |_, _| at("/program/PKH"),
        ),
        row(
            get.clone(),
            "/api/v1/programmes",
            Public,
            false,
            200,
            |_, _| at("/api/v1/programmes"),
        ),
        row(
            get.clone(),
            "/api/v1/programmes/{code}",
            Public,
            false,
            200,
            |_, _| at("/api/v1/programmes/SEMBAKO"),
        ),
        row(
            get.clone(),
            "/program/{code}/aturan",
            Roles(RULE_PREVIEWERS),
            false,
            200,
            |_, _| at("/program/PKH/aturan"),
        ),
        row(
            post.clone(),
            "/program/{code}/aturan/pratinjau",
            Roles(RULE_PREVIEWERS),
            false,
            200,
            |_, _| form("/program/PKH/aturan/pratinjau", &[("rule", "desil <= 3")]),
        ),
        row(
            post.clone(),
            "/program/{code}/aturan/terbitkan",
            Roles(RULE_PUBLISHERS),
            false,
            303,
            |_, _| form("/program/PKH/aturan/terbitkan", &[("rule", "desil <= 3")]),
        ),
        row(
            get.clone(),
            "/penargetan/model",
            Roles(WELFARE_MANAGERS),
            false,
            200,
            |_, _| at("/penargetan/model"),
        ),
        row(
            get.clone(),
            "/penargetan/model/kalibrasi",
            Roles(WELFARE_MANAGERS),
            false,
            200,
            |_, _| at("/penargetan/model/kalibrasi"),
        ),
        row(
            post.clone(),
            "/penargetan/model/kalibrasi",
            Roles(WELFARE_MANAGERS),
            false,
            // A household import file lacks the consumption column.
            422,
            |_, _| upload("/penargetan/model/kalibrasi", Upload::Form(import_file())),
        ),
        row(
            get.clone(),
            "/penargetan/model/draf/{id}",
            Roles(WELFARE_MANAGERS),
            false,
            200,
            |f, t| at(format!("/penargetan/model/draf/{}", f.welfare_draft(t))),
        ),
        row(
            post.clone(),
            "/penargetan/model/draf/{id}/terbitkan",
            Roles(WELFARE_MANAGERS),
            false,
            303,
            |f, t| {
                form(
                    format!("/penargetan/model/draf/{}/terbitkan", f.welfare_draft(t)),
                    &[],
                )
            },
        ),
        row(
            get.clone(),
            "/penargetan/model/{version}",
            Roles(WELFARE_MANAGERS),
            false,
            200,
            |_, _| at("/penargetan/model/1"),
        ),
        row(
            get.clone(),
            "/penargetan/penghitungan",
            Roles(WELFARE_MANAGERS),
            false,
            200,
            |_, _| at("/penargetan/penghitungan"),
        ),
        row(
            post.clone(),
            "/penargetan/penghitungan",
            Roles(WELFARE_MANAGERS),
            false,
            // An unpublished version is refused beside the field; a real start is tested
            // in targeting::web_runs.
            422,
            |_, _| form("/penargetan/penghitungan", &[("model", "999")]),
        ),
        row(
            get.clone(),
            "/penargetan/penghitungan/{id}",
            Roles(WELFARE_MANAGERS),
            false,
            200,
            |f, _| at(format!("/penargetan/penghitungan/{}", f.welfare_job)),
        ),
        row(
            post.clone(),
            "/api/v1/welfare-models/calibrate",
            Roles(WELFARE_MANAGERS),
            false,
            // A household import file lacks the consumption column.
            422,
            |_, _| {
                upload(
                    "/api/v1/welfare-models/calibrate?name=uji",
                    Upload::Raw(import_file()),
                )
            },
        ),
        row(
            get.clone(),
            "/api/v1/welfare-runs/{id}",
            Roles(WELFARE_MANAGERS),
            false,
            200,
            |f, _| at(format!("/api/v1/welfare-runs/{}", f.welfare_job)),
        ),
        row(
            post.clone(),
            "/api/v1/programmes/{code}/rule/preview",
            Roles(RULE_PREVIEWERS),
            false,
            200,
            |_, _| {
                json_body(
                    "/api/v1/programmes/PKH/rule/preview",
                    json!({"rule": "desil <= 3"}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/civil-events",
            Roles(CIVIL_IMPORTERS),
            false,
            200,
            |_, _| {
                upload(
                    "/api/v1/civil-events",
                    Upload::Raw(
                        b"event,nik,event_date\nkematian,3175070101010099,2026-01-15\n".to_vec(),
                    ),
                )
            },
        ),
        row(get.clone(), "/daftar", Public, false, 200, |_, _| {
            at("/daftar")
        }),
        row(post.clone(), "/daftar", Public, false, 303, |_, t| {
            let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
            let district = if t == Target::Inside {
                "317507"
            } else {
                "327301"
            };
            let family = crate::applications::family(Fixture::region(t), district, serial);
            let mut fields = vec![
                ("formulir", tepat::http::token::random_token()),
                ("aksi", "kirim".to_owned()),
            ];
            for key in [
                "kk",
                "village_code",
                "address",
                "rt",
                "rw",
                "phone",
                "statement",
            ] {
                fields.push((key, family[key].as_str().unwrap_or_default().to_owned()));
            }
            let head = &family["members"][0];
            for (name, key) in [
                ("members[0].nik", "nik"),
                ("members[0].name", "name"),
                ("members[0].birth_place", "birth_place"),
                ("members[0].birth_date", "birth_date"),
                ("members[0].sex", "sex"),
                ("members[0].relationship", "relationship"),
            ] {
                fields.push((name, head[key].as_str().unwrap_or_default().to_owned()));
            }
            upload("/daftar", Upload::Fields(fields))
        }),
        row(
            get.clone(),
            "/daftar/terkirim/{form}",
            Public,
            false,
            200,
            |f, t| at(format!("/daftar/terkirim/{}", f.application(t).2)),
        ),
        row(get.clone(), "/daftar/status", Public, false, 200, |_, _| {
            at("/daftar/status")
        }),
        row(
            post.clone(),
            "/daftar/status",
            Public,
            false,
            404,
            |_, _| {
                form(
                    "/daftar/status",
                    &[("nomor", "TPT-0000000000"), ("tanggal_lahir", "02-02-1985")],
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/applications",
            Public,
            false,
            201,
            |_, t| {
                let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
                let district = if t == Target::Inside {
                    "317507"
                } else {
                    "327301"
                };
                json_body(
                    "/api/v1/applications",
                    crate::applications::family(Fixture::region(t), district, serial),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/application-status",
            Public,
            false,
            404,
            |_, _| {
                json_body(
                    "/api/v1/application-status",
                    json!({"tracking_number": "TPT-0000000000", "birth_date": "1985-02-02"}),
                )
            },
        ),
        row(
            get.clone(),
            "/pendaftaran",
            Roles(APPLICATION_READERS),
            false,
            200,
            |_, _| at("/pendaftaran"),
        ),
        row(
            get.clone(),
            "/pendaftaran/{id}",
            Roles(APPLICATION_READERS),
            true,
            200,
            |f, t| at(format!("/pendaftaran/{}", f.application(t).0)),
        ),
        row(
            get.clone(),
            "/pendaftaran/{id}/dokumen/{file}",
            Roles(APPLICATION_READERS),
            true,
            200,
            |f, t| {
                let (id, file, _) = f.application(t);
                at(format!("/pendaftaran/{id}/dokumen/{file}"))
            },
        ),
        row(
            post.clone(),
            "/pendaftaran/{id}/verifikasi",
            Roles(APPLICATION_REVIEWERS),
            true,
            303,
            |f, t| {
                form(
                    format!("/pendaftaran/{}/verifikasi", f.submitted(t)),
                    &[("visit_result", "sesuai"), ("survey.owns_land", "tidak")],
                )
            },
        ),
        row(
            post.clone(),
            "/pendaftaran/{id}/putuskan",
            Roles(APPLICATION_REVIEWERS),
            true,
            303,
            |f, t| {
                form(
                    format!("/pendaftaran/{}/putuskan", f.verified(t)),
                    &[("keputusan", "terima")],
                )
            },
        ),
        row(
            get.clone(),
            "/api/v1/applications",
            Roles(APPLICATION_READERS),
            false,
            200,
            |_, _| at("/api/v1/applications"),
        ),
        row(
            get.clone(),
            "/api/v1/applications/{id}",
            Roles(APPLICATION_READERS),
            true,
            200,
            |f, t| at(format!("/api/v1/applications/{}", f.application(t).0)),
        ),
        row(
            post.clone(),
            "/api/v1/applications/{id}/verify",
            Roles(APPLICATION_REVIEWERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/applications/{}/verify", f.submitted(t)),
                    json!({"visit_result": "sesuai"}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/applications/{id}/accept",
            Roles(APPLICATION_REVIEWERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/applications/{}/accept", f.verified(t)),
                    json!({}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/applications/{id}/reject",
            Roles(APPLICATION_REVIEWERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/applications/{}/reject", f.submitted(t)),
                    json!({"reason": "Tidak ditemukan di alamat"}),
                )
            },
        ),
        row(
            get.clone(),
            "/duplikat",
            Roles(DUPLICATE_READERS),
            false,
            200,
            |_, _| at("/duplikat?status="),
        ),
        row(
            get.clone(),
            "/duplikat/{id}",
            Roles(DUPLICATE_READERS),
            true,
            200,
            |f, t| at(format!("/duplikat/{}", f.pair(t, 0))),
        ),
        row(
            post.clone(),
            "/duplikat/{id}/putusan",
            Roles(DECIDERS),
            true,
            303,
            |f, t| {
                form(
                    format!("/duplikat/{}/putusan", f.pair(t, 1)),
                    &[("decision", "different"), ("reason", "Dua orang")],
                )
            },
        ),
        row(
            get.clone(),
            "/duplikat/proses",
            Roles(RUN_READERS),
            false,
            200,
            |_, _| at("/duplikat/proses"),
        ),
        row(
            post.clone(),
            "/duplikat/proses",
            Roles(RUN_STARTERS),
            false,
            303,
            |_, _| form("/duplikat/proses", &[]),
        ),
        row(
            get.clone(),
            "/api/v1/duplicates/pairs",
            Roles(DUPLICATE_READERS),
            false,
            200,
            |_, _| at("/api/v1/duplicates/pairs?status=open"),
        ),
        row(
            get.clone(),
            "/api/v1/duplicates/pairs/{id}",
            Roles(DUPLICATE_READERS),
            true,
            200,
            |f, t| at(format!("/api/v1/duplicates/pairs/{}", f.pair(t, 0))),
        ),
        row(
            post.clone(),
            "/api/v1/duplicates/pairs/{id}/decision",
            Roles(DECIDERS),
            true,
            200,
            |f, t| {
                json_body(
                    format!("/api/v1/duplicates/pairs/{}/decision", f.pair(t, 0)),
                    json!({"decision": "different", "reason": "Dua orang"}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/duplicates/runs",
            Roles(RUN_STARTERS),
            false,
            202,
            |_, _| json_body("/api/v1/duplicates/runs", json!({})),
        ),
        row(
            get.clone(),
            "/api/v1/duplicates/runs/{id}",
            Roles(RUN_READERS),
            false,
            200,
            |f, _| at(format!("/api/v1/duplicates/runs/{}", f.run)),
        ),
        row(
            get.clone(),
            "/api/v1/duplicates/holds",
            Roles(DUPLICATE_READERS),
            false,
            200,
            |_, _| at("/api/v1/duplicates/holds"),
        ),
        row(
            get.clone(),
            "/program/{code}/peserta",
            Roles(ENROLMENT_READERS),
            false,
            200,
            |_, _| at("/program/SEMBAKO/peserta"),
        ),
        row(
            post.clone(),
            "/program/{code}/peserta/susun",
            Roles(ENROLMENT_PREPARERS),
            false,
            303,
            |_, _| form("/program/BLT_DD/peserta/susun", &[("region", "")]),
        ),
        row(
            get.clone(),
            "/program/{code}/peserta/daftar/{id}",
            Roles(ENROLMENT_READERS),
            false,
            200,
            |f, _| at(format!("/program/BLT_DD/peserta/daftar/{}", f.batch)),
        ),
        row(
            post.clone(),
            "/program/{code}/peserta/daftar/{id}/setujui",
            Roles(ENROLMENT_DECIDERS),
            false,
            404,
            |_, _| {
                form(
                    format!("/program/BLT_DD/peserta/daftar/{NO_BATCH}/setujui"),
                    &[("note", "")],
                )
            },
        ),
        row(
            post.clone(),
            "/program/{code}/peserta/daftar/{id}/tolak",
            Roles(ENROLMENT_DECIDERS),
            false,
            404,
            |_, _| {
                form(
                    format!("/program/BLT_DD/peserta/daftar/{NO_BATCH}/tolak"),
                    &[("note", "Data belum lengkap")],
                )
            },
        ),
        row(
            get.clone(),
            "/program/{code}/peserta/usulkan",
            Roles(ENROLMENT_DECIDERS),
            false,
            200,
            |_, _| at("/program/SEMBAKO/peserta/usulkan"),
        ),
        row(
            post.clone(),
            "/program/{code}/peserta/usulkan",
            Roles(ENROLMENT_DECIDERS),
            false,
            422,
            |f, t| {
                let household = f.household(t).to_string();
                form(
                    "/program/SEMBAKO/peserta/usulkan",
                    &[("household_id", household.as_str()), ("reason", "x")],
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/programmes/{code}/enrolment-batches",
            Roles(ENROLMENT_PREPARERS),
            false,
            201,
            |_, _| json_body("/api/v1/programmes/BLT_DD/enrolment-batches", json!({})),
        ),
        row(
            get.clone(),
            "/api/v1/enrolment-batches/{id}",
            Roles(ENROLMENT_READERS),
            false,
            200,
            |f, _| at(format!("/api/v1/enrolment-batches/{}", f.batch)),
        ),
        row(
            post.clone(),
            "/api/v1/enrolment-batches/{id}/approve",
            Roles(ENROLMENT_DECIDERS),
            false,
            404,
            |_, _| {
                json_body(
                    format!("/api/v1/enrolment-batches/{NO_BATCH}/approve"),
                    json!({}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/enrolment-batches/{id}/reject",
            Roles(ENROLMENT_DECIDERS),
            false,
            404,
            |_, _| {
                json_body(
                    format!("/api/v1/enrolment-batches/{NO_BATCH}/reject"),
                    json!({"reason": "Data belum lengkap"}),
                )
            },
        ),
        row(
            post.clone(),
            "/api/v1/programmes/{code}/enrolments",
            Roles(ENROLMENT_DECIDERS),
            false,
            422,
            |f, t| {
                json_body(
                    "/api/v1/programmes/SEMBAKO/enrolments",
                    json!({"household_id": f.household(t), "reason": "x"}),
                )
            },
        ),
        row(
            get.clone(),
            "/api/v1/households/{id}/enrolments",
            Roles(ENROLMENT_READERS),
            true,
            200,
            |f, t| at(format!("/api/v1/households/{}/enrolments", f.household(t))),
        ),
        row(
            get.clone(),
            "/pemantauan",
            Roles(MONITORS),
            false,
            200,
            |_, _| at("/pemantauan"),
        ),
        row(
            get.clone(),
            "/pemantauan.csv",
            Roles(MONITORS),
            false,
            200,
            |_, _| at("/pemantauan.csv?tabel=program"),
        ),
        row(
            get.clone(),
            "/pemantauan.xlsx",
            Roles(MONITORS),
            false,
            200,
            |_, _| at("/pemantauan.xlsx"),
        ),
        row(
            get.clone(),
            "/program/{code}/kuota",
            Roles(RULE_PUBLISHERS),
            false,
            200,
            |_, _| at("/program/PIP/kuota"),
        ),
        row(
            post.clone(),
            "/program/{code}/kuota",
            Roles(RULE_PUBLISHERS),
            false,
            303,
            |_, _| {
                form(
                    "/program/PIP/kuota",
                    &[("region_0", ""), ("count_0", "5"), ("year_0", "2026")],
                )
            },
        ),
        row(
            Method::PUT,
            "/api/v1/programmes/{code}/quotas",
            Roles(RULE_PUBLISHERS),
            false,
            200,
            |_, _| json_body("/api/v1/programmes/PIP/quotas", json!({"quotas": []})),
        ),
        // Last, because logging out ends the callers' sessions.
        row(post, "/keluar", Public, false, 303, |_, _| {
            form("/keluar", &[])
        }),
    ]
}

/// The region scope each role's test account works in; every one contains Klender.
fn scope_of(role: Role) -> Option<&'static str> {
    match role {
        Role::Citizen | Role::VillageOperator | Role::Merchant => Some(INSIDE),
        Role::Facilitator => Some("31.75.07"),
        Role::DistrictOfficer | Role::Auditor | Role::Administrator | Role::Donor => Some("31.75"),
        Role::ProvinceOfficer | Role::Bank => Some("31"),
        Role::MinistryOfficer => None,
    }
}

/// A caller: anonymous, or a role with a session and an all-scopes API token.
struct Caller {
    role: Option<Role>,
    session: Option<String>,
    token: Option<String>,
    /// The CSRF token the server signs for this caller's cookies.
    csrf: String,
}

/// The CSRF token the login page renders for a visitor sending exactly `cookie`.
async fn csrf_for(app: &TestApp, cookie: &str) -> String {
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

async fn callers(app: &TestApp) -> Vec<Caller> {
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
async fn accounts_and_tokens(app: &TestApp) -> (i64, i64, i64, i64) {
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

async fn fixture(app: &TestApp) -> Fixture {
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
    }
}

/// Rows that verify or reject a submitted application, and rows that accept a verified one;
/// each is sent inside by every caller (12), and the allowed ones succeed.
const APPLICATION_STEP_ROWS: usize = 3;
const APPLICATION_ACCEPT_ROWS: usize = 2;

async fn application(app: &TestApp, village: &str, district: &str, verified: bool) -> i64 {
    let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
    crate::applications::submitted(app, village, district, serial, verified)
        .await
        .0
}

async fn application_pool(app: &TestApp, size: usize, verified: bool) -> Pool {
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
async fn readable_application(app: &TestApp, village: &str, district: &str) -> (i64, i64, String) {
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
async fn proposed_change(app: &TestApp, household: i64, village: &str) -> (i64, i64) {
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
async fn returned_changes(app: &TestApp, household: i64, village: &str) -> [i64; 2] {
    [
        returned_change(app, household, village).await,
        returned_change(app, household, village).await,
    ]
}

async fn returned_change(app: &TestApp, household: i64, village: &str) -> i64 {
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
async fn finished_job(app: &TestApp, village: &str) -> i64 {
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
                let want = expected(&row, caller, target);
                let got = send(&app, &client, &row, caller, req).await;
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
