//! The one error type of domain rules: a stable English code for machines and a Chinese
//! message for people.

use thiserror::Error;

/// What kind of refusal a rule made; the web layer maps each kind to one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Input that does not parse or is out of range (400/422).
    Invalid,
    /// A referenced organisation, catalogue item or record does not exist (404 or 422).
    NotFound,
    /// The credentials do not match an account (401).
    Unauthenticated,
    /// The actor may not do this (403).
    Forbidden,
    /// The object is not in a state that allows the action (409).
    Conflict,
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("{code}: {message}")]
pub struct DomainError {
    pub kind: ErrorKind,
    /// Stable machine-readable code, e.g. `publicity_too_short`.
    pub code: &'static str,
    /// 中文说明, shown to the person who made the request.
    pub message: String,
}

impl DomainError {
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Invalid, code, message: message.into() }
    }
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::NotFound, code, message: message.into() }
    }
    pub fn unauthenticated(code: &'static str, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Unauthenticated, code, message: message.into() }
    }
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Forbidden, code, message: message.into() }
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Conflict, code, message: message.into() }
    }
}
