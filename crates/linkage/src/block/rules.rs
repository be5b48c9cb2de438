//! The blocking rules: which fields make up each rule's key, and what its pairs must
//! show besides the key.

use crate::block::corroboration::Corroboration;
use crate::record::{Record, mix};

/// A way to group records that may be the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockingRule {
    /// The same NIK.
    Nik,
    /// The same family card.
    Kk,
    /// The same birth date in the same regency.
    BirthDateRegency,
    /// The same phonetic name and month of birth (year and month): finds a mistyped day
    /// for people who moved and whose NIK is missing or mistyped. Year alone would put
    /// every "Siti Nur" born in 1985 in one block.
    NameSoundBirthMonth,
    /// The same sound of either end of the name (the first or the last word) and the
    /// same birth date: finds a changed or mistyped given or family name, and the two
    /// written in the other order ("Laura Webb" and "Webb Laura").
    EndSoundBirthDate,
    /// The same phonetic name in the same village.
    NameSoundVillage,
    /// The same phonetic name and year of birth, the year also read from placeholder and
    /// impossible dates: finds a mistyped month, a day and month swapped, and a date
    /// written as 1 January or as the year alone. Crowded, so its pairs are checked.
    NameSoundBirthYear,
    /// The same phonetic name, day and month of birth taken in either order: finds a
    /// mistyped year, and a day and month swapped together with another typo.
    NameSoundDayMonth,
    /// The same sound of either end of the name in the same village: finds a changed,
    /// missing or mistyped given or family name, or the two swapped, when the birth date
    /// is missing or wrong.
    EndSoundVillage,
    /// The same sound of either end of the name on a street of the same sound: finds a
    /// person registered again under another village code (or postcode) with no usable
    /// birth date, part of the name changed or left out.
    EndSoundStreet,
    /// The same street and house number in the same village: a household, like the
    /// family card, for registries that keep no cards or where a person is written with
    /// another name.
    HouseVillage,
    /// The same street, house number and year of birth: finds a person registered again
    /// under another name (a nickname, a married name) and another village code.
    HouseBirthYear,
    /// The same phonetic name, token-sorted, and nothing else: finds a person
    /// registered again in another place (a postcode or village code mistyped, an address
    /// rewritten) with no birth date to meet on. Crowded, so its pairs are checked.
    NameSound,
    /// The same birth date and nothing else, the names resembling each other letter by
    /// letter: finds a person registered again in another place with the name
    /// misspelt beyond its sound ("Samuel" and "Samudl", postcodes a digit apart).
    BirthDate,
}

/// The rules used by default, strongest first.
pub const DEFAULT_RULES: [BlockingRule; 14] = [
    BlockingRule::Nik,
    BlockingRule::Kk,
    BlockingRule::BirthDateRegency,
    BlockingRule::NameSoundBirthMonth,
    BlockingRule::EndSoundBirthDate,
    BlockingRule::NameSoundVillage,
    BlockingRule::NameSoundBirthYear,
    BlockingRule::NameSoundDayMonth,
    BlockingRule::EndSoundVillage,
    BlockingRule::EndSoundStreet,
    BlockingRule::HouseVillage,
    BlockingRule::HouseBirthYear,
    BlockingRule::NameSound,
    BlockingRule::BirthDate,
];

