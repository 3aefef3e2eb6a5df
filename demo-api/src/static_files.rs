//! Serves the built app (`--dist`) the way a static host with an SPA fallback does: a file if it
//! exists, `index.html` for any other route-like path, and 404 for a missing asset (a path whose
//! last segment has an extension), so a broken asset reference is not masked by HTML. Like a
//! production host (nginx `brotli_static`/`gzip_static`), it serves the build's precompressed
//! `name.br` / `name.gz` with `Content-Encoding` when the browser accepts them.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::http::{empty, API_PREFIX};
use crate::AppState;

/// The Content-Security-Policy the app is built for (DEPLOY.md). A production host lists its one
/// API origin in `connect-src`; this demo also allows any loopback port, so the app it serves can
/// be pointed at another local API (as the CORS tests do).
pub const CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
connect-src 'self' http://127.0.0.1:* http://localhost:*; img-src 'self' data:; \
frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub async fn serve(
    State(state): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some(dist) = state.settings.dist.as_deref() else {
        return empty(StatusCode::NOT_FOUND);
    };
    if method != Method::GET && method != Method::HEAD {
        return empty(StatusCode::METHOD_NOT_ALLOWED);
    }
    let path = uri.path();
    if path.starts_with(API_PREFIX) {
        return empty(StatusCode::NOT_FOUND);
    }
    let Some(relative) = safe_relative(path) else {
        return empty(StatusCode::NOT_FOUND);
    };
    let accepted = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let candidate = dist.join(&relative);
    if candidate.is_file() {
        return file_response(&candidate, path, accepted).await;
    }
    let last = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if last.contains('.') {
        return empty(StatusCode::NOT_FOUND);
    }
    file_response(&dist.join("index.html"), "/index.html", accepted).await
}

/// Whether a build's file (its URL path) carries a content hash, by the project's one rule
/// (`scripts/hashed-files.mjs`; e2e/deploy.test.mjs holds this copy to it over a real build):
/// `name-<1–16 hex>.{js,css,svg}`, `name-<1–16 hex>_bg.wasm`, or a script under wasm-bindgen's
/// `snippets/<crate>-<1–16 hex>/`.
pub fn is_hashed(url_path: &str) -> bool {
    fn hex_tail(name: &str) -> bool {
        // "name-<hex>": 1–16 lowercase hex digits after the last '-'.
        name.rsplit_once('-').is_some_and(|(_, h)| {
            (1..=16).contains(&h.len())
                && h.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    }
    let name = url_path.rsplit('/').next().unwrap_or("");
    let hashed_name = match name.rsplit_once('.') {
        Some((stem, "js" | "wasm" | "css" | "svg")) => {
            hex_tail(stem) || stem.strip_suffix("_bg").is_some_and(hex_tail)
        }
        _ => false,
    };
    let in_snippets = name.ends_with(".js")
        && url_path.split_once("/snippets/").is_some_and(|(_, rest)| {
            rest.split_once('/')
                .is_some_and(|(folder, file)| hex_tail(folder) && !file.is_empty())
        });
    hashed_name || in_snippets
}

/// Whether an `Accept-Encoding` value accepts `coding` (listed, and not with `q=0`).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let name = pieces.next().unwrap_or("");
        let refused = pieces.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

/// The precompressed copy to send instead of `path`, if the browser accepts it and it exists.
fn precompressed(path: &Path, accept_encoding: &str) -> Option<(PathBuf, &'static str)> {
    ["br", "gzip"].into_iter().find_map(|coding| {
        let ext = if coding == "br" { "br" } else { "gz" };
        let mut name = path.file_name()?.to_os_string();
        name.push(format!(".{ext}"));
        let copy = path.with_file_name(name);
        (accepts(accept_encoding, coding) && copy.is_file()).then_some((copy, coding))
    })
}

/// The request path as a path inside the dist folder; `None` for anything that could climb out.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let trimmed = path.trim_start_matches('/');
    let relative = Path::new(if trimmed.is_empty() {
        "index.html"
    } else {
        trimmed
    });
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| relative.to_path_buf())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn file_response(path: &Path, url_path: &str, accept_encoding: &str) -> Response {
    let (source, coding) = match precompressed(path, accept_encoding) {
        Some((copy, coding)) => (copy, Some(coding)),
        None => (path.to_path_buf(), None),
    };
    match tokio::fs::read(&source).await {
        Ok(bytes) => {
            let mut r = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, content_type(path))],
                bytes,
            )
                .into_response();
            if let Some(coding) = coding {
                r.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            // Caches keep one copy per encoding.
            r.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            let is_html = path.extension().is_some_and(|e| e == "html");
            if is_html {
                // The policy the app is built to run under (DEPLOY.md); the API is same-origin here.
                r.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CSP),
                );
            }
            // Hashed files never change; everything else (index.html, 404.html, _redirects…)
            // is revalidated. (config.json is a route of its own, also `no-cache`.)
            let cache = if is_hashed(url_path) {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            r
        }
        Err(_) => empty(StatusCode::NOT_FOUND),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_what_trunk_writes_with_any_number_of_hex_digits() {
        for hashed in [
            "/main-b0659befe5d8bc6.css",
            "/audit/main-1f7128a4a7cfe292.css",
            "/audit-console-551f219fe009149d.js",
            "/audit-console-551f219fe009149d_bg.wasm",
            "/favicon-7.svg",
            "/boot-cdf243c604a92467.js",
            "/audit/snippets/audit-console-4e89c365e34c06d7/src/list/table/rows.js",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for not in [
            "/index.html",
            "/404.html",
            "/config.json",
            "/sw.js",
            "/_redirects",
            "/main-.css",
            "/main-B0659BEFE5D8BC6.css",
            "/main-0123456789abcdef0.css",
            "/snippets/audit-console-4e89c365e34c06d7/",
            "/snippets/plain/rows.js",
            "/x.js",
        ] {
            assert!(!is_hashed(not), "{not}");
        }
    }

    #[test]
    fn reads_accept_encoding_as_browsers_send_it() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip, deflate, br, zstd", "gzip"));
        assert!(!accepts("gzip, deflate", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("BR;q=0.5", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("xbr", "br"));
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        assert_eq!(safe_relative("/"), Some(PathBuf::from("index.html")));
        assert_eq!(safe_relative("/a/b.js"), Some(PathBuf::from("a/b.js")));
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/a/../../x"), None);
    }
}
