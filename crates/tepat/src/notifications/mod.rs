//! Notifications to households: an outbox row written in the same transaction as the
//! change that causes it (a voucher issued, a payment sent or rejected, a proposal
//! decided, an objection answered, a hand-out scheduled), delivered later by a worker
//! through the configured provider (an SMS/WhatsApp gateway's webhook, SMTP e-mail, or the
//! log), retried with back-off and kept as a dead letter when it never gets through. A
//! provider that is down never touches the request that caused the message. See
//! `README.md` in this folder.

pub mod api;
pub mod backoff;
pub mod error;
pub mod hooks;
pub mod pages;
pub mod provider;
mod refusal;
pub mod service;
pub mod store;
pub mod template;
pub mod worker;

use crate::web::i18n::Lang;

pub use hooks::{DistributionScheduled, distribution_scheduled};
pub use store::{NewNotification, Notification, enqueue};

/// Kinds of notification: what caused it.
pub const VOUCHER_ISSUED: &str = "voucher.issued";
pub const PAYMENT_SENT: &str = "payment.sent";
pub const PAYMENT_REJECTED: &str = "payment.rejected";
pub const PROPOSAL_DECIDED: &str = "proposal.decided";
pub const OBJECTION_ANSWERED: &str = "objection.answered";
pub const DISTRIBUTION_SCHEDULED: &str = "distribution.scheduled";
/// A sign-up code: its digits are a secret between the system and the recipient, so pages
/// and the API show the message with them hidden (the worker still sends them).
pub const CONTACT_CODE: &str = "donor.contact_code";

/// Channels: a phone number (through the SMS/WhatsApp gateway) or an e-mail address.
pub const SMS: &str = "sms";
pub const EMAIL: &str = "email";

/// States: waiting for (another) attempt, delivered, or given up on (a dead letter).
pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// A kind in words.
pub fn kind_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        VOUCHER_ISSUED => ("E-voucher terbit", "Voucher issued"),
        PAYMENT_SENT => ("Bantuan dikirim", "Payment sent"),
        PAYMENT_REJECTED => ("Transfer ditolak bank", "Payment rejected"),
        PROPOSAL_DECIDED => ("Usulan diputuskan", "Proposal decided"),
        OBJECTION_ANSWERED => ("Sanggahan dijawab", "Objection answered"),
        DISTRIBUTION_SCHEDULED => ("Jadwal penyaluran", "Hand-out scheduled"),
        "complaint.updated" => ("Pengaduan diperbarui", "Complaint updated"),
        CONTACT_CODE => ("Kode pendaftaran donatur", "Donor sign-up code"),
        "donation.refunded" => ("Donasi dikembalikan", "Donation refunded"),
        "donation.pledge_due" => ("Pengingat janji donasi", "Pledge reminder"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A state in words.
pub fn status_label(code: &str, lang: Lang) -> String {
    let (id, en) = match code {
        PENDING => ("menunggu kirim", "pending"),
        SENT => ("terkirim", "sent"),
        FAILED => ("gagal (perlu kirim ulang)", "failed (dead letter)"),
        other => (other, other),
    };
    lang.pick(id, en)
}

/// A channel in words.
pub fn channel_label(code: &str, lang: Lang) -> String {
    match code {
        SMS => lang.pick("SMS/WhatsApp", "SMS/WhatsApp"),
        EMAIL => lang.pick("Surel", "E-mail"),
        other => other.to_owned(),
    }
}

/// An address as officials see it: a phone number keeps its first four and last three
/// digits (`0812****789`), an e-mail its first letter and domain (`b***@example.id`).
pub fn masked_address(address: &str) -> String {
    if let Some((local, domain)) = address.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}***@{domain}");
    }
    let chars: Vec<char> = address.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 3..].iter().collect();
    format!("{head}****{tail}")
}

/// This feature's pages and JSON routes.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .api(api::router())
        .pages(pages::routes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked_and_codes_have_words() {
        assert_eq!(masked_address("081234567789"), "0812****789");
        assert_eq!(masked_address("+6281234567789"), "+628****789");
        assert_eq!(masked_address("0812"), "****");
        assert_eq!(masked_address("budi@example.id"), "b***@example.id");
        assert_eq!(
            kind_label(PAYMENT_REJECTED, Lang::Id),
            "Transfer ditolak bank"
        );
        assert_eq!(status_label(FAILED, Lang::En), "failed (dead letter)");
        assert_eq!(kind_label("x.y", Lang::Id), "x.y");
    }
}
