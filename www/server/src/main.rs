//! The demo shop's sign-in server. Password first; on an unfamiliar device a one-time code by
//! SMS or e-mail (delivered to a demo outbox), then the device may be remembered. The codes are
//! checked with the otp-wasm core, natively: the same code the page runs as WebAssembly.
//!
//! Layers, each depending only on those below it (tests/layers.rs checks): `http` (routes and
//! handlers) > `state` (what handlers share) > `config` (the command line) > `domain` (what
//! the shop does) > `store` (the SQLite file and its schema) > `error`.

mod config;
mod domain;
mod error;
mod http;
mod state;
mod store;

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use rusqlite::Connection;

use config::{Args, Config};
use domain::clock::Clock;
use domain::seal::Sealer;
use domain::{accounts, secrets, totp};
use state::{AppState, Parts};

/// The key that seals authenticator-app secrets, from the file beside the database (made on
/// first start); secrets still in the clear from an older schema are sealed now.
fn open_sealer(db: &Connection, db_path: &Path) -> Result<Sealer, String> {
    let key_path = Sealer::key_path(db_path);
    let has_sealed = store::totp::has_sealed(db)
        .and_then(|totp| Ok(totp || store::ocra::has_sealed(db)?))
        .map_err(|e| e.to_string())?;
    let sealer = Sealer::open_or_create(&key_path, !has_sealed).map_err(|error| {
        format!(
            "cannot read the key file {} ({error}); the database's authenticator secrets are sealed with it",
            key_path.display()
        )
    })?;
    let sealed = totp::seal_clear_secrets(db, &sealer).map_err(|e| e.to_string())?;
    if sealed > 0 {
        tracing::info!(
            sealed,
            "sealed authenticator-app secrets stored in the clear"
        );
    }
    Ok(sealer)
}

/// The database at `--db`, migrated, with the demo account and the code key.
fn open_store(args: &Args, now: i64) -> Result<(Connection, secrets::CodeKey), String> {
    let opened = store::open(&args.db).and_then(|db| {
        accounts::ensure_demo(&db, now)?;
        let key = secrets::load_code_key(&db)?;
        Ok((db, key))
    });
    opened.map_err(|error| format!("cannot open the database {}: {error}", args.db.display()))
}

/// Runs the server; `Err` is the message to print, with the exit status.
async fn run(args: Args) -> Result<(), (String, u8)> {
    let clock = Clock::default();
    let (db, code_key) = open_store(&args, clock.now_ms()).map_err(|m| (m, 1))?;
    let sealer = open_sealer(&db, &args.db).map_err(|m| (m, 1))?;
    let webauthn = config::webauthn(&args).map_err(|m| (m, 2))?;
    let listener = tokio::net::TcpListener::bind((args.bind, args.port))
        .await
        .map_err(|e| {
            (
                format!("cannot listen on {}:{}: {e}", args.bind, args.port),
                1,
            )
        })?;
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    let app = Arc::new(AppState::new(Parts {
        db,
        code_key,
        sealer,
        clock,
        config: Config::new(&args, address.port()),
        webauthn,
    }));
    app.clone().spawn_pruning();
    // The tests read this line to learn the port.
    println!("listening on http://{address}");
    // Requests from any other origin (127.0.0.1 included) are refused as cross-site.
    tracing::info!(db = %args.db.display(), origin = %app.config.origin, "demo server ready: open it at its origin");
    let service =
        http::router(app, args.www, args.pkg).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|error| (error.to_string(), 1))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    if args.list_routes {
        for (method, path) in http::API_ROUTES {
            println!("{} /api{path}", method.to_uppercase());
        }
        return ExitCode::SUCCESS;
    }
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err((message, status)) => {
            eprintln!("otp-wasm-demo: {message}");
            ExitCode::from(status)
        }
    }
}
