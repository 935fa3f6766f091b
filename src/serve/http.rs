//! From an HTTP request to an answer: limits, the token, CORS, routing to
//! the endpoints, the embedded page, and JSON errors with proper codes.

use std::io::{Read, Write};
use std::sync::Arc;

use serde_json::json;
use tiny_http::{Method, Request};

use super::api::{self, Answer, ApiError};
use super::params::{Params, percent_decode};
use super::state::State;

/// Longest request target (path and query string) read, in bytes.
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// Largest request body read, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The web page and its files, embedded in the binary.
const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");
/// The API's description.
pub const OPENAPI_JSON: &str = include_str!("assets/openapi.json");

/// An answer ready to send.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: serde_json::to_vec(value).unwrap_or_default(),
            headers: Vec::new(),
        }
    }

    fn error(e: &ApiError) -> Reply {
        Reply::json(e.status, &json!({ "error": e.message }))
    }

    fn asset(content_type: &'static str, body: &str) -> Reply {
        Reply {
            status: 200,
            content_type,
            body: body.as_bytes().to_vec(),
            headers: Vec::new(),
        }
    }

    fn from_answer(answer: Answer) -> Reply {
        match answer {
            Ok(v) => Reply::json(200, &v),
            Err(e) => Reply::error(&e),
        }
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

/// The value of header `name`, if the request has it.
fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
}

/// Compares two strings in time that depends only on their lengths.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether the request carries the server's token (as `Authorization:
/// Bearer TOKEN`, or a `token` parameter for the page's own URL).
fn authorised(request: &Request, query: &str, token: &str) -> bool {
    if let Some(auth) = header(request, "Authorization")
        && let Some(given) = auth.strip_prefix("Bearer ")
    {
        return same_secret(given.trim(), token);
    }
    query.split('&').any(|pair| {
        pair.strip_prefix("token=")
            .and_then(|v| percent_decode(v, true).ok())
            .is_some_and(|v| same_secret(&v, token))
    })
}

/// Reads the body, refusing one over [`MAX_BODY_BYTES`].
fn read_body(request: &mut Request) -> Result<Vec<u8>, ApiError> {
    let too_big = || ApiError {
        status: 413,
        message: format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
    };
    if request.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| ApiError::bad(format!("cannot read the request body: {e}")))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(too_big());
    }
    Ok(body)
}

/// Answers one request.
pub fn handle(state: &Arc<State>, mut request: Request) {
    let reply = route(state, &mut request);
    let mut reply = reply
        .with("X-Content-Type-Options", "nosniff")
        .with("Referrer-Policy", "no-referrer");
    if let Some(allowed) = &state.opts.cors
        && let Some(origin) = header(&request, "Origin")
        && (allowed == "*" || *allowed == origin)
    {
        reply = reply
            .with("Access-Control-Allow-Origin", allowed.clone())
            .with("Vary", "Origin")
            .with("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            .with(
                "Access-Control-Allow-Headers",
                "Authorization, Content-Type",
            );
    }
    send(request, reply);
}

