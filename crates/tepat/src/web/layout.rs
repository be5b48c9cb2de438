//! What every page's layout needs: language, CSRF token, the signed-in official and the
//! navigation their role allows.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::i18n::{Lang, Tr};
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
}

/// The brand link's target for visitors who are not signed in.
pub const PUBLIC_HOME: &str = "/";
/// The brand link's target for signed-in officials.
pub const OFFICIAL_HOME: &str = "/beranda";

/// (path, text key, permission needed) of the main navigation, in order.
const NAV: [(&str, &str, Permission); 13] = [
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
        }
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
