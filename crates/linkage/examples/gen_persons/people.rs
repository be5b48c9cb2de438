//! Households and the people in them: names by tradition, NIK and KK numbers that follow
//! the Dukcapil layout, addresses with RT/RW, twins, widows living with their children.

use std::collections::HashMap;

use crate::names::*;
use crate::rng::Rng;

/// A village from the region list.
pub struct Village {
    pub code: String,
    pub regency: String,
}

/// One real person (an entity of the ground truth).
#[derive(Clone)]
pub struct Person {
    pub entity: u64,
    pub name: String,
    pub female: bool,
    pub birth: (u32, u32, u32),
    pub nik: String,
    pub kk: String,
    pub birth_place: String,
    pub street: String,
    pub rt: u32,
    pub rw: u32,
    pub village: usize,
}

/// Hands out unique serial numbers for NIKs and KKs.
#[derive(Default)]
pub struct Serials {
    nik: HashMap<String, u32>,
    kk: HashMap<String, u32>,
}

fn district6(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).take(6).collect()
}

impl Serials {
    pub fn nik(&mut self, district: &str, birth: (u32, u32, u32), female: bool) -> String {
        let day = birth.2 + if female { 40 } else { 0 };
        let prefix = format!("{district}{day:02}{:02}{:02}", birth.1, birth.0 % 100);
        let serial = self.nik.entry(prefix.clone()).or_insert(0);
        *serial += 1;
        format!("{prefix}{:04}", *serial % 10_000)
    }

    pub fn kk(&mut self, district: &str, rng: &mut Rng) -> String {
        let issued = format!(
            "{:02}{:02}{:02}",
            rng.range(1, 28),
            rng.range(1, 12),
            rng.range(5, 24)
        );
        let serial = self.kk.entry(district.to_owned()).or_insert(0);
        *serial += 1;
        format!("{district}{issued}{:04}", *serial % 10_000)
    }
}

pub fn tradition_of(province: &str, rng: &mut Rng) -> Tradition {
    let roll = rng.below(100);
    let table: &[(usize, Tradition)] = match province {
        "12" => &[(70, Tradition::Batak), (100, Tradition::Arabic)],
        "31" => &[
            (30, Tradition::Javanese),
            (45, Tradition::Sundanese),
            (70, Tradition::Arabic),
            (88, Tradition::Chinese),
            (100, Tradition::Batak),
        ],
        "32" => &[
            (70, Tradition::Sundanese),
            (95, Tradition::Arabic),
            (100, Tradition::Chinese),
        ],
        "33" | "35" => &[
            (72, Tradition::Javanese),
            (97, Tradition::Arabic),
            (100, Tradition::Chinese),
        ],
        "51" => &[
            (88, Tradition::Balinese),
            (95, Tradition::Javanese),
            (100, Tradition::Arabic),
        ],
        "61" => &[(40, Tradition::Chinese), (100, Tradition::Arabic)],
        _ => &[(100, Tradition::Arabic)],
    };
    table
        .iter()
        .find(|(limit, _)| roll < *limit)
        .map_or(Tradition::Arabic, |(_, t)| *t)
}

/// A given name in the tradition; `family` is a clan or surname the child inherits.
/// A word is not repeated within one name.
pub fn make_name(
    tradition: Tradition,
    female: bool,
    order: usize,
    family: &str,
    rng: &mut Rng,
) -> String {
    for _ in 0..8 {
        let name = draw_name(tradition, female, order, family, rng);
        let words: Vec<&str> = name.split(' ').collect();
        let repeated = (1..words.len()).any(|i| words[..i].contains(&words[i]));
        if !repeated {
            return name;
        }
    }
    draw_name(tradition, female, order, family, rng)
}

fn draw_name(
    tradition: Tradition,
    female: bool,
    order: usize,
    family: &str,
    rng: &mut Rng,
) -> String {
    let pool = given(tradition, female);
    match tradition {
        Tradition::Javanese | Tradition::Sundanese => match rng.below(100) {
            0..=39 => rng.pick_skewed(pool).to_string(),
            40..=89 => format!("{} {}", rng.pick_skewed(pool), rng.pick_skewed(pool)),
            _ => format!(
                "{} {}",
                rng.pick_skewed(pool),
                rng.pick_skewed(given(Tradition::Arabic, female))
            ),
        },
        Tradition::Arabic => match rng.below(100) {
            0..=14 => rng.pick_skewed(pool).to_string(),
            15..=84 => format!("{} {}", rng.pick_skewed(pool), rng.pick_skewed(pool)),
            _ => format!(
                "{} {} {}",
                rng.pick_skewed(pool),
                rng.pick_skewed(pool),
                rng.pick_skewed(pool)
            ),
        },
        Tradition::Batak => {
            let boru = if female && rng.chance(0.3) { "br " } else { "" };
            format!("{} {boru}{family}", rng.pick_skewed(pool))
        }
        Tradition::Chinese => match rng.below(100) {
            0..=19 => rng.pick_skewed(pool).to_string(),
            _ => format!("{} {family}", rng.pick_skewed(pool)),
        },
        Tradition::Balinese => {
            let orders = if female {
                BALINESE_ORDER_FEMALE
            } else {
                BALINESE_ORDER_MALE
            };
            let article = if female { "Ni" } else { "I" };
            let birth_order = orders[(order * 2 + rng.below(2)) % orders.len()];
            format!("{article} {birth_order} {}", rng.pick_skewed(pool))
        }
    }
}

