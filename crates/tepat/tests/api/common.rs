//! The test harness: a real server on port 0 over a fresh database — a SQLite file by
//! default, a new PostgreSQL database when `TEPAT_TEST_DATABASE_URL` names a server.

use std::sync::{Arc, OnceLock};

use tepat::accounts::service::{self, AccountInput, Acting};
use tepat::app::{self, Application};
use tepat::clock::{Clock, ManualClock, SystemClock};
use tepat::config::{DatabaseArgs, ServerArgs};
use tepat::db::Db;

pub const PASSWORD: &str = "kata-sandi-uji";
/// The key the test SMS gateway signs with.
pub const SMS_SECRET: &str = "kunci-sms-uji";

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub db_url: String,
    pub log: Arc<tepat::audit::Log>,
    pub clock: ManualClock,
    pub client: reqwest::Client,
    voucher_key: std::path::PathBuf,
    _dir: Arc<tempfile::TempDir>,
}

/// A migrated database with the region list, made once per test process and copied for
/// each test, so that each test starts clean without reloading 91,599 regions.
struct Template {
    dir: Arc<tempfile::TempDir>,
    /// SQLite template file, or PostgreSQL (server URL, template database name).
    kind: TemplateKind,
}

enum TemplateKind {
    Sqlite(std::path::PathBuf),
    Postgres { server: String, name: String },
}

static TEMPLATE: OnceLock<Template> = OnceLock::new();

fn random_suffix() -> String {
    tepat::http::token::random_token()
        .to_lowercase()
        .replace(['-', '_'], "")[..12]
        .to_owned()
}

fn template() -> &'static Template {
    TEMPLATE.get_or_init(|| {
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Runtime::new().expect("runtime");
            runtime.block_on(build_template())
        })
        .join()
        .expect("template thread")
    })
}

async fn build_template() -> Template {
    let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
    let clock = ManualClock::new(SystemClock.now());
    match std::env::var("TEPAT_TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            let admin = Db::connect(&server).await.expect("PostgreSQL test server");
            let name = format!("tepat_tpl_{}", random_suffix());
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin.pool)
                .await
                .expect("create template");
            let db = Db::connect(&with_database(&server, &name))
                .await
                .expect("template db");
            app::prepare(&db, &clock).await.expect("prepare template");
            db.pool.close().await;
            admin.pool.close().await;
            Template {
                dir,
                kind: TemplateKind::Postgres { server, name },
            }
        }
        _ => {
            let path = dir.path().join("template.db");
            let db = Db::connect(&format!("sqlite://{}", path.display()))
                .await
                .expect("sqlite");
            app::prepare(&db, &clock).await.expect("prepare template");
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&db.pool)
                .await
                .expect("checkpoint");
            db.pool.close().await;
            Template {
                dir,
                kind: TemplateKind::Sqlite(path),
            }
        }
    }
}

/// Replaces the database name at the end of a PostgreSQL URL.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let root = base.rsplit_once('/').map(|(root, _)| root).unwrap_or(base);
    format!("{root}/{name}{query}")
}

/// A fresh database URL for one test.
pub async fn fresh_database_url() -> (String, Arc<tempfile::TempDir>) {
    let template = template();
    match &template.kind {
        TemplateKind::Sqlite(path) => {
            let file = template.dir.path().join(format!("{}.db", random_suffix()));
            std::fs::copy(path, &file).expect("copy template");
            (format!("sqlite://{}", file.display()), template.dir.clone())
        }
        TemplateKind::Postgres { server, name } => {
            let admin = Db::connect(server).await.expect("PostgreSQL test server");
            let fresh = format!("tepat_test_{}", random_suffix());
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "CREATE DATABASE {fresh} TEMPLATE {name}"
            )))
            .execute(&admin.pool)
            .await
            .expect("create test database");
            admin.pool.close().await;
            (with_database(server, &fresh), template.dir.clone())
        }
    }
}

