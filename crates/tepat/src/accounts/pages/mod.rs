//! Pages: login and logout, the language switch, and account and token management for
//! administrators.

mod accounts;
mod login;
mod person;
mod tokens;

use crate::http::routes::RouteBook;

pub fn routes() -> RouteBook {
    RouteBook::new()
        .get("/masuk", login::login_page)
        .post("/masuk", login::login)
        .post("/keluar", login::logout)
        .get("/bahasa", login::switch_language)
        .get("/akun", accounts::accounts_page)
        .get("/akun/baru", accounts::new_account_page)
        .post("/akun/baru", accounts::create_account)
        .post("/akun/{id}/status", accounts::change_status)
        .get("/akun/{id}/penduduk", person::person_page)
        .post("/akun/{id}/penduduk", person::link_person)
        .get("/akun/{id}/nonaktifkan", accounts::confirm_disable)
        .get("/token", tokens::tokens_page)
        .post("/token", tokens::create_token)
        .get("/token/{id}/cabut", tokens::confirm_revoke)
        .post("/token/{id}/cabut", tokens::revoke_token)
}
