//! One household as the rules see it: a view into the columns.

use eligibility::Facts;

use super::Columns;

/// One household's facts, read from the columns.
pub struct Household<'a> {
    pub(super) columns: &'a Columns,
    pub(super) i: usize,
    pub(super) first: usize,
    pub(super) count: usize,
}

fn number_at(values: &[f64], i: usize) -> Option<f64> {
    values.get(i).copied().filter(|v| !v.is_nan())
}

impl Facts for Household<'_> {
    fn number(&self, attribute: usize) -> Option<f64> {
        number_at(self.columns.numbers.get(attribute)?, self.i)
    }

    fn text(&self, attribute: usize) -> Option<&str> {
        let code = *self.columns.texts.get(attribute)?.get(self.i)?;
        self.columns.pool.get(code as usize).map(String::as_str)
    }

    fn flag(&self, attribute: usize) -> Option<bool> {
        match *self.columns.flags.get(attribute)?.get(self.i)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn member_count(&self) -> usize {
        self.count
    }

    fn member_number(&self, member: usize, attribute: usize) -> Option<f64> {
        number_at(
            self.columns.member_numbers.get(attribute)?,
            self.first + member,
        )
    }

    fn member_text(&self, member: usize, attribute: usize) -> Option<&str> {
        let column = self.columns.member_texts.get(attribute)?;
        let code = *column.get(self.first + member)?;
        self.columns.pool.get(code as usize).map(String::as_str)
    }

    fn member_flag(&self, _member: usize, _attribute: usize) -> Option<bool> {
        // The registry holds no boolean member attribute.
        None
    }

    fn region(&self) -> &str {
        self.columns.region_of(self.i)
    }

    fn enrolled(&self, programme: usize) -> bool {
        self.columns.is_enrolled(self.i, programme)
    }
}
