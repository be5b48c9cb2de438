//! The client's address, resolved once per request: the connection's peer, or — when the
//! peer is a proxy the deployment trusts (`--trusted-proxies`) — the nearest address in
//! `X-Forwarded-For` that is not itself a trusted proxy. Limits per client (login
//! throttling, self-registration quotas) count by `client_key` of this address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// The client address of a request, if the server saw one (tests may call the router
/// without a connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub Option<IpAddr>);

impl ClientAddress {
    /// The key this client is counted under.
    pub fn key(&self) -> Option<String> {
        self.0.map(client_key)
    }
}

/// The key a client address is counted under: an IPv4 address whole (an IPv4-mapped IPv6
/// address as IPv4), an IPv6 address by its /64, since one home or phone is given a whole
/// /64 and could otherwise change address at will.
pub fn client_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client behind `peer`: the peer itself unless it is a trusted proxy, then the
/// right-most `X-Forwarded-For` address that is not a trusted proxy (addresses further
/// left were written by the client and prove nothing).
pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(','))
        .map_while(|part| part.trim().parse::<IpAddr>().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|address| !trusted.contains(address))
            .unwrap_or(peer),
    )
}

/// Puts the request's `ClientAddress` in its extensions.
pub async fn resolve_client(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let client = resolve(peer, req.headers(), &state.config.trusted_proxies);
    req.extensions_mut().insert(ClientAddress(client));
    next.run(req).await
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Self>()
            .copied()
            .unwrap_or(ClientAddress(None)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.9, 10.0.0.2"),
        );
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        // A stranger connecting directly cannot claim another address.
        assert_eq!(
            resolve(Some(ip("198.51.100.7")), &headers, &proxies),
            Some(ip("198.51.100.7"))
        );
        // Behind the proxies, the nearest untrusted address is the client, not the forged one.
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &headers, &proxies),
            Some(ip("203.0.113.9"))
        );
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &HeaderMap::new(), &proxies),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(resolve(None, &headers, &proxies), None);
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        assert_eq!(client_key(ip("2001:db8:1:2:3:4:5:6")), "2001:db8:1:2::/64");
        assert_eq!(client_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
    }
}
