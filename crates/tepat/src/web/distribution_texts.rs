//! Texts of hand-outs of goods: the officials' list, schedule and check-in desk, and the
//! recipients' rating form.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("nav.handouts", "Penyaluran barang", "Hand-outs of goods"),
    ("handout.title", "Penyaluran barang", "Hand-outs of goods"),
    (
        "handout.intro",
        "Penyaluran bantuan barang di satu tempat dan hari, dibagi per sesi agar penerima tidak mengantre seharian.",
        "Hand-outs of goods at one place and day, split into slots so that nobody queues all day.",
    ),
    ("handout.none", "Belum ada penyaluran.", "No hand-outs yet."),
    ("handout.new", "Jadwalkan penyaluran", "Schedule a hand-out"),
    ("handout.name", "Nama penyaluran", "Name"),
    ("handout.programme", "Program", "Programme"),
    ("handout.village", "Kode desa/kelurahan", "Village code"),
    ("handout.place", "Tempat dan alamat", "Place and address"),
    ("handout.day", "Tanggal", "Day"),
    ("handout.starts", "Jam mulai", "Starts"),
    ("handout.ends", "Jam selesai", "Ends"),
    (
        "handout.slot_minutes",
        "Lama satu sesi (menit)",
        "Slot length (minutes)",
    ),
    (
        "handout.slot_capacity",
        "Keluarga per sesi",
        "Households per slot",
    ),
    (
        "handout.goods",
        "Barang per keluarga",
        "Goods per household",
    ),
    (
        "handout.households_hint",
        "Semua keluarga peserta program di desa/kelurahan ini diundang.",
        "Every household of the village enrolled in the programme is invited.",
    ),
    ("handout.schedule", "Jadwal", "Schedule"),
    ("handout.slot", "Sesi", "Slot"),
    ("handout.recipient", "Penerima", "Recipient"),
    ("handout.status", "Status", "Status"),
    ("handout.status_scheduled", "Terjadwal", "Scheduled"),
    ("handout.status_closed", "Ditutup", "Closed"),
    ("handout.status_invited", "Diundang", "Invited"),
    ("handout.status_checked_in", "Hadir", "Checked in"),
    ("handout.status_no_show", "Tidak hadir", "Did not come"),
    (
        "handout.status_rescheduled",
        "Dijadwalkan ulang",
        "Rescheduled",
    ),
    ("handout.check_in", "Catat kehadiran", "Check in"),
    (
        "handout.code",
        "Kode hadir penerima",
        "Recipient's check-in code",
    ),
    ("handout.checked_in", "Tercatat hadir", "Checked in"),
    ("handout.no_shows", "Tidak hadir", "Did not come"),
    (
        "handout.no_no_shows",
        "Semua penerima hadir.",
        "Everyone came.",
    ),
    ("handout.close", "Tutup penyaluran", "Close the hand-out"),
    (
        "handout.close_confirm",
        "Penerima yang belum hadir akan dicatat tidak hadir. Yakin?",
        "Recipients not checked in will be marked as not come. Sure?",
    ),
    ("handout.rating", "Penilaian penerima", "Recipients' rating"),
    ("handout.no_rating", "Belum dinilai", "Not rated yet"),
    ("handout.ratings", "penilaian", "ratings"),
    (
        "handout.rate_title",
        "Nilai penyaluran",
        "Rate the hand-out",
    ),
    (
        "handout.rate_intro",
        "Bagaimana penyaluran bantuan yang Anda terima? Penilaian Anda membantu petugas memperbaikinya.",
        "How was the hand-out you received? Your rating helps the officers improve it.",
    ),
    (
        "handout.score",
        "Nilai (1 buruk, 5 sangat baik)",
        "Score (1 poor, 5 excellent)",
    ),
    (
        "handout.comment",
        "Komentar (boleh kosong)",
        "Comment (optional)",
    ),
    ("handout.send", "Kirim penilaian", "Send the rating"),
    (
        "handout.thanks",
        "Terima kasih, penilaian Anda tercatat.",
        "Thank you, your rating is recorded.",
    ),
];
