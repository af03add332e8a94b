//! The `chatlane` binary's subcommands, run as a user would, on a temporary data folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chatlane-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn chatlane(dir: &PathBuf, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chatlane"))
        .args(args)
        .env("CHATLANE_DATA_DIR", dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the chatlane binary starts");
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
    }
    child
        .wait_with_output()
        .expect("the chatlane binary finishes")
}

#[test]
fn demo_prints_the_same_credentials_every_run() {
    let dir = data_dir("demo");
    let first = chatlane(&dir, &["demo"], None);
    let second = chatlane(&dir, &["demo"], None);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = String::from_utf8_lossy(&first.stdout).to_string();
    assert_eq!(
        text,
        "team: acme-support\nadmin: admin@acme.example chatlane-admin\nagent: agent@acme.example chatlane-agent\n"
    );
    assert_eq!(text, String::from_utf8_lossy(&second.stdout));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn create_admin_reads_the_password_from_stdin_and_refuses_a_short_one() {
    let dir = data_dir("admin");
    let ok = chatlane(
        &dir,
        &[
            "create-admin",
            "--email",
            "Boss@Example.com",
            "--team",
            "Night Shift",
            "--password-stdin",
        ],
        Some("long enough secret\n"),
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout),
        "admin: boss@example.com in team night-shift\n"
    );

    let short = chatlane(
        &dir,
        &[
            "create-admin",
            "--email",
            "x@example.com",
            "--team",
            "night-shift",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!short.status.success());
    assert!(
        String::from_utf8_lossy(&short.stderr).contains("Use at least 8 characters."),
        "{}",
        String::from_utf8_lossy(&short.stderr)
    );

    let status = chatlane(&dir, &["migrate", "status"], None);
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("applied  m20261122_000004_conversations")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bad_setting_is_reported_by_name_without_a_panic() {
    let dir = data_dir("bad");
    let out = Command::new(env!("CARGO_BIN_EXE_chatlane"))
        .args(["migrate"])
        .env("CHATLANE_DATA_DIR", &dir)
        .env("CHATLANE_ADDR", "not-an-address")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error: CHATLANE_ADDR"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether `token` authenticates against the data folder's database right now.
fn token_works(dir: &std::path::Path, token: &str) -> bool {
    let url = format!("sqlite://{}/chatlane.db?mode=rwc", dir.display());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let db = backend::db::connect(&url).await.expect("open the database");
        backend::auth::ApiTokenService::authenticate(&db, token)
            .await
            .is_ok()
    })
}

#[test]
fn token_create_prints_a_working_token_and_revoke_ends_it() {
    let dir = data_dir("token");
    assert!(chatlane(&dir, &["demo"], None).status.success());
    let created = chatlane(
        &dir,
        &[
            "token",
            "create",
            "--team",
            "acme-support",
            "--email",
            "agent@acme.example",
            "--name",
            "Nightly export",
        ],
        None,
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let token = String::from_utf8_lossy(&created.stdout).trim().to_string();
    assert!(
        token.starts_with("chl_"),
        "stdout is the token alone: {token}"
    );
    assert!(String::from_utf8_lossy(&created.stderr).contains("shown only now"));
    assert!(token_works(&dir, &token));

    let id = token
        .trim_start_matches("chl_")
        .split('_')
        .next()
        .unwrap_or_default()
        .to_string();
    let revoked = chatlane(&dir, &["token", "revoke", &id], None);
    assert!(revoked.status.success());
    assert!(!token_works(&dir, &token));
    let again = chatlane(&dir, &["token", "revoke", &id], None);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("no active token"));

    let stranger = chatlane(
        &dir,
        &[
            "token",
            "create",
            "--team",
            "acme-support",
            "--email",
            "nobody@acme.example",
            "--name",
            "x",
        ],
        None,
    );
    assert!(!stranger.status.success());
    assert!(String::from_utf8_lossy(&stranger.stderr).contains("no user with email"));
    let _ = std::fs::remove_dir_all(dir);
}
