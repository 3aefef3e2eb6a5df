//! Browser unit tests: code that needs a real browser (localStorage, fetch, AbortController),
//! run by wasm-bindgen-test in headless Chromium against a demo-api (scripts/browser-tests).
#![cfg(target_arch = "wasm32")]

use audit_console::api::{client, ApiError};
use audit_console::browser::session::{self, Session, STORAGE_KEY};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Set by scripts/browser-tests when it builds these tests.
const API: &str = match option_env!("DEMO_API_BASE") {
    Some(b) => b,
    None => "http://127.0.0.1:9/api/v1",
};

fn session(token: &str) -> Session {
    Session {
        api_base_url: API.to_string(),
        token: token.to_string(),
    }
}

fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

#[wasm_bindgen_test]
fn session_round_trips_through_local_storage_under_one_key() {
    session::clear();
    assert_eq!(session::load(), None);
    let s = session("abc");
    session::save(&s, true, 1_000).unwrap();
    assert_eq!(session::load(), Some(s.clone()));
    assert_eq!(session::signed_in_at(), Some(1_000));
    assert!(storage().get_item(STORAGE_KEY).unwrap().is_some());
    session::clear();
    assert_eq!(session::load(), None);
    assert!(storage().get_item(STORAGE_KEY).unwrap().is_none());
    // Not kept on this device: this tab's sessionStorage only.
    session::save(&s, false, 2_000).unwrap();
    assert_eq!(session::load(), Some(s));
    assert!(storage().get_item(STORAGE_KEY).unwrap().is_none());
    let tab = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage");
    assert!(tab.get_item(STORAGE_KEY).unwrap().is_some());
    session::clear();
    assert_eq!(session::load(), None);
    assert!(tab.get_item(STORAGE_KEY).unwrap().is_none());
}

#[wasm_bindgen_test]
fn a_corrupt_stored_session_reads_as_signed_out() {
    storage().set_item(STORAGE_KEY, "{not json").unwrap();
    assert_eq!(session::load(), None);
    storage()
        .set_item(STORAGE_KEY, r#"{"api_base_url":"","token":""}"#)
        .unwrap();
    assert_eq!(session::load(), None);
    session::clear();
}

#[wasm_bindgen_test]
async fn lists_events_with_the_token() {
    let page = client::list(
        &session("browser-test-token"),
        &[("limit", "5".into())],
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(page.count, 300);
    assert_eq!(page.results.len(), 5);
}

#[wasm_bindgen_test]
async fn maps_401_403_400_and_404() {
    let bad = client::list(&session("wrong"), &[], None, None).await;
    assert_eq!(bad, Err(ApiError::Unauthorized("Invalid token.".into())));
    let forbidden = client::check(&session("browser-test-forbidden"), None).await;
    assert!(matches!(forbidden, Err(ApiError::Forbidden(_))));
    let invalid = client::list(
        &session("browser-test-token"),
        &[("user", "x".into())],
        None,
        None,
    )
    .await;
    match invalid {
        Err(ApiError::Invalid(fields)) => assert_eq!(fields["user"], vec!["Enter a number."]),
        other => panic!("{other:?}"),
    }
    let missing = client::event(&session("browser-test-token"), "nope", None, None).await;
    assert!(matches!(missing, Err(ApiError::NotFound(_))));
}

#[wasm_bindgen_test]
async fn fetches_one_event_by_uuid() {
    let s = session("browser-test-token");
    let page = client::list(&s, &[("limit", "1".into())], None, None)
        .await
        .unwrap();
    let uuid = page.results[0].uuid.clone();
    let event = client::event(&s, &uuid, None, None).await.unwrap();
    assert_eq!(event, page.results[0]);
}

#[wasm_bindgen_test]
async fn an_unreachable_api_is_a_network_error() {
    let s = Session {
        api_base_url: "http://127.0.0.1:9/api/v1".into(),
        token: "t".into(),
    };
    assert_eq!(client::check(&s, None).await, Err(ApiError::Network));
}

#[wasm_bindgen_test]
async fn an_aborted_request_says_so() {
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let signal = controller.signal();
    let r = client::list(&session("browser-test-token"), &[], Some(&signal), None).await;
    assert_eq!(r, Err(ApiError::Aborted));
}

#[wasm_bindgen_test]
fn a_crash_leaves_a_message_and_a_reload_button() {
    // In a container: the test runner keeps its own output in the page's body.
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    container.set_inner_html("<p>the app was here</p>");
    audit_console::shell::crash_screen::show_in(&container);
    let text = container.text_content().unwrap_or_default();
    assert!(text.contains("Audit Console stopped because of an error"));
    assert!(!text.contains("the app was here"));
    let button = container.query_selector("main[role=alert] button").unwrap();
    assert_eq!(
        button.and_then(|b| b.text_content()).as_deref(),
        Some("Reload")
    );
}
