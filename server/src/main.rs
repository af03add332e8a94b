//! The `chatlane` binary: parses the command line and hands over to [`server::cli`].

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    server::cli::run().await
}
