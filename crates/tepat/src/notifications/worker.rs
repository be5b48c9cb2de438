//! The worker: takes due messages from the outbox in batches, delivers each through its
//! channel's provider, and records the outcome — sent, or tried again later with back-off,
//! or given up on as a dead letter after `backoff::ATTEMPTS_MAX` attempts. `tepat serve`
//! and `tepat demo` run it every `TEPAT_NOTIFY_INTERVAL_SECONDS`; `tepat notifications
//! deliver` runs one round. Time comes in from the caller, so tests move a manual clock.

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use super::backoff;
use super::provider::{Outgoing, Providers};
use super::store::{self, Claimed};
use super::template;
use crate::clock::Clock;
use crate::db::{Db, StoreError};

/// Messages one worker takes at a time: a round of slow providers stays within the lease.
pub const BATCH_MAX: u32 = 50;

/// How long a claimed message stays the worker's: longer than a batch of provider calls at
/// their time limits takes (50 × 20 s of SMTP is under 17 minutes), so that no other
/// worker sends it twice meanwhile.
pub const LEASE: time::Duration = time::Duration::minutes(30);

/// Rounds one `deliver_all` runs at most, so a queue that keeps filling cannot hold it.
const ROUNDS_MAX: usize = 100;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Round {
    pub sent: usize,
    /// Failed and scheduled again.
    pub retried: usize,
    /// Failed for the last time: now dead letters.
    pub dead: usize,
}

impl Round {
    pub fn claimed(&self) -> usize {
        self.sent + self.retried + self.dead
    }
}

/// One round: claims up to `BATCH_MAX` due messages at `now` and delivers them.
pub async fn deliver_once(
    db: &Db,
    providers: &Providers,
    now: OffsetDateTime,
) -> Result<Round, StoreError> {
    let claimed = store::claim(db, now, now + LEASE, BATCH_MAX).await?;
    let mut round = Round::default();
    for message in &claimed {
        let outgoing = outgoing(message, &providers.public_url);
        let provider = providers.of(&message.channel);
        match provider.deliver(&outgoing).await {
            Ok(()) => {
                if store::mark_sent(db, message, now).await? {
                    round.sent += 1;
                }
                metrics::counter!("notifications_sent_total", "provider" => provider.name())
                    .increment(1);
            }
            Err(err) => {
                let attempts = message.attempts + 1;
                let dead = backoff::exhausted(attempts);
                tracing::warn!(
                    notification = message.id,
                    provider = provider.name(),
                    attempts,
                    dead,
                    error = %err,
                    "notification not delivered"
                );
                let outcome = if dead { "dead" } else { "retry" };
                let labels = [("provider", provider.name()), ("outcome", outcome)];
                metrics::counter!("notifications_failed_total", &labels).increment(1);
                let next = now + backoff::delay(attempts);
                if store::mark_failed(db, message, &err.0, next, dead).await? {
                    if dead {
                        round.dead += 1;
                    } else {
                        round.retried += 1;
                    }
                }
            }
        }
    }
    Ok(round)
}

/// Rounds until nothing is due at `now` (at most `ROUNDS_MAX`), summed.
pub async fn deliver_all(
    db: &Db,
    providers: &Providers,
    now: OffsetDateTime,
) -> Result<Round, StoreError> {
    let mut total = Round::default();
    for _ in 0..ROUNDS_MAX {
        let round = deliver_once(db, providers, now).await?;
        total.sent += round.sent;
        total.retried += round.retried;
        total.dead += round.dead;
        if round.claimed() < BATCH_MAX as usize {
            break;
        }
    }
    Ok(total)
}

fn outgoing(message: &Claimed, public_url: &str) -> Outgoing {
    Outgoing {
        id: message.id,
        kind: message.kind.clone(),
        channel: message.channel.clone(),
        to: message.address.clone(),
        subject: message.subject.clone(),
        text: template::text(&message.body, public_url, &message.link),
        link: template::link(public_url, &message.link),
    }
}

/// Delivers every `seconds` (none when 0) in the background. A round that fails (the
/// database away) is logged and tried again next time; requests never wait for it.
pub fn start(
    db: Db,
    clock: Arc<dyn Clock>,
    providers: Arc<Providers>,
    seconds: u32,
) -> Option<tokio::task::JoinHandle<()>> {
    if seconds == 0 {
        return None;
    }
    let every = Duration::from_secs(u64::from(seconds));
    Some(tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            match deliver_all(&db, &providers, clock.now()).await {
                Ok(round) if round.claimed() == 0 => {}
                Ok(round) => tracing::info!(
                    sent = round.sent,
                    retried = round.retried,
                    dead = round.dead,
                    "notifications delivered"
                ),
                Err(err) => tracing::warn!(error = %err, "notification round failed"),
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::provider::{smtp, webhook};

    #[test]
    fn a_lease_outlasts_a_batch_at_the_slowest_provider() {
        let slowest = smtp::TIMEOUT.max(webhook::TIMEOUT);
        let batch = slowest * BATCH_MAX;
        assert!(LEASE.unsigned_abs() > batch, "{LEASE} against {batch:?}");
    }
}
