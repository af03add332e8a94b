//! Login, sessions, team switching and the login rate limit, on every database.

use crate::support::{PASSWORD, limiter, on_every_database, state, world};
use backend::ServiceError;
use backend::auth::{LoginLimiter, SESSION_MAX_DAYS, SessionService};
use backend::entities::{session, team_member};
use backend::services::teams::TeamService;
use chrono::Utc;
use model::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
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

/// The attempt is reserved before the password is hashed, so 50 parallel wrong passwords
/// for one account reach Argon2 at most 5 times (the limit); the rest are refused unhashed.
#[tokio::test]
async fn fifty_parallel_wrong_passwords_reach_argon2_at_most_five_times() {
    let t = crate::support::sqlite().await;
    world(&t.db, "flood").await;
    let app = crate::support::state(&t.db).with_login_limiter(LoginLimiter::new(
        5,
        1000,
        Duration::from_secs(900),
        4,
    ));
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..50u8 {
        let app = app.clone();
        attempts.spawn(async move {
            SessionService::login(
                &app,
                "admin@flood.example",
                "guess",
                IpAddr::from([198, 51, 100, i]),
                None,
            )
            .await
        });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(outcome) = attempts.join_next().await {
        match outcome.expect("task") {
            Err(ServiceError::BadCredentials) => checked += 1,
            Err(ServiceError::RateLimited { retry_after_secs }) if retry_after_secs > 0 => {
                refused += 1
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!((1..=5).contains(&checked), "{checked} reached Argon2");
    assert_eq!(checked + refused, 50);
    t.finish().await;
}

/// An attacker who locks an account does not lock its owner out of a browser that signed
/// in before (its device cookie), and IPv6 addresses count by their /64.
#[tokio::test]
async fn a_locked_account_still_lets_its_owner_in_from_a_known_browser() {
    let t = crate::support::sqlite().await;
    world(&t.db, "device").await;
    let app = crate::support::state(&t.db).with_login_limiter(LoginLimiter::new(
        3,
        1000,
        Duration::from_secs(900),
        2,
    ));
    let email = "admin@device.example";
    let home = IpAddr::from([203, 0, 113, 10]);
    let known = SessionService::login(&app, email, PASSWORD, home, None)
        .await
        .expect("the owner signs in once")
        .device_cookie;
    for _ in 0..3 {
        let r = SessionService::login(&app, email, "guess", IpAddr::from([198, 51, 100, 1]), None)
            .await;
        assert!(matches!(r, Err(ServiceError::BadCredentials)), "{r:?}");
    }
    let stranger = SessionService::login(&app, email, PASSWORD, home, None).await;
    assert!(
        matches!(stranger, Err(ServiceError::RateLimited { .. })),
        "without the device cookie the account is locked: {stranger:?}"
    );
    let forged = SessionService::login(&app, email, PASSWORD, home, Some("v1.forged:AAAA")).await;
    assert!(matches!(forged, Err(ServiceError::RateLimited { .. })));
    let owner = SessionService::login(&app, email, PASSWORD, home, Some(&known)).await;
    assert!(owner.is_ok(), "the known browser gets in: {owner:?}");

    // One IPv6 subscriber (a /64) is one address for the per-address limit.
    let per_address = crate::support::state(&t.db).with_login_limiter(LoginLimiter::new(
        100,
        2,
        Duration::from_secs(900),
        2,
    ));
    for host in ["2001:db8:7:7::1", "2001:db8:7:7::2"] {
        let host: IpAddr = host.parse().expect("ipv6");
        let r = SessionService::login(&per_address, "x@device.example", "guess", host, None).await;
        assert!(matches!(r, Err(ServiceError::BadCredentials)), "{r:?}");
    }
    let third: IpAddr = "2001:db8:7:7:ffff::3".parse().expect("ipv6");
    let r = SessionService::login(&per_address, email, PASSWORD, third, None).await;
    assert!(matches!(r, Err(ServiceError::RateLimited { .. })), "{r:?}");
    t.finish().await;
}

/// A session ends at its absolute lifetime however often it is used, when the user's
/// password changes, and when the user leaves the session's team.
#[tokio::test]
async fn sessions_end_at_their_absolute_lifetime_on_password_change_and_on_leaving_the_team() {
    on_every_database(async |db| {
        let w = world(&db, "sessions").await;
        let app = crate::support::state(&db);
        let local = IpAddr::from([127, 0, 0, 1]);
        let open = async |email: &str| {
            SessionService::login(&app, email, PASSWORD, local, None)
                .await
                .expect("login")
                .session_token
        };

        // Used every hour, a session still ends SESSION_MAX_DAYS after it was opened.
        let token = open("admin@sessions.example").await;
        let row = session::Entity::find()
            .one(&db)
            .await
            .expect("query")
            .expect("session");
        let mut old: session::ActiveModel = row.into();
        let now = Utc::now();
        old.created_at =
            Set(now - chrono::Duration::days(SESSION_MAX_DAYS) - chrono::Duration::hours(1));
        old.last_seen_at = Set(now - chrono::Duration::minutes(5));
        old.expires_at = Set(now + chrono::Duration::days(20));
        old.update(&db).await.expect("age it");
        assert!(matches!(
            SessionService::resolve(&db, &token).await,
            Err(ServiceError::Unauthenticated)
        ));

        // A new password signs out everyone who knew the old one.
        let token = open("admin@sessions.example").await;
        assert!(SessionService::resolve(&db, &token).await.is_ok());
        TeamService::upsert_user(
            &db,
            "admin@sessions.example",
            "Admin",
            "a brand new passphrase",
        )
        .await
        .expect("new password");
        assert!(matches!(
            SessionService::resolve(&db, &token).await,
            Err(ServiceError::Unauthenticated)
        ));

        // Leaving the team ends the session in it, and its row.
        let token = open("agent@sessions.example").await;
        assert!(SessionService::resolve(&db, &token).await.is_ok());
        team_member::Entity::delete_many()
            .filter(team_member::Column::UserId.eq(w.agent.user_id))
            .exec(&db)
            .await
            .expect("remove");
        assert!(matches!(
            SessionService::resolve(&db, &token).await,
            Err(ServiceError::Unauthenticated)
        ));
        let left = session::Entity::find()
            .filter(session::Column::UserId.eq(w.agent.user_id))
            .count(&db)
            .await
            .expect("count");
        assert_eq!(left, 0);
    })
    .await;
}
