//! The public side: the front page at `/` for citizens, donors and anyone else — what Tepat
//! is, how to apply, how to check an application, where to complain, and the way in for
//! officials — and Cek Bansos (`cek/`). No login, no JavaScript. See `README.md` in this folder.

pub mod cek;
pub mod info;
mod pages;

/// The public pages, Cek Bansos and the SMS status check.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new()
        .pages(pages::routes())
        .pages(cek::pages::routes())
        .pages(info::routes())
        .api(cek::api::router())
        .api(cek::sms::router())
}
