//! A label for every code a page shows — actions, record kinds, field names and the
//! answers of the closed lists — in Bahasa Indonesia, and in English for English readers.
//! Codes stay in the store, the API and spreadsheets; pages show these words.

use super::i18n::{Lang, Tr};
use crate::auth::Role;
use crate::registry::person::{
    Disability, Education, LifeStatus, MaritalStatus, Relationship, Sex,
};
use crate::registry::store::views::ViewPurpose;
use crate::registry::survey::{
    CookingFuel, FloorMaterial, IncomeBracket, RoofMaterial, Sanitation, WallMaterial, WaterSource,
};

/// (list, code, Bahasa Indonesia, English) for the answers of the closed lists.
const CODES: &[(&str, &str, &str, &str)] = &[
    ("sex", "L", "Laki-laki", "Male"),
    ("sex", "P", "Perempuan", "Female"),
    (
        "relationship",
        "kepala",
        "Kepala keluarga",
        "Head of family",
    ),
    ("relationship", "istri", "Istri", "Wife"),
    ("relationship", "suami", "Suami", "Husband"),
    ("relationship", "anak", "Anak", "Child"),
    ("relationship", "lainnya", "Famili lain", "Other relative"),
    ("marital_status", "belum_kawin", "Belum kawin", "Single"),
    ("marital_status", "kawin", "Kawin", "Married"),
    ("marital_status", "cerai_hidup", "Cerai hidup", "Divorced"),
    ("marital_status", "cerai_mati", "Cerai mati", "Widowed"),
    (
        "education",
        "tidak_sekolah",
        "Tidak/belum sekolah",
        "No schooling",
    ),
    ("education", "sd", "SD/sederajat", "Primary school"),
    ("education", "smp", "SMP/sederajat", "Junior secondary"),
    ("education", "sma", "SMA/SMK/sederajat", "Senior secondary"),
    ("education", "diploma", "Diploma", "Diploma"),
    ("education", "s1", "Sarjana (S1)", "Bachelor's degree"),
    ("education", "s2", "Pascasarjana (S2/S3)", "Postgraduate"),
    ("disability", "tidak", "Tidak ada", "None"),
    ("disability", "fisik", "Disabilitas fisik", "Physical"),
    (
        "disability",
        "intelektual",
        "Disabilitas intelektual",
        "Intellectual",
    ),
    ("disability", "mental", "Disabilitas mental", "Mental"),
    ("disability", "sensorik", "Disabilitas sensorik", "Sensory"),
    ("disability", "ganda", "Disabilitas ganda", "Multiple"),
    ("life_status", "hidup", "Hidup", "Living"),
    ("life_status", "meninggal", "Meninggal", "Deceased"),
    ("life_status", "pindah", "Pindah", "Moved away"),
    ("household_status", "active", "Aktif", "Active"),
    ("household_status", "closed", "Ditutup", "Closed"),
    ("account_status", "active", "Aktif", "Active"),
    ("account_status", "disabled", "Nonaktif", "Disabled"),
    ("floor_material", "tanah", "Tanah", "Earth"),
    ("floor_material", "bambu", "Bambu", "Bamboo"),
    ("floor_material", "kayu", "Kayu/papan", "Wood"),
    ("floor_material", "semen", "Semen/bata merah", "Cement"),
    ("floor_material", "keramik", "Keramik/marmer", "Tiles"),
    ("floor_material", "lainnya", "Lainnya", "Other"),
    ("wall_material", "bambu", "Bambu", "Bamboo"),
    ("wall_material", "rumbia", "Rumbia", "Thatch"),
    ("wall_material", "kayu", "Kayu/papan", "Wood"),
    (
        "wall_material",
        "tembok_tanpa_plester",
        "Tembok tanpa plester",
        "Unplastered brick",
    ),
    ("wall_material", "tembok", "Tembok", "Brick"),
    ("wall_material", "lainnya", "Lainnya", "Other"),
    ("roof_material", "ijuk", "Ijuk/rumbia", "Thatch"),
    ("roof_material", "seng", "Seng", "Zinc"),
    ("roof_material", "asbes", "Asbes", "Asbestos"),
    ("roof_material", "genteng", "Genteng", "Clay tiles"),
    ("roof_material", "beton", "Beton", "Concrete"),
    ("roof_material", "lainnya", "Lainnya", "Other"),
    (
        "water_source",
        "sumur_tak_terlindung",
        "Sumur tak terlindung",
        "Unprotected well",
    ),
    (
        "water_source",
        "mata_air_tak_terlindung",
        "Mata air tak terlindung",
        "Unprotected spring",
    ),
    ("water_source", "sungai", "Sungai/danau", "River or lake"),
    ("water_source", "air_hujan", "Air hujan", "Rainwater"),
    (
        "water_source",
        "sumur_terlindung",
        "Sumur terlindung",
        "Protected well",
    ),
    ("water_source", "ledeng", "Air ledeng (PAM)", "Piped water"),
    (
        "water_source",
        "air_kemasan",
        "Air kemasan/isi ulang",
        "Bottled water",
    ),
    ("water_source", "lainnya", "Lainnya", "Other"),
    ("sanitation", "tidak_ada", "Tidak ada", "None"),
    ("sanitation", "bersama", "Bersama/umum", "Shared"),
    ("sanitation", "sendiri", "Milik sendiri", "Private"),
    ("cooking_fuel", "kayu_bakar", "Kayu bakar", "Firewood"),
    ("cooking_fuel", "minyak_tanah", "Minyak tanah", "Kerosene"),
    ("cooking_fuel", "arang", "Arang", "Charcoal"),
    ("cooking_fuel", "elpiji_3kg", "Elpiji 3 kg", "LPG 3 kg"),
    (
        "cooking_fuel",
        "elpiji",
        "Elpiji lebih dari 3 kg",
        "LPG over 3 kg",
    ),
    ("cooking_fuel", "listrik", "Listrik", "Electricity"),
    (
        "cooking_fuel",
        "tidak_memasak",
        "Tidak memasak",
        "Does not cook",
    ),
    ("cooking_fuel", "lainnya", "Lainnya", "Other"),
    (
        "income_bracket",
        "1",
        "Kurang dari Rp1 juta",
        "Under Rp1 million",
    ),
    ("income_bracket", "2", "Rp1–2 juta", "Rp1–2 million"),
    ("income_bracket", "3", "Rp2–3 juta", "Rp2–3 million"),
    ("income_bracket", "4", "Rp3–5 juta", "Rp3–5 million"),
    (
        "income_bracket",
        "5",
        "Lebih dari Rp5 juta",
        "Over Rp5 million",
    ),
    ("yes_no", "ya", "Ya", "Yes"),
    ("yes_no", "tidak", "Tidak", "No"),
];

