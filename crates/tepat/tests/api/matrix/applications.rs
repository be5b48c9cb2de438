//! Self-registration and the review of applications.

use super::Access::*;
use super::*;

pub(super) const ROWS: &[Row] = &[
    row(GET, "/daftar", Public, false, 200, |_, _| at("/daftar")),
    row(POST, "/daftar", Public, false, 303, |_, t| {
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
        GET,
        "/daftar/terkirim/{form}",
        Public,
        false,
        200,
        |f, t| at(format!("/daftar/terkirim/{}", f.application(t).2)),
    ),
    row(GET, "/daftar/status", Public, false, 200, |_, _| {
        at("/daftar/status")
    }),
    row(POST, "/daftar/status", Public, false, 404, |_, _| {
        form(
            "/daftar/status",
            &[("nomor", "TPT-0000000000"), ("tanggal_lahir", "02-02-1985")],
        )
    }),
    row(POST, "/api/v1/applications", Public, false, 201, |_, t| {
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
    }),
    row(
        POST,
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
        GET,
        "/pendaftaran",
        Roles(APPLICATION_READERS),
        false,
        200,
        |_, _| at("/pendaftaran"),
    ),
    row(
        GET,
        "/pendaftaran/{id}",
        Roles(APPLICATION_READERS),
        true,
        200,
        |f, t| at(format!("/pendaftaran/{}", f.application(t).0)),
    ),
    row(
        GET,
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
        POST,
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
        POST,
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
        GET,
        "/api/v1/applications",
        Roles(APPLICATION_READERS),
        false,
        200,
        |_, _| at("/api/v1/applications"),
    ),
    row(
        GET,
        "/api/v1/applications/{id}",
        Roles(APPLICATION_READERS),
        true,
        200,
        |f, t| at(format!("/api/v1/applications/{}", f.application(t).0)),
    ),
    row(
        POST,
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
        POST,
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
        POST,
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
];
