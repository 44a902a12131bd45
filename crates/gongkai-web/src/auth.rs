//! Accounts at the door: argon2id passwords, database sessions behind `HttpOnly` cookies or
//! bearer tokens, CSRF tokens for forms and the login rate limit.

use axum::extract::{FromRequestParts, OptionalFromRequestParts, OriginalUri};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use gongkai_core::access::{check_password, Actor};
use gongkai_core::DomainError;
use gongkai_store::sessions::{LoginLimit, NewSession, Session, SessionKind};
use gongkai_store::users::User;
use rand::RngCore;

use crate::error::{ApiError, AppError, PageError};
use crate::AppState;

pub const SESSION_COOKIE: &str = "gk_session";
/// Double-submit token for the login form, before there is a session to hold one.
pub const LOGIN_CSRF_COOKIE: &str = "gk_login_csrf";
/// Marks a browser that has signed in before, so that failures from elsewhere do not lock
/// its user out (OWASP's device cookies).
pub const DEVICE_COOKIE: &str = "gk_device";
/// How long a session lives, in seconds.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// Failed logins allowed per username within [`FAILURE_WINDOW`] before refusing.
pub const MAX_FAILURES_PER_NAME: i64 = 5;
/// Failed logins allowed per client address within the window (many names, one source).
pub const MAX_FAILURES_PER_IP: i64 = 30;
pub const FAILURE_WINDOW: i64 = 15 * 60;

/// 128+ bits of randomness, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Hashes a password with argon2id, on the password threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    crate::passwords::hash(password).await
}

/// A successful login: the new session's secrets, and a device token to set when the
/// browser was not yet known for this user.
pub struct Login {
    pub user: User,
    pub token: String,
    pub csrf_token: String,
    pub new_device: Option<String>,
}

/// The login limit: failures per username and per client address within the window.
pub const LOGIN_LIMIT: LoginLimit =
    LoginLimit { per_name: MAX_FAILURES_PER_NAME, per_address: MAX_FAILURES_PER_IP, window_seconds: FAILURE_WINDOW };

/// Counts this attempt against the limit first (one step, so parallel guesses cannot pass
/// it), then checks the password; opens a session of `kind`. `device` is the browser's
/// device cookie, if it sent one.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    ip: &str,
    kind: SessionKind,
    device: Option<&str>,
) -> Result<Login, AppError> {
    let store = &state.store;
    let attempt = store.begin_login(username, ip, device, LOGIN_LIMIT).await?.ok_or(AppError::RateLimited)?;
    let user = store.db.user_by_name(username).await?.filter(|u| u.disabled_at.is_none());
    // Verify against a dummy hash for unknown names too, so timing does not reveal them.
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = crate::passwords::verify(password.to_owned(), hash).await?;
    let Some(user) = user.filter(|_| ok) else {
        store.login_failed(attempt, ip).await?;
        return Err(DomainError::unauthenticated("bad_credentials", "用户名或密码错误").into());
    };
    let token = random_token();
    let csrf_token = random_token();
    let new_device = (kind == SessionKind::Web && !attempt.from_known_device()).then(random_token);
    let opened = NewSession {
        token: &token,
        csrf_token: &csrf_token,
        kind,
        seconds: SESSION_SECONDS,
        remember: new_device.as_deref(),
    };
    store.login_succeeded(attempt, &user, opened).await?;
    Ok(Login { user, token, csrf_token, new_device })
}

/// Changes `actor`'s own password after checking the current one; every other session of
/// theirs ends, the one with `keep_token` stays.
pub async fn change_own_password(
    state: &AppState,
    actor: &Actor,
    current: &str,
    new: &str,
    keep_token: &str,
    ip: &str,
) -> Result<(), AppError> {
    check_password(new)?;
    if new == current {
        return Err(DomainError::invalid("same_password", "新密码不能与当前密码相同").into());
    }
    let user = state.store.db.user_by_id(&actor.user_id).await?.ok_or(AppError::Unauthenticated)?;
    // Guesses at the current password count against the same limit as logins: a stolen
    // session must not become a way to find the password.
    let attempt = state.store.begin_login(&user.username, ip, None, LOGIN_LIMIT).await?.ok_or(AppError::RateLimited)?;
    if !crate::passwords::verify(current.to_owned(), user.password_hash).await? {
        state.store.login_failed(attempt, ip).await?;
        return Err(DomainError::invalid("wrong_password", "当前密码不正确").into());
    }
    state.store.password_confirmed(attempt).await?;
    let hash = hash_password(new.to_owned()).await?;
    state.store.set_password(actor, &actor.username, &hash, Some(keep_token)).await?;
    Ok(())
}

/// An administrator resets `username`'s password; returns the one-time password to hand
/// over. Every session of that user ends.
pub async fn reset_password(state: &AppState, actor: &Actor, username: &str) -> Result<String, AppError> {
    actor.authorize_accounts()?;
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    state.store.set_password(actor, username, &hash, None).await?;
    Ok(password)
}

/// An administrator creates an account; returns it with its one-time password, to be
/// shown once. The role and organisation come as typed (stored name or Chinese label).
/// Moves `username` to `role` in `org` (text as the API and the form send them); its
/// sessions and tokens end.
pub async fn assign_account(
    state: &AppState,
    actor: &Actor,
    username: &str,
    role: &str,
    org: Option<&str>,
) -> Result<User, AppError> {
    actor.authorize_accounts()?;
    let role = gongkai_core::access::Role::parse(role)?;
    let org = org.map(str::trim).filter(|o| !o.is_empty()).map(gongkai_core::org::OrgCode::parse).transpose()?;
    Ok(state.store.assign_user(actor, username, role, org.as_ref()).await?)
}