/// The reason phrase of the status codes the server uses.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// Writes `reply` in one piece: status line, headers and body in a single
/// write, so no part of it waits for the client's delayed acknowledgement
/// of another (Nagle's algorithm would hold a body written after its
/// headers for up to 40 ms; `tiny_http` writes them separately and does
/// not set `TCP_NODELAY`).
fn send(request: Request, reply: Reply) {
    let head_only = *request.method() == Method::Head;
    let version = request.http_version().clone();
    let close = header(&request, "Connection").is_some_and(|c| c.eq_ignore_ascii_case("close"))
        || (version.0, version.1) < (1, 1)
        // A refused body may still be on its way: the connection cannot be reused.
        || reply.status == 413;
    let mut out = Vec::with_capacity(reply.body.len() + 512);
    let _ = write!(
        out,
        "HTTP/{}.{} {} {}\r\nServer: quarry\r\nContent-Type: {}\r\nContent-Length: {}\r\n",
        version.0,
        version.1,
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        // Header values are the server's own; never let one break a line.
        if !value.contains(['\r', '\n']) {
            let _ = write!(out, "{name}: {value}\r\n");
        }
    }
    if close {
        out.extend_from_slice(b"Connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !head_only {
        out.extend_from_slice(&reply.body);
    }
    let mut writer = request.into_writer();
    // The client may be gone; nothing to do about it.
    let _ = writer.write_all(&out).and_then(|()| writer.flush());
}

/// The reply to `request`, errors included.
fn route(state: &Arc<State>, request: &mut Request) -> Reply {
    let url = request.url().to_string();
    if url.len() > MAX_URL_BYTES {
        return Reply::error(&ApiError {
            status: 414,
            message: format!("the request target is longer than {MAX_URL_BYTES} bytes"),
        });
    }
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if let Some(token) = &state.opts.token
        && !authorised(request, query, token)
    {
        return Reply::error(&ApiError {
            status: 401,
            message: "a token is required: send 'Authorization: Bearer TOKEN'".into(),
        })
        .with("WWW-Authenticate", "Bearer");
    }
    let method = request.method().clone();
    if method == Method::Options {
        return Reply {
            status: 204,
            content_type: "text/plain",
            body: Vec::new(),
            headers: Vec::new(),
        };
    }
    let allowed = match allowed_methods(path) {
        Some(allowed) => allowed,
        None => return Reply::error(&ApiError::not_found(format!("no such page: {path}"))),
    };
    let name = match method {
        Method::Get | Method::Head => "GET",
        Method::Post => "POST",
        _ => "",
    };
    if !allowed.contains(&name) {
        return Reply::error(&ApiError {
            status: 405,
            message: format!(
                "{method} is not allowed here (use {})",
                allowed.join(" or ")
            ),
        })
        .with("Allow", allowed.join(", "));
    }
    if name == "POST" {
        let body = match read_body(request) {
            Ok(body) => body,
            Err(e) => return Reply::error(&e),
        };
        return Reply::from_answer(match path {
            "/api/search" => api::batch(state, &body),
            _ => api::verify(state, &body),
        })
        .with("Cache-Control", "no-store");
    }
    match path {
        "/" | "/index.html" => {
            return Reply::asset("text/html; charset=utf-8", INDEX_HTML)
                .with(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
                )
                .with("Cache-Control", "no-cache");
        }
        "/app.js" => return Reply::asset("text/javascript; charset=utf-8", APP_JS),
        "/style.css" => return Reply::asset("text/css; charset=utf-8", STYLE_CSS),
        "/api/openapi.json" => return Reply::asset("application/json", OPENAPI_JSON),
        _ => {}
    }
    let params = match Params::parse(query) {
        Ok(p) => p,
        Err(e) => return Reply::error(&ApiError::bad(e)),
    };
    let answer = if let Some(id) = path.strip_prefix("/api/documents/") {
        match percent_decode(id, false) {
            Ok(id) => api::document(state, id, params),
            Err(e) => Err(ApiError::bad(e)),
        }
    } else if let Some(id) = path.strip_prefix("/api/passages/") {
        match percent_decode(id, false) {
            Ok(id) => api::passage(state, id, params),
            Err(e) => Err(ApiError::bad(e)),
        }
    } else {
        match path {
            "/api/search" => api::search(state, params),
            "/api/figures" => api::figures(state, params),
            "/api/cite" => api::cite(state, params),
            "/api/documents" => api::documents(state, params),
            _ => api::health(state, params),
        }
    };
    Reply::from_answer(answer).with("Cache-Control", "no-store")
}

/// The methods `path` answers, or `None` when there is no such page.
fn allowed_methods(path: &str) -> Option<&'static [&'static str]> {
    match path {
        "/" | "/index.html" | "/app.js" | "/style.css" | "/api/openapi.json" => Some(&["GET"]),
        "/api/figures" | "/api/cite" | "/api/documents" | "/api/health" => Some(&["GET"]),
        "/api/search" => Some(&["GET", "POST"]),
        "/api/verify" => Some(&["POST"]),
        _ if path.len() > "/api/documents/".len() && path.starts_with("/api/documents/") => {
            Some(&["GET"])
        }
        _ if path.len() > "/api/passages/".len() && path.starts_with("/api/passages/") => {
            Some(&["GET"])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn routes_and_methods() {
        assert_eq!(allowed_methods("/api/search"), Some(&["GET", "POST"][..]));
        assert_eq!(allowed_methods("/api/verify"), Some(&["POST"][..]));
        assert_eq!(allowed_methods("/api/documents/"), None);
        assert_eq!(allowed_methods("/api/documents/a/b"), Some(&["GET"][..]));
        assert_eq!(allowed_methods("/etc/passwd"), None);
    }

    #[test]
    fn the_openapi_file_is_json() {
        let v: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        assert!(v["paths"]["/api/search"].is_object());
    }
}
