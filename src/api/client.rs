//! Performs API requests in the browser. Every request goes through `get_json`: the URL comes from
//! `urls` (the configured base), the token is added here and nowhere else (a host session sends
//! the same-origin cookie instead, `Session::host`), every failure becomes
//! an `ApiError`, and transient failures are retried by the one policy in `retry` (its budget
//! shared by every view of this tab).

use std::cell::RefCell;

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::retry::{next_step, RetryBudget, Step};
use super::{body_text, urls, ApiError, Event, Histogram, Page, Session};

/// Told before each wait between attempts: how long until the next one (ms). Views show it
/// ("The API is busy — retrying in 2 s").
pub type OnWait<'a> = Option<&'a dyn Fn(u32)>;

thread_local! {
    static BUDGET: RefCell<RetryBudget> = RefCell::new(RetryBudget::default());
}

/// A successful answer's decoded body (`get_bytes`, then serde).
async fn get_json<T: DeserializeOwned>(
    session: &Session,
    url: &str,
    signal: Option<&AbortSignal>,
    on_wait: OnWait<'_>,
) -> Result<T, ApiError> {
    decode(get_bytes(session, url, signal, on_wait).await?)
}

/// A successful answer's body as text (`sliced` reads it a slice at a time).
async fn get_text(
    session: &Session,
    url: &str,
    signal: Option<&AbortSignal>,
    on_wait: OnWait<'_>,
) -> Result<String, ApiError> {
    Ok(body_text(get_bytes(session, url, signal, on_wait).await?))
}

/// `get_once`, retried as `retry::next_step` says; an abort ends it at once, waits included.
/// The body comes as bytes: copied once into wasm memory, exactly its length, where text would
/// be decoded to UTF-16 by the browser and encoded back to UTF-8 on its way in (up to three times
/// its length while it is).
async fn get_bytes(
    session: &Session,
    url: &str,
    signal: Option<&AbortSignal>,
    on_wait: OnWait<'_>,
) -> Result<Vec<u8>, ApiError> {
    let mut attempt = 1;
    loop {
        let result = get_once(session, url, signal).await;
        let error = match result {
            Ok(v) => {
                BUDGET.with(|b| b.borrow_mut().refill());
                return Ok(v);
            }
            Err(e) => e,
        };
        let step = BUDGET
            .with(|b| next_step(&error, attempt, js_sys::Math::random(), &mut b.borrow_mut()));
        let Step::RetryIn { ms } = step else {
            return Err(error);
        };
        if let Some(f) = on_wait {
            f(ms);
        }
        pause(ms, signal).await;
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(ApiError::Aborted);
        }
        attempt += 1;
    }
}

/// Resolves after `ms`, or as soon as `signal` aborts. The abort listener is removed after, so a
/// long-lived signal (an export's, a timeline's) does not gather one per wait.
async fn pause(ms: u32, signal: Option<&AbortSignal>) {
    let mut resolver = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
        if let Some(s) = signal {
            let _ = s.add_event_listener_with_callback("abort", resolve.unchecked_ref());
        }
        resolver = Some(resolve);
    });
    let _ = JsFuture::from(promise).await;
    if let (Some(s), Some(resolve)) = (signal, resolver) {
        let _ = s.remove_event_listener_with_callback("abort", &resolve);
    }
}

/// The start-up script's request for `url`, if it sent that one (`src/list/early_request.js`,
/// with this client's headers and credentials): taken once, so it answers exactly one request.
fn take_early(url: &str, signal: Option<&AbortSignal>) -> Option<JsFuture> {
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str("__auditConsoleEarly");
    let early = js_sys::Reflect::get(&global, &key).ok()?;
    let get =
        |name: &str| js_sys::Reflect::get(&early, &wasm_bindgen::JsValue::from_str(name)).ok();
    if get("url")?.as_string()? != url {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(&global, &key);
    let response = get("response")?.dyn_into::<js_sys::Promise>().ok()?;
    // Aborting this request aborts the script's.
    if let (Some(s), Some(abort)) = (
        signal,
        get("abort").and_then(|a| a.dyn_into::<js_sys::Function>().ok()),
    ) {
        let _ = s.add_event_listener_with_callback("abort", &abort);
    }
    Some(JsFuture::from(response))
}

/// One request: a successful answer's body, or the typed error its status and body mean.
async fn get_once(
    session: &Session,
    url: &str,
    signal: Option<&AbortSignal>,
) -> Result<Vec<u8>, ApiError> {
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    if let Some(early) = take_early(url, signal) {
        let response = early
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
            .map(gloo_net::http::Response::from);
        return match response {
            Some(r) => read(r, &aborted).await,
            None if aborted() => Err(ApiError::Aborted),
            None => Err(ApiError::Network),
        };
    }
    let response = send(session, url, "application/json", signal).await?;
    read(response, &aborted).await
}

/// Sends one GET: the only place a request gets its credentials. A token travels in its
/// header; a host session in the same-origin cookie, and nothing else.
async fn send(
    session: &Session,
    url: &str,
    accept: &str,
    signal: Option<&AbortSignal>,
) -> Result<gloo_net::http::Response, ApiError> {
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    let request = Request::get(url)
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .header("Accept", accept)
        // DRF's own messages (a 400's field errors) in the console's language; a CORS-safelisted
        // header, so a cross-origin API sees no preflight for it.
        .header("Accept-Language", crate::i18n::current().tag);
    let request = if session.is_host() {
        request
    } else {
        request.header("Authorization", &format!("Token {}", session.token))
    };
    request.abort_signal(signal).send().await.map_err(|_| {
        if aborted() {
            ApiError::Aborted
        } else {
            ApiError::Network
        }
    })
}

/// The API's streamed export (`audit-events/export/`, config.json `api_features.export`): one
/// request, its body handed to `on_part` a chunk at a time as it arrives (the chunks stay in the
/// browser's memory; a file is made of them), so memory holds no more than the file. Not retried:
/// a stream that breaks is a failure of the whole export (the API aborts a failed stream, so a
/// truncated body is never mistaken for a whole one).
pub async fn stream(
    session: &Session,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
    on_part: &mut dyn FnMut(js_sys::Uint8Array),
) -> Result<(), ApiError> {
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    let failed = || {
        if aborted() {
            ApiError::Aborted
        } else {
            ApiError::Network
        }
    };
    let url = urls::aggregate_url(&session.api_base_url, "export", params);
    let response = send(session, &url, "*/*", signal).await?;
    if !(200..300).contains(&response.status()) {
        return read(response, &aborted).await.map(|_| ());
    }
    let body = response.body().ok_or(ApiError::Network)?;
    let reader = web_sys::ReadableStreamDefaultReader::new(&body).map_err(|_| failed())?;
    loop {
        let result: web_sys::ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|_| failed())?
            .unchecked_into();
        if result.get_done().unwrap_or(true) {
            return Ok(());
        }
        match result.get_value().dyn_into::<js_sys::Uint8Array>() {
            Ok(chunk) => on_part(chunk),
            Err(_) => {
                let _ = reader.cancel();
                return Err(ApiError::Decode("the export's body is not bytes".into()));
            }
        }
    }
}

