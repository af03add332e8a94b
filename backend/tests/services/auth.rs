//! Login, sessions, team switching and the login rate limit, on every database.

use crate::support::{PASSWORD, limiter, on_every_database, state, world};
use backend::ServiceError;
use backend::auth::{LoginLimiter, SessionService};
use backend::services::teams::TeamService;
use model::Role;
use std::net::IpAddr;
use std::time::Duration;

/// A client address for tests.
pub(crate) fn ip(text: &str) -> IpAddr {
    text.parse().unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

#[tokio::test]
async fn login_opens_a_session_that_resolves_to_the_user_in_their_team() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let app = state(&db).with_login_limiter(limiter());
        let logged_in =
            SessionService::login(&app, "Admin@Acme.example ", PASSWORD, ip("127.0.0.1"), None)
                .await
                .expect("login");
        let token = logged_in.session_token;
        let signed_in = SessionService::resolve(&db, &token).await.expect("resolve");
        assert_eq!(signed_in.actor, w.admin);
        assert_eq!(signed_in.viewer.email, "admin@acme.example");
        assert!(signed_in.viewer.is_admin());

        SessionService::logout(&db, &token).await.expect("logout");
        assert!(matches!(
            SessionService::resolve(&db, &token).await,
            Err(ServiceError::Unauthenticated)
        ));
    })
    .await;
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_error_and_no_session() {
    on_every_database(async |db| {
        world(&db, "acme").await;
        let app = state(&db).with_login_limiter(limiter());
        let local = ip("127.0.0.1");
        let wrong =
            SessionService::login(&app, "admin@acme.example", "not the password", local, None)
                .await;
        let unknown =
            SessionService::login(&app, "nobody@acme.example", PASSWORD, local, None).await;
        let garbage = SessionService::login(&app, "not an email", PASSWORD, local, None).await;
        for r in [wrong, unknown, garbage] {
            assert!(matches!(r, Err(ServiceError::BadCredentials)), "{r:?}");
        }
        assert!(matches!(
            SessionService::resolve(&db, "made-up-token").await,
            Err(ServiceError::Unauthenticated)
        ));
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_with_the_right_password() {
    let t = crate::support::sqlite().await;
    world(&t.db, "acme").await;
    let app = state(&t.db).with_login_limiter(LoginLimiter::new(
        3,
        1000,
        std::time::Duration::from_secs(60),
        2,
    ));
    for _ in 0..3 {
        let r =
            SessionService::login(&app, "admin@acme.example", "bad", ip("10.0.0.1"), None).await;
        assert!(matches!(r, Err(ServiceError::BadCredentials)));
    }
    let r = SessionService::login(&app, "admin@acme.example", PASSWORD, ip("10.0.0.2"), None).await;
    assert!(
        matches!(r, Err(ServiceError::RateLimited { retry_after_secs }) if retry_after_secs > 0),
        "{r:?}"
    );
    t.finish().await;
}

#[tokio::test]
async fn a_user_switches_only_to_teams_they_belong_to() {
    on_every_database(async |db| {
        let a = world(&db, "alpha").await;
        let b = world(&db, "bravo").await;
        // The alpha admin is also an agent in bravo.
        TeamService::set_membership(&db, b.admin.team_id, a.admin.user_id, Role::Agent)
            .await
            .expect("membership");
        let app = state(&db).with_login_limiter(limiter());
        let token =
            SessionService::login(&app, "admin@alpha.example", PASSWORD, ip("127.0.0.1"), None)
                .await
                .expect("login")
                .session_token;
        let s = SessionService::resolve(&db, &token).await.expect("resolve");
        assert_eq!(s.viewer.teams.len(), 2);
        SessionService::switch_team(&db, &s, b.admin.team_id)
            .await
            .expect("switch");
        let s = SessionService::resolve(&db, &token).await.expect("resolve");
        assert_eq!(s.actor.team_id, b.admin.team_id);
        assert_eq!(
            s.actor.role,
            Role::Agent,
            "the role is the one held in the new team"
        );

        let other = world(&db, "charlie").await;
        let r = SessionService::switch_team(&db, &s, other.admin.team_id).await;
        assert!(matches!(r, Err(ServiceError::NotFound)));
    })
    .await;
}

/// A login cancelled mid-hash keeps its hashing slot until its hash ends, so cancelled
/// and new logins together never hash more passwords at once than the cap.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cancelled_logins_never_let_more_hashes_run_than_the_cap() {
    let t = crate::support::sqlite().await;
    world(&t.db, "cancel").await;
    let limiter = LoginLimiter::new(1_000, 1_000, Duration::from_secs(900), 2);
    let app = crate::support::state(&t.db).with_login_limiter(limiter.clone());
    let login = |i: u8| {
        let app = app.clone();
        tokio::spawn(async move {
            let _ = SessionService::login(
                &app,
                &format!("guess{i}@cancel.example"),
                "wrong password",
                IpAddr::from([198, 51, 100, i]),
                None,
            )
            .await;
        })
    };
    let mut most = 0;
    for round in 0..20u8 {
        let cancelled: Vec<_> = (0..4).map(|i| login(round * 8 + i)).collect();
        let started = tokio::time::Instant::now();
        while limiter.hashes_running() == 0 && started.elapsed() < Duration::from_secs(5) {
            tokio::task::yield_now().await;
        }
        assert!(
            limiter.hashes_running() > 0,
            "round {round}: no hash started"
        );
        // The clients give up mid-hash; others come at once.
        cancelled.iter().for_each(|c| c.abort());
        let fresh: Vec<_> = (4..8).map(|i| login(round * 8 + i)).collect();
        while !fresh.iter().all(|f| f.is_finished()) {
            most = most.max(limiter.hashes_running());
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
    }
    while limiter.hashes_running() > 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(most <= 2, "{most} hashes ran at once with a cap of 2");
    assert!(most >= 1, "the hashes were seen");
    t.finish().await;
}
