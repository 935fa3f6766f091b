//! The web page of `quarry serve`, driven in real headless Chromium through
//! chromedriver (WebDriver over HTTP, with the tests' own small client):
//! type a query and see highlighted results, open a passage in its source,
//! cite it in another style and copy it, filter by kind, open a shared URL,
//! the figures view, the keyboard, and a phone-sized window. Screenshots
//! go to `target/screenshots/`.
//!
//! Skipped, with a message, when Chromium or chromedriver is not installed,
//! unless `QUARRY_REQUIRE_BROWSER=1` (as CI sets), where that fails.

mod util;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use util::Workspace;
use util::http::request;
use util::server::Served;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// WebDriver's key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether the browser tests can run here; panics when they must.
fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        if std::env::var("QUARRY_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("QUARRY_REQUIRE_BROWSER=1 but {CHROMIUM} or {CHROMEDRIVER} is missing");
        }
        eprintln!(
            "skipped: the browser tests need {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
        );
    }
    present
}

/// A chromedriver process and one headless Chromium session.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while request(addr, "GET", "/status", &[], b"").is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver never answered"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
        }}});
        let mut b = Browser {
            driver,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let reply = b.call("POST", "/session", caps);
        b.session = reply["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string();
        b
    }

    /// A WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let body = if method == "GET" {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let r = request(
            self.addr,
            method,
            path,
            &[("Content-Type", "application/json")],
            &body,
        )
        .unwrap_or_else(|e| panic!("webdriver {path}: {e}"));
        let v = r.json();
        assert_eq!(r.status, 200, "webdriver {method} {path}: {v}");
        v.get("value").cloned().unwrap_or(v)
    }

    fn session(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn go(&self, url: &str) {
        self.session("POST", "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let v = self.session(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.session("POST", &format!("/element/{id}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.session(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    fn js(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Presses one key (a character, or a WebDriver code such as `\u{E00C}` for Escape).
    fn key(&self, key: &str) {
        self.session(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
        );
    }

    /// Waits until `script` returns something truthy; returns it.
    fn wait(&self, what: &str, script: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.js(script);
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(_) => true,
            };
            if truthy {
                return v;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "timed out waiting for {what}; page status: {}",
                self.js("return document.getElementById('status').textContent")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.session("GET", "/screenshot", Value::Null);
        let png = base64(b64.as_str().expect("base64 screenshot"));
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(
                self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                &[],
                b"",
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Decodes standard base64.
fn base64(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64("aGVsbG8gd29ybGQ="), b"hello world");
    assert_eq!(base64("AAEC/w=="), [0, 1, 2, 255]);
}

#[test]
fn the_page_searches_shows_passages_cites_and_filters() {
    if !browser_available() {
        return;
    }
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index", "--quiet"]).code, 0);
    let server = Served::start(ws.path(), &[]);
    let base = format!("http://{}", server.addr);
    let b = Browser::start();

    // Type a query: highlighted results appear, and the URL follows.
    b.go(&format!("{base}/"));
    b.wait("the page", "return document.readyState === 'complete'");
    b.type_into("#q", "foreign trade");
    let count = b.wait(
        "highlighted results",
        "return document.querySelectorAll('#results .hit mark').length",
    );
    assert!(count.as_u64().unwrap() >= 2, "{count}");
    let marks = b.js("return Array.from(document.querySelectorAll('#results .hit:first-child mark')).map(m => m.textContent.toLowerCase())");
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    assert!(
        marks
            .iter()
            .any(|m| m.starts_with("trade") || m.starts_with("foreign")),
        "{marks:?}"
    );
    let first = b.js("const h = document.querySelector('#results .hit'); return {title: h.querySelector('h2').textContent, meta: h.querySelector('.meta').textContent, why: h.querySelector('.why').textContent}");
    assert!(
        first["why"].as_str().unwrap().starts_with("Why:"),
        "{first}"
    );
    assert!(
        first["meta"].as_str().unwrap().contains(".txt, line"),
        "{first}"
    );
    let api = util::http::get(server.addr, "/api/search?q=foreign+trade&limit=20").json();
    assert_eq!(first["title"], api["hits"][0]["doc"]["title"]);
    let url = b.js("return location.search");
    assert_eq!(url, "?q=foreign+trade");
    b.screenshot("serve-1-results");

    // Open the first passage in its source context.
    b.click("#results .hit:first-child .actions button");
    b.wait(
        "the passage view",
        "return document.getElementById('passage').open && document.querySelectorAll('#passage-source .line.in').length",
    );
    let shown = b.js("return document.querySelector('#passage-context .this').textContent");
    assert_eq!(shown, api["hits"][0]["text"]);
    let title = b.js("return document.getElementById('passage-title').textContent");
    assert_eq!(title, api["hits"][0]["doc"]["title"]);
    b.screenshot("serve-2-passage");
    b.key("\u{E00C}"); // Escape closes it, and focus returns to the button.
    b.wait(
        "the passage view to close",
        "return !document.getElementById('passage').open",
    );
    let focused = b.js("return document.activeElement.textContent");
    assert_eq!(focused, "Show in source");

    // Cite it, switch to BibTeX, copy.
    b.click("#results .hit:first-child .cite");
    let plain = b.wait(
        "a citation",
        "const t = document.getElementById('citation').textContent; return t !== '…' && t",
    );
    assert!(plain.as_str().unwrap().contains('“'), "{plain}");
    b.js("const s = document.getElementById('cite-style'); s.value = 'bibtex'; s.dispatchEvent(new Event('change'))");
    let bibtex = b.wait(
        "a BibTeX citation",
        "const t = document.getElementById('citation').textContent; return t.startsWith('@') && t",
    );
    assert!(bibtex.as_str().unwrap().contains("title"), "{bibtex}");
    b.click("#copy");
    let copied = b.wait(
        "the copy",
        "return document.getElementById('copy-status').textContent",
    );
    assert_eq!(copied, "Copied to the clipboard.");
    let data = b.js("return document.getElementById('copy').dataset.copied");
    assert_eq!(data, bibtex);
    b.screenshot("serve-3-cite");
    b.click("#cite .close");

    // A filter: tables only. Every hit is a table, and the URL says so.
    b.js("document.getElementById('q').value = 'Liaoning'; const k = document.getElementById('kind'); k.value = 'table'; k.dispatchEvent(new Event('change'))");
    b.wait(
        "table hits",
        "const m = Array.from(document.querySelectorAll('#results .hit .meta')); return m.length > 0 && m.every(x => x.textContent.endsWith(' · table')) && location.search.includes('kind=table')",
    );
    b.screenshot("serve-4-filter");

    // A shared URL opens with its results.
    b.go(&format!(
        "{base}/?q=Sanhao+Street&doc=2021-euromoney-new-industry-in-shenyang"
    ));
    b.wait(
        "the shared search",
        "return document.querySelectorAll('#results .hit').length > 0 && document.getElementById('doc').value === '2021-euromoney-new-industry-in-shenyang'",
    );
    assert_eq!(
        b.js("return document.getElementById('q').value"),
        "Sanhao Street"
    );
    let paths = b.js(
        "return Array.from(document.querySelectorAll('#results .meta')).map(m => m.textContent)",
    );
    for p in paths.as_array().unwrap() {
        assert!(
            p.as_str()
                .unwrap()
                .contains("2021-euromoney-new-industry-in-shenyang.txt"),
            "{p}"
        );
    }

    // The keyboard: '/' goes back to the search box.
    b.js("document.activeElement.blur()");
    b.key("/");
    assert_eq!(b.js("return document.activeElement.id"), "q");

    // The figures view.
    b.go(&format!("{base}/?q=trade&view=figures"));
    b.wait(
        "figures",
        "return document.querySelectorAll('#figure-rows tr').length",
    );
    let selected =
        b.js("return document.getElementById('tab-figures').getAttribute('aria-selected')");
    assert_eq!(selected, "true");
    b.screenshot("serve-5-figures");

    // A phone-sized window: nothing wider than the screen.
    b.session("POST", "/window/rect", json!({"width": 390, "height": 844}));
    b.go(&format!("{base}/?q=foreign+trade"));
    b.wait(
        "results on a phone",
        "return document.querySelectorAll('#results .hit').length",
    );
    let overflow =
        b.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "the page is wider than a phone: {overflow}"
    );
    b.screenshot("serve-6-phone");
}
