//! `quarry serve`: the real binary on an ephemeral loopback port, every
//! endpoint exercised over HTTP, its answers compared with what the
//! commands print with `--json`; bad input, the token, CORS, the time
//! budget, freshness while running, and shutdown on SIGTERM.

mod util;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use util::Workspace;
use util::http::{enc, get, post, request};
use util::server::Served;

/// A server over a copy of the shipped corpus, its index built first.
fn shipped() -> (Workspace, Served) {
    let ws = Workspace::shipped();
    let run = ws.run(&["index", "--quiet"]);
    assert_eq!(run.code, 0, "{run:?}");
    let served = Served::start(ws.path(), &[]);
    (ws, served)
}

/// The status and JSON body of `GET target`.
fn get_json(s: &Served, target: &str) -> (u16, Value) {
    let r = get(s.addr, target);
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json"),
        "{target}: {}",
        r.text()
    );
    (r.status, r.json())
}

/// The JSON Lines a command prints, as values.
fn cli_json(ws: &Workspace, args: &[&str]) -> Vec<Value> {
    let run = ws.run(args);
    assert!(run.code <= 1, "{args:?}: {run:?}");
    run.json()
}

#[test]
fn search_answers_with_the_objects_search_json_prints() {
    let (ws, s) = shipped();
    let (status, body) = get_json(&s, "/api/search?q=foreign+trade&limit=3");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["query"], "foreign trade");
    let hits = body["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 3);
    assert_eq!(
        *hits,
        cli_json(&ws, &["search", "--json", "-n", "3", "foreign trade"])
    );
    let (n, _) = get_json(&s, "/api/search?q=foreign+trade&limit=1000");
    assert_eq!(n, 200);
    let total = body["total"].as_u64().expect("total");
    let count = ws.run(&["search", "--count", "foreign trade"]);
    assert_eq!(total.to_string(), count.stdout.trim());
    assert!(body["warnings"].as_array().expect("warnings").is_empty());

    // Filters and modes are the command's.
    let cases: [(&str, &[&str]); 5] = [
        (
            "q=trade&plain=true&since=2021-09&limit=5",
            &["--plain", "--since", "2021-09", "-n", "5", "trade"],
        ),
        (
            "q=Liaoning&doc=2021-euromoney-new-industry-in-shenyang&limit=4",
            &[
                "--doc",
                "2021-euromoney-new-industry-in-shenyang",
                "-n",
                "4",
                "Liaoning",
            ],
        ),
        ("q=Dalian&collapse=doc", &["--collapse", "doc", "Dalian"]),
        (
            "q=trade&snippets=3&limit=2&no_collapse=1",
            &["--snippets", "3", "-n", "2", "--no-collapse", "trade"],
        ),
        (
            "q=Shenyang&author=Yuan&until=2021-12-31&glob=*.txt",
            &[
                "--author",
                "Yuan",
                "--until",
                "2021-12-31",
                "--glob",
                "*.txt",
                "Shenyang",
            ],
        ),
    ];
    for (query, args) in cases {
        let (status, body) = get_json(&s, &format!("/api/search?{query}"));
        assert_eq!(status, 200, "{query}: {body}");
        let mut cli = vec!["search", "--json"];
        cli.extend_from_slice(args);
        assert_eq!(body["hits"], Value::Array(cli_json(&ws, &cli)), "{query}");
    }

    // `kind` keeps passages of that kind only.
    let (_, body) = get_json(&s, "/api/search?q=Liaoning&kind=table&limit=50");
    let (_, all) = get_json(&s, "/api/search?q=Liaoning&limit=50");
    let kinds: Vec<&str> = body["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["kind"].as_str().expect("kind"))
        .collect();
    assert!(kinds.iter().all(|k| *k == "table"), "{kinds:?}");
    assert!(!kinds.is_empty());
    let cli = cli_json(
        &ws,
        &[
            "search", "--json", "--kind", "table", "-n", "50", "Liaoning",
        ],
    );
    assert_eq!(body["hits"], Value::Array(cli));
    assert!(all["hits"].as_array().expect("hits").len() > kinds.len());

    // `fields` chooses the keys, as `--fields` does.
    let (_, body) = get_json(&s, "/api/search?q=Dalian&fields=passage_id,doc.id,lines");
    let hit = &body["hits"][0];
    let mut keys: Vec<&String> = hit.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["doc", "lines", "passage_id"]);
    assert_eq!(
        body["hits"],
        Value::Array(cli_json(
            &ws,
            &[
                "search",
                "--json",
                "--fields",
                "passage_id,doc.id,lines",
                "Dalian"
            ]
        ))
    );
}

