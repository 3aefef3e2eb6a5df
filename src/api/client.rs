//! Performs API requests in the browser. Every request goes through `get_json`: the URL comes from
//! `urls` (the configured base), the token is added here and nowhere else, and every failure
//! becomes an `ApiError`.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use web_sys::AbortSignal;

use super::{urls, ApiError, Event, Page, Session};

async fn get_json<T: DeserializeOwned>(
    session: &Session,
    url: &str,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    let response = Request::get(url)
        .header("Authorization", &format!("Token {}", session.token))
        .header("Accept", "application/json")
        .abort_signal(signal)
        .send()
        .await
        .map_err(|_| {
            if aborted() {
                ApiError::Aborted
            } else {
                ApiError::Network
            }
        })?;
    let status = response.status();
    // gloo-net does not fail on 4xx/5xx: the status decides.
    let body = response.text().await.map_err(|_| {
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
            &body,
            retry_after.as_deref(),
        ));
    }
    decode(&body)
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    // The experiment in BENCHMARKS.md ("serde_json vs serde-wasm-bindgen"); serde_json ships.
    #[cfg(feature = "decode-swb")]
    {
        let value = js_sys::JSON::parse(body).map_err(|_| ApiError::Decode("not JSON".into()))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| ApiError::Decode(e.to_string()))
    }
    #[cfg(not(feature = "decode-swb"))]
    serde_json::from_str(body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// One page of events for these API parameters.
pub async fn list(
    session: &Session,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
) -> Result<Page, ApiError> {
    get_json(
        session,
        &urls::list_url(&session.api_base_url, params),
        signal,
    )
    .await
}

/// One event by uuid.
pub async fn event(
    session: &Session,
    uuid: &str,
    signal: Option<&AbortSignal>,
) -> Result<Event, ApiError> {
    get_json(
        session,
        &urls::detail_url(&session.api_base_url, uuid),
        signal,
    )
    .await
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
pub async fn check(session: &Session) -> Result<(), ApiError> {
    list(session, &[("limit", "1".to_string())], None)
        .await
        .map(|_| ())
}
