//! Writing a person as a registry row, and the errors a second registration brings:
//! spelling variants, typos, swapped date parts, mistyped NIK digits, missing fields,
//! a move to another village.

use crate::people::{Person, Village, capitalise, old_spelling};
use crate::rng::Rng;

/// A registry row, fields in the input column order after `id`.
pub struct Row {
    pub nik: String,
    pub kk: String,
    pub name: String,
    pub sex: String,
    pub birth_place: String,
    pub birth_date: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub village_code: String,
}

/// Fathers' names added after "bin" or "binti" in a second registration.
const FATHERS: &[&str] = &["ahmad", "yusuf", "sarman", "ali"];

const DEGREES: &[&str] = &[
    "S.Pd.", "S.E.", "S.H.", "S.Kom.", "S.Ag.", "A.Md.", "S.Sos.",
];

fn cased(name: &str, rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=69 => name.to_string(),
        70..=94 => name.to_uppercase(),
        _ => name.to_lowercase(),
    }
}

fn neighbourhood(value: u32, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("{value:03}"),
        1 => format!("{value:02}"),
        _ => value.to_string(),
    }
}

fn place(regency: &str, rng: &mut Rng) -> String {
    let bare = regency
        .trim_start_matches("Kabupaten ")
        .trim_start_matches("Kota ");
    match rng.below(10) {
        0..=5 => bare.to_string(),
        6 | 7 => regency.replace("Kabupaten", "Kab."),
        _ => regency.to_uppercase(),
    }
}

/// The row as the person's own registration writes it.
pub fn write_row(person: &Person, villages: &[Village], rng: &mut Rng) -> Row {
    let mut name = person.name.clone();
    if person.birth.0 < 1975 && rng.chance(0.06) {
        name = format!("{} {name}", if person.female { "Hj." } else { "H." });
    }
    if person.birth.0 < 1998 && rng.chance(0.03) {
        name = format!("{name}, {}", rng.pick(DEGREES));
    }
    let street_word = *rng.pick(&["Jl.", "Jalan", "JL", "Jln."]);
    let code = &villages[person.village].code;
    let missing =
        |rng: &mut Rng, p: f64, value: String| if rng.chance(p) { String::new() } else { value };
    let (birth_place, rt, rw) = (
        place(&person.birth_place, rng),
        neighbourhood(person.rt, rng),
        neighbourhood(person.rw, rng),
    );
    Row {
        nik: missing(rng, 0.03, person.nik.clone()),
        kk: missing(rng, 0.05, person.kk.clone()),
        name: cased(&name, rng),
        sex: missing(rng, 0.01, if person.female { "P" } else { "L" }.to_string()),
        birth_place: missing(rng, 0.05, birth_place),
        birth_date: missing(
            rng,
            0.01,
            format!(
                "{:04}-{:02}-{:02}",
                person.birth.0, person.birth.1, person.birth.2
            ),
        ),
        address: missing(rng, 0.03, format!("{street_word} {}", person.street)),
        rt: missing(rng, 0.05, rt),
        rw: missing(rng, 0.05, rw),
        village_code: if rng.chance(0.2) {
            code.replace('.', "")
        } else {
            code.clone()
        },
    }
}

/// A second registration of the same person, with the errors such rows carry.
pub fn duplicate_row(
    person: &Person,
    villages: &[Village],
    moved: Option<&Person>,
    rng: &mut Rng,
) -> Row {
    let mut person = person.clone();
    if let Some(home) = moved {
        // Registered again after moving: new village, family card, address.
        person.village = home.village;
        person.kk = home.kk.clone();
        person.street = home.street.clone();
        person.rt = home.rt;
        person.rw = home.rw;
    }
    let mut row = write_row(&person, villages, rng);
    if rng.chance(0.6) {
        row.name = vary_name(&row.name, person.female, rng);
    }
    if rng.chance(0.15) {
        row.name = typo(&row.name, rng);
    }
    row.birth_date = vary_date(&person, rng);
    row.nik = match rng.below(100) {
        0..=11 => substitute_digit(&person.nik, rng),
        12..=15 => swap_digits(&person.nik, rng),
        16..=25 => String::new(),
        _ => row.nik,
    };
    if rng.chance(0.05) && !row.kk.is_empty() {
        row.kk = substitute_digit(&row.kk, rng);
    }
    if rng.chance(0.15) {
        row.kk = String::new();
    }
    if rng.chance(0.1) {
        row.address = if rng.chance(0.5) {
            String::new()
        } else {
            typo(&row.address, rng)
        };
    }
    if rng.chance(0.15) {
        row.birth_place = String::new();
    }
    if rng.chance(0.05) {
        row.sex = String::new();
    }
    row
}

