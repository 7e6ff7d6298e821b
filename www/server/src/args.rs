//! The demo server's command line (see main.rs for the options).

use std::net::IpAddr;
use std::path::PathBuf;

pub struct Args {
    pub db: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub www: PathBuf,
    pub pkg: PathBuf,
    pub host: String,
    pub rp_id: String,
    /// `None`: `http://localhost:<the bound port>`.
    pub origin: Option<String>,
    pub outbox: bool,
    pub dev_clock: bool,
    /// Print the API's routes and exit.
    pub list_routes: bool,
}

/// The command line; `Err` says what is wrong with it.
pub fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        db: "data/demo.sqlite".into(),
        bind: [127, 0, 0, 1].into(),
        port: 8080,
        www: "www".into(),
        pkg: "pkg".into(),
        host: "localhost".into(),
        rp_id: "localhost".into(),
        origin: None,
        outbox: true,
        dev_clock: false,
        list_routes: false,
    };
    let mut input = std::env::args().skip(1);
    while let Some(flag) = input.next() {
        let mut value = || input.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => args.db = value()?.into(),
            "--bind" => {
                args.bind = value()?
                    .parse()
                    .map_err(|_| "--bind takes an IP address".to_owned())?
            }
            "--port" => {
                args.port = value()?
                    .parse()
                    .map_err(|_| "--port takes a port number".to_owned())?
            }
            "--www" => args.www = value()?.into(),
            "--pkg" => args.pkg = value()?.into(),
            "--host" => args.host = value()?,
            "--rp-id" => args.rp_id = value()?,
            "--origin" => args.origin = Some(value()?),
            "--no-outbox" => args.outbox = false,
            "--dev-clock" => args.dev_clock = true,
            "--list-routes" => args.list_routes = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}
