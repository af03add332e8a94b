//! The real `chatlane` binary as a user runs it: subcommands on a data folder (and optionally a
//! PostgreSQL database), and `serve` on a free port, stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where a binary's data lives: a data folder, and the database (the folder's SQLite file
/// unless `database_url` names one).
#[derive(Clone)]
pub struct Install {
    pub dir: PathBuf,
    pub database_url: Option<String>,
}

impl Install {
    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_chatlane"));
        c.env("CHATLANE_DATA_DIR", &self.dir)
            .env("RUST_LOG", "error");
        match &self.database_url {
            Some(url) => c.env("DATABASE_URL", url),
            None => c.env_remove("DATABASE_URL"),
        };
        c
    }

    /// Runs a subcommand to completion; panics with its stderr when it fails.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("chatlane runs");
        assert!(
            out.status.success(),
            "chatlane {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Migrates, seeds the demo and returns an API token of the demo admin.
    pub fn demo_with_token(&self) -> String {
        self.run(&["migrate"]);
        self.run(&["demo"]);
        self.admin_token("test")
    }

    /// Another API token of the demo admin, named `name`.
    pub fn admin_token(&self, name: &str) -> String {
        self.run(&[
            "token",
            "create",
            "--team",
            "acme-support",
            "--email",
            "admin@acme.example",
            "--name",
            name,
        ])
        .trim()
        .to_string()
    }

    /// Starts `chatlane serve` on a free port with `vars` set.
    pub fn serve(&self, vars: &[(&str, &str)]) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let child = self
            .command()
            .arg("serve")
            .env("CHATLANE_ADDR", format!("127.0.0.1:{port}"))
            .envs(vars.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        Served {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// A running `chatlane serve`, killed when dropped.
pub struct Served {
    pub child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

impl Served {
    /// Waits until `/healthz` answers 200 (at most 30 s).
    pub async fn healthy(&self, client: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not become healthy");
    }

    /// Kills the process (SIGKILL) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A client for loopback servers (no proxy).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

/// A temporary data folder's install on SQLite.
pub fn sqlite_install(dir: &Path) -> Install {
    Install {
        dir: dir.to_path_buf(),
        database_url: None,
    }
}

/// A new, empty PostgreSQL database on the server `DATABASE_URL_TEST_PG` names (`None` without
/// it); [`remove`](Self::remove) drops it.
pub struct PgDatabase {
    /// Its URL.
    pub url: String,
    admin_url: String,
    name: String,
}

impl PgDatabase {
    /// Creates `<prefix>_<pid>_<nanos>`.
    pub async fn create(prefix: &str) -> Option<PgDatabase> {
        use sea_orm::ConnectionTrait;
        let admin_url = std::env::var("DATABASE_URL_TEST_PG")
            .ok()
            .filter(|u| !u.is_empty())?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("{prefix}_{}_{nanos}", std::process::id());
        let admin = backend::db::connect(&admin_url)
            .await
            .expect("DATABASE_URL_TEST_PG is set but the server does not answer");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create database");
        let _ = admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        Some(PgDatabase {
            url: format!("{base}/{name}"),
            admin_url: admin_url.clone(),
            name,
        })
    }

    /// Drops the database (closing whatever is still connected).
    pub async fn remove(self) {
        use sea_orm::ConnectionTrait;
        if let Ok(admin) = backend::db::connect(&self.admin_url).await {
            let _ = admin
                .execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                ))
                .await;
            let _ = admin.close().await;
        }
    }
}