#[test]
fn batch_figures_cite_and_verify_match_their_commands() {
    let (ws, s) = shipped();

    // POST /api/search: hits carry their query_id, as `search --batch`.
    let r = post(
        s.addr,
        "/api/search",
        r#"{"queries": ["Dalian port", {"id": "b", "query": "Sanhao Street"}, {"id": 7, "q": "zzzzqx"}], "limit": 2}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let results = r.json()["results"].as_array().expect("results").clone();
    assert_eq!(results.len(), 3);
    let batch_file = ws.path().join("batch.txt");
    std::fs::write(&batch_file, "Dalian port\n").unwrap();
    let cli = cli_json(&ws, &["search", "--batch", "batch.txt", "-n", "2"]);
    assert_eq!(results[0]["query_id"], "1");
    assert_eq!(results[0]["hits"], Value::Array(cli));
    assert_eq!(results[1]["query_id"], "b");
    assert_eq!(results[1]["hits"][0]["query_id"], "b");
    assert_eq!(results[2]["query_id"], "7");
    assert_eq!(results[2]["count"], 0);

    // GET /api/figures.
    let (status, body) = get_json(&s, &format!("/api/figures?q={}", enc("13.6%")));
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["figures"],
        Value::Array(cli_json(&ws, &["figures", "--json", "13.6%"]))
    );
    assert!(!body["figures"].as_array().expect("figures").is_empty());
    let (_, body) = get_json(&s, "/api/figures?q=trade&unit=percent&limit=5");
    assert_eq!(
        body["figures"],
        Value::Array(cli_json(
            &ws,
            &["figures", "--json", "--unit", "percent", "-n", "5", "trade"]
        ))
    );

    // GET /api/cite in every style.
    for style in ["plain", "markdown", "bibtex", "csl-json"] {
        let (status, body) = get_json(
            &s,
            &format!("/api/cite?q={}&style={style}&limit=2", enc("Sanhao Street")),
        );
        assert_eq!(status, 200, "{body}");
        let cli = cli_json(
            &ws,
            &[
                "cite",
                "--json",
                "--style",
                style,
                "-n",
                "2",
                "Sanhao Street",
            ],
        );
        assert_eq!(body["citations"], Value::Array(cli), "{style}");
        assert!(body["document"].as_str().expect("document").len() > 20);
    }
    // One passage's citation: the one asked for.
    let (_, hits) = get_json(&s, "/api/search?q=Shenyang&limit=3");
    let third = hits["hits"][2]["passage_id"].as_str().expect("id");
    let (status, body) = get_json(
        &s,
        &format!("/api/cite?q=Shenyang&passage={third}&style=markdown"),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["citations"][0]["hit"]["passage_id"], third);

    // POST /api/verify.
    let statement = "Liaoning's foreign trade grew 13.6 percent in the first half of 2021";
    let r = post(
        s.addr,
        "/api/verify",
        &json!({ "statements": [statement] }).to_string(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let cli = cli_json(&ws, &["verify", "--json", statement]);
    assert_eq!(r.json()["results"], Value::Array(cli));
    assert_eq!(r.json()["results"][0]["verdict"], "supported");
}

#[test]
fn documents_passages_health_page_and_openapi() {
    let (ws, s) = shipped();
    let (status, body) = get_json(&s, "/api/documents");
    assert_eq!(status, 200);
    assert_eq!(body["total"], 5);
    let docs = body["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 5);
    let id = docs[0]["id"].as_str().expect("id").to_string();

    let (status, body) = get_json(&s, &format!("/api/documents/{}", enc(&id)));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["doc"], docs[0]);
    let outline = body["outline"].as_array().expect("outline");
    assert_eq!(body["passages"].as_u64(), Some(outline.len() as u64));
    let count = ws.run(&["search", "--count", "--doc", &id, "--", "-zzzzqx"]);
    assert_eq!(count.stdout.trim(), outline.len().to_string());

    // A passage in the middle of its document, with two neighbours a side
    // and its lines of the source file.
    let middle = &outline[outline.len() / 2];
    let pid = middle["passage_id"].as_str().expect("id");
    let (status, body) = get_json(&s, &format!("/api/passages/{pid}"));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["passage"]["passage_id"], pid);
    // Only the id as written finds it: not the same number spelled
    // otherwise (the lookup goes through the id's number).
    for other in [pid.to_uppercase(), format!("0{pid}"), pid[1..].to_string()] {
        if other != pid {
            let (status, body) = get_json(&s, &format!("/api/passages/{other}"));
            assert_eq!(status, 404, "{other}: {body}");
        }
    }
    assert_eq!(body["before"].as_array().expect("before").len(), 2);
    assert_eq!(body["after"].as_array().expect("after").len(), 2);
    let at = outline.len() / 2;
    assert_eq!(
        body["before"][1]["passage_id"],
        outline[at - 1]["passage_id"]
    );
    assert_eq!(
        body["after"][0]["passage_id"],
        outline[at + 1]["passage_id"]
    );
    let source = &body["source"];
    let path = body["passage"]["doc"]["path"].as_str().expect("path");
    assert_eq!(source["path"], path);
    let file = std::fs::read_to_string(ws.corpus().join(path)).unwrap();
    let (first, last) = (
        source["first_line"].as_u64().expect("first") as usize,
        source["last_line"].as_u64().expect("last") as usize,
    );
    let lines: Vec<&str> = file.lines().collect();
    assert_eq!(source["text"], lines[first - 1..last].join("\n"));
    let (a, b) = util::pair(&body["passage"], "lines");
    assert!(first as u64 <= a && b <= last as u64);
    let (_, narrow) = get_json(&s, &format!("/api/passages/{pid}?context=0"));
    assert!(narrow["before"].as_array().expect("before").is_empty());

    let (status, body) = get_json(&s, "/api/health");
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["documents"], 5);
    assert!(body["passages"].as_u64().expect("passages") > 20);
    assert!(body["index_bytes"].as_u64().expect("bytes") > 1000);
    assert_eq!(body["watcher_alive"], true);
    assert!(body["last_update"].as_str().expect("time").ends_with('Z'));

    let page = get(s.addr, "/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("Content-Type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.text().contains("/app.js"));
    assert!(page.header("Content-Security-Policy").is_some());
    for asset in ["/app.js", "/style.css"] {
        let r = get(s.addr, asset);
        assert_eq!(r.status, 200, "{asset}");
        assert!(!r.body.is_empty());
    }
    let (status, api) = get_json(&s, "/api/openapi.json");
    assert_eq!(status, 200);
    for path in [
        "/api/search",
        "/api/figures",
        "/api/cite",
        "/api/verify",
        "/api/documents",
        "/api/documents/{id}",
        "/api/passages/{id}",
        "/api/health",
    ] {
        assert!(api["paths"][path].is_object(), "openapi lacks {path}");
    }
}