impl BlockingRule {
    pub fn label(self) -> &'static str {
        match self {
            BlockingRule::Nik => "nik",
            BlockingRule::Kk => "kk",
            BlockingRule::BirthDateRegency => "birth_date+regency",
            BlockingRule::NameSoundBirthMonth => "name_sound+birth_month",
            BlockingRule::EndSoundBirthDate => "name_end_sound+birth_date",
            BlockingRule::NameSoundVillage => "name_sound+village",
            BlockingRule::NameSoundBirthYear => "name_sound+birth_year",
            BlockingRule::NameSoundDayMonth => "name_sound+day_month",
            BlockingRule::EndSoundVillage => "name_end_sound+village",
            BlockingRule::EndSoundStreet => "name_end_sound+street",
            BlockingRule::HouseVillage => "street+village",
            BlockingRule::HouseBirthYear => "street+birth_year",
            BlockingRule::NameSound => "name_sound",
            BlockingRule::BirthDate => "birth_date",
        }
    }

    /// What pairs of this rule must show besides the shared key.
    pub fn corroboration(self) -> Corroboration {
        match self {
            BlockingRule::Nik | BlockingRule::Kk => Corroboration::None,
            BlockingRule::BirthDateRegency => Corroboration::NikAndNameOrVillage,
            BlockingRule::BirthDate => Corroboration::NikAndName,
            BlockingRule::NameSoundBirthMonth | BlockingRule::EndSoundBirthDate => {
                Corroboration::Nik
            }
            BlockingRule::NameSoundVillage => Corroboration::NikOrBirth,
            BlockingRule::NameSoundBirthYear
            | BlockingRule::NameSoundDayMonth
            | BlockingRule::HouseVillage
            | BlockingRule::HouseBirthYear
            | BlockingRule::EndSoundStreet
            | BlockingRule::NameSound => Corroboration::NikAndBirth,
            BlockingRule::EndSoundVillage => Corroboration::NikAndBirthOrName,
        }
    }

    /// Whether families share this rule's key by design rather than by chance: the
    /// chance estimate takes the parts of a key as independent, and a street, house
    /// number and village are not, for the people of one house. Such a rule always asks
    /// for corroboration, or it would pair every family (the family card already does).
    pub fn shared_by_households(self) -> bool {
        self == BlockingRule::HouseVillage
    }

    /// The two parts of a weak rule's key, each 0 when missing; `None` for the
    /// identifying rules. For the rules on either end of the name, the first word's.
    pub(crate) fn key_parts(self, record: &Record) -> Option<[u64; 2]> {
        let birth = u64::from(record.birth);
        let month = year_month(record.birth_partial);
        let year = u64::from(record.birth_partial >> 9);
        match self {
            BlockingRule::Nik | BlockingRule::Kk => None,
            BlockingRule::BirthDateRegency => Some([birth, record.regency()]),
            BlockingRule::NameSoundBirthMonth => Some([record.name_sound, month]),
            BlockingRule::EndSoundBirthDate => Some([record.first_sound, birth]),
            BlockingRule::NameSoundVillage => Some([record.name_sound, record.village]),
            BlockingRule::NameSoundBirthYear => Some([record.name_sound, year]),
            BlockingRule::NameSoundDayMonth => Some([record.name_sound, day_month(record)]),
            BlockingRule::EndSoundVillage => Some([record.first_sound, record.village]),
            BlockingRule::EndSoundStreet => Some([record.first_sound, record.street]),
            BlockingRule::HouseVillage => Some([record.street, record.village]),
            BlockingRule::HouseBirthYear => Some([record.street, year]),
            // One part only for these two: the second is a constant every record shares.
            BlockingRule::NameSound => Some([record.name_sound, 1]),
            BlockingRule::BirthDate => Some([birth, 1]),
        }
    }

    /// Whether the rule keys a record by each end of its name, so that a record may hold
    /// two keys.
    pub fn keys_both_ends(self) -> bool {
        matches!(
            self,
            BlockingRule::EndSoundBirthDate
                | BlockingRule::EndSoundVillage
                | BlockingRule::EndSoundStreet
        )
    }

    /// Every key of the record under this rule: the one of [`BlockingRule::key`], and for
    /// the rules on either end of the name also the key with the last word's sound when
    /// it differs from the first's.
    pub fn keys(self, record: &Record) -> impl Iterator<Item = u64> {
        let first = self.key(record);
        let last = if self.keys_both_ends() && record.last_sound != record.first_sound {
            self.key_parts(record)
                .and_then(|[_, rest]| self.mixed(record.last_sound, rest))
        } else {
            None
        };
        first.into_iter().chain(last)
    }

    /// A key from its two parts, `None` when either is missing.
    fn mixed(self, a: u64, b: u64) -> Option<u64> {
        (a != 0 && b != 0).then(|| mix(a ^ mix(b ^ self as u64)))
    }

    /// The record's key under this rule, or `None` when a needed field is missing.
    pub fn key(self, record: &Record) -> Option<u64> {
        let present = |value: u64| (value != 0).then_some(value);
        let long_enough = |digits: &[u8]| digits.len() >= 6;
        match self {
            BlockingRule::Nik => {
                present(record.nik.key()).filter(|_| long_enough(record.nik.digits()))
            }
            BlockingRule::Kk => {
                present(record.kk.key()).filter(|_| long_enough(record.kk.digits()))
            }
            _ => {
                let [a, b] = self.key_parts(record)?;
                self.mixed(a, b)
            }
        }
    }
}