/// (action, Bahasa Indonesia, English) of the event trail.
const ACTIONS: &[(&str, &str, &str)] = &[
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
];

/// (record kind, Bahasa Indonesia, English).
const SUBJECTS: &[(&str, &str, &str)] = &[
    ("account", "Akun", "Account"),
    ("api_token", "Token API", "API token"),
    ("application", "Pendaftaran", "Application"),
    ("change_request", "Usulan perubahan", "Change request"),
    ("duplicate_pair", "Pasangan ganda", "Duplicate pair"),
    ("duplicate_run", "Pencarian data ganda", "Duplicate search"),
    ("household", "Keluarga", "Household"),
    ("payment", "Pembayaran", "Payment"),
    ("person", "Penduduk", "Person"),
    ("region_list", "Daftar wilayah", "Region list"),
    ("review_flag", "Tanda tinjauan", "Review flag"),
];

/// (field name, Bahasa Indonesia, English) of the fields records and events carry.
const FIELDS: &[(&str, &str, &str)] = &[
    ("nik", "NIK", "NIK"),
    ("kk", "Nomor KK", "KK number"),
    ("kk_number", "Nomor KK", "KK number"),
    ("new_kk", "Nomor KK baru", "New KK number"),
    ("other_kk", "Nomor KK lain", "Other KK number"),
    ("name", "Nama", "Name"),
    ("full_name", "Nama", "Name"),
    ("display_name", "Nama tampilan", "Display name"),
    ("username", "Nama pengguna", "Username"),
    ("birth_place", "Tempat lahir", "Birth place"),
    ("birth_date", "Tanggal lahir", "Birth date"),
    ("sex", "Jenis kelamin", "Sex"),
    ("relationship", "Hubungan keluarga", "Relationship"),
    ("marital_status", "Status perkawinan", "Marital status"),
    ("occupation", "Pekerjaan", "Occupation"),
    ("education", "Pendidikan", "Education"),
    ("disability", "Disabilitas", "Disability"),
    ("life_status", "Status hidup", "Life status"),
    ("status_date", "Tanggal status", "Status date"),
    ("address", "Alamat", "Address"),
    ("rt", "RT", "RT"),
    ("rw", "RW", "RW"),
    ("phone", "Nomor telepon", "Phone number"),
    ("village_code", "Desa/kelurahan", "Village"),
    ("region_code", "Wilayah", "Region"),
    ("survey", "Pendataan", "Survey"),
    ("status", "Status", "Status"),
    ("closed_reason", "Alasan penutupan", "Reason for closing"),
    ("household_id", "Keluarga", "Household"),
    ("person_id", "Anggota keluarga", "Family member"),
    ("member_count", "Jumlah anggota", "Number of members"),
    ("members", "Anggota", "Members"),
    ("members_added", "Anggota ditambahkan", "Members added"),
    (
        "members_corrected",
        "Anggota dikoreksi",
        "Members corrected",
    ),
    ("members_joined", "Anggota bergabung", "Members joined"),
    ("from_household", "Dari keluarga", "From household"),
    ("head", "Kepala keluarga baru", "New head of family"),
    ("date", "Tanggal", "Date"),
    ("reason", "Alasan", "Reason"),
    ("note", "Catatan", "Note"),
    ("clear_note", "Catatan penyelesaian", "Note on clearing"),
    ("kind", "Jenis", "Kind"),
    ("result", "Hasil", "Result"),
    ("role", "Peran", "Role"),
    ("scopes", "Cakupan akses", "Scopes"),
    ("account", "Akun", "Account"),
    ("account_id", "Akun", "Account"),
    ("locked_until", "Dikunci sampai", "Locked until"),
    ("revoked", "Dicabut", "Revoked"),
    ("evidence_files", "Berkas bukti", "Evidence files"),
    ("documents", "Dokumen", "Documents"),
    ("visit_result", "Hasil kunjungan", "Visit result"),
    (
        "civil_event",
        "Peristiwa kependudukan",
        "Civil registry event",
    ),
    (
        "flags_raised",
        "Tanda tinjauan dipasang",
        "Review flags raised",
    ),
    ("subject_type", "Jenis data", "Record kind"),
    ("subject_id", "Nomor data", "Record number"),
    ("person_a", "Data A", "Record A"),
    ("person_b", "Data B", "Record B"),
    ("probability", "Peluang sama", "Chance of a match"),
    ("survivor_id", "Data yang dipertahankan", "Record kept"),
    ("merged_into", "Digabung ke", "Merged into"),
    ("merged_person", "Data yang digabung", "Merged record"),
    ("decided_pair", "Pasangan yang diputuskan", "Decided pair"),
    ("linked_pairs", "Pasangan terkait", "Linked pairs"),
    ("pairs_opened", "Pasangan ditemukan", "Pairs found"),
    ("persons", "Penduduk", "Persons"),
    ("threshold", "Ambang", "Threshold"),
    ("trigger", "Pemicu", "Trigger"),
    ("source", "Sumber", "Source"),
    ("failure", "Kegagalan", "Failure"),
    ("added", "Ditambahkan", "Added"),
    ("renamed", "Diganti nama", "Renamed"),
    ("retired", "Dihapus dari daftar", "Retired"),
    ("statement", "Pernyataan", "Statement"),
    ("keputusan", "Keputusan", "Decision"),
    ("catatan", "Catatan", "Note"),
    ("alasan", "Alasan", "Reason"),
    ("bukti", "Bukti", "Evidence"),
    ("evidence", "Bukti", "Evidence"),
    ("decision", "Keputusan", "Decision"),
    ("password", "Kata sandi", "Password"),
];

fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// Lower-case words from a code (`evidence_files` → `evidence files`), for a code no
/// table names yet: better words than a code.
fn words(code: &str) -> String {
    let text = code.replace(['_', '.'], " ");
    let mut chars = text.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The label of one answer of a closed list (`water_source`, `sumur_tak_terlindung`),
/// read through the list's parser so accepted spellings (`laki-laki`) get their label
/// too. A value outside the list is returned as it is: it is the person's own text.
pub fn answer(list: &str, value: &str, lang: Lang) -> String {
    if list == "role" {
        return Role::parse(value).map_or_else(|_| words(value), |r| r.label(lang).to_owned());
    }
    if list == "purpose" {
        return ViewPurpose::parse(value)
            .map_or_else(|_| value.to_owned(), |p| p.label(lang).to_owned());
    }
    let code = canonical(list, value).unwrap_or(value);
    CODES
        .iter()
        .find(|(l, c, _, _)| *l == list && *c == code)
        .map_or_else(
            || value.to_owned(),
            |(_, _, id, en)| pick(lang, id, en).to_owned(),
        )
}

/// The label of an event action (`duplicate_pair.decided`).
pub fn action(code: &str, lang: Lang) -> String {
    ACTIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| words(code), |(_, id, en)| pick(lang, id, en).to_owned())
}