fn vary_date(person: &Person, rng: &mut Rng) -> String {
    let (year, month, day) = person.birth;
    let (year, month, day) = match rng.below(100) {
        0..=11 if day <= 12 => (year, day, month),
        0..=19 => {
            let text = format!("{year:04}{month:02}{day:02}");
            let changed = substitute_digit(&text, rng);
            let parse = |from: usize, to: usize| changed[from..to].parse::<u32>().unwrap_or(0);
            (parse(0, 4), parse(4, 6), parse(6, 8))
        }
        20..=27 => return String::new(),
        _ => (year, month, day),
    };
    // A typo that gives no calendar date is still what the clerk typed.
    format!("{year:04}-{month:02}-{day:02}")
}

fn vary_name(name: &str, female: bool, rng: &mut Rng) -> String {
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    match rng.below(9) {
        0 => {
            let forms = [
                "Mohammad", "Muhamad", "Moch.", "Mochamad", "Mhd.", "M.", "Muhammad",
            ];
            let replaced: Vec<String> = words
                .iter()
                .map(|w| {
                    if w.eq_ignore_ascii_case("muhammad") {
                        rng.pick(&forms).to_string()
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            replaced.join(" ")
        }
        1 => old_spelling(name),
        2 => format!("{} {name}", if female { "Ibu" } else { "Bpk." }),
        3 if words.len() >= 3 => {
            let middle = words[1]
                .chars()
                .next()
                .map_or(String::new(), |c| format!("{c}."));
            format!("{} {middle} {}", words[0], words[2..].join(" "))
        }
        4 if words.len() >= 2 => words[..words.len() - 1].join(" "),
        5 => format!(
            "{name} {} {}",
            if female { "binti" } else { "bin" },
            capitalise(FATHERS[rng.below(FATHERS.len())])
        ),
        6 => name
            .replace("Siti", "Sitti")
            .replace("Nur ", "Noor ")
            .replace("Abdul", "Abd."),
        7 if words.len() >= 2 => {
            let mut swapped = words.clone();
            swapped.swap(0, 1);
            swapped.join(" ")
        }
        _ => name.replace('y', "i").replace("kh", "h").replace("sy", "s"),
    }
}

/// One keyboard slip: a letter replaced, dropped, doubled or swapped with the next.
pub fn typo(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if letters.len() < 3 {
        return text.to_string();
    }
    let at = letters[1 + rng.below(letters.len() - 1)];
    match rng.below(4) {
        0 => chars[at] = *rng.pick(&['a', 'e', 'i', 'o', 'u', 'n', 'r', 's', 't']),
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, chars[at]),
        _ if at + 1 < chars.len() => chars.swap(at, at + 1),
        _ => {}
    }
    chars.into_iter().collect()
}

pub fn substitute_digit(digits: &str, rng: &mut Rng) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    if bytes.is_empty() {
        return String::new();
    }
    let at = rng.below(bytes.len());
    bytes[at] = b'0' + ((bytes[at] - b'0' + 1 + rng.below(9) as u8) % 10);
    String::from_utf8(bytes).unwrap_or_default()
}

fn swap_digits(digits: &str, rng: &mut Rng) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    if bytes.len() < 2 {
        return digits.to_string();
    }
    let at = rng.below(bytes.len() - 1);
    bytes.swap(at, at + 1);
    String::from_utf8(bytes).unwrap_or_default()
}
