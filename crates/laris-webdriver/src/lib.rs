//! laris-webdriver: a small W3C WebDriver client over HTTP, and `tauri-driver` as a child
//! process: enough to drive the real Laris window (find, click, type, read, screenshot) in
//! end-to-end tests and in `laris-bench app`.
#![forbid(unsafe_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use serde_json::{Value, json};

/// The W3C element key in a find reply.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// `tauri-driver`: the path in `LARIS_TAURI_DRIVER`, else `~/.cargo/bin/tauri-driver`, else
/// the one on PATH.
pub fn tauri_driver_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LARIS_TAURI_DRIVER") {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(p) = home
        .map(|h| h.join(".cargo/bin/tauri-driver"))
        .filter(|p| p.exists())
    {
        return Some(p);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("tauri-driver"))
            .find(|p| p.exists())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A running `tauri-driver`; killed on drop. The app it launches inherits `envs`.
#[derive(Debug)]
pub struct TauriDriver {
    child: Child,
    port: u16,
}

impl TauriDriver {
    pub fn start(binary: &Path, envs: &[(&str, String)]) -> TauriDriver {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(binary);
        // Its own process group, so that WebKitWebDriver and the app it starts can be
        // stopped with it (they would otherwise outlive a failed test).
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start tauri-driver");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {addr}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        TauriDriver { child, port }
    }

    /// Opens a session: launches the app at `application` in a real window.
    pub fn session(&self, application: &Path) -> Session {
        Session::new(&format!("http://127.0.0.1:{}", self.port), application)
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session on the Laris window.
#[derive(Debug)]
pub struct Session {
    base: String,
    id: String,
    agent: ureq::Agent,
    /// Where a failing wait saves a screenshot.
    pub failure_shots: Option<PathBuf>,
}

/// An element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    fn new(base: &str, application: &Path) -> Session {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": { "application": application.display().to_string() }
                }
            }
        });
        let mut last = String::new();
        // The driver may need a moment before it accepts sessions.
        for _ in 0..30 {
            match post(&agent, &format!("{base}/session"), &caps) {
                Ok(v) => {
                    let id = v["value"]["sessionId"]
                        .as_str()
                        .unwrap_or_else(|| panic!("no session id in {v}"))
                        .to_string();
                    return Session {
                        base: base.to_string(),
                        id,
                        agent,
                        failure_shots: None,
                    };
                }
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        panic!("could not open a WebDriver session: {last}");
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.id, path)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = self.url(path);
        let reply = match method {
            "GET" => get(&self.agent, &url),
            "DELETE" => delete(&self.agent, &url),
            _ => post(&self.agent, &url, &body.unwrap_or_else(|| json!({}))),
        }?;
        Ok(reply["value"].clone())
    }

    /// The first element matching `css`, if any.
    pub fn find(&self, css: &str) -> Option<Element> {
        self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        )
        .ok()
        .and_then(|v| v[ELEMENT_KEY].as_str().map(|s| Element(s.to_string())))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v[ELEMENT_KEY].as_str().map(|s| Element(s.to_string())))
        .collect()
    }

    /// Waits until `css` matches an element, up to `secs` seconds.
    pub fn wait_for(&self, css: &str, secs: u64) -> Element {
        self.wait_until(&format!("an element {css}"), secs, || self.find(css))
    }

    /// Polls `probe` until it gives Some, up to `secs` seconds; on timeout saves a screenshot
    /// (when `failure_shots` is set) and panics naming `what`.
    pub fn wait_until<T>(&self, what: &str, secs: u64, mut probe: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(v) = probe() {
                return v;
            }
            if Instant::now() > deadline {
                if let Some(dir) = &self.failure_shots {
                    let path = dir.join("failure.png");
                    self.screenshot(&path);
                    eprintln!("screenshot of the failure: {}", path.display());
                }
                panic!("timed out after {secs} s waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn click(&self, el: &Element) {
        self.call("POST", &format!("/element/{}/click", el.0), None)
            .unwrap_or_else(|e| panic!("click failed: {e}"));
    }

    /// Clicks the element matching `css`, waiting up to 10 s for it.
    pub fn click_on(&self, css: &str) {
        let el = self.wait_for(css, 10);
        self.click(&el);
    }

    /// Types `text` into the element (WebDriver key codes such as [`ENTER`] allowed).
    pub fn type_into(&self, el: &Element, text: &str) {
        self.call(
            "POST",
            &format!("/element/{}/value", el.0),
            Some(json!({ "text": text })),
        )
        .unwrap_or_else(|e| panic!("typing failed: {e}"));
    }

    /// Whether the element is shown (WebDriver's "displayed": in the layout, not hidden).
    pub fn displayed(&self, el: &Element) -> bool {
        self.call("GET", &format!("/element/{}/displayed", el.0), None)
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// The element that has the keyboard focus.
    pub fn active(&self) -> Option<Element> {
        self.call("GET", "/element/active", None)
            .ok()
            .and_then(|v| v[ELEMENT_KEY].as_str().map(|s| Element(s.to_string())))
    }

    /// Types `keys` into whatever has the focus, as a cashier's keyboard does.
    pub fn press(&self, keys: &str) {
        let el = self.active().expect("an element with the focus");
        self.type_into(&el, keys);
    }

    /// Resizes the window (to try the phone layout in the real window).
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .map(|_| ())
    }

    pub fn clear(&self, el: &Element) {
        let _ = self.call("POST", &format!("/element/{}/clear", el.0), None);
    }

    pub fn text(&self, el: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", el.0), None)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }

    pub fn attribute(&self, el: &Element, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{}/attribute/{name}", el.0), None)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
    }

    /// The text of the element matching `css`, or "" if there is none.
    pub fn text_of(&self, css: &str) -> String {
        self.find(css).map(|e| self.text(&e)).unwrap_or_default()
    }

    pub fn execute(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
        .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Saves a PNG of the window (best effort: a failure is reported on stderr, not raised).
    ///
    /// WebKitWebDriver answers a screenshot after the page's next paint, and a page at rest
    /// without accelerated compositing (the app turns it off on Linux) does not paint again:
    /// a still screen such as Laporan made the request wait for the client's 60 s timeout.
    /// So a 1-pixel, nearly transparent mark blinks for two seconds first, and is removed.
    pub fn screenshot(&self, path: &Path) {
        let _ = self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": REPAINT_SCRIPT, "args": [] })),
        );
        let v = match self.call("GET", "/screenshot", None) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("screenshot {} not taken: {e}", path.display());
                return;
            }
        };
        if let Some(b64) = v.as_str()
            && let Ok(bytes) = BASE64_STANDARD.decode(b64)
        {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(path, bytes);
        }
    }

    /// Ends the session, closing the app.
    pub fn quit(self) {
        let _ = delete(&self.agent, &self.url(""));
    }
}

