//! The public side: the front page at `/` for citizens, donors and anyone else — what Tepat
//! is, how to apply, how to check an application, where to complain, and the way in for
//! officials. No login, no JavaScript. See `README.md` in this folder.

mod pages;

/// The public pages.
pub fn router() -> crate::http::routes::Routes {
    crate::http::routes::Routes::new().pages(pages::routes())
}
