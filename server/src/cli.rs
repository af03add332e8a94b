//! Subcommands: `serve` (default), `migrate`, `create-admin`, `token`, `demo` (`--remove`).

use crate::configuration::Config;
use crate::startup;
use backend::auth::ApiTokenService;
use backend::services::teams::TeamService;
use backend::{db, demo};
use clap::{Parser, Subcommand};
use model::Role;
use model::validation::slugify;
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// Chatlane: a customer-support inbox.
#[derive(Debug, Parser)]
#[command(name = "chatlane", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app and API (the default).
    Serve,
    /// Apply, revert or list database migrations.
    Migrate {
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// Create (or update) an admin of a team, creating the team when it does not exist.
    CreateAdmin {
        /// The admin's email (the login).
        #[arg(long)]
        email: String,
        /// The team's slug (or name, which is turned into a slug).
        #[arg(long)]
        team: String,
        /// The admin's display name (default: the part of the email before @).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create or revoke REST API tokens.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Seed the demo team (idempotent) and print its logins; the first run also creates the
    /// built-in "Customer Data Lookup" integration against the demo CRM this server serves.
    Demo {
        /// Remove the built-in demo integration (from every team) instead: afterwards no call
        /// may reach this server's own address.
        #[arg(long)]
        remove: bool,
    },
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Create a token acting as a team member; prints the token (it is not stored in plain).
    Create {
        /// The team's slug.
        #[arg(long)]
        team: String,
        /// The member the token acts as.
        #[arg(long)]
        email: String,
        /// What the token is for ("Zapier").
        #[arg(long)]
        name: String,
    },
    /// Revoke a token by id (the number after `chl_`).
    Revoke {
        /// The token's id.
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum MigrateAction {
    /// Apply every pending migration (the default).
    Up,
    /// Revert the last migrations.
    Down {
        /// How many to revert.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List applied and pending migrations.
    Status,
}

/// Parses the command line and runs it; errors are printed, never panicked.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => startup::serve(config).await.map_err(|e| e.to_string()),
        Command::Migrate { action } => {
            let connection = open(&config).await?;
            match action.unwrap_or(MigrateAction::Up) {
                MigrateAction::Up => {
                    db::migrate(&connection).await.map_err(|e| e.to_string())?;
                    println!("Migrations applied.");
                }
                MigrateAction::Down { steps } => {
                    db::migrate_down(&connection, steps)
                        .await
                        .map_err(|e| e.to_string())?;
                    println!("Reverted {steps} migration(s).");
                }
                MigrateAction::Status => {
                    let (applied, pending) = db::migration_status(&connection)
                        .await
                        .map_err(|e| e.to_string())?;
                    applied.iter().for_each(|m| println!("applied  {m}"));
                    pending.iter().for_each(|m| println!("pending  {m}"));
                }
            }
            Ok(())
        }
        Command::CreateAdmin {
            email,
            team,
            name,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            let connection = startup::open_database(&config)
                .await
                .map_err(|e| e.to_string())?;
            let slug = if model::validation::team_slug("team", &team).is_ok() {
                team.clone()
            } else {
                slugify(&team)
            };
            let team_row = TeamService::ensure_team(&connection, &team, &slug)
                .await
                .map_err(|e| e.to_string())?;
            let display =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or("Admin").to_string());
            let user = TeamService::upsert_user(&connection, &email, &display, &password)
                .await
                .map_err(|e| e.to_string())?;
            TeamService::set_membership(&connection, team_row.id, user.id, Role::Admin)
                .await
                .map_err(|e| e.to_string())?;
            println!("admin: {} in team {}", user.email, team_row.slug);
            Ok(())
        }
        Command::Token { action } => {
            let connection = startup::open_database(&config)
                .await
                .map_err(|e| e.to_string())?;
            token(&connection, action).await
        }
        Command::Demo { remove } => {
            let connection = startup::open_database(&config)
                .await
                .map_err(|e| e.to_string())?;
            if remove {
                let removed = demo::integration::remove(&connection)
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "Removed {removed} built-in demo integration(s); the demo CRM no longer answers."
                );
                return Ok(());
            }
            let state = startup::app_state(&config, connection).map_err(|e| e.to_string())?;
            demo::seed(&state).await.map_err(|e| e.to_string())?;
            print!("{}", demo::credentials_text());
            Ok(())
        }
    }
}

async fn token(
    connection: &backend::DatabaseConnection,
    action: TokenAction,
) -> Result<(), String> {
    match action {
        TokenAction::Create { team, email, name } => {
            let team_row = TeamService::find_by_slug(connection, &team)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no team with slug {team}"))?;
            let user = TeamService::find_user(connection, &email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no user with email {email}"))?;
            let created = ApiTokenService::create_for(connection, team_row.id, user.id, &name)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!(
                "Token {} \"{}\" acts as {} in team {}. It is shown only now:",
                created.token.id, created.token.name, user.email, team_row.slug
            );
            println!("{}", created.plain);
            Ok(())
        }
        TokenAction::Revoke { id } => {
            ApiTokenService::revoke_by_id(connection, id)
                .await
                .map_err(|e| match e {
                    backend::ServiceError::NotFound => format!("no active token with id {id}"),
                    other => other.to_string(),
                })?;
            println!("Token {id} revoked.");
            Ok(())
        }
    }
}

async fn open(config: &Config) -> Result<backend::DatabaseConnection, String> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
    }
    db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())
}

fn read_password(from_stdin: bool) -> Result<String, String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
    let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
    if first != again {
        return Err("the passwords differ".into());
    }
    Ok(first)
}
