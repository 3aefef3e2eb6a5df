//! DRF `TokenAuthentication`, with its exact messages.

/// What the `Authorization` header says about the caller.
#[derive(Debug, PartialEq, Eq)]
pub enum Caller {
    Authorized,
    /// Authenticated, but without permission to read audit events (403).
    Forbidden,
    /// 401 with this `detail`.
    Rejected(&'static str),
}

pub const NOT_PROVIDED: &str = "Authentication credentials were not provided.";
pub const INVALID_TOKEN: &str = "Invalid token.";
const NO_CREDENTIALS: &str = "Invalid token header. No credentials provided.";
const HAS_SPACES: &str = "Invalid token header. Token string should not contain spaces.";
pub const NO_PERMISSION: &str = "You do not have permission to perform this action.";

pub fn check(header: Option<&str>, token: &str, forbidden_token: Option<&str>) -> Caller {
    let Some(header) = header else {
        return Caller::Rejected(NOT_PROVIDED);
    };
    let mut words = header.split_whitespace();
    // Another scheme (Bearer, Basic) is not this authenticator's business: DRF treats it as absent.
    match words.next() {
        Some(w) if w.eq_ignore_ascii_case("token") => {}
        _ => return Caller::Rejected(NOT_PROVIDED),
    }
    let Some(key) = words.next() else {
        return Caller::Rejected(NO_CREDENTIALS);
    };
    if words.next().is_some() {
        return Caller::Rejected(HAS_SPACES);
    }
    if key == token {
        Caller::Authorized
    } else if Some(key) == forbidden_token {
        Caller::Forbidden
    } else {
        Caller::Rejected(INVALID_TOKEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_drf() {
        let c = |h| check(h, "k", Some("f"));
        assert_eq!(c(None), Caller::Rejected(NOT_PROVIDED));
        assert_eq!(c(Some("Bearer k")), Caller::Rejected(NOT_PROVIDED));
        assert_eq!(c(Some("Token")), Caller::Rejected(NO_CREDENTIALS));
        assert_eq!(c(Some("Token k k")), Caller::Rejected(HAS_SPACES));
        assert_eq!(c(Some("Token nope")), Caller::Rejected(INVALID_TOKEN));
        assert_eq!(c(Some("token k")), Caller::Authorized);
        assert_eq!(c(Some("Token f")), Caller::Forbidden);
    }
}
