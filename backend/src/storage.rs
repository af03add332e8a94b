//! Attachment files under `<data>/attachments/`: downloaded from `file_urls` through the guarded
//! downloads client (its own destination rules: public addresses, plus only what
//! `CHATLANE_DOWNLOAD_ALLOW` names) and streamed straight to disk under the size cap, stored under
//! random names (never a name a user chose), read back for downloads and for drivers that send
//! them.

use crate::outbound::{Limits, OutboundClient, OutboundError, OutboundRequest};
use rand::RngCore;
use std::path::{Path, PathBuf};

/// Longest stored file name.
pub const FILE_NAME_MAX: usize = 255;
/// Most `file_urls` in one message.
pub const FILE_URLS_MAX: usize = 10;

/// Where attachment files live.
#[derive(Debug, Clone)]
pub struct AttachmentStore {
    dir: PathBuf,
}

/// A file fetched from a URL and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// The URL's last path segment, else `attachment`.
    pub file_name: String,
    /// From `Content-Type` (parameters dropped), else `application/octet-stream`.
    pub content_type: String,
    /// Its size in bytes (at most 10 MiB).
    pub size: usize,
    /// Where it is stored.
    pub key: String,
}

impl AttachmentStore {
    /// A store in `<data_dir>/attachments` (created on first write).
    pub fn new(data_dir: &Path) -> Self {
        AttachmentStore {
            dir: data_dir.join("attachments"),
        }
    }

    /// Fetches `url` with the download limits (10 MiB, 30 s, no redirects) through `downloads`
    /// and stores it under a new key; nothing is kept when it fails.
    pub async fn download(
        &self,
        downloads: &OutboundClient,
        url: &str,
    ) -> Result<Downloaded, OutboundError> {
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| OutboundError::Storage(e.to_string()))?;
        let key = new_key();
        let path = self.dir.join(&key);
        let request = OutboundRequest {
            method: reqwest::Method::GET,
            url: url.to_string(),
            headers: Vec::new(),
            body: None,
            body_secret: false,
        };
        let response = downloads
            .send_to_file(request, Limits::download(), &path)
            .await?;
        if !(200..300).contains(&response.status) {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(OutboundError::Status {
                status: response.status,
                reason: None,
                retry_after: None,
            });
        }
        let content_type = response
            .content_type
            .as_deref()
            .and_then(|c| c.split(';').next())
            .map(str::trim)
            .filter(|c| !c.is_empty() && c.len() <= 255 && c.is_ascii())
            .unwrap_or("application/octet-stream")
            .to_ascii_lowercase();
        Ok(Downloaded {
            file_name: file_name_from_url(&response.final_url),
            content_type,
            size: response.size,
            key,
        })
    }

    /// Writes `bytes` under a new random key and returns the key.
    pub async fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let key = new_key();
        tokio::fs::write(self.dir.join(&key), bytes).await?;
        Ok(key)
    }

    /// Reads a stored file.
    pub async fn get(&self, key: &str) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.path(key)?).await
    }

    /// Removes stored files (best effort: used to undo a write whose row was never committed).
    pub async fn remove_all(&self, keys: &[String]) {
        for key in keys {
            if let Ok(path) = self.path(key) {
                let _ = tokio::fs::remove_file(path).await;
            }
        }
    }

    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        // Keys are ours (hex), but a row is still input: never let it walk out of the folder.
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "bad attachment key",
            ));
        }
        Ok(self.dir.join(key))
    }
}

/// A new random storage key (32 hex digits).
fn new_key() -> String {
    let mut raw = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

/// The last non-empty path segment of `url`, percent-decoded, cleaned of path separators and
/// control characters, at most 255 characters; `attachment` when there is none.
pub fn file_name_from_url(url: &str) -> String {
    let segment = url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.path_segments()
                .and_then(|mut s| s.rfind(|p| !p.is_empty()).map(str::to_string))
        })
        .unwrap_or_default();
    let decoded: String =
        url::form_urlencoded::parse(format!("n={}", segment.replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
    let cleaned: String = decoded
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(FILE_NAME_MAX)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "attachment".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_last_segment_and_cannot_escape() {
        assert_eq!(
            file_name_from_url("https://x.example/files/Invoice%2042.pdf?sig=1"),
            "Invoice 42.pdf"
        );
        assert_eq!(file_name_from_url("https://x.example/a/b/"), "b");
        assert_eq!(file_name_from_url("https://x.example/"), "attachment");
        assert_eq!(
            file_name_from_url("https://x.example/..%2F..%2Fetc%2Fpasswd"),
            "etcpasswd"
        );
        assert_eq!(file_name_from_url("https://x.example/a+b.txt"), "a+b.txt");
    }

    #[tokio::test]
    async fn stored_files_read_back_and_bad_keys_are_refused() {
        let dir = std::env::temp_dir().join(format!("chatlane-store-{}", std::process::id()));
        let store = AttachmentStore::new(&dir);
        let key = store.put(b"hello").await.expect("put");
        assert_eq!(store.get(&key).await.expect("get"), b"hello");
        assert!(store.get("../secret.key").await.is_err());
        store.remove_all(std::slice::from_ref(&key)).await;
        assert!(store.get(&key).await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
