//! What every page's layout needs: language, CSRF token, the signed-in official and the
//! navigation their role allows.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::i18n::{Lang, Tr};
use super::labels::{self, Choice};
use super::time::Zone;
use crate::auth::Auth;
use crate::auth::{Permission, Principal};
use crate::http::cookies;
use crate::http::csrf::CsrfToken;

/// A navigation link.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The signed-in official as shown in the header.
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub name: String,
    pub role: &'static str,
    pub scope: String,
}

/// Layout data for a page.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub tr: Tr,
    pub lang: Lang,
    pub csrf: String,
    pub path: String,
    pub user: Option<UserBadge>,
    pub nav: Vec<NavItem>,
    /// Where the brand link goes: the dashboard for officials, the public front page for
    /// everyone else.
    pub home: &'static str,
    /// The viewer's time zone, by the province of their region (WIB when national).
    pub zone: Zone,
}

/// The brand link's target for visitors who are not signed in.
pub const PUBLIC_HOME: &str = "/";
/// The brand link's target for signed-in officials.
pub const OFFICIAL_HOME: &str = "/beranda";

/// (path, text key, permission needed) of the main navigation, in order.
const NAV: [(&str, &str, Permission); 26] = [
    ("/beranda", "nav.dashboard", Permission::ViewDashboard),
    ("/wilayah", "nav.regions", Permission::BrowseRegions),
    ("/keluarga", "nav.registry", Permission::ReadRegistry),
    ("/keluarga/impor", "nav.import", Permission::WriteRegistry),
    ("/usulan", "nav.changes", Permission::ReadRegistry),
    (
        "/pendaftaran",
        "nav.applications",
        Permission::ReadApplications,
    ),
    (
        "/akses-data",
        "nav.person_views",
        Permission::ReadPersonViews,
    ),
    ("/tinjauan", "nav.review", Permission::ReadReviewFlags),
    ("/duplikat", "nav.duplicates", Permission::ReadDuplicates),
    (
        "/duplikat/proses",
        "nav.duplicate_runs",
        Permission::ReadDuplicateRuns,
    ),
    ("/program", "nav.programmes", Permission::ReadEnrolments),
    ("/usulan-bansos", "nav.proposals", Permission::ReadProposals),
    ("/sanggahan", "nav.objections", Permission::ReadProposals),
    ("/pengaduan", "nav.complaints", Permission::ReadComplaints),
    ("/pungli", "nav.pungli", Permission::HandlePungliReports),
    ("/pemantauan", "nav.monitoring", Permission::ReadMonitoring),
    ("/anggaran", "nav.budgets", Permission::ReadBudgets),
    ("/penyaluran", "nav.cycles", Permission::ReadBudgets),
    ("/warung", "nav.shop", Permission::RedeemVouchers),
    ("/pedagang", "nav.merchants", Permission::ReadMerchants),
    (
        "/penyaluran-barang",
        "nav.handouts",
        Permission::ReadDistributions,
    ),
    (
        "/notifikasi",
        "nav.notifications",
        Permission::ReadNotifications,
    ),
    (
        "/penargetan/model",
        "nav.welfare_models",
        Permission::ManageWelfareModels,
    ),
    ("/jejak", "nav.events", Permission::ReadEvents),
    ("/akun", "nav.accounts", Permission::ManageAccounts),
    ("/token", "nav.tokens", Permission::ManageTokens),
];

impl PageCtx {
    pub fn from_parts(parts: &Parts) -> Self {
        let lang = cookies::get(&parts.headers, cookies::LANG)
            .and_then(Lang::from_tag)
            .unwrap_or_default();
        let tr = Tr::new(lang);
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let path = parts.uri.path().to_owned();
        let principal = match parts.extensions.get::<Auth>() {
            Some(Auth::Session(p)) => Some(p),
            _ => None,
        };
        let nav = principal.map(|p| nav_for(p, tr, &path)).unwrap_or_default();
        let user = principal.map(|p| UserBadge {
            name: p.name.clone(),
            role: p.role.label(lang),
            scope: p
                .region
                .as_ref()
                .map(|r| r.to_string())
                .unwrap_or_else(|| tr.t("dashboard.national").to_owned()),
        });
        let zone = Zone::of_region(
            principal
                .and_then(|p| p.region.as_ref())
                .map(|r| r.to_string())
                .as_deref(),
        );
        let home = if principal.is_some() {
            OFFICIAL_HOME
        } else {
            PUBLIC_HOME
        };
        Self {
            tr,
            lang,
            csrf,
            path,
            user,
            nav,
            home,
            zone,
        }
    }

