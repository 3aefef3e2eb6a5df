//! Start-up: the language chosen from the user's preferences, and its catalog installed before
//! the app mounts. Another language's catalog is a hashed module of the build
//! (`locales/<tag>-<hash>.js`, written by scripts/i18n-catalogs.mjs and precached by the service
//! worker), imported only when that language is used.

use super::catalog::{self, intl};
use super::negotiate::{negotiate, Lang, ENGLISH};

/// The browser's languages, most preferred first (`navigator.languages`).
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

/// Chooses the first of `preferences` the console ships (else English) and installs it. A
/// catalog that cannot be loaded, or is another build's, leaves English, said in the console.
pub async fn start(preferences: &[String]) -> Lang {
    let lang = negotiate(preferences.iter().map(String::as_str));
    let messages = if lang == ENGLISH {
        Some(Vec::new())
    } else {
        catalog_of(lang).await
    };
    let (lang, messages) = match messages {
        Some(m) => (lang, m),
        None => (ENGLISH, Vec::new()),
    };
    intl::use_language(lang.tag, lang.rtl);
    catalog::install(lang, messages);
    lang
}

/// The messages of `lang`'s catalog, by id. They live as long as the page: a language is
/// chosen once per load.
async fn catalog_of(lang: Lang) -> Option<Vec<&'static str>> {
    let text = wasm_bindgen_futures::JsFuture::from(intl::import_catalog(lang.tag))
        .await
        .ok()
        .and_then(|v| v.as_string());
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