#[test]
fn bad_input_gets_a_json_error_and_the_right_status() {
    let (_ws, s) = shipped();
    let cases: &[(&str, u16, &str)] = &[
        ("/api/search", 400, "'q' is required"),
        ("/api/search?q=", 400, "'q' is required"),
        (
            "/api/search?q=trade&colour=red",
            400,
            "unknown parameter 'colour'",
        ),
        ("/api/search?q=trade&limit=0", 400, "'limit'"),
        ("/api/search?q=trade&limit=lots", 400, "'limit'"),
        ("/api/search?q=trade&since=yesterday", 400, "not a date"),
        ("/api/search?q=trade&kind=poem", 400, "unknown passage kind"),
        ("/api/search?q=trade&fields=colour", 400, "colour"),
        ("/api/search?q=trade&plain=maybe", 400, "'plain'"),
        ("/api/search?q=%zz", 400, "percent"),
        ("/api/search?q=%FF", 400, "UTF-8"),
        ("/api/cite?q=trade&style=mla", 400, "'style'"),
        ("/api/figures?unit=xyz123", 400, "--unit"),
        ("/api/passages/0123456789abcdef", 404, "no passage"),
        (
            "/api/passages/..%2F..%2F..%2Fetc%2Fpasswd",
            404,
            "no passage",
        ),
        ("/api/passages/../../etc/passwd", 404, "no passage"),
        ("/api/documents/..%2Fsecret", 404, "no document"),
        ("/api/documents/%2Fetc%2Fpasswd", 404, "no document"),
        ("/api/nothing", 404, "no such page"),
        ("/../../etc/passwd", 404, "no such page"),
        ("/api/verify", 405, "not allowed"),
    ];
    for (target, status, message) in cases {
        let (got, body) = get_json(&s, target);
        assert_eq!(got, *status, "{target}: {body}");
        let error = body["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{target}: {body}"));
        assert!(error.contains(message), "{target}: {error}");
    }
    let deep = format!("{}trade{}", "(".repeat(100), ")".repeat(100));
    let (got, body) = get_json(&s, &format!("/api/search?q={}", enc(&deep)));
    assert_eq!(got, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("nests deeper"));
    let r = request(s.addr, "DELETE", "/api/search", &[], b"").unwrap();
    assert_eq!(r.status, 405);
    assert_eq!(r.header("Allow"), Some("GET, POST"));

    let posts: &[(&str, String, u16, &str)] = &[
        ("/api/search", "{not json".into(), 400, "request body"),
        (
            "/api/search",
            r#"{"queries": "trade"}"#.into(),
            400,
            "request body",
        ),
        (
            "/api/search",
            r#"{"queries": ["a"], "colour": 1}"#.into(),
            400,
            "unknown parameter 'colour'",
        ),
        (
            "/api/search",
            r#"{"queries": ["a"], "limit": 0}"#.into(),
            400,
            "'limit'",
        ),
        (
            "/api/search",
            format!(r#"{{"queries": {}}}"#, json!(vec!["a"; 101])),
            400,
            "at most 100",
        ),
        ("/api/verify", "\"trade grew\"".into(), 400, "request body"),
        (
            "/api/verify",
            r#"{"statement": "  "}"#.into(),
            400,
            "statement",
        ),
        (
            "/api/verify",
            r#"{"claim": "x"}"#.into(),
            400,
            "unknown field",
        ),
    ];
    for (target, body, status, message) in posts {
        let r = post(s.addr, target, body);
        assert_eq!(r.status, *status, "{target} {body}: {}", r.text());
        let error = r.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(error.contains(message), "{target} {body}: {error}");
    }

    // Sizes: a huge body, a huge query string, a long query.
    let huge = vec![b' '; 2 * 1024 * 1024];
    let r = request(s.addr, "POST", "/api/search", &[], &huge).unwrap();
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("larger than"));
    let r = get(s.addr, &format!("/api/search?q={}", "a+".repeat(5000)));
    assert_eq!(r.status, 414, "{}", r.text());
    let r = get(s.addr, &format!("/api/search?q={}", "ab+".repeat(1500)));
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("longer than"));

    // After all that, the server still answers.
    let (status, _) = get_json(&s, "/api/health");
    assert_eq!(status, 200);
}

