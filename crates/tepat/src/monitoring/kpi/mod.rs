//! Officials' response times (KPI): complaints, objections, proposals, self-registrations,
//! data changes and approvals of money, each item's opening, first response and resolution
//! read from the event trail, so no figure can be typed in by hand. Public per office at
//! `/kinerja`, per official for supervisors at `/pemantauan/kinerja`. See `README.md` in
//! the folder above.

pub mod api;
pub mod figures;
pub mod kinds;
pub mod pages;
pub mod service;
mod store;
mod tables;
