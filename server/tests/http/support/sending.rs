//! Helpers for tests that send messages: the teams' channels, connecting them to drivers, and
//! waiting for the background delivery to settle.

use super::{Team, TestApp};
use backend::Actor;
use backend::entities::{inbox_channel, message};
use backend::services::channels::ChannelService;
use backend::services::teams::TeamService;
use model::channel::{
    DriverInput, DriverSettings, SmtpSecurity, SmtpSettings, WebhookDriverSettings,
};
use model::{MessageType, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

impl TestApp {
    /// The admin of `team` as a service actor.
    pub async fn admin_actor(&self, team: &Team) -> Actor {
        let user = TeamService::find_user(&self.db, &team.admin_email)
            .await
            .expect("query")
            .expect("admin");
        Actor {
            user_id: user.id,
            team_id: team.id,
            role: Role::Admin,
        }
    }

    /// `team`'s first channel of `kind` in its inbox.
    pub async fn channel_id(&self, team: &Team, kind: MessageType) -> i64 {
        inbox_channel::Entity::find()
            .filter(inbox_channel::Column::TeamId.eq(team.id))
            .filter(inbox_channel::Column::ChannelType.eq(kind.as_str()))
            .one(&self.db)
            .await
            .expect("query")
            .expect("channel")
            .id
    }

    /// Connects a channel to `settings` (as `team`'s admin).
    pub async fn connect(
        &self,
        team: &Team,
        channel_id: i64,
        settings: DriverSettings,
        secret: Option<&str>,
    ) {
        let actor = self.admin_actor(team).await;
        ChannelService::configure(
            &self.db,
            &self.state.secrets,
            &self.state.outbound,
            &actor,
            channel_id,
            DriverInput {
                settings,
                secret: secret.map(str::to_string),
            },
        )
        .await
        .expect("configure");
    }

    /// Connects `team`'s email channel to a webhook bridge at `url`.
    pub async fn connect_email_webhook(&self, team: &Team, url: &str, secret: Option<&str>) -> i64 {
        let id = self.channel_id(team, MessageType::Email).await;
        self.connect(
            team,
            id,
            DriverSettings::Webhook(WebhookDriverSettings { url: url.into() }),
            secret,
        )
        .await;
        id
    }

    /// Connects `team`'s email channel to an SMTP relay on loopback `port` (no TLS).
    pub async fn connect_email_smtp(&self, team: &Team, port: u16) -> i64 {
        let id = self.channel_id(team, MessageType::Email).await;
        self.connect(
            team,
            id,
            DriverSettings::Smtp(SmtpSettings {
                host: "127.0.0.1".into(),
                port,
                security: SmtpSecurity::None,
                username: String::new(),
                from_email: "support@alpha.example".into(),
                from_name: "Alpha Support".into(),
            }),
            None,
        )
        .await;
        id
    }

    /// Waits (at most 20 s) until the message is no longer `sending`, and returns the row.
    pub async fn settled(&self, message_id: i64) -> message::Model {
        for _ in 0..200 {
            let row = message::Entity::find_by_id(message_id)
                .one(&self.db)
                .await
                .expect("query")
                .expect("message");
            if row.delivery_status.as_deref() != Some("sending") {
                return row;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("message {message_id} is still sending after 20 s");
    }
}