#[test]
fn a_token_is_required_off_loopback_and_checked_on_every_request() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index", "--quiet"]).code, 0);
    let refused = Served::try_start(ws.path(), &["--bind", "0.0.0.0:0"], &[])
        .err()
        .expect("a non-loopback bind without a token is refused");
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--token"), "{}", refused.stderr);

    // Given in the environment; the server listens everywhere with a warning.
    let s = Served::try_start(
        ws.path(),
        &["--bind", "0.0.0.0:0"],
        &[("QUARRY_TOKEN", "s3cret")],
    )
    .expect("starts with a token");
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], s.addr.port()));
    for target in ["/", "/api/health", "/api/search?q=trade", "/app.js"] {
        let r = get(addr, target);
        assert_eq!(r.status, 401, "{target}");
        assert_eq!(r.header("WWW-Authenticate"), Some("Bearer"));
        assert!(r.json()["error"].as_str().unwrap().contains("token"));
        let wrong = request(
            addr,
            "GET",
            target,
            &[("Authorization", "Bearer s3cre")],
            b"",
        )
        .unwrap();
        assert_eq!(wrong.status, 401, "{target}");
        let right = request(
            addr,
            "GET",
            target,
            &[("Authorization", "Bearer s3cret")],
            b"",
        )
        .unwrap();
        assert_eq!(right.status, 200, "{target}");
    }
    let sep = |t: &str| if t.contains('?') { '&' } else { '?' };
    let target = "/api/search?q=trade";
    assert_eq!(
        get(addr, &format!("{target}{}token=s3cret", sep(target))).status,
        200
    );
    let r = request(
        addr,
        "POST",
        "/api/verify",
        &[],
        br#"{"statement": "trade grew"}"#,
    )
    .unwrap();
    assert_eq!(r.status, 401);
    drop(s);

    // --token on loopback is checked too.
    let s = Served::start(ws.path(), &["--token", "abc"]);
    assert_eq!(get(s.addr, "/api/health").status, 401);
    assert_eq!(get(s.addr, "/api/health?token=abc").status, 200);
}

