//! Word lists for Indonesian names and addresses: titles, particles, spelling variants.
//!
//! All entries are in the folded form the normaliser compares against: lower case ASCII,
//! dots removed, and for the variant table after the old-spelling and doubled-letter rules.

/// Titles and honorifics dropped wherever they stand: religious (H., Hj.), forms of
/// address (Bpk., Ibu, Sdr.), nobility (R., Rd.) and the academic titles written before a
/// name (Dr., Ir., Drs., Prof.).
pub const TITLES_ALWAYS: &[&str] = &[
    "hj",
    "hjh",
    "haji",
    "hajjah",
    "hajah",
    "bpk",
    "bapak",
    "bp",
    "ibu",
    "bu",
    "ny",
    "nyonya",
    "nn",
    "nona",
    "sdr",
    "sdri",
    "sdra",
    "tn",
    "tuan",
    "dr",
    "drs",
    "dra",
    "ir",
    "prof",
    "alm",
    "almh",
    "almarhum",
    "almarhumah",
    "ust",
    "ustadz",
    "ustad",
    "ustazah",
    "kyai",
    "kiai",
    "rd",
    "raden",
    "dg",
    "daeng",
];

/// Academic degrees written after a name ("Siti Aminah, S.Pd."). Several are also
/// syllables of real names, so they are dropped only when written with a dot or after a
/// comma.
pub const DEGREES: &[&str] = &[
    "h", "se", "sh", "st", "spd", "spdi", "skom", "sag", "ssos", "sos", "sip", "sik", "skm",
    "sked", "ked", "ssi", "sst", "sei", "sth", "sfarm", "sgz", "skep", "ners", "sp", "sps", "shi",
    "shum", "sn", "sds", "ssn", "stp", "spt", "shut", "mpd", "mm", "msi", "mh", "mag", "mkes",
    "mkom", "mba", "msc", "phd", "amd", "amk", "amkeb", "apt", "ba", "bsc", "ma", "mt", "ak",
    "cpa", "kh",
];

/// Patronymic particles: what follows is the father's name, not the person's own.
pub const PATRONYMIC: &[&str] = &["bin", "binti", "bt", "bte", "bnt"];

/// Particles that carry no identity of their own: Batak "br" (boru) before a clan name.
pub const FILLER: &[&str] = &["br", "boru"];

/// Spelling variants of the same name, keyed by the form left after the old-spelling and
/// doubled-letter rules, mapped to one canonical token.
pub const NAME_VARIANTS: &[(&str, &str)] = &[
    ("mohamad", "muhamad"),
    ("mohamed", "muhamad"),
    ("muhamed", "muhamad"),
    ("mokhamad", "muhamad"),
    ("mukhamad", "muhamad"),
    ("muhamat", "muhamad"),
    ("mohamat", "muhamad"),
    ("mokh", "muhamad"),
    ("moh", "muhamad"),
    ("muh", "muhamad"),
    ("mhd", "muhamad"),
    ("mohd", "muhamad"),
    ("muhd", "muhamad"),
    ("mukh", "muhamad"),
    ("md", "muhamad"),
    ("akhmad", "ahmad"),
    ("ahmat", "ahmad"),
    ("akhmat", "ahmad"),
    ("amad", "ahmad"),
    ("nor", "nur"),
    ("nurul", "nur"),
    ("abd", "abdul"),
    ("abdol", "abdul"),
    ("sity", "siti"),
    ("yusup", "yusuf"),
    ("yosef", "yusuf"),
    ("fatimah", "fatimah"),
    ("fatma", "fatimah"),
    ("patimah", "fatimah"),
    ("rahmat", "rahmat"),
    ("rakhmat", "rahmat"),
    ("rohmat", "rahmat"),
    ("khoirul", "khairul"),
    ("hairul", "khairul"),
    ("khaerul", "khairul"),
    ("abdulah", "abdulah"),
    ("abdullah", "abdulah"),
    ("syarifudin", "syarifudin"),
    ("syaripudin", "syarifudin"),
    ("rizky", "rizki"),
    ("risky", "rizki"),
    ("rizqi", "rizki"),
    ("rezki", "rizki"),
    ("rezky", "rizki"),
];

/// Address words with their abbreviations, mapped to one canonical token.
pub const ADDRESS_WORDS: &[(&str, &str)] = &[
    ("jl", "jalan"),
    ("jln", "jalan"),
    ("jalan", "jalan"),
    ("gg", "gang"),
    ("gang", "gang"),
    ("no", "no"),
    ("nomor", "no"),
    ("nomer", "no"),
    ("nmr", "no"),
    ("kel", "kelurahan"),
    ("kelurahan", "kelurahan"),
    ("ds", "desa"),
    ("desa", "desa"),
    ("kec", "kecamatan"),
    ("kecamatan", "kecamatan"),
    ("kab", "kabupaten"),
    ("kabupaten", "kabupaten"),
    ("dsn", "dusun"),
    ("dusun", "dusun"),
    ("kp", "kampung"),
    ("kmp", "kampung"),
    ("kampung", "kampung"),
    ("perum", "perumahan"),
    ("perumahan", "perumahan"),
    ("komp", "komplek"),
    ("kompl", "komplek"),
    ("komplek", "komplek"),
    ("kompleks", "komplek"),
    ("blk", "blok"),
    ("blok", "blok"),
    ("lingk", "lingkungan"),
    ("link", "lingkungan"),
    ("lingkungan", "lingkungan"),
];

/// Address words that only say what kind of place follows; they are kept for display but
/// weigh nothing when two addresses are compared.
pub const ADDRESS_GENERIC: &[&str] = &[
    "jalan",
    "gang",
    "no",
    "kelurahan",
    "desa",
    "kecamatan",
    "kabupaten",
    "kota",
    "dusun",
    "kampung",
    "perumahan",
    "komplek",
    "blok",
    "lingkungan",
    "rt",
    "rw",
];

/// Looks a folded word up in a sorted-free small table. The tables are short enough that
/// a linear scan beats hashing for the few probes made per record.
pub fn lookup<'a>(table: &'a [(&'a str, &'a str)], word: &str) -> Option<&'a str> {
    table
        .iter()
        .find(|(from, _)| *from == word)
        .map(|(_, to)| *to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_targets_are_fixed_points() {
        for (_, to) in NAME_VARIANTS {
            let again = lookup(NAME_VARIANTS, to).unwrap_or(to);
            assert_eq!(again, *to, "{to} maps on again");
        }
    }

    #[test]
    fn lookup_misses_unknown_words() {
        assert_eq!(lookup(ADDRESS_WORDS, "merdeka"), None);
        assert_eq!(lookup(ADDRESS_WORDS, "jl"), Some("jalan"));
    }
}
