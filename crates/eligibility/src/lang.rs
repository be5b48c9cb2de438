//! The two languages every message and rendering comes in.

/// Bahasa Indonesia first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}