#[test]
fn cors_is_off_unless_an_origin_is_given() {
    let ws = Workspace::shipped();
    assert_eq!(ws.run(&["index", "--quiet"]).code, 0);
    let origin = [("Origin", "https://example.org")];
    let s = Served::start(ws.path(), &[]);
    let r = request(s.addr, "GET", "/api/health", &origin, b"").unwrap();
    assert_eq!(r.header("Access-Control-Allow-Origin"), None);
    drop(s);
    let s = Served::start(ws.path(), &["--cors", "https://example.org"]);
    let r = request(s.addr, "GET", "/api/health", &origin, b"").unwrap();
    assert_eq!(
        r.header("Access-Control-Allow-Origin"),
        Some("https://example.org")
    );
    let r = request(s.addr, "OPTIONS", "/api/search", &origin, b"").unwrap();
    assert_eq!(r.status, 204);
    assert!(
        r.header("Access-Control-Allow-Methods")
            .unwrap()
            .contains("POST")
    );
    let other = [("Origin", "https://evil.example")];
    let r = request(s.addr, "GET", "/api/health", &other, b"").unwrap();
    assert_eq!(r.header("Access-Control-Allow-Origin"), None);
}

/// Polls `GET target` until `done` holds for its JSON body, at most `limit`.
fn eventually(s: &Served, target: &str, limit: Duration, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let (status, body) = get_json(s, target);
        assert_eq!(status, 200, "{body}");
        if done(&body) {
            return body;
        }
        assert!(
            started.elapsed() < limit,
            "{target} did not change within {limit:?}: {body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_server_keeps_the_index_fresh_while_it_runs() {
    let (ws, s) = shipped();
    let hits = |b: &Value| b["hits"].as_array().map_or(0, Vec::len);
    let (_, body) = get_json(&s, "/api/search?q=zeppelin");
    assert_eq!(hits(&body), 0);
    let (_, before) = get_json(&s, "/api/health");

    // A new file is found within seconds, with no other request.
    ws.write(
        "airship.txt",
        "The zeppelin moored over Dalian harbour at dawn.\n",
    );
    let body = eventually(&s, "/api/search?q=zeppelin", Duration::from_secs(10), |b| {
        hits(b) == 1
    });
    assert_eq!(body["hits"][0]["doc"]["path"], "airship.txt");
    // An edit replaces it, a deletion removes it.
    ws.write(
        "airship.txt",
        "The dirigible moored over Dalian harbour at dawn.\n",
    );
    eventually(
        &s,
        "/api/search?q=dirigible",
        Duration::from_secs(10),
        |b| hits(b) == 1,
    );
    let (_, body) = get_json(&s, "/api/search?q=zeppelin");
    assert_eq!(hits(&body), 0);
    std::fs::remove_file(ws.corpus().join("airship.txt")).unwrap();
    eventually(
        &s,
        "/api/search?q=dirigible",
        Duration::from_secs(10),
        |b| hits(b) == 0,
    );
    let (_, after) = get_json(&s, "/api/health");
    assert_eq!(after["documents"], 5);
    assert_ne!(before["last_update"], Value::Null);

    // `quarry search` in a terminal asks the server's watcher to catch up.
    ws.write("kite.txt", "A kite flew over Shenyang.\n");
    let run = ws.run(&["search", "--json", "kite"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("updated the index"), "{}", run.stderr);

    // A second server or watcher of the same index is refused; `quarry
    // index` behaves as with `quarry watch`: it runs, or says the index is
    // being updated.
    let refused = util::server::Served::try_start(ws.path(), &[], &[])
        .err()
        .expect("refused");
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("already keeps"),
        "{}",
        refused.stderr
    );
    let run = ws.run(&["index"]);
    assert!(
        run.code == 0 || run.stderr.contains("being updated by another process"),
        "{run:?}"
    );
    let (status, _) = get_json(&s, "/api/search?q=kite");
    assert_eq!(status, 200);
}

#[test]
fn a_query_over_its_budget_is_answered_with_an_error_in_time() {
    let ws = Workspace::new();
    // Enough text that a query of many prefixes and regexes takes a while.
    for f in 0..40 {
        let mut text = String::new();
        for p in 0..50 {
            for w in 0..40 {
                text.push_str(&format!("w{}x{} ", (f * 7 + p * 13 + w) % 997, w));
            }
            text.push_str(".\n\n");
        }
        ws.write(&format!("f{f}.txt"), text);
    }
    assert_eq!(ws.run(&["index", "--quiet"]).code, 0);
    let s = Served::start(ws.path(), &["--budget-ms", "1", "--threads", "1"]);
    let heavy: Vec<String> = (0..60).map(|i| format!("/w{i}.*x.*/ w{i}*")).collect();
    let target = format!("/api/search?q={}&limit=1000", enc(&heavy.join(" ")));
    let started = Instant::now();
    let (status, body) = get_json(&s, &target);
    assert_eq!(status, 503, "{body}");
    assert!(body["error"].as_str().unwrap().contains("budget"), "{body}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The worker is not stuck: the next cheap request is answered.
    let (status, _) = get_json(&s, "/api/health");
    assert_eq!(status, 200);
}

#[test]
fn sigterm_stops_the_server_gracefully() {
    let (_ws, s) = shipped();
    assert_eq!(get(s.addr, "/api/health").status, 200);
    let addr = s.addr;
    let (code, rest) = s.stop();
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("stopped"), "{rest}");
    assert!(request(addr, "GET", "/api/health", &[], b"").is_err());
}

#[test]
fn documents_are_listed_in_order_of_path_page_by_page() {
    // Enough documents in several segments that index order and path
    // order differ.
    let ws = Workspace::new();
    for i in 0..40 {
        let name = format!("{}/d{:02}.txt", ["b", "a", "c"][i % 3], (i * 7) % 40);
        ws.write(
            &name,
            format!("Doc {i}\n\nPlain words number {i} in a file.\n"),
        );
    }
    assert_eq!(ws.run(&["index", "--quiet"]).code, 0);
    let s = Served::start(ws.path(), &[]);
    let paths = |target: &str| -> (u64, Vec<String>) {
        let (status, body) = get_json(&s, target);
        assert_eq!(status, 200, "{target}: {body}");
        let paths = body["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .map(|d| d["path"].as_str().expect("path").to_string())
            .collect();
        (body["total"].as_u64().expect("total"), paths)
    };
    let (total, all) = paths("/api/documents");
    assert_eq!(total, 40);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted);
    assert_eq!(all.len(), 40);
    let mut paged = Vec::new();
    for offset in (0..45).step_by(7) {
        let (total, page) = paths(&format!("/api/documents?limit=7&offset={offset}"));
        assert_eq!(total, 40);
        assert_eq!(
            page,
            all[offset.min(40)..(offset + 7).min(40)],
            "offset {offset}"
        );
        paged.extend(page);
    }
    assert_eq!(paged, all);
    let (status, _) = get_json(&s, "/api/documents?offset=-1");
    assert_eq!(status, 400);
}
