//! The registry: households, persons and access to numbers.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(
        GET,
        "/keluarga",
        Roles(REGISTRY_READERS),
        false,
        200,
        |_, _| at("/keluarga"),
    ),
    row(
        GET,
        "/keluarga/baru",
        Roles(REGISTRY_WRITERS),
        false,
        200,
        |_, _| at(format!("/keluarga/baru?desa={INSIDE}")),
    ),
    row(
        POST,
        "/keluarga/baru",
        Roles(REGISTRY_WRITERS),
        false,
        303,
        |_, _| {
            let household = new_household(Target::Inside);
            let text = |key: &str| household[key].as_str().unwrap_or_default().to_owned();
            let member = &household["members"][0];
            let field = |key: &str| member[key].as_str().unwrap_or_default().to_owned();
            let mut fields: Vec<(String, String)> = ["kk", "village_code", "address", "rt", "rw"]
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
        GET,
        "/keluarga/ekspor",
        Roles(NUMBER_READERS),
        true,
        200,
        |_, t| at(format!("/keluarga/ekspor?wilayah={}", Fixture::region(t))),
    ),
    row(
        GET,
        "/keluarga/{id}",
        Roles(REGISTRY_READERS),
        true,
        200,
        |f, t| at(format!("/keluarga/{}", f.household(t))),
    ),
    row(
        GET,
        "/penduduk/{id}",
        Roles(NUMBER_READERS),
        true,
        200,
        |f, t| at(format!("/penduduk/{}?keperluan=verifikasi", f.person(t))),
    ),
    row(
        GET,
        "/akses-data",
        Roles(ACCESS_AUDITORS),
        false,
        200,
        |_, _| at("/akses-data"),
    ),
    row(
        GET,
        "/api/v1/households",
        Roles(REGISTRY_READERS),
        false,
        200,
        |_, _| at("/api/v1/households"),
    ),
    row(
        POST,
        "/api/v1/households",
        Roles(REGISTRY_WRITERS),
        true,
        201,
        |_, t| json_body("/api/v1/households", new_household(t)),
    ),
    row(
        GET,
        "/api/v1/households/{id}",
        Roles(REGISTRY_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/households/{}", f.household(t))),
    ),
    row(
        GET,
        "/api/v1/households/{id}/welfare",
        Roles(REGISTRY_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/households/{}/welfare", f.household(t))),
    ),
    row(
        GET,
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
        GET,
        "/api/v1/persons",
        Roles(REGISTRY_READERS),
        false,
        200,
        |_, _| at("/api/v1/persons?q=budi"),
    ),
    row(
        GET,
        "/api/v1/person-views",
        Roles(ACCESS_AUDITORS),
        false,
        200,
        |_, _| at("/api/v1/person-views"),
    ),
];
