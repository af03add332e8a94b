//! `TokenReader`: the REST API's token check. On an SQLite file it reads on connections held out
//! of the pool; what it decides must stay exactly what `ApiTokenService::authenticate` decides,
//! including for changes another process (the CLI) commits between two requests.

use crate::support::{PASSWORD, World, on_every_database, state, world};
use backend::DatabaseConnection;
use backend::auth::{ApiTokenService, CreatedApiToken, TokenReader};
use backend::db;
use backend::entities::team_member;
use backend::error::ServiceError;
use backend::services::contacts::{ContactService, NewContact};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// A migrated SQLite file with a team, the server's pool and reader on it, a second independent
/// pool (as the CLI would open), and one token.
struct FileSetup {
    _dir: tempfile::TempDir,
    /// A second pool on the same file, as the CLI would open.
    cli: DatabaseConnection,
    world: World,
    token: CreatedApiToken,
    reader: TokenReader,
}

/// [`FileSetup`] in team `slug`, the token acting as its admin or (`as_agent`) its agent.
async fn on_a_file(slug: &str, as_agent: bool) -> FileSetup {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/chatlane.db?mode=rwc", dir.path().display());
    let server = db::connect(&url).await.expect("server pool");
    db::migrate(&server).await.expect("migrate");
    let cli = db::connect(&url).await.expect("second pool");
    let world = world(&server, slug).await;
    let who = if as_agent { world.agent } else { world.admin };
    let token = ApiTokenService::create_for(&server, who.team_id, who.user_id, "zap")
        .await
        .expect("token");
    FileSetup {
        _dir: dir,
        cli,
        world,
        token,
        reader: TokenReader::new(server),
    }
}

fn new_contact(email: &str) -> NewContact {
    NewContact {
        name: "Pat Poller".into(),
        email: email.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_token_revoked_by_another_process_is_refused_on_the_next_check() {
    let f = on_a_file("reader-revoke", false).await;

    let first = f.reader.authenticate(&f.token.plain).await.expect("valid");
    assert_eq!(first.actor, f.world.admin);

    ApiTokenService::revoke_by_id(&f.cli, f.token.token.id)
        .await
        .expect("revoke from the other pool");
    assert!(matches!(
        f.reader.authenticate(&f.token.plain).await,
        Err(ServiceError::Unauthenticated)
    ));
}

#[tokio::test]
async fn held_connections_read_what_another_process_committed_just_before() {
    let f = on_a_file("reader-fresh", true).await;
    let before = f.reader.authenticate(&f.token.plain).await.expect("valid");

    ContactService::create(
        &state(&f.cli),
        f.world.agent.team_id,
        new_contact("new@example.com"),
    )
    .await
    .expect("contact from the other pool");
    let after = f.reader.authenticate(&f.token.plain).await.expect("valid");
    assert!(
        after.data_generation > before.data_generation,
        "the check must see the other pool's write: {} then {}",
        before.data_generation,
        after.data_generation
    );

    // The token's user leaves the team: the same token now only learns that it lost its team.
    team_member::Entity::delete_many()
        .filter(team_member::Column::TeamId.eq(f.world.agent.team_id))
        .filter(team_member::Column::UserId.eq(f.world.agent.user_id))
        .exec(&f.cli)
        .await
        .expect("remove membership");
    assert!(matches!(
        f.reader.authenticate(&f.token.plain).await,
        Err(ServiceError::TeamAccessDenied)
    ));
}

#[tokio::test]
async fn wrong_secrets_and_malformed_tokens_are_refused_without_telling_them_apart() {
    let f = on_a_file("reader-wrong", false).await;
    let (prefix, _secret) = f.token.plain.rsplit_once('_').expect("chl_<id>_<secret>");
    for presented in [
        format!("{prefix}_{}", "x".repeat(43)),
        "chl_999999_abc".to_string(),
        "not a token".to_string(),
        PASSWORD.to_string(),
    ] {
        assert!(
            matches!(
                f.reader.authenticate(&presented).await,
                Err(ServiceError::Unauthenticated)
            ),
            "{presented} must be refused"
        );
    }
}

#[tokio::test]
async fn many_checks_at_once_all_succeed_on_the_few_held_connections() {
    let f = on_a_file("reader-busy", false).await;
    let checks = (0..40).map(|_| {
        let reader = f.reader.clone();
        let plain = f.token.plain.clone();
        tokio::spawn(async move { reader.authenticate(&plain).await })
    });
    for check in futures_util::future::join_all(checks).await {
        let actor = check.expect("task").expect("valid").actor;
        assert_eq!(actor, f.world.admin);
    }
}

#[tokio::test]
async fn on_every_database_the_reader_decides_as_the_service_does() {
    on_every_database(async |db| {
        let w = world(&db, "reader-same").await;
        let created = ApiTokenService::create_for(&db, w.admin.team_id, w.admin.user_id, "zap")
            .await
            .expect("token");
        let reader = TokenReader::new(db.clone());
        let through_reader = reader.authenticate(&created.plain).await.expect("valid");
        let through_service = ApiTokenService::authenticate(&db, &created.plain)
            .await
            .expect("valid");
        assert_eq!(through_reader, through_service);
        ApiTokenService::revoke_by_id(&db, created.token.id)
            .await
            .expect("revoke");
        assert!(matches!(
            reader.authenticate(&created.plain).await,
            Err(ServiceError::Unauthenticated)
        ));
    })
    .await;
}
