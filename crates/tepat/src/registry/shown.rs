//! Registry records as a caller may see them: the caller's redactor (`auth::Redactor`)
//! applied to every personal field of a household, a person, a list row and a version —
//! the version's changed fields and whole-record snapshot included.

use super::store::read::{Household, HouseholdSummary, Person};
use super::store::versions::Version;
use crate::auth::{Field, Redactor};

pub fn household(redactor: &Redactor, household: &mut Household) {
    redactor.field(Field::Kk, &mut household.kk_number);
    redactor.field(Field::Address, &mut household.address);
    redactor.field(Field::Address, &mut household.rt);
    redactor.field(Field::Address, &mut household.rw);
    redactor.optional(Field::Address, &mut household.phone);
    redactor.value(Field::Details, &mut household.survey);
    redactor.optional_text(&mut household.closed_reason);
}

pub fn summary(redactor: &Redactor, row: &mut HouseholdSummary) {
    redactor.field(Field::Kk, &mut row.kk_number);
    redactor.field(Field::Address, &mut row.address);
    redactor.field(Field::Address, &mut row.rt);
    redactor.field(Field::Address, &mut row.rw);
    redactor.optional(Field::Name, &mut row.head_name);
}

pub fn person(redactor: &Redactor, person: &mut Person) {
    redactor.field(Field::Nik, &mut person.nik);
    redactor.field(Field::Name, &mut person.full_name);
    redactor.field(Field::Details, &mut person.birth_place);
    redactor.field(Field::Details, &mut person.birth_date);
}

pub fn version(redactor: &Redactor, version: &mut Version) {
    redactor.text(&mut version.reason);
    redactor.json(&mut version.changes);
    redactor.json(&mut version.snapshot);
}

/// Every record of a list or a detail page.
pub fn all<T>(redactor: &Redactor, items: &mut [T], show: fn(&Redactor, &mut T)) {
    if !redactor.is_whole() {
        items.iter_mut().for_each(|item| show(redactor, item));
    }
}
