//! The web shell shared by every feature: language, page layout and navigation, embedded
//! assets, and the pieces every page uses to speak to people: dates and times in the
//! viewer's zone, Indonesian numbers, a label for every code, choices fed by the code
//! lists, before/after change tables and field names in error summaries.

pub mod assets;
pub mod budget_watch_texts;
pub mod card;
pub mod cek_texts;
pub mod changes;
pub mod complaint_texts;
pub mod confirm;
pub mod decision_texts;
pub mod distribution_texts;
pub mod form;
pub mod i18n;
pub mod kpi_texts;
pub mod labels;
pub mod layout;
pub mod money_texts;
pub mod notification_texts;
pub mod number;
pub mod offline_texts;
pub mod oversight_texts;
pub mod pdf;
pub mod qr;
pub mod share;
pub mod stock_texts;
pub mod texts;
pub mod time;
pub mod usul_texts;
pub mod voucher_texts;
