//! The demo shop's sign-in server. Password first; on an unfamiliar device a one-time code by
//! SMS or e-mail (delivered to a demo outbox), then the device may be remembered. The codes are
//! checked with the otp-wasm core, natively: the same code the page runs as WebAssembly.
//!
//! `otp-wasm-demo [--db PATH] [--bind ADDR] [--port N] [--www DIR] [--pkg DIR] [--host HOST]
//! [--rp-id ID] [--origin URL] [--no-outbox] [--dev-clock] [--list-routes]`

mod account;
mod args;
mod auth;
mod challenge;
mod db;
mod error;
mod ip_limit;
mod maintenance;
mod messages;
mod methods;
mod origin;
mod outbox;
mod passkeys;
mod seal;
mod session;
mod throttle;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::services::ServeDir;

use auth::Clock;
use error::{AppError, AppResult, Json};

/// The shop's name, as passkey prompts, messages and authenticator apps show it.
const SHOP_NAME: &str = "Demo Shop";
/// Largest request body any route takes.
const MAX_BODY_BYTES: usize = 16 * 1024;

pub struct Config {
    /// The host the SMS origin-bound line names (`@localhost #123456`).
    pub host: String,
    /// The site's origin: state-changing requests from anywhere else are refused (origin.rs).
    pub origin: String,
    /// https: cookies are `Secure` and `__Host-` prefixed.
    pub secure: bool,
    /// Messages kept in the demo outbox and served by `GET /api/outbox` (loopback only).
    pub outbox: bool,
    pub dev_clock: bool,
}

pub struct AppState {
    db: Mutex<Connection>,
    code_key: Vec<u8>,
    /// Seals authenticator-app secrets (seal.rs); its key is in a file beside the database.
    sealer: seal::Sealer,
    clock: Clock,
    config: Config,
    ip_windows: Mutex<ip_limit::IpWindows>,
    hashers: auth::Hashers,
    webauthn: webauthn_rs::Webauthn,
}

