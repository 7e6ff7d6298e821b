//! The demo shop's sign-in server. Password first; on an unfamiliar device a one-time code by
//! SMS or e-mail (delivered to a demo outbox), then the device may be remembered. The codes are
//! checked with the otp-wasm core, natively: the same code the page runs as WebAssembly.
//!
//! Layers, each depending only on those below it (tests/layers.rs checks): `http` (routes and
//! handlers) > `state` (what handlers share) > `config` (the command line) > `domain` (what
//! the shop does) > `store` (SQLite or PostgreSQL, and the schema) > `error`.

mod config;
mod domain;
mod error;
mod http;
mod state;
mod store;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use config::{Args, Config};
use domain::clock::Clock;
use domain::seal::Sealer;
use domain::{accounts, secrets, totp};
use state::{AppState, Parts};
use store::Store;

/// Where the sealing key is: `--key-file`, or beside the SQLite file.
fn key_path(args: &Args, store: &Store) -> Result<PathBuf, String> {
    match (&args.key_file, store.is_postgres()) {
        (Some(path), _) => Ok(path.clone()),
        (None, false) => Ok(Sealer::key_path(Path::new(&args.db))),
        (None, true) => Err(
            "--key-file is needed with a PostgreSQL database: every instance seals with the same key"
                .to_owned(),
        ),
    }
}

/// The key that seals authenticator secrets, from its file (made on first start); refused when
/// it does not open a secret the database holds sealed (another instance's key, say).
/// Secrets still in the clear from an older schema are sealed now.
fn open_sealer(store: &Store, key_path: &Path) -> Result<Sealer, String> {
    let sealed = store
        .read(|db| match store::totp::a_sealed(db)? {
            Some(sealed) => Ok(Some(sealed)),
            None => store::ocra::a_sealed(db),
        })
        .map_err(|e| e.to_string())?;
    let sealer = Sealer::open_or_create(key_path, sealed.is_none()).map_err(|error| {
        format!(
            "cannot read the key file {} ({error}); the database's authenticator secrets are sealed with it",
            key_path.display()
        )
    })?;
    if let Some((user, sealed)) = sealed
        && sealer.open(user, &sealed).is_none()
    {
        return Err(format!(
            "the key file {} does not open the database's sealed secrets: give the key they were sealed with",
            key_path.display()
        ));
    }
    let resealed = store
        .write(|db| totp::seal_clear_secrets(db, &sealer))
        .map_err(|e| e.to_string())?;
    if resealed > 0 {
        // The rows were rewritten with the old text zeroed, in SQLite's WAL: moved into the
        // database file, over the pages that held the text.
        store.checkpoint().map_err(|e| e.to_string())?;
        tracing::info!(
            resealed,
            "sealed authenticator-app secrets stored in the clear"
        );
    }
    Ok(sealer)
}

/// The database at `--db`, migrated, with the demo account and the code key.
fn open_store(args: &Args, now: i64) -> Result<(Store, secrets::CodeKey), String> {
    let opened = Store::open(&args.db).and_then(|store| {
        let key = store.write(|db| {
            accounts::ensure_demo(db, now)?;
            secrets::load_code_key(db)
        })?;
        Ok((store, key))
    });
    opened.map_err(|error| format!("cannot open the database {}: {error}", args.db))
}

/// Runs the server; `Err` is the message to print, with the exit status.
async fn run(args: Args) -> Result<(), (String, u8)> {
    let clock = Clock::default();
    let (store, code_key) = open_store(&args, clock.now_ms()).map_err(|m| (m, 1))?;
    let key_path = key_path(&args, &store).map_err(|m| (m, 2))?;
    let sealer = open_sealer(&store, &key_path).map_err(|m| (m, 1))?;
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
        store,
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
    tracing::info!(db = %redacted(&args.db), origin = %app.config.origin, "demo server ready: open it at its origin");
    let service =
        http::router(app, args.www, args.pkg).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|error| (error.to_string(), 1))
}

/// The database's location as logged: a URL's password left out.
fn redacted(location: &str) -> String {
    match location.split_once("://").and_then(|(scheme, rest)| {
        let (credentials, host) = rest.split_once('@')?;
        let user = credentials.split(':').next().unwrap_or_default();
        Some(format!("{scheme}://{user}@{host}"))
    }) {
        Some(redacted) => redacted,
        None => location.to_owned(),
    }
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