/// The label of a record kind (`household`).
pub fn subject(code: &str, lang: Lang) -> String {
    SUBJECTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| words(code), |(_, id, en)| pick(lang, id, en).to_owned())
}

/// The label of a field as a request or a record names it: `birth_place`,
/// `survey.water_source`, `members[0].nik` (→ `Anggota 1: NIK`).
pub fn field(name: &str, lang: Lang) -> String {
    if let Some((member, rest)) = member_field(name) {
        let prefix = pick(lang, "Anggota", "Member");
        return format!("{prefix} {member}: {}", field(rest, lang));
    }
    let bare = name.strip_prefix("survey.").unwrap_or(name);
    if crate::registry::survey::COLUMNS.contains(&bare) {
        return Tr::new(lang).t(&format!("survey.{bare}")).to_owned();
    }
    FIELDS
        .iter()
        .find(|(c, _, _)| *c == bare)
        .map_or_else(|| words(bare), |(_, id, en)| pick(lang, id, en).to_owned())
}

/// `members[2].nik` or `members-2-nik` → (3, `nik`).
fn member_field(name: &str) -> Option<(usize, &str)> {
    let rest = name
        .strip_prefix("members[")
        .or_else(|| name.strip_prefix("members-"))?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    let index: usize = rest.get(..end)?.parse().ok()?;
    let field = rest.get(end..)?.trim_start_matches([']', '.', '-']);
    (!field.is_empty()).then_some((index + 1, field))
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// The codes of a closed list, in the list's order; `None` for a field without a list.
pub fn list(name: &str) -> Option<Vec<&'static str>> {
    Some(match name {
        "sex" => codes(Sex::ALL, Sex::code),
        "relationship" => codes(Relationship::ALL, Relationship::code),
        "marital_status" => codes(MaritalStatus::ALL, MaritalStatus::code),
        "education" => codes(Education::ALL, Education::code),
        "disability" => codes(Disability::ALL, Disability::code),
        "life_status" => codes(LifeStatus::ALL, LifeStatus::code),
        "floor_material" => codes(FloorMaterial::ALL, FloorMaterial::code),
        "wall_material" => codes(WallMaterial::ALL, WallMaterial::code),
        "roof_material" => codes(RoofMaterial::ALL, RoofMaterial::code),
        "water_source" => codes(WaterSource::ALL, WaterSource::code),
        "sanitation" => codes(Sanitation::ALL, Sanitation::code),
        "cooking_fuel" => codes(CookingFuel::ALL, CookingFuel::code),
        "income_bracket" => codes(IncomeBracket::ALL, IncomeBracket::code),
        "owns_motorbike" | "owns_land" | "owns_livestock" | "has_savings" => {
            vec!["ya", "tidak"]
        }
        _ => return None,
    })
}

fn parsed<T: Copy, E>(
    text: &str,
    parse: fn(&str) -> Result<T, E>,
    code: fn(T) -> &'static str,
) -> Option<&'static str> {
    parse(text).ok().map(code)
}

/// The canonical code of a value of a closed list (`laki-laki` → `L`), if it is one.
pub fn canonical(name: &str, value: &str) -> Option<&'static str> {
    match name {
        "sex" => parsed(value, Sex::parse, Sex::code),
        "relationship" => parsed(value, Relationship::parse, Relationship::code),
        "marital_status" => parsed(value, MaritalStatus::parse, MaritalStatus::code),
        "education" => parsed(value, Education::parse, Education::code),
        "disability" => parsed(value, Disability::parse, Disability::code),
        "life_status" => parsed(value, LifeStatus::parse, LifeStatus::code),
        "floor_material" => parsed(value, FloorMaterial::parse, FloorMaterial::code),
        "wall_material" => parsed(value, WallMaterial::parse, WallMaterial::code),
        "roof_material" => parsed(value, RoofMaterial::parse, RoofMaterial::code),
        "water_source" => parsed(value, WaterSource::parse, WaterSource::code),
        "sanitation" => parsed(value, Sanitation::parse, Sanitation::code),
        "cooking_fuel" => parsed(value, CookingFuel::parse, CookingFuel::code),
        "income_bracket" => parsed(value, IncomeBracket::parse, IncomeBracket::code),
        "owns_motorbike" | "owns_land" | "owns_livestock" | "has_savings" | "yes_no" => {
            match value.trim().to_lowercase().as_str() {
                "ya" | "y" | "yes" | "1" | "true" => Some("ya"),
                "tidak" | "t" | "no" | "0" | "false" => Some("tidak"),
                _ => None,
            }
        }
        _ => None,
    }
}

