//! The words of actions in the event trail and of the record kinds they act on.

/// (action, Bahasa Indonesia, English) of the event trail.
pub(super) const ACTIONS: &[(&str, &str, &str)] = &[
    ("account.created", "Akun dibuat", "Account created"),
    ("account.locked", "Akun dikunci", "Account locked"),
    (
        "account.status_changed",
        "Status akun diubah",
        "Account status changed",
    ),
    ("api_token.created", "Token API dibuat", "API token created"),
    (
        "api_token.revoked",
        "Token API dicabut",
        "API token revoked",
    ),
    (
        "application.accepted",
        "Pendaftaran diterima",
        "Application accepted",
    ),
    (
        "application.rejected",
        "Pendaftaran ditolak",
        "Application rejected",
    ),
    (
        "application.submitted",
        "Pendaftaran dikirim",
        "Application submitted",
    ),
    (
        "application.verified",
        "Pendaftaran diverifikasi",
        "Application verified",
    ),
    (
        "change_request.approved",
        "Usulan perubahan disetujui",
        "Change request approved",
    ),
    (
        "change_request.proposed",
        "Usulan perubahan diajukan",
        "Change request proposed",
    ),
    (
        "change_request.resent",
        "Usulan perubahan diperbaiki dan dikirim ulang",
        "Change request corrected and sent again",
    ),
    (
        "change_request.returned",
        "Usulan perubahan dikembalikan",
        "Change request returned",
    ),
    (
        "duplicate_pair.closed",
        "Pasangan ganda ditutup",
        "Duplicate pair closed",
    ),
    (
        "duplicate_pair.decided",
        "Pasangan ganda diputuskan",
        "Duplicate pair decided",
    ),
    (
        "duplicate_pair.opened",
        "Pasangan ganda ditemukan",
        "Duplicate pair found",
    ),
    (
        "duplicate_run.failed",
        "Pencarian data ganda gagal",
        "Duplicate search failed",
    ),
    (
        "duplicate_run.finished",
        "Pencarian data ganda selesai",
        "Duplicate search finished",
    ),
    (
        "duplicate_run.started",
        "Pencarian data ganda dimulai",
        "Duplicate search started",
    ),
    (
        "programme.quotas_changed",
        "Kuota program diubah",
        "Programme quotas changed",
    ),
    (
        "enrolment.batch_approved",
        "Daftar peserta disetujui",
        "Enrolment batch approved",
    ),
    (
        "enrolment.batch_prepared",
        "Daftar peserta disusun",
        "Enrolment batch prepared",
    ),
    (
        "enrolment.batch_rejected",
        "Daftar peserta ditolak",
        "Enrolment batch rejected",
    ),
    (
        "enrolment.proposal_enrolled",
        "Keluarga masuk program lewat usulan",
        "Household enrolled by a proposal",
    ),
    ("enrolment.ended", "Kepesertaan berakhir", "Enrolment ended"),
    (
        "account.person_linked",
        "Akun ditautkan ke data penduduk",
        "Account linked to a person record",
    ),
    (
        "cycle.created",
        "Tahap penyaluran dibuat",
        "Programme cycle created",
    ),
    (
        "cycle.computed",
        "Hak penerima tahap dihitung",
        "Cycle entitlements computed",
    ),
    (
        "cycle.approved",
        "Tahap disetujui, dana masuk amplop",
        "Cycle approved, envelope funded",
    ),
    (
        "budget.line_created",
        "Pagu anggaran direncanakan",
        "Budget line planned",
    ),
    (
        "budget.allocation_submitted",
        "Alokasi anggaran diajukan",
        "Budget allocation submitted",
    ),
    (
        "budget.revision_submitted",
        "Revisi pagu diusulkan",
        "Budget revision proposed",
    ),
    (
        "budget.revision_approved",
        "Revisi pagu disetujui, selisih dipindahkan",
        "Budget revision approved, difference moved",
    ),
    (
        "budget.revision_rejected",
        "Revisi pagu ditolak",
        "Budget revision rejected",
    ),
    (
        "budget.comment_posted",
        "Komentar warga atas pagu",
        "Citizen comment on a budget line",
    ),
    (
        "budget.comment_hidden",
        "Komentar warga disembunyikan",
        "Citizen comment hidden",
    ),
    (
        "budget.allocation_approved",
        "Alokasi anggaran disetujui, dana dipindahkan",
        "Budget allocation approved, money moved",
    ),
    (
        "budget.allocation_rejected",
        "Alokasi anggaran ditolak",
        "Budget allocation rejected",
    ),
    (
        "proposal.created",
        "Usulan bansos dibuat",
        "Aid proposal made",
    ),
    (
        "proposal.flagged",
        "Usulan ditandai konflik kepentingan",
        "Proposal flagged for a conflict of interest",
    ),
    (
        "proposal.approved",
        "Usulan disetujui pada satu tahap",
        "Proposal approved at a step",
    ),
    (
        "proposal.returned",
        "Usulan dikembalikan",
        "Proposal returned",
    ),
    (
        "enrolment.override_added",
        "Keluarga diusulkan masuk oleh petugas",
        "Household put forward by an official",
    ),
    ("household.closed", "Keluarga ditutup", "Household closed"),
    (
        "household.corrected",
        "Data keluarga dikoreksi",
        "Household corrected",
    ),
    (
        "household.created",
        "Keluarga didaftarkan",
        "Household registered",
    ),
    ("household.moved", "Keluarga pindah", "Household moved"),
    (
        "person.death_recorded",
        "Kematian dicatat",
        "Death recorded",
    ),
    (
        "person.merged",
        "Data penduduk digabung",
        "Person records merged",
    ),
    (
        "person.move_recorded",
        "Kepindahan dicatat",
        "Move recorded",
    ),
    ("person.nik_corrected", "NIK dikoreksi", "NIK corrected"),
    (
        "regions.loaded",
        "Daftar wilayah dimuat",
        "Region list loaded",
    ),
    (
        "review_flag.cleared",
        "Tanda tinjauan diselesaikan",
        "Review flag cleared",
    ),
    (
        "review_flag.raised",
        "Tanda tinjauan dipasang",
        "Review flag raised",
    ),
    (
        "distribution.scheduled",
        "Penyaluran dijadwalkan",
        "Hand-out scheduled",
    ),
    (
        "distribution.checked_in",
        "Penerima hadir",
        "Recipient checked in",
    ),
    (
        "distribution.closed",
        "Penyaluran ditutup",
        "Hand-out closed",
    ),
    (
        "distribution.rescheduled",
        "Penerima yang tidak hadir dijadwalkan ulang",
        "No-shows rescheduled",
    ),
    (
        "supplier.registered",
        "Pemasok barang didaftarkan",
        "Supplier registered",
    ),
    (
        "distribution.goods_set",
        "Daftar barang penyaluran ditetapkan",
        "Hand-out goods list set",
    ),
    (
        "distribution.goods_purchased",
        "Barang dibeli dari pemasok",
        "Goods bought from a supplier",
    ),
    (
        "distribution.goods_received",
        "Barang diterima dengan surat jalan",
        "Goods received against a delivery note",
    ),
    (
        "distribution.shortfall_decided",
        "Kekurangan stok diputuskan",
        "Stock shortfall decided",
    ),
    (
        "complaint.submitted",
        "Pengaduan diterima",
        "Complaint received",
    ),
    (
        "complaint.replied",
        "Pengaduan ditanggapi",
        "Complaint replied to",
    ),
    (
        "complaint.resolved",
        "Pengaduan dijawab tuntas",
        "Complaint resolved",
    ),
    (
        "complaint.reopened",
        "Pengaduan dibuka kembali",
        "Complaint reopened",
    ),
    (
        "complaint.rated",
        "Jawaban pengaduan dinilai",
        "Complaint answer rated",
    ),
    (
        "complaint.escalated",
        "Pengaduan dinaikkan",
        "Complaint escalated",
    ),
    (
        "complaint.answer_published",
        "Tanya jawab diterbitkan",
        "Public answer published",
    ),
    (
        "pungli.reported",
        "Laporan pungli diterima",
        "Extortion reported",
    ),
    (
        "pungli.answered",
        "Laporan pungli ditanggapi",
        "Extortion report answered",
    ),
    (
        "pungli.closed",
        "Laporan pungli selesai",
        "Extortion report closed",
    ),
    (
        "pungli.escalated",
        "Laporan pungli dinaikkan",
        "Extortion report escalated",
    ),
    (
        "pungli.information_added",
        "Keterangan laporan pungli ditambah",
        "Information added to a report",
    ),
    ("donation.need_posted", "Kebutuhan diumumkan", "Need posted"),
    (
        "donation.consent_recorded",
        "Persetujuan keluarga dicatat",
        "Consent recorded",
    ),
    (
        "donation.consent_withdrawn",
        "Persetujuan keluarga dicabut",
        "Consent withdrawn",
    ),
    (
        "donation.need_expired",
        "Kebutuhan lewat batas waktu",
        "Need expired",
    ),
    ("donation.pledged", "Janji donasi", "Donation pledged"),
    ("donation.paid", "Donasi dibayar", "Donation paid"),
    (
        "donation.delivered",
        "Barang donasi diserahkan",
        "Donated goods handed in",
    ),
    (
        "donation.confirmed",
        "Donasi diterima keluarga",
        "Donation confirmed",
    ),
    (
        "donation.released",
        "Janji donasi dilepas",
        "Pledge released",
    ),
    (
        "donation.refunded",
        "Donasi dikembalikan ke donatur",
        "Donation refunded",
    ),
    ("donation.reminded", "Donatur diingatkan", "Donor reminded"),
    (
        "donor.contact_verified",
        "Kontak donatur terverifikasi",
        "Donor contact verified",
    ),
];

