//! Start-up: the language the start-up script chose (`early_language.js`, inlined into
//! `boot-<hash>.js`: the user's preferences against the build's catalogs), and its catalog,
//! whose import that script started while the wasm still downloaded, installed before the app
//! mounts. Another language's catalog is a hashed module of the build (`locales/<tag>-<hash>.js`,
//! written by scripts/i18n-catalogs.mjs and precached by the service worker).

use wasm_bindgen::JsValue;

use super::catalog::{self, intl};
use super::negotiate::{Lang, ENGLISH, LANGS};

/// Installs the language the start-up script chose (`__auditConsoleLanguage`: `{ tag, catalog }`);
/// English when it chose none (a page without that script) or its catalog fails to load or is
/// another build's, said in the console.
pub async fn start() -> Lang {
    let chosen = js_sys::Reflect::get(
        &js_sys::global(),
        &JsValue::from_str("__auditConsoleLanguage"),
    )
    .ok()
    .filter(JsValue::is_object);
    let get = |name: &str| {
        chosen
            .as_ref()
            .and_then(|c| js_sys::Reflect::get(c, &JsValue::from_str(name)).ok())
    };
    let tag = get("tag").and_then(|t| t.as_string());
    let lang = LANGS
        .iter()
        .find(|l| tag.as_deref() == Some(l.tag))
        .copied()
        .unwrap_or(ENGLISH);
    let messages = if lang == ENGLISH {
        Some(Vec::new())
    } else {
        catalog_of(lang, get("catalog")).await
    };
    let (lang, messages) = match messages {
        Some(m) => (lang, m),
        None => (ENGLISH, Vec::new()),
    };
    intl::use_language(lang.tag, lang.rtl);
    catalog::install(lang, messages);
    lang
}

/// The messages of `lang`'s catalog (`pending`, the promise of its text), by id. They live as
/// long as the page: a language is chosen once per load.
async fn catalog_of(lang: Lang, pending: Option<JsValue>) -> Option<Vec<&'static str>> {
    let text = match pending.map(js_sys::Promise::from) {
        Some(p) => wasm_bindgen_futures::JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string()),
        None => None,
    };
    let messages: Option<Vec<&'static str>> = text
        .map(|t| &*Box::leak(t.into_boxed_str()))
        .map(|t| t.split('\0').collect())
        .filter(|m: &Vec<&str>| m.len() == catalog::len());
    if messages.is_none() {
        leptos::logging::warn!(
            "Audit Console: the {} catalog did not load or is another build's; English is shown",
            lang.tag
        );
    }
    messages
}
