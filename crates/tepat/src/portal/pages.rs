//! The front page.

use askama::Template;
use axum::response::Html;

use crate::http::AppError;
use crate::http::routes::RouteBook;
use crate::web::layout::PageCtx;

pub fn routes() -> RouteBook {
    RouteBook::new().get("/", front_page)
}

#[derive(Template)]
#[template(path = "portal_front.html")]
struct FrontPage {
    ctx: PageCtx,
}

impl FrontPage {
    fn english(&self) -> bool {
        self.ctx.lang == crate::web::i18n::Lang::En
    }

    fn signed_in(&self) -> bool {
        self.ctx.user.is_some()
    }
}

/// The front page: the same for everyone; a signed-in official also gets a link to their
/// dashboard.
async fn front_page(ctx: PageCtx) -> Result<Html<String>, AppError> {
    let page = FrontPage { ctx };
    Ok(Html(page.render().map_err(anyhow::Error::from)?))
}
