//! Password hashing and checking (argon2id) on a few threads of their own. Each check
//! takes about 19 MB for a moment; run on the runtime's blocking pool, a flood of logins
//! spread those over dozens of threads, each of whose malloc arena then kept its freed
//! block, and a burst of 200 wrong logins left the server near 400 MB. Here at most
//! [`threads`] checks run at once, always on the same threads, and the rest wait in a
//! bounded queue without holding the async threads.

use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::{mpsc, oneshot};

use crate::error::AppError;

type Job = Box<dyn FnOnce() + Send>;

/// As many threads as cores, at most four: argon2 is all computation.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4)
}

static QUEUE: LazyLock<mpsc::Sender<Job>> = LazyLock::new(|| {
    let (sender, receiver) = mpsc::channel::<Job>(1024);
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..threads() {
        let receiver = receiver.clone();
        let started = std::thread::Builder::new().name(format!("password-{n}")).spawn(move || loop {
            let job = receiver.lock().unwrap_or_else(PoisonError::into_inner).blocking_recv();
            match job {
                Some(job) => job(),
                None => return,
            }
        });
        if let Err(e) = started {
            tracing::error!(error = %e, "starting a password thread failed");
        }
    }
    sender
});

async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let (reply, answer) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = reply.send(work());
    });
    QUEUE.send(job).await.map_err(|e| AppError::internal("password queue", e))?;
    answer.await.map_err(|e| AppError::internal("password thread", e))
}

/// Hashes a password with argon2id.
pub async fn hash(password: String) -> Result<String, AppError> {
    run(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|e| AppError::internal("argon2", e))
}

/// Whether `password` matches `hash`; an unusable hash (the system account's `!`) never
/// matches.
pub async fn verify(password: String, hash: String) -> Result<bool, AppError> {
    run(move || match PasswordHash::new(&hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    })
    .await
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = super::hash("correct-horse-battery".into()).await.unwrap();
        assert!(super::verify("correct-horse-battery".into(), hash.clone()).await.unwrap());
        assert!(!super::verify("wrong".into(), hash).await.unwrap());
        assert!(!super::verify("x".into(), "!".into()).await.unwrap());
    }
}