/// The year and month of a packed partial date, or 0 when the month is unknown: a
/// block of everyone born in a year is what [`BlockingRule::NameSoundBirthYear`] is for.
fn year_month(partial: u32) -> u64 {
    if partial >> 5 & 0xf == 0 {
        0
    } else {
        u64::from(partial >> 5)
    }
}

/// Day and month of a full birth date, the smaller first, so that a date and its
/// day–month swap share the key; 0 without a full date.
fn day_month(record: &Record) -> u64 {
    if record.birth == 0 {
        return 0;
    }
    let (day, month) = (
        u64::from(record.birth & 0x1f),
        u64::from(record.birth >> 5 & 0xf),
    );
    day.min(month) << 8 | day.max(month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{PersonFields, Store, parse_person};

    fn record(name: &str, birth_date: &str, village_code: &str, address: &str) -> Record {
        let mut store = Store::default();
        store.push(&parse_person(&PersonFields {
            id: "x",
            name,
            birth_date,
            village_code,
            address,
            ..Default::default()
        }));
        store.records[0]
    }

    fn shares(rule: BlockingRule, a: &Record, b: &Record) -> bool {
        rule.keys(a)
            .any(|key| rule.keys(b).any(|other| other == key))
    }

    #[test]
    fn name_and_year_meet_across_month_typos_and_placeholders() {
        let rule = BlockingRule::NameSoundBirthYear;
        let base = record("Siti Aminah", "1985-03-12", "", "");
        for other in [
            "1985-08-12",
            "1985-12-03",
            "1985-01-01",
            "1985",
            "1985-02-30",
        ] {
            assert!(
                shares(rule, &base, &record("Sitti Aminah", other, "", "")),
                "{other}"
            );
        }
        assert!(!shares(
            rule,
            &base,
            &record("Siti Aminah", "1986-03-12", "", "")
        ));
        assert_eq!(rule.key(&record("Siti Aminah", "", "", "")), None);
    }

    #[test]
    fn day_and_month_meet_across_year_typos_and_swaps() {
        let rule = BlockingRule::NameSoundDayMonth;
        let base = record("Budi Santoso", "1985-03-12", "", "");
        for other in ["1958-03-12", "1995-12-03", "1985-12-03"] {
            assert!(
                shares(rule, &base, &record("Budi Santosa", other, "", "")),
                "{other}"
            );
        }
        assert!(!shares(
            rule,
            &base,
            &record("Budi Santoso", "1985-03-13", "", "")
        ));
        // A placeholder says nothing of day and month.
        assert_eq!(
            rule.key(&record("Budi Santoso", "1985-01-01", "", "")),
            None
        );
    }

    #[test]
    fn name_ends_meet_in_a_village_without_dates() {
        let rule = BlockingRule::EndSoundVillage;
        let village = "3201012001";
        let base = record("Budi Santoso", "", village, "");
        for other in [
            "Budi Wijaya",
            "Bidu Santoso",
            // A single name is both ends.
            "Santoso",
            // Written the other way round, one word mistyped.
            "Santoso Bidu",
            "Santosa Budi",
        ] {
            assert!(
                shares(rule, &base, &record(other, "", village, "")),
                "{other}"
            );
        }
        assert!(!shares(
            rule,
            &base,
            &record("Bambang Wijaya", "", village, "")
        ));
        let elsewhere = record("Budi Santoso", "", "3201012002", "");
        assert!(!shares(rule, &base, &elsewhere));
        // A middle word is no end.
        let middle = record("Agus Budi Wijaya", "", village, "");
        assert!(!shares(rule, &base, &middle));
        // A single name holds one key, not the same key twice.
        assert_eq!(rule.keys(&record("Santoso", "", village, "")).count(), 1);
        assert_eq!(rule.keys(&base).count(), 2);
    }

    #[test]
    fn name_ends_and_birth_date_meet_across_word_order() {
        let rule = BlockingRule::EndSoundBirthDate;
        let base = record("Laura Webb", "1969-04-12", "2108", "");
        let swapped = record("Webf Laura", "1969-04-12", "2180", "");
        assert!(shares(rule, &base, &swapped));
        let other_day = record("Webf Laura", "1969-04-13", "2180", "");
        assert!(!shares(rule, &base, &other_day));
        assert_eq!(rule.keys(&record("Laura Webb", "", "", "")).count(), 0);
    }

    #[test]
    fn name_ends_and_street_meet_across_villages() {
        let rule = BlockingRule::EndSoundStreet;
        let base = record("Budi Santoso", "", "3201012001", "Jl. Mawar No. 3");
        let moved = record("Budi Santoso", "", "3301012001", "Gang Mawar No. 3");
        let other = record("Budi Santoso", "", "3201012001", "Jl. Mawar 5");
        let alone = record("Santoso", "", "3301012001", "Jl. Mawar 3");
        assert!(shares(rule, &base, &moved));
        assert!(shares(rule, &base, &alone));
        assert!(!shares(rule, &base, &other));
        assert_eq!(rule.key(&record("Budi Santoso", "", "", "No. 3")), None);
    }

    #[test]
    fn the_name_alone_meets_anywhere() {
        let rule = BlockingRule::NameSound;
        let base = record("Ayla Benjamin", "", "2030", "3 Bradfield Street");
        for (name, village) in [("Benjamin Ayla", "2003"), ("Ayla Benyamin", "6110")] {
            assert!(
                shares(rule, &base, &record(name, "1950-01-02", village, "")),
                "{name}"
            );
        }
        assert!(!shares(
            rule,
            &base,
            &record("Ayla Bentley", "", "2030", "3 Bradfield Street")
        ));
        assert_eq!(rule.keys(&record("", "", "2030", "")).count(), 0);
        assert_eq!(rule.keys(&base).count(), 1);
    }

    #[test]
    fn a_house_meets_under_another_name() {
        let base = record(
            "Budi Santoso",
            "1985-03-12",
            "3201012001",
            "Jl. Mawar No. 3",
        );
        let nickname = record("Ucok", "1985", "3201012001", "Gang Mawar 3, Blok C");
        let moved = record("Ucok", "1985-07-01", "3301012001", "Jalan Mawar 3");
        let next_door = record("Budi Santoso", "1985-03-12", "3201012001", "Jl. Mawar 5");
        assert!(shares(BlockingRule::HouseVillage, &base, &nickname));
        assert!(!shares(BlockingRule::HouseVillage, &base, &moved));
        assert!(shares(BlockingRule::HouseBirthYear, &base, &moved));
        assert!(!shares(BlockingRule::HouseBirthYear, &base, &next_door));
    }

    #[test]
    fn every_rule_has_a_label_and_a_check() {
        for rule in DEFAULT_RULES {
            assert!(!rule.label().is_empty());
            let identifying = matches!(rule, BlockingRule::Nik | BlockingRule::Kk);
            assert_eq!(rule.corroboration() == Corroboration::None, identifying);
            assert_eq!(rule.key_parts(&Record::default()).is_none(), identifying);
        }
    }
}