/// The CSRF token a page renders into its forms.
pub fn form_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html
        .find(marker)
        .expect("page has a form with a CSRF token")
        + marker.len();
    html[start..start + 43].to_owned()
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A server whose settings `adjust` changes first (a lower limit, say).
    pub async fn spawn_with(adjust: impl FnOnce(&mut ServerArgs)) -> Self {
        let (url, dir) = fresh_database_url().await;
        let clock = ManualClock::new(SystemClock.now());
        let voucher_key = dir.path().join(format!("{}.voucher", random_suffix()));
        let mut config = ServerArgs {
            database: DatabaseArgs {
                database_url: url.clone(),
            },
            listen: "127.0.0.1:0".parse().expect("address"),
            cookie_secure: false,
            request_timeout_seconds: 30,
            // Tests start runs themselves; a schedule would race them.
            duplicate_run_hours: 0,
            ewallet_poll_minutes: 0,
            voucher_key_file: Some(voucher_key.clone()),
            // Tests stand in for clients at other addresses with `X-Forwarded-For`.
            trusted_proxies: vec!["127.0.0.1".parse().expect("address")],
            log: tepat::config::LogArgs {
                key_file: Some(dir.path().join(format!("{}.key", random_suffix()))),
                ..Default::default()
            },
            // Tests deliver with `notifications::worker` and a moved clock; a worker of
            // its own would race them.
            notify: tepat::config::NotifyArgs::default(),
            cek: tepat::config::CekArgs {
                sms_secret: Some(SMS_SECRET.to_owned()),
                ..tepat::config::CekArgs::default()
            },
        };
        adjust(&mut config);
        let shared: Arc<dyn Clock> = Arc::new(clock.clone());
        let application = Application::build(config, shared)
            .await
            .expect("application");
        let address = format!("http://{}", application.address().expect("bound address"));
        let db = application.db.clone();
        let log = application.log.clone();
        tokio::spawn(application.run_until(std::future::pending()));
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            address,
            db,
            db_url: url,
            log,
            clock,
            client,
            voucher_key,
            _dir: dir,
        }
    }

    /// The vouchers' keys, as the server reads them.
    pub fn voucher_keys(&self) -> tepat::vouchers::keys::KeyRing {
        tepat::vouchers::keys::KeyRing::new(self.voucher_key.clone())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// GET `path` with the app's own client (its cookies, no redirects followed).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// The body of GET `path`.
    pub async fn text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// Creates an account with the test password, as the command line would.
    pub async fn add_account(&self, username: &str, role: &str, region: Option<&str>) -> i64 {
        let input = AccountInput {
            username: username.to_owned(),
            display_name: format!("Petugas {username}"),
            role: role.to_owned(),
            region_code: region.map(str::to_owned),
            password: PASSWORD.to_owned(),
        };
        service::create_account(&self.db, Acting::CommandLine, &input, self.clock.now())
            .await
            .expect("account created")
            .id
    }

    /// A client with its own cookie jar, for acting as a second person.
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// The CSRF token the page at `path` renders into its forms.
    pub async fn csrf_with(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client
            .get(self.url(path))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        form_token(&html)
    }

    /// Logs `client` in and returns the response to the login post.
    pub async fn login_with(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        let csrf = self.csrf_with(client, "/masuk").await;
        client
            .post(self.url("/masuk"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("username", username),
                ("password", password),
            ])
            .send()
            .await
            .expect("login post")
    }

    pub async fn login(&self, username: &str) {
        let response = self.login_with(&self.client, username, PASSWORD).await;
        assert_eq!(
            response.status(),
            303,
            "login of {username} should redirect"
        );
    }

    /// Posts a form with the CSRF token taken from `form_page`.
    pub async fn post_form(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let csrf = self.csrf_with(&self.client, form_page).await;
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .expect("form post")
    }

    /// Counts rows of a table (for asserting that nothing changed).
    pub async fn count(&self, table: &str) -> i64 {
        use sqlx::Row;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&self.db.pool)
            .await
            .expect("count");
        row.try_get(0).expect("count value")
    }
}
