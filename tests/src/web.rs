//! The owner's side of a window test: the back office's JSON API over plain HTTP/1.1 on a
//! socket (a request per connection), with the session cookie and CSRF token a browser
//! would carry.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use serde_json::Value;

/// A signed-in owner of the back office.
#[derive(Debug, Clone)]
pub struct Owner {
    addr: SocketAddr,
    cookie: String,
    csrf: String,
    pub me: Value,
}

/// One request: the status and the JSON body (Null when there is none).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> (u16, Vec<(String, String)>, Value) {
    let mut stream = TcpStream::connect(addr).expect("connect to laris-server");
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send");
    stream.write_all(body.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").expect("an HTTP reply");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect::<Vec<_>>();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        unchunk(rest)
    } else {
        rest.to_string()
    };
    let json = serde_json::from_str(&body).unwrap_or(Value::Null);
    (status, headers, json)
}

fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n.min(tail.len())]);
        rest = tail.get(n + 2..).unwrap_or("");
    }
    out
}

impl Owner {
    /// Signs in to the back office at `addr`.
    pub fn login(addr: SocketAddr, email: &str, password: &str) -> Owner {
        let body = serde_json::json!({"email": email, "password": password});
        let (status, headers, me) = request(
            addr,
            "POST",
            laris_server::web::paths::LOGIN,
            &[],
            Some(&body),
        );
        assert_eq!(status, 200, "login: {me}");
        let cookie = headers
            .iter()
            .find(|(k, _)| k == "set-cookie")
            .and_then(|(_, v)| v.split(';').next())
            .expect("a session cookie")
            .to_string();
        let csrf = me["csrfToken"].as_str().expect("a CSRF token").to_string();
        Owner {
            addr,
            cookie,
            csrf,
            me,
        }
    }

    /// The first shop's id.
    pub fn store_id(&self) -> String {
        self.me["stores"][0]["storeId"]
            .as_str()
            .expect("a shop")
            .to_string()
    }

    /// `template` with `{store_id}` filled in.
    pub fn path(&self, template: &str) -> String {
        template.replace("{store_id}", &self.store_id())
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        let (status, _, body) = request(self.addr, "GET", path, &[("Cookie", &self.cookie)], None);
        (status, body)
    }

    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let headers = [
            ("Cookie", self.cookie.as_str()),
            (laris_server::web::paths::CSRF_HEADER, self.csrf.as_str()),
        ];
        let (status, _, reply) = request(self.addr, "POST", path, &headers, Some(body));
        (status, reply)
    }
}
