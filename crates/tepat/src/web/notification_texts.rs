//! Texts of the notification page: the outbox of messages to households, their delivery
//! status, and sending a dead letter again.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("nav.notifications", "Notifikasi", "Notifications"),
    (
        "notify.title",
        "Notifikasi ke warga",
        "Notifications to households",
    ),
    (
        "notify.intro",
        "Pesan SMS/WhatsApp dan surel ke keluarga penerima: voucher terbit, bantuan dikirim atau ditolak bank, usulan diputuskan, sanggahan dijawab, jadwal penyaluran. Pesan yang gagal dicoba lagi otomatis; setelah batas percobaan, pesan masuk daftar gagal dan bisa dikirim ulang.",
        "SMS/WhatsApp and e-mail messages to recipient households: a voucher issued, aid sent or rejected by the bank, a proposal decided, an objection answered, a hand-out scheduled. Failed messages are retried automatically; after the last attempt they are listed as failed and can be sent again.",
    ),
    ("notify.status", "Status", "Status"),
    ("notify.pending", "Menunggu kirim", "Pending"),
    ("notify.sent", "Terkirim", "Sent"),
    ("notify.failed", "Gagal", "Failed"),
    ("notify.none", "Tidak ada notifikasi.", "No notifications."),
    ("notify.created_at", "Dibuat", "Queued"),
    ("notify.kind", "Jenis", "Kind"),
    ("notify.to", "Penerima", "Recipient"),
    ("notify.message", "Pesan", "Message"),
    ("notify.attempts", "Percobaan", "Attempts"),
    ("notify.next_attempt", "Coba lagi", "Next attempt"),
    ("notify.sent_at", "Terkirim pada", "Sent at"),
    ("notify.last_error", "Kesalahan terakhir", "Last error"),
    ("notify.retry", "Kirim ulang", "Send again"),
    ("notify.household", "Keluarga", "Household"),
];
