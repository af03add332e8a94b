//! The `chatlane` binary: parses the command line and hands over to [`server::cli`].

use std::process::ExitCode;

// Many small, short-lived allocations per request cross tokio, hyper and sqlx threads; mimalloc's
// thread-local heaps serve them far cheaper than glibc's arenas (see `make bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    server::cli::run().await
}
