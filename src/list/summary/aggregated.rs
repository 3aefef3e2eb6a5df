//! Asking the API's aggregates (config.json `api_features.facets`) for the panel: one
//! `facets/` request per question, its answer handed to the summary's `Board` (pure, in
//! `aggregates`), then the panel told (`done`). The panel sends every question at once and
//! draws each table as it answers; this file only asks.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use web_sys::AbortSignal;

use super::panel::perf_now;
use super::{refusal_text, Board};
use crate::api::{client, ApiError};
use crate::app::AppContext;

/// Told when an answer has changed the board, with the reason more rows could not be had.
pub type Done = Rc<dyn Fn(Option<String>)>;

/// Asks one question (`more`: the next rows of a facet) and hands the board its answer, then
/// calls `done` with the reason more rows could not be had, if any. An aborted request (Cancel,
/// the panel closed) changes nothing.
pub fn ask(
    ctx: AppContext,
    board: Rc<RefCell<Board>>,
    signal: Option<AbortSignal>,
    (slot, params): (usize, Vec<(&'static str, String)>),
    more: bool,
    done: Done,
) {
    let Some(session) = ctx.session.get_untracked() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let answer = match client::facets(&session, &params, signal.as_ref()).await {
            Err(ApiError::Aborted) => return,
            Err(e) => {
                if matches!(e, ApiError::Unauthorized(_)) {
                    ctx.end_session();
                }
                Err(refusal_text(&e))
            }
            Ok(v) => Ok(v),
        };
        let label = move |ct: i64| ctx.content_type_name(ct);
        let started = perf_now();
        let problem = {
            let mut b = board.borrow_mut();
            let problem = if more {
                b.extend(slot, answer, &label)
            } else {
                b.answer(slot, answer, &label, perf_now());
                None
            };
            b.decode_ms += perf_now() - started;
            problem
        };
        done(problem);
    });
}
