//! The web shell shared by every feature: language, page layout and navigation, embedded
//! assets.

pub mod assets;
pub mod form;
pub mod i18n;
pub mod layout;
pub mod time;
