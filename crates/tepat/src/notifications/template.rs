//! The messages, in Bahasa Indonesia: one pure function per kind, from plain facts to a
//! subject, a body short enough for one or two SMS, and a path on the public site. Amounts
//! read `Rp 1.234.567`, dates `3 Des 2026`, times carry their zone. The outbox keeps the
//! path; the worker makes it a link with the public base URL it is configured with
//! (`TEPAT_PUBLIC_URL`), so that the request that queues a message needs no configuration.

use time::{Date, OffsetDateTime};

use crate::web::i18n::Lang;
use crate::web::time::Zone;

/// A message ready to go: what the outbox stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
    /// A path on the public site (`/sanggah/status?kode=…`).
    pub link: String,
}

/// `Rp 1.234.567`.
pub fn rupiah(amount: i64) -> String {
    format!("Rp {}", crate::web::number::whole(amount, Lang::Id))
}

/// `3 Des 2026`.
pub fn day(date: Date) -> String {
    crate::web::time::date(date, Lang::Id)
}

/// A link on the public site: the configured base URL and a path.
pub fn link(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

/// The text a recipient reads: the body and its link.
pub fn text(body: &str, base_url: &str, path: &str) -> String {
    format!("{body} Info: {}", link(base_url, path))
}

/// A voucher issued for the household.
pub fn voucher_issued(programme: &str, amount: i64, valid_until: Date) -> Message {
    let link = "/".to_owned();
    Message {
        subject: format!("E-voucher {programme} sudah terbit"),
        body: format!(
            "E-voucher {programme} untuk keluarga Anda sudah terbit: {}, berlaku sampai {}. \
             Belanjakan di e-warong terdaftar; jangan berikan kode voucher kepada siapa pun.",
            rupiah(amount),
            day(valid_until)
        ),
        link,
    }
}

/// A payment the bank or e-wallet provider accepted.
pub fn payment_sent(programme: &str, amount: i64) -> Message {
    let link = "/".to_owned();
    Message {
        subject: format!("Bantuan {programme} sudah dikirim"),
        body: format!(
            "Bantuan {programme} sebesar {} sudah dikirim ke rekening atau dompet digital \
             keluarga Anda. Bantuan ini gratis: tidak ada potongan apa pun.",
            rupiah(amount)
        ),
        link,
    }
}

/// A payment the bank rejected, with the bank's reason in words.
pub fn payment_rejected(programme: &str, amount: i64, reason: &str) -> Message {
    let link = "/".to_owned();
    Message {
        subject: format!("Pengiriman bantuan {programme} ditolak bank"),
        body: format!(
            "Pengiriman bantuan {programme} sebesar {} ditolak bank ({reason}). Bantuan Anda \
             tidak hilang: dinas sosial akan mengirim ulang. Bila data rekening berubah, \
             hubungi operator desa/kelurahan.",
            rupiah(amount)
        ),
        link,
    }
}

/// A proposal about the household that reached its end: approved at the last step or
/// returned at one.
pub fn proposal_decided(id: i64, enrol: bool, approved: bool, programme: &str) -> Message {
    let link = "/".to_owned();
    let what = if enrol {
        format!("agar keluarga Anda menerima {programme}")
    } else {
        format!("agar keluarga Anda tidak lagi menerima {programme}")
    };
    let outcome = if approved {
        "disetujui"
    } else {
        "dikembalikan oleh petugas"
    };
    Message {
        subject: format!("Usulan bansos #{id} {outcome}"),
        body: format!(
            "Usulan #{id} {what} {outcome}. Tanyakan alasannya kepada operator \
             desa/kelurahan bila perlu."
        ),
        link,
    }
}

/// An objection the objector made, verified.
pub fn objection_answered(tracking_code: &str, founded: bool) -> Message {
    let link = format!("/sanggah/status?kode={tracking_code}");
    let outcome = if founded {
        "terbukti; penerima diusulkan untuk dihapus"
    } else {
        "tidak terbukti"
    };
    Message {
        subject: format!("Sanggahan {tracking_code} sudah diverifikasi"),
        body: format!(
            "Sanggahan Anda dengan kode {tracking_code} sudah diverifikasi petugas: \
             {outcome}. Lihat hasilnya di tautan ini."
        ),
        link,
    }
}

/// A hand-out scheduled for the household: when and where.
/// `code` is the household's check-in code, shown at the site; the link rates the
/// hand-out with it afterwards.
pub fn distribution_scheduled(
    programme: &str,
    at: OffsetDateTime,
    zone: Zone,
    place: &str,
    code: Option<&str>,
) -> Message {
    let when = crate::web::time::datetime(at, zone, Lang::Id);
    let (link, code) = match code {
        Some(code) => (
            format!("/penyaluran-barang/nilai?kode={code}"),
            format!(" Kode hadir Anda {code}."),
        ),
        None => ("/".to_owned(), String::new()),
    };
    Message {
        subject: format!("Jadwal penyaluran {programme}"),
        body: format!(
            "Penyaluran {programme} untuk keluarga Anda: {when} di {place}.{code} Bawa KTP \
             dan KK asli. Bantuan ini gratis: tolak bila ada pungutan dan laporkan. Setelah \
             menerima, beri nilai lewat tautan ini."
        ),
        link,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const BASE: &str = "https://bansos.example.go.id/";

    #[test]
    fn amounts_and_dates_read_as_people_write_them() {
        assert_eq!(rupiah(1_234_567), "Rp 1.234.567");
        assert_eq!(rupiah(600_000), "Rp 600.000");
        assert_eq!(rupiah(0), "Rp 0");
        assert_eq!(day(date!(2026 - 12 - 03)), "3 Des 2026");
        assert_eq!(link(BASE, "/"), "https://bansos.example.go.id/");
        assert_eq!(link("http://x", "/a"), "http://x/a");
    }

    #[test]
    fn a_voucher_message_names_the_amount_the_date_and_the_link() {
        let m = voucher_issued("Sembako", 200_000, date!(2027 - 01 - 03));
        assert_eq!(m.subject, "E-voucher Sembako sudah terbit");
        assert!(m.body.contains("Rp 200.000"), "{}", m.body);
        assert!(m.body.contains("3 Jan 2027"), "{}", m.body);
        assert_eq!(m.link, "/");
        assert_eq!(
            text(&m.body, BASE, &m.link),
            format!("{} Info: https://bansos.example.go.id/", m.body)
        );
    }

    #[test]
    fn payments_say_sent_or_rejected_with_the_reason() {
        let sent = payment_sent("PKH", 750_000);
        assert!(sent.body.contains("Rp 750.000"));
        let rejected = payment_rejected("PKH", 750_000, "rekening sudah ditutup");
        assert!(rejected.body.contains("(rekening sudah ditutup)"));
        assert!(rejected.subject.contains("ditolak"));
    }

    #[test]
    fn decisions_and_objections_read_their_outcome() {
        let approved = proposal_decided(12, true, true, "PKH");
        assert!(
            approved
                .body
                .contains("agar keluarga Anda menerima PKH disetujui")
        );
        let returned = proposal_decided(12, false, false, "PKH");
        assert!(
            returned
                .body
                .contains("tidak lagi menerima PKH dikembalikan")
        );
        let answered = objection_answered("SGH-ABCD-1234", false);
        assert!(answered.body.contains("tidak terbukti"));
        assert_eq!(
            link(BASE, &answered.link),
            "https://bansos.example.go.id/sanggah/status?kode=SGH-ABCD-1234"
        );
    }

    #[test]
    fn a_schedule_names_the_time_in_the_zone_and_the_place() {
        let at = datetime!(2026-12-03 02:00 UTC);
        let code = Some("ABCD-EFGH-JKMN");
        let m = distribution_scheduled("Sembako", at, Zone::Wita, "Balai Desa Klender", code);
        assert!(m.body.contains("3 Des 2026 10:00 WITA"), "{}", m.body);
        assert!(
            m.body
                .contains("di Balai Desa Klender. Kode hadir Anda ABCD-EFGH-JKMN.")
        );
        assert_eq!(
            link(BASE, &m.link),
            "https://bansos.example.go.id/penyaluran-barang/nilai?kode=ABCD-EFGH-JKMN"
        );
        assert!(!crate::web::time::looks_iso(&m.body));
    }
}
