//! The command line (clap's derive API: `--help` lists every flag) and the settings the server
//! runs with, derived from it once the port is known.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::domain::SHOP_NAME;

/// The demo shop's sign-in server: password, one-time codes by SMS or e-mail, authenticator
/// apps, recovery codes, passkeys and remembered devices, checked with the otp-wasm core.
#[derive(Parser)]
#[command(name = "otp-wasm-demo", version)]
pub struct Args {
    /// The database: a SQLite file (made and migrated on start), or a PostgreSQL URL
    /// (`postgres://user@host:port/name`) that several instances may share.
    #[arg(long, value_name = "PATH|URL", default_value = "data/demo.sqlite")]
    pub db: String,
    /// The key that seals authenticator secrets (made on first start, when nothing is sealed
    /// yet) [default: the SQLite file's name + `.key`; needed with PostgreSQL: every instance
    /// gives the same file]. The server refuses a key that does not open what is sealed.
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// The address to listen on; messages are kept in the outbox only on loopback.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The port to listen on (0: any free port, printed on start).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    pub port: u16,
    /// The page's folder, served at `/`.
    #[arg(long, value_name = "DIR", default_value = "www")]
    pub www: PathBuf,
    /// The package's folder, served at `/pkg/`.
    #[arg(long, value_name = "DIR", default_value = "pkg")]
    pub pkg: PathBuf,
    /// The site named in SMS codes' origin-bound line (`@localhost #123456`).
    #[arg(long, value_name = "NAME", default_value = "localhost")]
    pub host: String,
    /// The passkeys' relying party id (`localhost` accepts any port).
    #[arg(long, value_name = "ID", default_value = "localhost")]
    pub rp_id: String,
    /// The site's origin [default: http://localhost:<port>]; https makes the cookies `Secure`
    /// and `__Host-` prefixed. State-changing requests from any other origin are refused.
    #[arg(long, value_name = "URL")]
    pub origin: Option<String>,
    /// Another site that may use the passkeys' relying party id (WebAuthn related origin
    /// requests): listed, after `--origin`, in `/.well-known/webauthn`. Repeatable.
    #[arg(long = "related-origin", value_name = "URL")]
    pub related_origins: Vec<String>,
    /// Behind a reverse proxy: take the client's address (for the per-IP budget and the sign-in
    /// risk check's network) from the right-most `X-Forwarded-For` entry, the one the proxy
    /// appended, not from the TCP peer. Off: the header is ignored, as any client can send it.
    #[arg(long)]
    pub trust_proxy: bool,
    /// Keep no message bodies and serve no `/api/outbox`, even on loopback.
    #[arg(long)]
    pub no_outbox: bool,
    /// For tests only: `POST /api/dev/clock` moves the server's clock forward.
    #[arg(long)]
    pub dev_clock: bool,
    /// Print every API route and exit.
    #[arg(long)]
    pub list_routes: bool,
}

/// What the handlers need to know of the command line.
pub struct Config {
    /// The host the SMS origin-bound line names.
    pub host: String,
    /// The site's origin: state-changing requests from anywhere else are refused.
    pub origin: String,
    /// https: cookies are `Secure` and `__Host-` prefixed.
    pub secure: bool,
    /// Messages are kept and served by `GET /api/outbox`.
    pub outbox: bool,
    pub dev_clock: bool,
    /// The client's address is the right-most `X-Forwarded-For` entry (`--trust-proxy`).
    pub trust_proxy: bool,
    /// The passkeys' relying party id, as the page's WebAuthn signals name it.
    pub rp_id: String,
    /// The origins `/.well-known/webauthn` lists: the site's own, then `--related-origin`s.
    pub related_origins: Vec<String>,
}

impl Config {
    /// The settings for a server listening on `port`.
    pub fn new(args: &Args, port: u16) -> Config {
        let origin = args
            .origin
            .clone()
            .unwrap_or_else(|| format!("http://localhost:{port}"));
        Config {
            host: args.host.clone(),
            secure: origin.starts_with("https://"),
            origin: origin.clone(),
            // Messages hold codes: kept only where nobody but this machine can read them.
            outbox: !args.no_outbox && args.bind.is_loopback(),
            dev_clock: args.dev_clock,
            trust_proxy: args.trust_proxy,
            rp_id: args.rp_id.clone(),
            related_origins: std::iter::once(origin.clone())
                .chain(args.related_origins.iter().cloned())
                .collect(),
        }
    }
}

/// The passkeys' relying party: `--rp-id` and `--origin`; on localhost any port is accepted,
/// so tests on free ports work.
pub fn webauthn(args: &Args) -> Result<webauthn_rs::Webauthn, String> {
    let origin = args.origin.as_deref().unwrap_or("http://localhost:8080");
    let origin =
        webauthn_rs::prelude::Url::parse(origin).map_err(|_| "--origin takes a URL".to_owned())?;
    for related in &args.related_origins {
        let serialized = webauthn_rs::prelude::Url::parse(related)
            .map(|url| url.origin().ascii_serialization())
            .ok();
        if serialized.as_deref() != Some(related.as_str()) {
            return Err(format!(
                "--related-origin {related} is not an origin (scheme://host[:port], nothing after)"
            ));
        }
    }
    webauthn_rs::WebauthnBuilder::new(&args.rp_id, &origin)
        .map(|builder| {
            builder
                .rp_name(SHOP_NAME)
                .allow_any_port(args.rp_id == "localhost")
        })
        .and_then(|builder| builder.build())
        .map_err(|error| format!("invalid relying party settings: {error}"))
}
