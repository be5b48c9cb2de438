//! The facts a rule reads about one household, through a trait the caller implements over
//! its own storage (typically compact in-memory columns).

/// One household's facts. Attribute indices are positions in the schema's household or
/// member list (see [`Schema`](crate::Schema)); `programme` is the position in its
/// programme list. The rule calls only the method that matches an attribute's declared
/// type, and only with members below `member_count()`.
///
/// `None` means the value is not recorded; so does a NaN number. A comparison that reads a
/// missing value is false (see the crate documentation).
pub trait Facts {
    fn number(&self, attribute: usize) -> Option<f64>;
    fn text(&self, attribute: usize) -> Option<&str>;
    fn flag(&self, attribute: usize) -> Option<bool>;
    /// The number of members `any`, `all` and `count` visit, from 0 to this minus one.
    fn member_count(&self) -> usize;
    fn member_number(&self, member: usize, attribute: usize) -> Option<f64>;
    fn member_text(&self, member: usize, attribute: usize) -> Option<&str>;
    fn member_flag(&self, member: usize, attribute: usize) -> Option<bool>;
    /// The household's Kemendagri region code, e.g. `31.75.07.1003`.
    fn region(&self) -> &str;
    fn enrolled(&self, programme: usize) -> bool;
}