    /// A stored time or date as the viewer reads it: `3 Des 2026 16:15 WIB`, `3 Des 2026`.
    pub fn when(&self, stored: &str) -> String {
        super::time::show_in(stored, self.zone, self.lang)
    }

    /// An optional stored time; empty when missing.
    pub fn when_opt(&self, stored: &Option<String>) -> String {
        stored.as_deref().map(|s| self.when(s)).unwrap_or_default()
    }

    /// A whole number with the viewer's separators: `1.234.567`.
    pub fn num(&self, value: &i64) -> String {
        super::number::whole(*value, self.lang)
    }

    /// A share as a percent: `91,5%`.
    pub fn pct(&self, share: &f64) -> String {
        super::number::percent(*share, self.lang)
    }

    /// The label of an answer of a closed list (`water_source`, `ledeng`).
    pub fn answer(&self, list: &str, value: &str) -> String {
        labels::answer(list, value, self.lang)
    }

    /// The label of a field name (`birth_place`, `members[0].nik`).
    pub fn field(&self, name: &str) -> String {
        labels::field(name, self.lang)
    }

    /// The label of an event action (`household.created`).
    pub fn action(&self, code: &str) -> String {
        labels::action(code, self.lang)
    }

    /// The label of a rule a report names (`family-rejected`).
    pub fn rule(&self, code: &str) -> String {
        labels::rule(code, self.lang)
    }

    /// The label of a record kind (`household`).
    pub fn subject(&self, code: &str) -> String {
        labels::subject(code, self.lang)
    }

    /// The changed fields of an event or a version as before/after rows.
    pub fn change_rows(&self, changes: &serde_json::Value) -> Vec<super::changes::ChangeRow> {
        self.shown().rows(changes)
    }

    /// How this viewer reads values.
    pub fn shown(&self) -> super::changes::Shown {
        super::changes::Shown {
            lang: self.lang,
            zone: self.zone,
        }
    }

    /// The choices of a closed list with `current` selected.
    pub fn choices(&self, list: &str, current: &str) -> Vec<Choice> {
        labels::choices(list, current, self.lang)
    }
}

fn nav_for(principal: &Principal, tr: Tr, path: &str) -> Vec<NavItem> {
    let allowed: Vec<_> = NAV
        .iter()
        .filter(|(_, _, permission)| permission.roles().contains(&principal.role))
        .collect();
    // Links may nest (`/duplikat` and `/duplikat/proses`): only the longest one that
    // contains the path is the current page.
    let current = allowed
        .iter()
        .map(|(href, _, _)| *href)
        .filter(|href| within(path, href))
        .max_by_key(|href| href.len());
    allowed
        .iter()
        .map(|(href, key, _)| NavItem {
            href,
            label: tr.t(key),
            current: Some(*href) == current,
        })
        .collect()
}

/// True when `path` is the page `href` or lies below it.
fn within(path: &str, href: &str) -> bool {
    path.strip_prefix(href)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::events::Actor;

    fn principal(role: Role) -> Principal {
        Principal {
            actor: Actor::system(),
            name: "uji".into(),
            role,
            region: None,
            token_scopes: None,
        }
    }

    #[test]
    fn only_the_longest_matching_link_is_current() {
        let tr = Tr::new(Lang::Id);
        let nav = nav_for(&principal(Role::DistrictOfficer), tr, "/duplikat/proses");
        let current: Vec<&str> = nav.iter().filter(|i| i.current).map(|i| i.href).collect();
        assert_eq!(current, ["/duplikat/proses"]);
        let nav = nav_for(&principal(Role::DistrictOfficer), tr, "/duplikat/12");
        let current: Vec<&str> = nav.iter().filter(|i| i.current).map(|i| i.href).collect();
        assert_eq!(current, ["/duplikat"]);
    }

    #[test]
    fn administrators_reach_the_duplicate_runs() {
        let nav = nav_for(&principal(Role::Administrator), Tr::new(Lang::Id), "/akun");
        assert!(nav.iter().any(|i| i.href == "/duplikat/proses"));
        assert!(!nav.iter().any(|i| i.href == "/duplikat"));
    }
}
