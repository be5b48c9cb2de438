//! Languages: Bahasa Indonesia first, English second. Page texts live in one table so a
//! test can check that every key used by a template has both translations.

use std::fmt;

/// The viewer's language, from the `tepat_lang` cookie; Indonesian by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "id" => Some(Self::Id),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::En => "en",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Id => Self::En,
            Self::En => Self::Id,
        }
    }

    /// The text in this language, from its Indonesian and English forms.
    pub fn pick(self, id: &str, en: &str) -> String {
        match self {
            Self::Id => id,
            Self::En => en,
        }
        .to_owned()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A domain error or message that can speak both languages.
pub trait Localized {
    fn localized(&self, lang: Lang) -> String;
}

/// Translator handed to templates: `{{ tr.t("login.title") }}`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The text for `key`; the key itself when missing, which the text table test catches.
    pub fn t(&self, key: &str) -> &'static str {
        self.find(key).unwrap_or("??")
    }

    /// The text for `key`, if the table has one.
    pub fn find(&self, key: &str) -> Option<&'static str> {
        all_texts()
            .find(|(k, _, _)| *k == key)
            .map(|(_, id, en)| match self.lang {
                Lang::Id => *id,
                Lang::En => *en,
            })
    }
}

/// Every text: this table and the shared page pieces' (`web/texts.rs`).
fn all_texts() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TEXTS
        .iter()
        .chain(super::texts::TEXTS.iter())
        .chain(super::decision_texts::TEXTS.iter())
        .chain(super::kpi_texts::TEXTS.iter())
        .chain(super::money_texts::TEXTS.iter())
        .chain(super::budget_watch_texts::TEXTS.iter())
        .chain(super::voucher_texts::TEXTS.iter())
        .chain(super::offline_texts::TEXTS.iter())
        .chain(super::notification_texts::TEXTS.iter())
        .chain(super::distribution_texts::TEXTS.iter())
        .chain(super::stock_texts::TEXTS.iter())
        .chain(super::oversight_texts::TEXTS.iter())
        .chain(super::usul_texts::TEXTS.iter())
        .chain(super::cek_texts::TEXTS.iter())
        .chain(super::complaint_texts::TEXTS.iter())
}

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("app.tagline", "Bantuan tepat sasaran", "Aid on target"),
    ("nav.dashboard", "Beranda", "Dashboard"),
    ("nav.regions", "Wilayah", "Regions"),
    ("nav.accounts", "Akun", "Accounts"),
    ("nav.tokens", "Token API", "API tokens"),
    ("nav.events", "Jejak perubahan", "Event trail"),
    ("nav.api", "Dokumentasi API", "API reference"),
    ("nav.logout", "Keluar", "Log out"),
    ("nav.login", "Masuk", "Log in"),
    ("nav.skip", "Langsung ke isi", "Skip to content"),
    ("nav.menu", "Menu", "Menu"),
    ("lang.switch", "English", "Bahasa Indonesia"),
    ("login.title", "Masuk", "Log in"),
    ("login.username", "Nama pengguna", "Username"),
    ("login.password", "Kata sandi", "Password"),
    ("login.submit", "Masuk", "Log in"),
    (
        "login.intro",
        "Masuk dengan akun petugas Anda.",
        "Log in with your official account.",
    ),
    ("dashboard.title", "Beranda", "Dashboard"),
    ("dashboard.scope", "Wilayah kewenangan", "Scope"),
    ("dashboard.national", "Nasional", "National"),
    ("dashboard.role", "Peran", "Role"),
    (
        "dashboard.counts",
        "Angka di wilayah Anda",
        "Figures in your scope",
    ),
    ("dashboard.villages", "Desa/kelurahan", "Villages"),
    ("dashboard.districts", "Kecamatan", "Districts"),
    (
        "dashboard.accounts",
        "Akun petugas aktif",
        "Active official accounts",
    ),
    ("dashboard.events", "Perubahan tercatat", "Recorded changes"),
    (
        "dashboard.events_today",
        "Perubahan hari ini",
        "Changes today",
    ),
    ("dashboard.tokens", "Token API aktif", "Active API tokens"),
    ("dashboard.recent", "Perubahan terbaru", "Recent changes"),
    (
        "dashboard.chart",
        "Perubahan per hari (14 hari)",
        "Changes per day (14 days)",
    ),
    (
        "import.blank_template",
        "Templat kosong dengan daftar kode di lembar kedua:",
        "Blank template, with every code listed on the second sheet:",
    ),
    (
        "application.already_registered",
        "Nomor ini sudah terdaftar. Periksa sebelum kunjungan lapangan: keluarga ini mungkin sudah ada, atau nomornya salah ketik.",
        "These numbers are already registered. Check before the field visit: the family may already be recorded, or a number was mistyped.",
    ),
    (
        "application.registered_elsewhere",
        "keluarga di luar wilayah Anda",
        "a household outside your region",
    ),
    ("registry.nik", "NIK", "NIK"),
    ("registry.new", "Daftarkan keluarga", "Register a household"),
    (
        "registry.new_intro",
        "Satu keluarga dan anggotanya, dengan aturan dan pemeriksaan yang sama seperti impor. Baris anggota yang kosong diabaikan.",
        "One household and its members, under the same rules and checks as an import. Empty member rows are left out.",
    ),
    (
        "registry.new_submit",
        "Simpan keluarga",
        "Save the household",
    ),
    (
        "registry.add_rows",
        "Tambah baris anggota",
        "Add member rows",
    ),
    ("waiting.title", "Pekerjaan menunggu", "Work waiting"),
    (
        "waiting.applications_to_verify",
        "Pendaftaran menunggu kunjungan lapangan",
        "Applications awaiting the field visit",
    ),
    (
        "waiting.applications_to_decide",
        "Pendaftaran terverifikasi menunggu keputusan",
        "Verified applications awaiting a decision",
    ),
    (
        "waiting.changes_to_decide",
        "Usulan perubahan menunggu keputusan",
        "Change requests awaiting a decision",
    ),
    (
        "waiting.changes_returned",
        "Usulan dikembalikan untuk diperbaiki",
        "Change requests returned for correction",
    ),
    (
        "waiting.flags_to_clear",
        "Tanda tinjauan yang masih terbuka",
        "Review flags still open",
    ),
    (
        "waiting.imports_running",
        "Impor yang sedang berjalan",
        "Imports running",
    ),
    (
        "waiting.pairs_to_review",
        "Kemungkinan data ganda menunggu keputusan",
        "Possible duplicates awaiting a decision",
    ),
    ("dashboard.yours", "Untuk Anda", "For you"),
    (
        "dashboard.citizen",
        "Pantau pendaftaran keluarga Anda atau daftarkan keluarga baru.",
        "Follow your family's application or register a new family.",
    ),
    (
        "dashboard.partner",
        "Bank, e-warong dan donor bekerja dengan Tepat melalui API dengan token dari administrator.",
        "Banks, e-warong and donors work with Tepat through the API, with a token from the administrator.",
    ),
    (
        "dashboard.check_status",
        "Cek status pendaftaran",
        "Check an application",
    ),
    ("dashboard.api_docs", "Dokumentasi API", "API documentation"),
    ("regions.title", "Wilayah", "Regions"),
    ("regions.search", "Cari nama wilayah", "Search region name"),
    ("regions.search_submit", "Cari", "Search"),
    ("regions.code", "Kode", "Code"),
    ("regions.name", "Nama", "Name"),
    ("regions.level", "Tingkat", "Level"),
    ("regions.children", "Wilayah di bawahnya", "Regions within"),
    ("regions.none", "Tidak ada wilayah.", "No regions."),
    ("regions.more", "Berikutnya", "Next"),
    (
        "regions.accounts",
        "Akun petugas di wilayah ini",
        "Official accounts in this region",
    ),
    (
        "regions.events",
        "Perubahan di wilayah ini",
        "Changes in this region",
    ),
    ("regions.results", "Hasil pencarian", "Search results"),
    ("accounts.title", "Akun petugas", "Official accounts"),
    ("accounts.new", "Tambah akun", "Add account"),
    ("accounts.username", "Nama pengguna", "Username"),
    ("accounts.display_name", "Nama lengkap", "Full name"),
    ("accounts.role", "Peran", "Role"),
    ("accounts.region", "Kode wilayah", "Region code"),
    (
        "accounts.region_hint",
        "Kosongkan untuk lingkup nasional",
        "Leave empty for national scope",
    ),
    ("accounts.password", "Kata sandi awal", "Initial password"),
    (
        "accounts.password_hint",
        "Minimal 10 karakter",
        "At least 10 characters",
    ),
    ("accounts.status", "Status", "Status"),
    ("accounts.create", "Simpan akun", "Save account"),
    ("accounts.created", "Akun dibuat.", "Account created."),
    (
        "accounts.status_changed",
        "Status akun diubah.",
        "Account status changed.",
    ),
    ("accounts.own", "Akun Anda", "Your account"),
    ("accounts.disable", "Nonaktifkan", "Disable"),
    ("accounts.enable", "Aktifkan", "Enable"),
    ("accounts.unlock", "Buka kunci", "Unlock"),
    ("accounts.locked", "terkunci", "locked"),
    ("accounts.active", "aktif", "active"),
    ("accounts.disabled", "nonaktif", "disabled"),
    ("accounts.actions", "Tindakan", "Actions"),
    ("tokens.title", "Token API", "API tokens"),
    ("tokens.new", "Buat token", "Create token"),
    ("tokens.name", "Nama klien", "Client name"),
    ("tokens.scopes", "Cakupan izin", "Scopes"),
    ("tokens.create", "Buat token", "Create token"),
    (
        "tokens.shown_once",
        "Salin token ini sekarang. Token tidak akan ditampilkan lagi.",
        "Copy this token now. It will not be shown again.",
    ),
    ("tokens.revoke", "Cabut", "Revoke"),
    ("tokens.revoked", "dicabut", "revoked"),
    ("tokens.prefix", "Awalan", "Prefix"),
    ("events.title", "Jejak perubahan", "Event trail"),
    ("events.when", "Waktu", "Time"),
    ("events.actor", "Pelaku", "Actor"),
    ("events.action", "Tindakan", "Action"),
    ("events.subject", "Subjek", "Subject"),
    ("events.region", "Wilayah", "Region"),
    ("events.changes", "Perubahan", "Changes"),
    ("events.log", "Catatan log", "Log entry"),
    ("events.log_proof", "bukti", "proof"),
    ("events.log_pending", "menunggu", "pending"),
    (
        "events.none",
        "Belum ada perubahan tercatat.",
        "No changes recorded yet.",
    ),
    ("error.title", "Terjadi masalah", "Something went wrong"),
    ("error.back", "Kembali ke beranda", "Back to the dashboard"),
    ("error.request_id", "Kode permintaan", "Request id"),
    (
        "form.errors",
        "Periksa isian yang ditandai.",
        "Check the marked fields.",
    ),
    ("form.required", "wajib diisi", "required"),
    ("common.yes", "Ya", "Yes"),
    ("common.no", "Tidak", "No"),
    ("nav.registry", "Keluarga", "Households"),
    (
        "nav.person_views",
        "Akses data pribadi",
        "Personal data access",
    ),
    ("registry.title", "Data keluarga", "Households"),
    ("registry.region", "Kode wilayah", "Region code"),
    ("registry.kk", "Nomor KK", "KK number"),
    ("registry.status", "Status", "Status"),
    ("registry.all", "Semua", "All"),
    ("registry.active", "aktif", "active"),
    ("registry.closed", "ditutup", "closed"),
    ("registry.filter", "Tampilkan", "Show"),
    ("registry.export_csv", "Unduh CSV", "Download CSV"),
    ("nav.import", "Impor", "Import"),
    ("nav.changes", "Usulan perubahan", "Change requests"),
    ("change.queue", "Usulan perubahan data", "Change requests"),
    (
        "change.queue_intro",
        "Perubahan bulanan dari desa: operator desa mengusulkan dengan alasan dan bukti, petugas dinas kabupaten/kota menyetujui atau mengembalikan. Pengusul tercatat selamanya pada data.",
        "Monthly village updates: village operators propose with a reason and evidence, district officers approve or return them. The proposer stays on the record forever.",
    ),
    ("change.status", "Status usulan", "Request status"),
    ("change.status.diajukan", "Diajukan", "Proposed"),
    ("change.status.disetujui", "Disetujui", "Approved"),
    ("change.status.dikembalikan", "Dikembalikan", "Returned"),
    ("change.none", "Tidak ada usulan.", "No requests."),
    ("change.kind", "Jenis", "Kind"),
    ("change.household", "Keluarga", "Household"),
    ("change.proposer", "Pengusul", "Proposed by"),
    ("change.proposed_at", "Diajukan (UTC)", "Proposed (UTC)"),
    ("change.request", "Usulan", "Request"),
    ("change.reason", "Alasan", "Reason"),
    ("change.decider", "Diputuskan oleh", "Decided by"),
    ("change.note", "Catatan keputusan", "Decision note"),
    (
        "change.note_hint",
        "Wajib diisi jika usulan dikembalikan; pengusul membacanya.",
        "Required when returning; the proposer reads it.",
    ),
    ("change.evidence", "Bukti", "Evidence"),
    (
        "change.no_evidence",
        "Tidak ada berkas bukti.",
        "No evidence files.",
    ),
    (
        "change.evidence_hint",
        "Foto atau pindaian surat (JPEG, PNG atau PDF), paling banyak",
        "Photos or scans (JPEG, PNG or PDF), at most",
    ),
    ("change.decide", "Keputusan", "Decision"),
    (
        "change.approve",
        "Setujui dan simpan perubahan",
        "Approve and write the change",
    ),
    (
        "change.return",
        "Kembalikan ke pengusul",
        "Return to the proposer",
    ),
    ("change.propose", "Usulkan perubahan", "Propose a change"),
    (
        "change.propose_intro",
        "Pilih jenis perubahan. Usulan diperiksa langsung dengan aturan data keluarga, lalu menunggu keputusan petugas dinas.",
        "Choose what should change. The proposal is checked at once with the registry's rules, then waits for a district officer's decision.",
    ),
    (
        "change.choose_member",
        "Pilih anggota yang datanya dikoreksi:",
        "Choose the member whose data is corrected:",
    ),
    ("change.member", "Anggota keluarga", "Family member"),
    ("change.date", "Tanggal", "Date"),
    (
        "change.date_hint",
        "Tanggal kejadian: YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY; tidak boleh di masa depan.",
        "Date of the event: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY; not in the future.",
    ),
    ("change.new_kk", "Nomor KK baru", "New KK number"),
    (
        "change.other_kk",
        "Nomor KK keluarga yang bergabung",
        "KK number of the family that joins",
    ),
    (
        "change.leaving",
        "Anggota yang membentuk keluarga baru",
        "Members who form the new family",
    ),
    (
        "change.new_head",
        "Kepala keluarga baru",
        "New head of family",
    ),
    ("change.rt", "RT", "RT"),
    ("change.rw", "RW", "RW"),
    ("change.phone", "Nomor telepon", "Phone number"),
    ("change.nik", "NIK", "NIK"),
    ("change.birth_place", "Tempat lahir", "Birth place"),
    ("change.sex", "Jenis kelamin", "Sex"),
    (
        "change.relationship",
        "Hubungan dengan kepala keluarga",
        "Relationship to the head",
    ),
    (
        "change.marital_status",
        "Status perkawinan",
        "Marital status",
    ),
    ("change.occupation", "Pekerjaan", "Occupation"),
    ("change.education", "Pendidikan", "Education"),
    ("change.disability", "Disabilitas", "Disability"),
    ("change.submit", "Kirim usulan", "Send the proposal"),
    (
        "change.correct",
        "Perbaiki dan kirim ulang",
        "Correct and send again",
    ),
    (
        "change.correct_intro",
        "Perbaiki isian sesuai catatan petugas dinas, lalu kirim ulang. Usulan kembali ke antrean dinas kabupaten/kota.",
        "Correct the fields as the district officer noted, then send again. The request goes back to the district's queue.",
    ),
    ("change.returned_by", "Dikembalikan oleh", "Returned by"),
    (
        "change.returned_earlier",
        "Dikembalikan sebelumnya oleh",
        "Returned earlier by",
    ),
    (
        "change.evidence_kept",
        "Berkas bukti yang sudah dilampirkan tetap tersimpan:",
        "Evidence already attached is kept:",
    ),
    ("change.resend", "Kirim ulang", "Send again"),
    (
        "change.kind.koreksi_keluarga",
        "Koreksi alamat atau telepon keluarga",
        "Correct the household's address or phone",
    ),
    (
        "change.kind.koreksi_anggota",
        "Koreksi data anggota",
        "Correct a member's data",
    ),
    (
        "change.kind.tambah_anggota",
        "Tambah anggota (kelahiran, perkawinan, ikut keluarga)",
        "Add a member (birth, marriage, joining)",
    ),
    ("change.kind.kematian", "Anggota meninggal", "A member died"),
    (
        "change.kind.pindah",
        "Anggota keluar atau pindah",
        "A member left or moved",
    ),
    (
        "change.kind.pecah_kk",
        "Pecah KK (sebagian anggota membentuk keluarga baru)",
        "Split the family (some members form a new one)",
    ),
    (
        "change.kind.gabung_kk",
        "Gabung KK (keluarga lain bergabung)",
        "Merge (another family joins)",
    ),
    ("change.kind.ganti_kk", "Ganti nomor KK", "New KK number"),
    (
        "change.kind.tutup_kk",
        "Tutup data keluarga (mis. terdaftar ganda)",
        "Close the household (e.g. registered twice)",
    ),
    ("import.title", "Impor data keluarga", "Import households"),
    (
        "import.intro",
        "Unggah berkas CSV atau XLSX dengan satu baris per orang, baris satu keluarga berurutan. Baris yang ditolak tidak menghentikan baris lain; laporannya bisa diunduh setelah impor selesai. Mengimpor berkas yang sama lagi tidak menggandakan data.",
        "Upload a CSV or XLSX file with one row per person, the rows of a family together. Refused rows do not stop the others; the report can be downloaded when the import ends. Importing the same file again doubles nothing.",
    ),
    ("import.file", "Berkas", "File"),
    (
        "import.file_hint",
        "CSV (UTF-8) atau XLSX dengan kolom seperti templat kosong di atas: satu baris per anggota keluarga.",
        "CSV (UTF-8) or XLSX with the columns of the blank template above: one row per family member.",
    ),
    ("import.limit", "Ukuran paling besar", "Largest size"),
    (
        "import.atomic",
        "Semua atau tidak sama sekali: jika ada baris ditolak, tidak ada yang disimpan",
        "All or nothing: if any row is refused, nothing is stored",
    ),
    (
        "import.confirm_warnings",
        "Saya sudah memeriksa peringatan (mis. NIK dari kabupaten yang sudah dimekarkan) dan menerimanya",
        "I have checked the warnings (e.g. a NIK from a split district) and accept them",
    ),
    ("import.submit", "Unggah dan impor", "Upload and import"),
    (
        "import.template",
        "Unduh data wilayah Anda sebagai contoh format",
        "Download your region's data as a layout example",
    ),
    ("import.recent", "Impor terakhir", "Recent imports"),
    ("import.none", "Belum ada impor.", "No imports yet."),
    ("import.status", "Status", "Status"),
    ("import.started", "Dimulai (UTC)", "Started (UTC)"),
    ("import.job", "Impor", "Import"),
    ("import.progress", "Kemajuan", "Progress"),
    (
        "import.refresh",
        "Halaman ini diperbarui sendiri setiap 2 detik.",
        "This page refreshes itself every 2 seconds.",
    ),
    ("import.rows", "Baris dibaca", "Rows read"),
    ("import.families", "Keluarga", "Families"),
    ("import.created", "Keluarga baru", "New families"),
    (
        "import.changed",
        "Keluarga diubah (versi baru)",
        "Families changed (new version)",
    ),
    (
        "import.unchanged",
        "Keluarga tidak berubah",
        "Families unchanged",
    ),
    (
        "import.refused_families",
        "Keluarga ditolak",
        "Families refused",
    ),
    ("import.refused_rows", "Baris ditolak", "Rows refused"),
    ("import.report", "Laporan", "Report"),
    (
        "import.download",
        "Unduh laporan (CSV)",
        "Download the report (CSV)",
    ),
    ("import.row", "Baris", "Row"),
    ("import.column", "Kolom", "Column"),
    ("import.rule", "Aturan", "Rule"),
    ("import.message", "Pesan", "Message"),
    (
        "import.more_in_download",
        "Baris laporan lainnya ada di berkas unduhan.",
        "The rest of the report is in the download.",
    ),
    ("import.status.queued", "Menunggu", "Queued"),
    ("import.status.running", "Sedang berjalan", "Running"),
    ("import.status.done", "Selesai", "Done"),
    (
        "import.status.refused",
        "Ditolak seluruhnya (tidak ada yang disimpan)",
        "Refused as a whole (nothing stored)",
    ),
    ("import.status.failed", "Gagal", "Failed"),
    ("registry.export_xlsx", "Unduh XLSX", "Download XLSX"),
    (
        "registry.none",
        "Tidak ada keluarga yang cocok.",
        "No matching households.",
    ),
    ("registry.head", "Kepala keluarga", "Head of family"),
    ("registry.members", "Anggota keluarga", "Members"),
    ("registry.member", "Anggota", "Member"),
    (
        "registry.survey",
        "Pendataan (boleh dikosongkan)",
        "Survey (optional)",
    ),
    (
        "registry.survey_hint",
        "Isi yang sudah diketahui; sisanya dapat dilengkapi saat verifikasi lapangan.",
        "Fill in what is known; the rest can be completed at the field visit.",
    ),
    ("registry.address", "Alamat", "Address"),
    ("registry.village", "Desa/kelurahan", "Village"),
    ("registry.household", "Keluarga", "Household"),
    ("registry.version", "Versi", "Version"),
    ("registry.name", "Nama", "Name"),
    ("registry.relationship", "Hubungan", "Relationship"),
    ("registry.birth_place", "Tempat lahir", "Birth place"),
    ("registry.birth_date", "Tanggal lahir", "Birth date"),
    ("registry.sex", "Jenis kelamin", "Sex"),
    ("registry.life_status", "Status", "Status"),
    ("registry.open", "Buka data lengkap", "Open full record"),
    ("registry.purpose", "Keperluan", "Purpose"),
    (
        "registry.purpose_hint",
        "Membuka data lengkap dicatat: siapa, kapan, dan untuk apa.",
        "Opening a full record is recorded: who, when and why.",
    ),
    (
        "registry.view_recorded",
        "Akses Anda ke data ini telah dicatat.",
        "Your access to this record has been recorded.",
    ),
    ("registry.history", "Riwayat perubahan", "History"),
    ("registry.person", "Data penduduk", "Person"),
    (
        "registry.views_title",
        "Catatan akses data pribadi",
        "Personal data access records",
    ),
    (
        "registry.views_none",
        "Belum ada akses tercatat.",
        "No access recorded yet.",
    ),
    (
        "registry.search",
        "Cari NIK, KK atau nama",
        "Search NIK, KK or name",
    ),
    (
        "registry.search_hint",
        "Nama boleh sebagian atau salah beberapa huruf.",
        "Part of a name, or a few letters wrong, still finds it.",
    ),
    ("nav.review", "Tinjauan", "Review"),
    ("review.title", "Tanda tinjauan", "Review flags"),
    (
        "review.intro",
        "Data yang perlu dicek petugas sebelum bantuan disalurkan, misalnya kematian \
         atau pindah yang dilaporkan Dukcapil.",
        "Records an official must check before aid flows, such as a death or move \
         reported by the civil registry.",
    ),
    ("review.status", "Status", "Status"),
    ("review.open", "Terbuka", "Open"),
    ("review.cleared", "Selesai ditinjau", "Cleared"),
    (
        "review.none",
        "Tidak ada tanda tinjauan.",
        "No review flags.",
    ),
    ("review.raised_at", "Dibuat", "Raised"),
    ("review.reason", "Alasan", "Reason"),
    ("review.subject", "Data", "Record"),
    ("review.source", "Sumber", "Source"),
    ("review.view", "Tinjau", "Review"),
    ("review.flag", "Tanda tinjauan", "Review flag"),
    ("review.cleared_at", "Selesai ditinjau", "Cleared"),
    ("review.note", "Catatan tinjauan", "Review note"),
    (
        "review.note_hint",
        "Tuliskan apa yang dicek dan diputuskan (wajib).",
        "Say what was checked and decided (required).",
    ),
    (
        "review.clear",
        "Tandai selesai ditinjau",
        "Mark as reviewed",
    ),
    (
        "review.person_flags",
        "Perlu ditinjau sebelum bantuan disalurkan",
        "To be reviewed before aid flows",
    ),
    (
        "nav.applications",
        "Pendaftaran mandiri",
        "Self-registrations",
    ),
    (
        "nav.apply",
        "Daftar bantuan sosial",
        "Apply for social assistance",
    ),
    (
        "application.form_title",
        "Pendaftaran mandiri bantuan sosial",
        "Apply for social assistance",
    ),
    (
        "application.form_intro",
        "Daftarkan keluarga Anda tanpa datang ke kantor. Isi data sesuai Kartu Keluarga (KK). Petugas desa/kelurahan atau pendamping akan mengunjungi dan memverifikasi data Anda.",
        "Register your family without visiting an office. Fill in the data as on your family card (KK). A village officer or facilitator will visit and verify it.",
    ),
    (
        "application.check_link",
        "Cek status pendaftaran",
        "Check an application's status",
    ),
    (
        "application.household",
        "Keluarga dan alamat",
        "Family and address",
    ),
    ("application.kk", "Nomor KK", "KK number"),
    (
        "application.kk_hint",
        "16 angka, seperti tertulis di Kartu Keluarga.",
        "16 digits, as printed on the family card.",
    ),
    ("application.village", "Desa/kelurahan", "Village"),
    (
        "application.village_hint",
        "Kode Kemendagri, contoh 31.75.07.1003; tanyakan ke kantor desa/kelurahan atau RT.",
        "Kemendagri code, e.g. 31.75.07.1003; ask the village office or the RT.",
    ),
    (
        "application.phone_hint",
        "Nomor HP yang dapat dihubungi petugas, contoh 0812 3456 7890 (boleh kosong).",
        "A mobile number the officer can call, e.g. 0812 3456 7890 (may be empty).",
    ),
    ("application.members", "Anggota keluarga", "Family members"),
    (
        "application.members_hint",
        "Isi satu baris per anggota, termasuk kepala keluarga (tepat satu). Baris kosong diabaikan. Tanggal lahir: DD-MM-YYYY.",
        "One row per member, including the head of family (exactly one). Empty rows are ignored. Birth date: DD-MM-YYYY.",
    ),
    ("application.member", "Anggota", "Member"),
    ("application.sex.l", "Laki-laki (L)", "Male (L)"),
    ("application.sex.p", "Perempuan (P)", "Female (P)"),
    (
        "application.add_rows",
        "Tambah baris anggota",
        "Add member rows",
    ),
    (
        "application.statement",
        "Keterangan kebutuhan",
        "Statement of need",
    ),
    (
        "application.statement_label",
        "Mengapa keluarga Anda membutuhkan bantuan?",
        "Why does your family need assistance?",
    ),
    (
        "application.statement_hint",
        "10 sampai 1000 karakter, misalnya pekerjaan, penghasilan, tanggungan, atau musibah.",
        "10 to 1000 characters, e.g. work, income, dependants or a disaster.",
    ),
    ("application.documents", "Foto dokumen", "Document photos"),
    (
        "application.documents_hint",
        "Boleh kosong. Foto KK, KTP atau surat keterangan RT/RW; JPEG, PNG atau PDF, paling banyak",
        "Optional. Photos of the KK, ID card or a letter from the RT/RW; JPEG, PNG or PDF, at most",
    ),
    (
        "application.submit",
        "Kirim pendaftaran",
        "Send the application",
    ),
    (
        "application.sent_title",
        "Pendaftaran terkirim",
        "Application sent",
    ),
    (
        "application.sent_intro",
        "Terima kasih. Pendaftaran Anda sudah diterima dan menunggu verifikasi petugas.",
        "Thank you. Your application has arrived and waits for an officer's verification.",
    ),
    (
        "application.tracking_number",
        "Nomor pendaftaran",
        "Tracking number",
    ),
    (
        "application.sent_keep",
        "Catat nomor ini: nomor ini hanya ditampilkan sekarang. Untuk mengecek status, Anda memerlukan nomor ini dan tanggal lahir kepala keluarga.",
        "Write this number down: it is shown only now. To check the status you need it and the head of family's birth date.",
    ),
    (
        "application.status_title",
        "Cek status pendaftaran",
        "Check an application's status",
    ),
    (
        "application.status_intro",
        "Masukkan nomor pendaftaran dan tanggal lahir kepala keluarga.",
        "Enter the tracking number and the head of family's birth date.",
    ),
    (
        "application.status_not_found",
        "Pendaftaran tidak ditemukan. Periksa nomor pendaftaran dan tanggal lahir kepala keluarga.",
        "No application found. Check the tracking number and the head of family's birth date.",
    ),
    (
        "application.head_birth_date",
        "Tanggal lahir kepala keluarga",
        "Head of family's birth date",
    ),
    (
        "application.date_hint",
        "DD-MM-YYYY, DD/MM/YYYY atau YYYY-MM-DD.",
        "DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD.",
    ),
    ("application.check", "Cek status", "Check status"),
    ("application.status", "Status", "Status"),
    (
        "application.status.diajukan",
        "Diajukan, menunggu verifikasi",
        "Submitted, awaiting verification",
    ),
    (
        "application.status.diverifikasi",
        "Sudah diverifikasi",
        "Verified",
    ),
    (
        "application.status.diterima",
        "Diterima, keluarga masuk data terpadu",
        "Accepted into the registry",
    ),
    ("application.status.ditolak", "Ditolak", "Rejected"),
    ("application.submitted_at", "Dikirim", "Submitted"),
    ("application.decided_at", "Diputuskan", "Decided"),
    (
        "application.rejection_reason",
        "Alasan penolakan",
        "Reason for rejection",
    ),
    (
        "application.queue",
        "Pendaftaran mandiri",
        "Self-registrations",
    ),
    (
        "application.queue_intro",
        "Pendaftaran yang dikirim keluarga secara daring di wilayah Anda. Kunjungi, catat hasil verifikasi, lalu terima atau tolak dengan alasan.",
        "Applications families sent online in your region. Visit, record the verification, then accept or reject with a reason.",
    ),
    (
        "application.none",
        "Tidak ada pendaftaran.",
        "No applications.",
    ),
    ("application.head", "Kepala keluarga", "Head of family"),
    ("application.member_count", "Anggota", "Members"),
    ("application.title", "Pendaftaran", "Application"),
    (
        "application.visit",
        "Hasil kunjungan lapangan",
        "Field visit result",
    ),
    (
        "application.visit.sesuai",
        "Keluarga ditemui, data sesuai",
        "Family found, data matches",
    ),
    (
        "application.visit.tidak_sesuai",
        "Keluarga ditemui, data tidak sesuai",
        "Family found, data does not match",
    ),
    (
        "application.visit.tidak_ditemukan",
        "Keluarga tidak ditemukan di alamat",
        "Family not found at the address",
    ),
    ("application.visit_note", "Catatan kunjungan", "Visit note"),
    (
        "application.survey_hint",
        "Pendataan (boleh sebagian): isi yang sudah diketahui saja; yang kosong tetap belum didata.",
        "Survey (partial is fine): fill in what is known; fields left empty stay unsurveyed.",
    ),
    ("application.verify", "Verifikasi", "Verification"),
    (
        "application.verify_submit",
        "Simpan hasil verifikasi",
        "Save the verification",
    ),
    ("application.decider", "Diputuskan oleh", "Decided by"),
    (
        "application.reason_hint",
        "Wajib diisi bila menolak; keluarga membaca alasan ini saat mengecek status.",
        "Required when rejecting; the family reads it when checking the status.",
    ),
    (
        "application.accept",
        "Terima ke data terpadu",
        "Accept into the registry",
    ),
    ("application.reject", "Tolak", "Reject"),
    (
        "login.apply",
        "Keluarga yang ingin mendaftar bantuan sosial tidak perlu akun:",
        "Families applying for social assistance need no account:",
    ),
    (
        "survey.floor_area_per_person_m2",
        "Luas lantai per orang (m²)",
        "Floor area per person (m²)",
    ),
    (
        "survey.floor_material",
        "Jenis lantai terluas",
        "Main floor material",
    ),
    (
        "survey.wall_material",
        "Jenis dinding terluas",
        "Main wall material",
    ),
    (
        "survey.roof_material",
        "Jenis atap terluas",
        "Main roof material",
    ),
    (
        "survey.water_source",
        "Sumber air minum",
        "Drinking water source",
    ),
    (
        "survey.sanitation",
        "Fasilitas buang air besar",
        "Toilet facility",
    ),
    (
        "survey.electricity_va",
        "Daya listrik terpasang (VA)",
        "Installed electricity (VA)",
    ),
    ("survey.cooking_fuel", "Bahan bakar memasak", "Cooking fuel"),
    (
        "survey.owns_motorbike",
        "Memiliki sepeda motor",
        "Owns a motorbike",
    ),
    ("survey.owns_land", "Memiliki lahan", "Owns land"),
    ("survey.owns_livestock", "Memiliki ternak", "Owns livestock"),
    ("survey.has_savings", "Memiliki tabungan", "Has savings"),
    (
        "survey.income_bracket",
        "Penghasilan keluarga per bulan",
        "Monthly household income",
    ),
    (
        "survey.school_age_children",
        "Anak usia sekolah",
        "School-age children",
    ),
    (
        "survey.elderly_members",
        "Anggota lanjut usia",
        "Elderly members",
    ),
    (
        "survey.pregnant_members",
        "Anggota yang hamil",
        "Pregnant members",
    ),
    (
        "survey.members_with_disability",
        "Anggota penyandang disabilitas",
        "Members with a disability",
    ),
    ("nav.duplicates", "Duplikat", "Duplicates"),
    ("nav.programmes", "Program", "Programmes"),
    ("nav.monitoring", "Pemantauan", "Monitoring"),
    (
        "duplicates.title",
        "Kemungkinan duplikat",
        "Possible duplicates",
    ),
    (
        "duplicates.intro",
        "Pasangan data yang mungkin orang yang sama. Selama belum diputuskan, kepesertaan \
         dan pembayaran kedua orang ditahan.",
        "Pairs of records that may be one person. Until decided, enrolment and payment of \
         both are held.",
    ),
    ("duplicates.status", "Status", "Status"),
    ("duplicates.open", "Belum diputuskan", "Undecided"),
    ("duplicates.same", "Orang yang sama", "Same person"),
    ("duplicates.different", "Orang berbeda", "Different people"),
    ("duplicates.closed", "Ditutup", "Closed"),
    (
        "duplicates.none",
        "Tidak ada pasangan dengan status ini.",
        "No pairs with this status.",
    ),
    ("duplicates.found_at", "Ditemukan", "Found"),
    ("duplicates.person_a", "Data A", "Record A"),
    ("duplicates.person_b", "Data B", "Record B"),
    (
        "duplicates.probability",
        "Peluang sama",
        "Match probability",
    ),
    ("duplicates.view", "Periksa", "Review"),
    (
        "duplicates.pair",
        "Pasangan kemungkinan duplikat",
        "Possible duplicate pair",
    ),
    ("duplicates.nik", "NIK", "NIK"),
    ("duplicates.kk", "Nomor KK", "KK number"),
    ("duplicates.address", "Alamat", "Address"),
    (
        "duplicates.explanation",
        "Mengapa pasangan ini diusulkan",
        "Why this pair was proposed",
    ),
    (
        "duplicates.explanation_hint",
        "Dua data yang diambil acak hampir tidak pernah orang yang sama. Setiap data \
         di bawah dibandingkan: yang cocok menambah keyakinan bahwa ini orang yang sama, \
         yang berbeda menguranginya.",
        "Two records picked at random are almost never the same person. Each field below \
         is compared: what agrees makes one person more likely, what differs less.",
    ),
    (
        "duplicates.within_household",
        "Keduanya satu keluarga atau satu alamat: kemiripan dinilai terhadap sesama anggota \
         keluarga, bukan orang asing.",
        "Both share a household or address: likeness was weighed against family members, \
         not strangers.",
    ),
    ("duplicates.field", "Data", "Field"),
    ("duplicates.agreement", "Kecocokan", "Agreement"),
    ("duplicates.weight", "Pengaruh", "Effect"),
    (
        "duplicates.name_frequency",
        "Kelangkaan nama",
        "How rare the name is",
    ),
    (
        "duplicates.place_frequency",
        "Banyaknya penduduk desa yang sama",
        "How crowded the shared village is",
    ),
    ("duplicates.total", "Kesimpulan", "Conclusion"),
    ("duplicates.decision", "Keputusan", "Decision"),
    ("duplicates.decided_at", "Diputuskan", "Decided"),
    ("duplicates.reason", "Alasan", "Reason"),
    (
        "duplicates.reason_hint",
        "Apa yang diperiksa (KK, akta, kunjungan lapangan) dan mengapa.",
        "What was checked (family card, certificates, a field visit) and why.",
    ),
    ("duplicates.kept", "Data yang dipertahankan", "Record kept"),
    (
        "duplicates.kept_hint",
        "Jika orang yang sama: data yang dipertahankan",
        "If the same person: the record to keep",
    ),
    ("duplicates.decide", "Putuskan", "Decide"),
    (
        "duplicates.decide_same",
        "Orang yang sama (gabungkan)",
        "Same person (merge)",
    ),
    (
        "duplicates.decide_different",
        "Orang berbeda",
        "Different people",
    ),
    (
        "duplicates.runs",
        "Pemeriksaan seluruh data",
        "Full registry runs",
    ),
    (
        "duplicates.runs_intro",
        "Seluruh data penduduk dibandingkan untuk mencari orang yang tercatat lebih dari \
         sekali; pasangan baru masuk antrean.",
        "The whole registry is compared to find persons recorded more than once; new pairs \
         join the queue.",
    ),
    (
        "duplicates.start_run",
        "Mulai pemeriksaan sekarang",
        "Start a run now",
    ),
    (
        "duplicates.no_runs",
        "Belum ada pemeriksaan.",
        "No runs yet.",
    ),
    ("duplicates.started_at", "Waktu", "Time"),
    ("duplicates.persons", "Penduduk", "Persons"),
    (
        "duplicates.linked",
        "Pasangan di atas ambang",
        "Pairs above threshold",
    ),
    ("duplicates.opened", "Pasangan baru", "New pairs"),
    ("duplicates.threshold", "Ambang", "Threshold"),
    ("duplicates.run_running", "Sedang berjalan", "Running"),
    ("duplicates.run_done", "Selesai", "Done"),
    ("duplicates.run_failed", "Gagal", "Failed"),
    (
        "duplicates.held",
        "Ditahan: kemungkinan duplikat",
        "Held: possible duplicate",
    ),
    (
        "duplicates.held_hint",
        "Kepesertaan dan pembayaran menunggu keputusan atas pasangan ini:",
        "Enrolment and payment wait for a decision on:",
    ),
    ("duplicates.merged_into", "Digabung ke", "Merged into"),
    (
        "nav.duplicate_runs",
        "Pemeriksaan duplikat",
        "Duplicate runs",
    ),
    (
        "nav.welfare_models",
        "Model kesejahteraan",
        "Welfare models",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let mut keys: Vec<&str> = all_texts().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate text keys");
        for (key, id, en) in all_texts() {
            assert!(
                !id.is_empty() && !en.is_empty(),
                "{key} lacks a translation"
            );
        }
    }

    #[test]
    fn every_key_used_by_a_template_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let known: Vec<&str> = all_texts().map(|(k, _, _)| *k).collect();
        for entry in std::fs::read_dir(dir).expect("templates folder") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("template text");
            for piece in text.split("tr.t(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert!(
                    known.contains(&key),
                    "{} uses unknown text key {key}",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn falls_back_visibly_and_switches() {
        assert_eq!(Tr::new(Lang::Id).t("nav.login"), "Masuk");
        assert_eq!(Tr::new(Lang::En).t("nav.login"), "Log in");
        assert_eq!(Tr::new(Lang::En).t("no.such.key"), "??");
        assert_eq!(Lang::Id.other(), Lang::En);
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