/// One choice of a select or a group of radios.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// The choices of the closed list `name`, the one `current` names selected; empty for a
/// field without a list.
pub fn choices(name: &str, current: &str, lang: Lang) -> Vec<Choice> {
    let chosen = canonical(name, current);
    let label_list = if name.starts_with("owns_") || name == "has_savings" {
        "yes_no"
    } else {
        name
    };
    list(name)
        .unwrap_or_default()
        .into_iter()
        .map(|code| Choice {
            value: code,
            label: answer(label_list, code, lang),
            selected: Some(code) == chosen,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTS: [&str; 17] = [
        "sex",
        "relationship",
        "marital_status",
        "education",
        "disability",
        "life_status",
        "floor_material",
        "wall_material",
        "roof_material",
        "water_source",
        "sanitation",
        "cooking_fuel",
        "income_bracket",
        "owns_motorbike",
        "owns_land",
        "owns_livestock",
        "has_savings",
    ];

    #[test]
    fn every_code_of_every_list_has_a_label_in_both_languages() {
        for name in LISTS {
            for choice in choices(name, "", Lang::Id) {
                assert_ne!(choice.label, choice.value, "{name}: {}", choice.value);
                let english = answer(
                    if name.starts_with("owns_") || name == "has_savings" {
                        "yes_no"
                    } else {
                        name
                    },
                    choice.value,
                    Lang::En,
                );
                assert_ne!(english, choice.value, "{name}: {}", choice.value);
            }
        }
    }

    #[test]
    fn reads_accepted_spellings_and_leaves_free_text() {
        assert_eq!(answer("sex", "laki-laki", Lang::Id), "Laki-laki");
        assert_eq!(
            answer("water_source", "sumur_tak_terlindung", Lang::Id),
            "Sumur tak terlindung"
        );
        assert_eq!(
            answer("water_source", "sumur_tak_terlindung", Lang::En),
            "Unprotected well"
        );
        assert_eq!(answer("relationship", "keponakan", Lang::Id), "keponakan");
        assert_eq!(
            answer("role", "village_operator", Lang::Id),
            Role::VillageOperator.label(Lang::Id)
        );
        assert_eq!(
            answer("purpose", "verifikasi", Lang::Id),
            "Verifikasi lapangan"
        );
    }

    #[test]
    fn marks_the_current_choice() {
        let chosen: Vec<&str> = choices("sex", "perempuan", Lang::Id)
            .iter()
            .filter(|c| c.selected)
            .map(|c| c.value)
            .collect();
        assert_eq!(chosen, ["P"]);
        assert!(choices("sex", "x", Lang::Id).iter().all(|c| !c.selected));
        assert!(choices("occupation", "", Lang::Id).is_empty());
    }

    #[test]
    fn names_actions_records_and_fields_in_words() {
        assert_eq!(
            action("duplicate_pair.decided", Lang::Id),
            "Pasangan ganda diputuskan"
        );
        assert_eq!(action("something.new", Lang::Id), "Something new");
        assert_eq!(subject("household", Lang::En), "Household");
        assert_eq!(field("birth_place", Lang::Id), "Tempat lahir");
        assert_eq!(field("members[0].nik", Lang::Id), "Anggota 1: NIK");
        assert_eq!(field("members-2-sex", Lang::En), "Member 3: Sex");
        assert_eq!(
            field("survey.water_source", Lang::Id),
            Tr::new(Lang::Id).t("survey.water_source")
        );
        assert_eq!(field("members[x].nik", Lang::Id), "Members[x] nik");
    }

    #[test]
    fn every_action_a_feature_writes_has_a_label() {
        for (code, id, en) in ACTIONS {
            assert!(code.contains('.'), "{code}");
            assert!(!id.contains('_') && !en.contains('_'), "{code}");
        }
    }
}
