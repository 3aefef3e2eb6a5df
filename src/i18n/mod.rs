//! The console's words in the user's language: the catalog of messages (`locales/*.json`, one
//! file per language; English built in, another fetched only when it is used), which language
//! a user gets (`negotiate`: the languages shipped; the choice made by the start-up script, `early_language.js`), and the browser's `Intl` for plural forms and numbers (no CLDR data
//! in the wasm).
//!
//! Every user-visible text goes through [`t`], [`tf`] or [`tn`] with an id from [`m`], which
//! `build.rs` writes from `locales/en.json`. A sentence is one message with `{name}` slots,
//! never glued from fragments; [`around`] splits one around the elements placed in it.
//!
//! The bottom of the tree: uses no other folder, so every folder may use it.

mod catalog;
pub mod negotiate;

#[cfg(target_arch = "wasm32")]
pub mod load;

pub use catalog::{
    around, compact, current, decimal, m, number, percent, short_date, split, t, tf, tn, Msg,
};
pub use negotiate::{Lang, ENGLISH, LANGS};