pub async fn create_account(
    state: &AppState,
    actor: &Actor,
    username: &str,
    role: &str,
    org: Option<&str>,
    display_name: Option<&str>,
) -> Result<(User, String), AppError> {
    actor.authorize_accounts()?;
    let role = gongkai_core::access::Role::parse(role)?;
    let org = org.map(str::trim).filter(|o| !o.is_empty()).map(gongkai_core::org::OrgCode::parse).transpose()?;
    let display_name = display_name.map(str::trim).filter(|n| !n.is_empty());
    let display_name = gongkai_core::fields::name(Some(display_name.unwrap_or(username)), "姓名", 40)?;
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    let user = gongkai_store::users::NewUser {
        // Not trimmed: a name with spaces around it is refused, not silently changed.
        username,
        display_name: &display_name,
        password_hash: &hash,
        role,
        org: org.as_ref(),
        one_time: true,
    };
    let user = state.store.create_account(actor, user).await?;
    Ok((user, password))
}

/// An administrator issues a set-password link for `username`; returns its path (to be
/// shown once) and when it stops working.
pub async fn password_link(
    state: &AppState,
    actor: &Actor,
    username: &str,
) -> Result<(String, chrono::DateTime<chrono::Utc>), AppError> {
    let token: String = (0..2).map(|_| one_time_password()).collect();
    let expires = state.store.issue_password_link(actor, username, &token).await?;
    Ok((format!("/set-password/{token}"), expires))
}

/// A password to hand over once: 20 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), so it can be read out or copied by hand.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    (0..20).map(|_| ALPHABET[rand::Rng::gen_range(&mut rng, 0..ALPHABET.len())] as char).collect()
}

/// argon2id of a random string nobody knows; only ever compared against.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5P7QnCXmPSIaU9H8p5N6bQeS2QFn6nJ7r0cDbYqyiyA";

/// The value of cookie `name` in the request, if present.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The token of an `Authorization: Bearer …` header, if present.
/// The token of `Authorization: Bearer …`, the scheme's name in any case (RFC 9110).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim_start();
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// `Set-Cookie` value for the session (or, with `None`, for removing it).
pub fn session_cookie(state: &AppState, token: Option<&str>) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    match token {
        Some(t) => format!("{SESSION_COOKIE}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECONDS}{secure}"),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// `Set-Cookie` value marking this browser as known to the user who just signed in.
pub fn device_cookie(state: &AppState, token: &str) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let max_age = gongkai_store::sessions::DEVICE_SECONDS;
    format!("{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// Constant-time comparison of two tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The signed-in person on a back-office page; anonymous visitors are sent to log in.
pub struct PageUser {
    pub session: Session,
    pub actor: Actor,
    /// The raw session token, for logging out.
    pub token: String,
}

impl PageUser {
    /// Every state-changing form carries the session's CSRF token.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        if same_token(&self.session.csrf_token, submitted) {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthenticated)?.to_owned();
        let session = state.store.session(&token, SessionKind::Web).await?.ok_or(AppError::Unauthenticated)?;
        check_own_password(&session.user, parts)?;
        let actor = session.user.actor()?;
        Ok(PageUser { session, actor, token })
    }
}

/// The API caller, identified by `Authorization: Bearer <token>`. Cookies are not accepted
/// here, so the API needs no CSRF token.
pub struct ApiUser(pub Actor);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let session = state.store.session(token, SessionKind::Api).await?.ok_or(AppError::Unauthenticated)?;
        check_own_password(&session.user, parts)?;
        Ok(ApiUser(session.user.actor()?))
    }
}

/// `Option<ApiUser>`: none without an `Authorization` header, the caller with a valid one,
/// and 401 for one that is not (a bad token is not quietly the public).
impl OptionalFromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        if parts.headers.get(AUTHORIZATION).is_none() {
            return Ok(None);
        }
        <ApiUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(Some)
    }
}

/// What an account signed in with a one-time password may do: choose its own password,
/// and leave. Everything else waits until it has.
const BEFORE_OWN_PASSWORD: &[(&str, &str)] = &[
    ("PUT", "/api/v1/session/password"),
    ("DELETE", "/api/v1/session"),
    ("GET", "/admin/password"),
    ("POST", "/admin/password"),
    ("POST", "/admin/logout"),
];

fn check_own_password(user: &User, parts: &Parts) -> Result<(), AppError> {
    // Under `/api/v1` the router sees the path without its prefix; the original has it.
    let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |o| o.0.path());
    let allowed = BEFORE_OWN_PASSWORD.iter().any(|&(method, p)| parts.method == method && path == p);
    if user.must_change_password && !allowed {
        Err(AppError::PasswordChangeRequired)
    } else {
        Ok(())
    }
}

/// Whoever sent the request, if signed in: by the back office's cookie or by a bearer
/// token. A missing or stale credential is simply the public, and so is an account that
/// has not yet replaced its one-time password.
pub async fn optional_viewer(state: &AppState, headers: &HeaderMap) -> Result<Option<Actor>, AppError> {
    let session = match (cookie(headers, SESSION_COOKIE), bearer_token(headers)) {
        (Some(token), _) => state.store.session(token, SessionKind::Web).await?,
        (None, Some(token)) => state.store.session(token, SessionKind::Api).await?,
        (None, None) => None,
    };
    session.filter(|s| !s.user.must_change_password).map(|s| s.user.actor()).transpose().map_err(AppError::from)
}
