//! Where a request comes from, for the rate limits and the connection caps: the peer address
//! of its connection (set by the accept loop as `ConnectInfo<SocketAddr>`), or the last
//! address of `X-Forwarded-For` when the peer is a configured trusted proxy. An IPv6 source
//! counts by its /64, which one subscriber usually holds whole.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::state::AppState;

const FORWARDED_FOR: &str = "x-forwarded-for";

/// A source address as the limits count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Source(IpAddr);

impl Source {
    /// Requests served without the accept loop (no peer known) all count as this one.
    pub const UNKNOWN: Source = Source(IpAddr::V6(Ipv6Addr::UNSPECIFIED));

    pub fn of(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Source(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Source(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    Source(IpAddr::V6(Ipv6Addr::new(
                        s[0], s[1], s[2], s[3], 0, 0, 0, 0,
                    )))
                }
            },
        }
    }

    /// The request's source: the peer, or what a trusted proxy says the client was.
    pub fn of_request(parts: &Parts, trusted_proxies: &[IpAddr]) -> Self {
        let Some(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
        else {
            return Source::UNKNOWN;
        };
        if trusted_proxies.contains(&peer) {
            // The proxy appends the address it saw: earlier entries are the client's word.
            let forwarded = parts
                .headers
                .get_all(FORWARDED_FOR)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|last| last.trim().parse::<IpAddr>().ok());
            if let Some(client) = forwarded {
                return Source::of(client);
            }
        }
        Source::of(peer)
    }
}

impl FromRequestParts<AppState> for Source {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Source::of_request(
            parts,
            &state.config.http.trusted_proxies,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(peer: &str, forwarded: &[&str]) -> Parts {
        let mut req = Request::builder();
        for f in forwarded {
            req = req.header(FORWARDED_FOR, *f);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        parts
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn sources() {
        let proxy = [ip("127.0.0.1")];
        let spoofed = parts("192.0.2.7:5000", &["198.51.100.1"]);
        assert_eq!(
            Source::of_request(&spoofed, &proxy),
            Source::of(ip("192.0.2.7")),
            "only a trusted proxy's header counts"
        );
        let proxied = parts(
            "127.0.0.1:5000",
            &["203.0.113.9, 198.51.100.1", "198.51.100.2"],
        );
        assert_eq!(
            Source::of_request(&proxied, &proxy),
            Source::of(ip("198.51.100.2"))
        );
        assert_eq!(
            Source::of_request(&parts("127.0.0.1:1", &["junk"]), &proxy),
            Source::of(ip("127.0.0.1"))
        );
        assert_eq!(
            Source::of(ip("2001:db8:1:2:3:4:5:6")),
            Source::of(ip("2001:db8:1:2:ffff::1")),
            "one /64"
        );
        assert_eq!(
            Source::of(ip("::ffff:192.0.2.1")),
            Source::of(ip("192.0.2.1"))
        );
        let (bare, ()) = Request::new(()).into_parts();
        assert_eq!(Source::of_request(&bare, &proxy), Source::UNKNOWN);
    }
}
