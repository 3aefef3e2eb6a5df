//! What the API routes (`routes`) and the built app's files (`static_files`) both need: where the
//! API lives and the empty answer. Neither of them imports the other.

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Where the API is mounted; the app's files are served everywhere else.
pub const API_PREFIX: &str = "/api/v1";

/// An answer with a status and no body.
pub fn empty(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}
