use std::fmt;
use std::path::PathBuf;

use crate::PrintError;

/// Where the printer is: a network printer (raw port 9100) or a device file (USB printer
/// class `/dev/usb/lp*`, serial `/dev/ttyUSB*`/`/dev/ttyACM*`, Bluetooth `/dev/rfcomm*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Tcp { host: String, port: u16 },
    Device(PathBuf),
}

pub const DEFAULT_PORT: u16 = 9100;

impl Target {
    /// `tcp://host[:port]`, `host:port`, `file:///path` or an absolute path.
    pub fn parse(text: &str) -> Result<Target, PrintError> {
        let text = text.trim();
        let bad = |why: &str| PrintError::BadTarget(format!("{text:?}: {why}"));
        if text.is_empty() {
            return Err(bad("empty"));
        }
        if let Some(path) = text.strip_prefix("file://") {
            return if path.starts_with('/') {
                Ok(Target::Device(PathBuf::from(path)))
            } else {
                Err(bad(
                    "a file:// address needs an absolute path (file:///dev/rfcomm0)",
                ))
            };
        }
        if text.starts_with('/') {
            return Ok(Target::Device(PathBuf::from(text)));
        }
        let (rest, port_required) = match text.strip_prefix("tcp://") {
            Some(rest) => (rest.trim_end_matches('/'), false),
            None if text.contains("://") => {
                return Err(bad("use tcp://host:port, file:///path or a device path"));
            }
            None => (text, true),
        };
        let (host, port) = split_host_port(rest).ok_or_else(|| bad("not host:port"))?;
        let port = match port {
            Some(port) => port
                .parse::<u16>()
                .ok()
                .filter(|&p| p != 0)
                .ok_or_else(|| bad("bad port"))?,
            // A bare word is more likely a typo than a printer's host name.
            None if port_required => {
                return Err(bad("write host:port (the raw port is usually 9100)"));
            }
            None => DEFAULT_PORT,
        };
        if host.is_empty() || host.contains(['/', ' ', '@']) {
            return Err(bad("bad host"));
        }
        Ok(Target::Tcp {
            host: host.to_string(),
            port,
        })
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_host_port(text: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?))),
        };
    }
    match text.rsplit_once(':') {
        // Two colons and no brackets: an IPv6 address without a port.
        Some((host, _)) if host.contains(':') => Some((text, None)),
        Some((host, port)) => Some((host, Some(port))),
        None => Some((text, None)),
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Tcp { host, port } if host.contains(':') => write!(f, "tcp://[{host}]:{port}"),
            Target::Tcp { host, port } => write!(f, "tcp://{host}:{port}"),
            Target::Device(path) => write!(f, "{}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16) -> Target {
        Target::Tcp {
            host: host.into(),
            port,
        }
    }

    #[test]
    fn parses_what_the_settings_screen_accepts() {
        assert_eq!(
            Target::parse("tcp://192.168.1.50").unwrap(),
            tcp("192.168.1.50", 9100)
        );
        assert_eq!(
            Target::parse("tcp://printer.lan:9101/").unwrap(),
            tcp("printer.lan", 9101)
        );
        assert_eq!(
            Target::parse(" 10.0.0.7:9100 ").unwrap(),
            tcp("10.0.0.7", 9100)
        );
        assert_eq!(
            Target::parse("tcp://[fe80::1]:9100").unwrap(),
            tcp("fe80::1", 9100)
        );
        assert_eq!(
            Target::parse("/dev/rfcomm0").unwrap(),
            Target::Device("/dev/rfcomm0".into())
        );
        assert_eq!(
            Target::parse("file:///dev/usb/lp0").unwrap(),
            Target::Device("/dev/usb/lp0".into())
        );
        assert_eq!(tcp("fe80::1", 9100).to_string(), "tcp://[fe80::1]:9100");
    }

    #[test]
    fn refuses_the_rest_with_bad_target() {
        for text in [
            "",
            "printer",
            "tcp://",
            "tcp://host:0",
            "tcp://host:99999",
            "tcp://host:port",
            "http://10.0.0.7:9100",
            "file://dev/rfcomm0",
            "dev/rfcomm0",
            "tcp://user@host:9100",
        ] {
            let err = Target::parse(text).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::BadTarget, "{text:?}");
        }
    }
}