/// A response's body, or the typed error its status and body mean.
async fn read(
    response: gloo_net::http::Response,
    aborted: &dyn Fn() -> bool,
) -> Result<Vec<u8>, ApiError> {
    let status = response.status();
    // gloo-net does not fail on 4xx/5xx: the status decides.
    let body = response.binary().await.map_err(|_| {
        if aborted() {
            ApiError::Aborted
        } else {
            ApiError::Network
        }
    })?;
    if !(200..300).contains(&status) {
        let retry_after = response.headers().get("retry-after");
        return Err(ApiError::from_response(
            status,
            &String::from_utf8_lossy(&body),
            retry_after.as_deref(),
        ));
    }
    Ok(body)
}

fn decode<T: DeserializeOwned>(body: Vec<u8>) -> Result<T, ApiError> {
    let body = body_text(body);
    // The experiment in BENCHMARKS.md ("serde_json vs serde-wasm-bindgen"); serde_json ships.
    #[cfg(feature = "decode-swb")]
    {
        let value = js_sys::JSON::parse(&body).map_err(|_| ApiError::Decode("not JSON".into()))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| ApiError::Decode(e.to_string()))
    }
    #[cfg(not(feature = "decode-swb"))]
    serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// One page of events for these API parameters.
pub async fn list(
    session: &Session,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
    on_wait: OnWait<'_>,
) -> Result<Page, ApiError> {
    list_as(session, params, signal, on_wait).await
}

/// One page of events, each decoded as `T` (`Brief`: a summary's few fields).
pub async fn list_as<T: DeserializeOwned>(
    session: &Session,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
    on_wait: OnWait<'_>,
) -> Result<Page<T>, ApiError> {
    get_json(
        session,
        &urls::list_url(&session.api_base_url, params),
        signal,
        on_wait,
    )
    .await
}

/// Events per time bucket for the list's parameters and `edges` (config.json `api_features`
/// says whether the API has the endpoint): one request, exact counts.
pub async fn histogram(
    session: &Session,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
    on_wait: OnWait<'_>,
) -> Result<Histogram, ApiError> {
    let url = urls::aggregate_url(&session.api_base_url, "histogram", params);
    let value: serde_json::Value = get_json(session, &url, signal, on_wait).await?;
    Histogram::from_value(&value)
        .ok_or_else(|| ApiError::Decode("the histogram has no list of counts".into()))
}

/// One of the API's facets (`audit-events/facets/?facet=…`), as its JSON answer.
pub async fn facets(
    session: &Session,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
) -> Result<serde_json::Value, ApiError> {
    let url = urls::aggregate_url(&session.api_base_url, "facets", params);
    get_json(session, &url, signal, None).await
}

/// One event by uuid, decoded a slice per task (`sliced`): an event can be megabytes.
pub async fn event(
    session: &Session,
    uuid: &str,
    signal: Option<&AbortSignal>,
    on_wait: OnWait<'_>,
) -> Result<Event, ApiError> {
    let url = urls::detail_url(&session.api_base_url, uuid);
    let body = get_text(session, &url, signal, on_wait).await?;
    let next_task = || pause(0, None);
    super::sliced::event(&body, &next_task)
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}

/// Tells a CORS refusal from an unreachable server, which browsers report alike: a `no-cors`
/// request (no token, nothing readable) succeeds whenever the server answers at all.
pub async fn answers_without_cors(base: &str) -> bool {
    Request::get(&urls::list_url(base, &[]))
        .mode(web_sys::RequestMode::NoCors)
        .send()
        .await
        .is_ok()
}

/// Checks a candidate session with the smallest request (`limit=1`) before it is saved.
pub async fn check(session: &Session, on_wait: OnWait<'_>) -> Result<(), ApiError> {
    list(session, &[("limit", "1".to_string())], None, on_wait)
        .await
        .map(|_| ())
}