/// Keeps the page painting for two seconds (see [`Session::screenshot`]).
const REPAINT_SCRIPT: &str = "const mark = document.createElement('div');
mark.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none';
document.body.appendChild(mark);
let n = 0;
const blink = setInterval(() => {
  mark.style.background = n++ % 2 ? '#000' : '#fff';
  if (n > 40) { clearInterval(blink); mark.remove(); }
}, 50);";

/// The WebDriver Enter key.
pub const ENTER: &str = "\u{E007}";
/// The WebDriver Escape key.
pub const ESCAPE: &str = "\u{E00C}";
/// The WebDriver arrow-up key.
pub const ARROW_UP: &str = "\u{E013}";
/// The WebDriver arrow-down key.
pub const ARROW_DOWN: &str = "\u{E015}";
/// The WebDriver F8 key (the till's "Bayar").
pub const F8: &str = "\u{E038}";

fn parse(status: u16, text: &str) -> Result<Value, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("{status}: {e}: {text}"))?;
    if status >= 400 || v["value"]["error"].is_string() {
        return Err(format!("{status}: {}", v["value"]));
    }
    Ok(v)
}

/// Screenshots arrive as base64 in JSON: allow far more than ureq's default 10 MB.
const MAX_REPLY_BYTES: u64 = 64 * 1024 * 1024;

fn read_reply(
    reply: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Value, String> {
    let mut reply = reply.map_err(|e| e.to_string())?;
    let status = reply.status().as_u16();
    let text = reply
        .body_mut()
        .with_config()
        .limit(MAX_REPLY_BYTES)
        .read_to_string()
        .map_err(|e| e.to_string())?;
    parse(status, &text)
}

fn post(agent: &ureq::Agent, url: &str, body: &Value) -> Result<Value, String> {
    read_reply(
        agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(body.to_string()),
    )
}

fn get(agent: &ureq::Agent, url: &str) -> Result<Value, String> {
    read_reply(agent.get(url).call())
}

fn delete(agent: &ureq::Agent, url: &str) -> Result<Value, String> {
    read_reply(agent.delete(url).call())
}
