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
