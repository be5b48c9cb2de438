//! The public side: the front page at `/` for citizens, donors and anyone else — what Tepat
//! is, how to apply, how to check an application, where to complain, and the way in for
//! officials — and Cek Bansos (`cek/`). No login, no JavaScript. See `README.md` in this folder.

pub mod cek;
pub mod feeds;
pub mod info;
pub mod kept;
mod pages;
pub mod stats;

/// The public pages, Cek Bansos, the statistics with their feeds, and the SMS status check.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .pages(pages::routes())
        .pages(cek::pages::routes())
        .pages(info::routes())
        .pages(stats::pages::routes())
        .pages(feeds::routes())
        .api(cek::api::router())
        .api(stats::api::router())
        .api(cek::sms::router())
}