/// (record kind, Bahasa Indonesia, English).
pub(super) const SUBJECTS: &[(&str, &str, &str)] = &[
    ("account", "Akun", "Account"),
    ("api_token", "Token API", "API token"),
    ("application", "Pendaftaran", "Application"),
    ("change_request", "Usulan perubahan", "Change request"),
    ("duplicate_pair", "Pasangan ganda", "Duplicate pair"),
    ("duplicate_run", "Pencarian data ganda", "Duplicate search"),
    ("enrolment_batch", "Daftar peserta", "Enrolment batch"),
    ("household", "Keluarga", "Household"),
    ("payment", "Pembayaran", "Payment"),
    ("person", "Penduduk", "Person"),
    ("programme", "Program", "Programme"),
    ("region_list", "Daftar wilayah", "Region list"),
    ("review_flag", "Tanda tinjauan", "Review flag"),
    ("proposal", "Usulan bansos", "Aid proposal"),
    ("objection", "Sanggahan", "Objection"),
    ("deliberation", "Musyawarah", "Deliberation"),
    (
        "distribution_event",
        "Penyaluran barang",
        "Hand-out of goods",
    ),
    ("supplier", "Pemasok barang", "Supplier"),
    ("complaint", "Pengaduan", "Complaint"),
    ("pungli_report", "Laporan pungli", "Extortion report"),
    ("donation_need", "Kebutuhan donasi", "Donation need"),
    ("donation_pledge", "Janji donasi", "Donation pledge"),
];
