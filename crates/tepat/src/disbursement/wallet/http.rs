//! The HTTP-JSON e-wallet provider: `POST {url}/batches` with the batch (header
//! `Idempotency-Key` = the batch id, bearer token), answered with the batch's statuses;
//! `GET {url}/batches/{id}` answers the same later. Bodies:
//! `{"batch": "TEPAT-7-dana", "payments": [{"id": "41", "wallet": "081234567890",
//! "name": "SITI", "amount": 600000}]}` and
//! `{"batch": "TEPAT-7-dana", "statuses": [{"id": "41", "status": "paid"}]}`.

use std::time::Duration;

use super::{ProviderError, WalletBatch, WalletPayment};

/// How long one call to the provider may take.
const TIMEOUT: Duration = Duration::from_secs(30);

pub struct HttpProvider {
    url: String,
    token: String,
    client: reqwest::Client,
}

#[derive(serde::Serialize)]
struct Sent<'a> {
    batch: &'a str,
    payments: &'a [WalletPayment],
}

impl HttpProvider {
    pub fn new(url: &str, token: &str) -> Result<Self, ProviderError> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| ProviderError(e.to_string()))?;
        Ok(Self {
            url: url.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
            client,
        })
    }

    pub async fn send(
        &self,
        batch: &str,
        payments: &[WalletPayment],
    ) -> Result<WalletBatch, ProviderError> {
        let body = serde_json::to_vec(&Sent { batch, payments })
            .map_err(|e| ProviderError(e.to_string()))?;
        let response = self
            .client
            .post(format!("{}/batches", self.url))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", batch)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| ProviderError(e.to_string()))?;
        read(response, batch).await
    }

    /// The provider's current answer about a batch sent earlier.
    pub async fn poll(&self, batch: &str) -> Result<WalletBatch, ProviderError> {
        let response = self
            .client
            .get(format!("{}/batches/{batch}", self.url))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| ProviderError(e.to_string()))?;
        read(response, batch).await
    }
}

async fn read(response: reqwest::Response, batch: &str) -> Result<WalletBatch, ProviderError> {
    let status = response.status();
    if !status.is_success() {
        return Err(ProviderError(format!("answered {status}")));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| ProviderError(e.to_string()))?;
    let answer: WalletBatch = serde_json::from_slice(&bytes)
        .map_err(|e| ProviderError(format!("unreadable answer: {e}")))?;
    if answer.batch != batch {
        return Err(ProviderError(format!(
            "answered about batch {:?}, not {batch:?}",
            answer.batch
        )));
    }
    Ok(answer)
}
