//! Redemptions from the API written in groups. Each request is checked on its own (its
//! shop, its voucher's signature, state and validity, its basket) and then queued; one
//! writer per database takes what is queued — up to [`GROUP_MAX`], without waiting for
//! more, so an idle server writes a lone purchase at once — and writes the whole group in
//! one transaction, each purchase with its own transfer, redemption, event and
//! idempotency answer, as a purchase written alone has them (`write.rs`). The commit is
//! the cost that grouping shares: one commit, and one statement per table, for the group.

mod store;
mod write;

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, OnceLock};

use axum::response::Response;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

pub use write::write_group;

use super::error::VoucherError;
use super::keys::KeyRing;
use super::model::{Item, NewRedemption, Voucher};
use super::redeem::{self, Spend};
use super::shops::ShopCache;
use crate::auth::Principal;
use crate::db::Db;
use crate::events::Actor;
use crate::http::AppError;
use crate::http::idempotency::Inline;
use crate::merchants::store::Stored;

/// Most purchases in one transaction. A group's statements bind a few values per purchase,
/// far inside either engine's limit; a larger group would make the purchases at its end
/// wait longer for the commit without sharing it much further.
const GROUP_MAX: usize = 64;
/// Most purchases waiting for the writer; a request past it waits to be queued.
const QUEUE_MAX: usize = 4_096;

/// A purchase checked and waiting to be written, with the key that makes it happen once.
pub struct Purchase {
    pub inline: Inline,
    pub actor: Actor,
    pub shop: Arc<Stored>,
    pub voucher: Voucher,
    /// The basket, its descriptions cleaned.
    pub items: Vec<Item>,
    pub total: i64,
    pub request_id: Option<String>,
    pub now: OffsetDateTime,
}

impl Purchase {
    /// Checks a request as a purchase written alone is checked (everything but the
    /// voucher's balance, which the group's transaction meets).
    pub async fn check(
        db: &Db,
        keys: &KeyRing,
        shops: &ShopCache,
        caller: &Principal,
        mut input: NewRedemption,
        inline: Inline,
        now: OffsetDateTime,
    ) -> Result<Self, (Inline, VoucherError)> {
        let checked = async {
            let shop = shops.own_shop(db, caller).await?;
            let voucher = redeem::find(db, keys, &input.voucher).await?;
            redeem::check_voucher(&voucher, &shop.merchant, now)?;
            let total = redeem::check_items(&mut input.items, &voucher, &shop.merchant)?;
            Ok((shop, voucher, total))
        };
        match checked.await {
            Ok((shop, voucher, total)) => Ok(Self {
                inline,
                actor: caller.actor.clone(),
                shop,
                voucher,
                items: input.items,
                total,
                request_id: None,
                now,
            }),
            Err(err) => Err((inline, err)),
        }
    }

    /// The purchase as the single-purchase path writes it.
    pub fn spend(&self) -> Spend<'_> {
        Spend {
            actor: &self.actor,
            shop: &self.shop,
            voucher: &self.voucher,
            items: &self.items,
            total: self.total,
            request_id: self.request_id.clone(),
        }
    }
}

/// A purchase in the queue with the request waiting for its answer.
struct Job {
    purchase: Purchase,
    answer: oneshot::Sender<Result<Response, AppError>>,
}

/// The redemptions of one database: its shops kept, and its writer, started on first use.
pub struct Redemptions {
    db: Db,
    pub shops: Arc<ShopCache>,
    queue: OnceLock<mpsc::Sender<Job>>,
}

impl Redemptions {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            shops: Arc::new(ShopCache::default()),
            queue: OnceLock::new(),
        }
    }

    fn queue(&self) -> &mpsc::Sender<Job> {
        self.queue.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(QUEUE_MAX);
            tokio::spawn(writer(self.db.clone(), self.shops.clone(), receiver));
            sender
        })
    }

    /// Spends a voucher at the caller's shop once per idempotency key: checks the
    /// request, queues it, and answers what its group's transaction did. A request
    /// refused by its checks whose key was used before answers as it did the first time.
    pub async fn redeem(
        &self,
        keys: &KeyRing,
        caller: &Principal,
        input: NewRedemption,
        inline: Inline,
        request_id: Option<String>,
        now: OffsetDateTime,
    ) -> Result<Response, AppError> {
        let db = &self.db;
        let purchase =
            match Purchase::check(db, keys, &self.shops, caller, input, inline, now).await {
                Ok(purchase) => Purchase {
                    request_id,
                    ..purchase
                },
                Err((inline, err)) => {
                    return match inline.earlier(db).await? {
                        Some(earlier) => Ok(earlier),
                        None => Err(err.into()),
                    };
                }
            };
        let (answer, answered) = oneshot::channel();
        let stopped = || AppError::Internal(anyhow::anyhow!("the redemption writer stopped"));
        self.queue()
            .send(Job { purchase, answer })
            .await
            .map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

/// The writer: takes what is queued, a group at a time, and writes it. A purchase whose
/// key is already in the group waits for the next one, where it meets the first's answer.
async fn writer(db: Db, shops: Arc<ShopCache>, mut receiver: mpsc::Receiver<Job>) {
    let mut waiting: VecDeque<Job> = VecDeque::new();
    loop {
        let first = match waiting.pop_front() {
            Some(job) => job,
            None => match receiver.recv().await {
                Some(job) => job,
                None => return,
            },
        };
        let mut keys: HashSet<(String, String)> = HashSet::new();
        let mut later = VecDeque::new();
        let mut group = Vec::with_capacity(GROUP_MAX);
        let mut next = Some(first);
        while let Some(job) = next.take() {
            let (caller, key) = job.purchase.inline.identity();
            if keys.insert((caller.to_owned(), key.to_owned())) {
                group.push(job);
            } else {
                later.push_back(job);
            }
            if group.len() < GROUP_MAX {
                next = waiting.pop_front().or_else(|| receiver.try_recv().ok());
            }
        }
        waiting.extend(later);
        let (purchases, answers): (Vec<Purchase>, Vec<_>) =
            group.into_iter().map(|j| (j.purchase, j.answer)).unzip();
        let written = write_group(&db, &shops, &purchases).await;
        for (answer, result) in answers.into_iter().zip(written) {
            // A request that gave up waiting finds its stored answer when sent again.
            let _ = answer.send(result);
        }
    }
}