impl AppState {
    /// The database, for reads; a panic elsewhere while holding it does not make it unusable.
    fn db(&self) -> MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` in one transaction that holds SQLite's write lock from its start
    /// (`IMMEDIATE`): committed when `work` returns `Ok`, rolled back otherwise. A request
    /// that must keep what it wrote and still answer with an error (a counted failure)
    /// returns `Ok(Err(..))`.
    fn write<T>(&self, work: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        let mut db = self.db();
        let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// `GET /api/time`: the server's clock, so a page can warn about a skewed device clock.
async fn time(State(app): State<Arc<AppState>>) -> axum::Json<Value> {
    axum::Json(json!({ "nowMs": app.clock.now_ms() }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    advance_ms: i64,
}

/// `POST /api/dev/clock { advanceMs }`, only with `--dev-clock`: moves the server's clock
/// forward so tests can reach expiry without waiting.
async fn dev_clock(
    State(app): State<Arc<AppState>>,
    Json(body): Json<Advance>,
) -> AppResult<Response> {
    if !app.config.dev_clock {
        return Err(AppError::NotFound("not_found"));
    }
    app.clock.advance(body.advance_ms);
    Ok(axum::Json(json!({ "nowMs": app.clock.now_ms() })).into_response())
}

async fn not_found() -> AppError {
    AppError::NotFound("not_found")
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// The API's routes from one table: the router is built from it, and `--list-routes` prints
/// it (the tests try every state-changing route cross-site from that list). Every route that
/// is not a read is refused cross-site (origin.rs).
macro_rules! api_routes {
    ($($method:ident $path:literal => $handler:path,)*) => {
        const API_ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path),)*];

        fn api_routes() -> Router<Arc<AppState>> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}

api_routes! {
    post "/sign-up" => account::sign_up,
    post "/sign-in" => challenge::sign_in,
    post "/challenges/{id}/send" => challenge::send,
    post "/challenges/{id}/verify" => challenge::verify,
    post "/reauth" => account::reauth,
    post "/sign-out" => account::sign_out,
    get "/me" => account::me,
    get "/session" => account::session,
    get "/sessions" => account::sessions,
    delete "/sessions" => account::sign_out_everywhere,
    get "/devices" => account::devices,
    delete "/devices/{id}" => account::revoke_device,
    get "/events" => account::events,
    get "/methods" => methods::list,
    post "/totp/enroll" => methods::enroll,
    post "/totp/confirm" => methods::confirm,
    delete "/totp" => methods::remove,
    post "/recovery-codes" => methods::new_recovery_codes,
    get "/passkeys" => passkeys::list,
    delete "/passkeys/{id}" => passkeys::remove,
    post "/passkeys/register/options" => passkeys::register_options,
    post "/passkeys/register" => passkeys::register,
    post "/passkeys/sign-in/options" => passkeys::sign_in_options,
    post "/passkeys/sign-in" => passkeys::sign_in,
    get "/outbox" => outbox::list,
    get "/time" => time,
    post "/dev/clock" => dev_clock,
}

fn router(app: Arc<AppState>, www: PathBuf, pkg: PathBuf) -> Router {
    let api = api_routes()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            origin::same_origin_only,
        ))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            ip_limit::ip_limit,
        ));
    Router::new()
        .nest("/api", api)
        .nest_service("/pkg", ServeDir::new(pkg))
        .fallback_service(ServeDir::new(www))
        .with_state(app)
}

/// The relying party: `--rp-id` (default `localhost`) and `--origin`; on localhost any port is
/// accepted, so tests on free ports work.
fn webauthn(args: &args::Args) -> Result<webauthn_rs::Webauthn, String> {
    let origin = args.origin.as_deref().unwrap_or("http://localhost:8080");
    let origin =
        webauthn_rs::prelude::Url::parse(origin).map_err(|_| "--origin takes a URL".to_owned())?;
    webauthn_rs::WebauthnBuilder::new(&args.rp_id, &origin)
        .map(|builder| {
            builder
                .rp_name(SHOP_NAME)
                .allow_any_port(args.rp_id == "localhost")
        })
        .and_then(|builder| builder.build())
        .map_err(|error| format!("invalid relying party settings: {error}"))
}

/// The key that seals authenticator-app secrets, from the file beside the database (made on
/// first start); secrets still in the clear from an older schema are sealed now.
fn open_sealer(db: &Connection, db_path: &std::path::Path) -> Result<seal::Sealer, String> {
    let key_path = seal::Sealer::key_path(db_path);
    let has_sealed = db::has_sealed_secrets(db).map_err(|e| e.to_string())?;
    let sealer = seal::Sealer::open_or_create(&key_path, !has_sealed).map_err(|error| {
        format!(
            "cannot read the key file {} ({error}); the database's authenticator-app secrets are sealed with it",
            key_path.display()
        )
    })?;
    let sealed = db::seal_clear_secrets(db, &sealer).map_err(|e| e.to_string())?;
    if sealed > 0 {
        tracing::info!(
            sealed,
            "sealed authenticator-app secrets stored in the clear"
        );
    }
    Ok(sealer)
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = match args::parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("otp-wasm-demo: {message}");
            std::process::exit(2);
        }
    };
    if args.list_routes {
        for (method, path) in API_ROUTES {
            println!("{} /api{path}", method.to_uppercase());
        }
        return;
    }
    let clock = Clock::default();
    let db = match db::open(&args.db, clock.now_ms()) {
        Ok(db) => db,
        Err(error) => {
            eprintln!(
                "otp-wasm-demo: cannot open the database {}: {error}",
                args.db.display()
            );
            std::process::exit(1);
        }
    };
    let code_key = db::code_key(&db).expect("the database is writable");
    let sealer = match open_sealer(&db, &args.db) {
        Ok(sealer) => sealer,
        Err(message) => {
            eprintln!("otp-wasm-demo: {message}");
            std::process::exit(1);
        }
    };
    let webauthn = match webauthn(&args) {
        Ok(webauthn) => webauthn,
        Err(message) => {
            eprintln!("otp-wasm-demo: {message}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((args.bind, args.port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "otp-wasm-demo: cannot listen on {}:{}: {error}",
                args.bind, args.port
            );
            std::process::exit(1);
        }
    };
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    let origin = args
        .origin
        .unwrap_or_else(|| format!("http://localhost:{}", address.port()));
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let app = Arc::new(AppState {
        db: Mutex::new(db),
        code_key,
        sealer,
        clock,
        config: Config {
            host: args.host,
            secure: origin.starts_with("https://"),
            origin,
            // Messages hold codes: kept only where nobody but this machine can read them.
            outbox: args.outbox && args.bind.is_loopback(),
            dev_clock: args.dev_clock,
        },
        ip_windows: Mutex::default(),
        hashers: auth::Hashers::new(workers),
        webauthn,
    });
    maintenance::spawn(app.clone());
    // The tests read this line to learn the port.
    println!("listening on http://{address}");
    // Requests from any other origin (127.0.0.1 included) are refused as cross-site.
    tracing::info!(db = %args.db.display(), origin = %app.config.origin, "demo server ready: open it at its origin");
    let service =
        router(app, args.www, args.pkg).into_make_service_with_connect_info::<SocketAddr>();
    if let Err(error) = axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    {
        eprintln!("otp-wasm-demo: {error}");
        std::process::exit(1);
    }
}