fn family_name(tradition: Tradition, rng: &mut Rng) -> &'static str {
    match tradition {
        Tradition::Batak => BATAK_CLANS[rng.skewed_index(BATAK_CLANS.len())],
        Tradition::Chinese => CHINESE_SURNAMES[rng.skewed_index(CHINESE_SURNAMES.len())],
        _ => "",
    }
}

/// Writes pre-1972 spellings for people born before the spelling reform, as their old
/// papers do.
pub fn old_spelling(name: &str) -> String {
    let words: Vec<String> = name
        .split(' ')
        .map(|word| {
            let old = word
                .to_lowercase()
                .replace('u', "oe")
                .replace('j', "dj")
                .replace('c', "tj")
                .replace('y', "j");
            capitalise(&old)
        })
        .collect();
    words.join(" ")
}

pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn birth_date(year: u32, rng: &mut Rng) -> (u32, u32, u32) {
    (year.min(2024), rng.range(1, 12), rng.range(1, 28))
}

/// Who lives in a household, as (female, birth year, birth order among the children):
/// a head, usually a spouse and children (now and then twins), sometimes a widowed
/// grandmother.
fn members(rng: &mut Rng) -> Vec<(bool, u32, usize)> {
    let head_year = rng.range(1950, 2002);
    let mut members: Vec<(bool, u32, usize)> = Vec::new();
    let single = rng.chance(0.12);
    members.push((single && rng.chance(0.4), head_year, 0));
    if single {
        return members;
    }
    members.push((true, (head_year + rng.range(0, 8)).saturating_sub(3), 0));
    let children = rng.below(5);
    let mut year = head_year + rng.range(20, 28);
    for order in 0..children {
        if year > 2024 {
            break;
        }
        members.push((rng.chance(0.5), year, order + 1));
        if rng.chance(0.015) {
            members.push((rng.chance(0.5), year, order + 1));
        }
        year += rng.range(1, 5);
    }
    if rng.chance(0.08) {
        members.push((true, head_year.saturating_sub(rng.range(22, 32)), 0));
    }
    members
}

/// Generates one household of one to eight people.
pub fn household(
    villages: &[Village],
    serials: &mut Serials,
    next_entity: &mut u64,
    rng: &mut Rng,
) -> Vec<Person> {
    let village = rng.below(villages.len());
    let code = &villages[village].code;
    let district = district6(code);
    let tradition = tradition_of(&code[..2], rng);
    let family = family_name(tradition, rng);
    let kk = serials.kk(&district, rng);
    let street = format!("{} No. {}", rng.pick(STREETS), rng.range(1, 150));
    let (rt, rw) = (rng.range(1, 15), rng.range(1, 9));
    let members = members(rng);
    let mut people = Vec::with_capacity(members.len());
    let mut previous_birth = (0, 0, 0);
    for (index, &(female, year, order)) in members.iter().enumerate() {
        let twin =
            index > 0 && members[index - 1].1 == year && members[index - 1].2 == order && order > 0;
        let birth = if twin {
            previous_birth
        } else {
            birth_date(year, rng)
        };
        previous_birth = birth;
        let own_family = if index == 1 || index >= 2 && order == 0 {
            family_name(tradition, rng)
        } else {
            family
        };
        let mut name = make_name(tradition, female, order, own_family, rng);
        if year < 1968 && rng.chance(0.3) {
            name = old_spelling(&name);
        }
        let born_elsewhere = rng.chance(0.15);
        let birth_village = if born_elsewhere {
            rng.below(villages.len())
        } else {
            village
        };
        let nik_district = district6(&villages[birth_village].code);
        *next_entity += 1;
        people.push(Person {
            entity: *next_entity,
            nik: serials.nik(&nik_district, birth, female),
            name,
            female,
            birth,
            kk: kk.clone(),
            birth_place: villages[birth_village].regency.clone(),
            street: street.clone(),
            rt,
            rw,
            village,
        });
    }
    people
}
