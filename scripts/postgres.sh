#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster in a directory of its own, for the demo server's tests
# (scripts/with-postgres.sh) and `make demo-cluster` (scripts/demo-cluster.sh): superuser `otp`,
# trust authentication, listening on 127.0.0.1 only, so nothing else on the machine is touched.
#
#   scripts/postgres.sh start DIR [PORT]   initdb into DIR if needed, start it on PORT (default:
#                                          a free one); prints its URL, also kept in DIR/url
#   scripts/postgres.sh stop DIR           fast stop, if it is running
#   scripts/postgres.sh createdb DIR NAME  creates database NAME if missing; prints its URL
#
# PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` user, which
# must own DIR and be able to reach it (every parent directory searchable by it).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SUPERUSER=otp

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

usage() {
  die "usage: $0 start DIR [PORT] | stop DIR | createdb DIR NAME"
}

# Runs a PostgreSQL server program as the user the cluster belongs to: `postgres` when we are
# root, ourselves otherwise. From `/`, which that user can always enter.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# DIR made absolute (the server programs run from `/`); it need not exist yet.
absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

is_running() {
  [ -f "$1/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

start() {
  local dir port url
  dir=$(absolute "$1")
  port=${2:-}
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL 15 at $PG_BIN (scripts/setup.sh installs it)"

  if is_running "$dir"; then
    [ -f "$dir/url" ] || die "$dir is running, but was not started by $0"
    url=$(cat "$dir/url")
    if [ -n "$port" ] && [ "$url" != "postgres://$SUPERUSER@127.0.0.1:$port/postgres" ]; then
      die "$dir is already running as $url; stop it first: $0 stop $dir"
    fi
    printf '%s\n' "$url"
    return
  fi

  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || die "no postgres user (install the postgresql package)"
    if ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
      die "the postgres user cannot reach $dir (a parent directory is not searchable by it); use a directory under /tmp or /var/tmp"
    fi
    # A fresh directory (mktemp -d, or just made) becomes postgres's; initdb makes it 0700.
    [ -f "$dir/PG_VERSION" ] || chown postgres: "$dir"
  fi

  if [ ! -f "$dir/PG_VERSION" ]; then
    local out
    if ! out=$(as_pg "$PG_BIN/initdb" -D "$dir" -A trust -U "$SUPERUSER" -E UTF8 --no-locale 2>&1); then
      printf '%s\n' "$out" >&2
      die "initdb failed in $dir"
    fi
  fi

  [ -n "$port" ] || port=$(free_port)
  # pg_ctl hands -o to a shell, hence %q. A Unix socket path is limited to 107 bytes: in a
  # deeper DIR the server listens on TCP alone (all that the URL and these scripts use). Room
  # for 300 connections, not 100: tests run many servers at once, each with a pool of its own.
  local socket_dir
  if [ $((${#dir} + 16)) -lt 107 ]; then
    socket_dir=$(printf '%q' "$dir")
  else
    socket_dir="''"
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/log" -w -t 60 \
    -o "-p $port -k $socket_dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null; then
    tail -n 20 "$dir/log" >&2 || true
    die "PostgreSQL did not start in $dir (log: $dir/log)"
  fi

  local tries=0
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || die "PostgreSQL in $dir does not answer on port $port (log: $dir/log)"
    sleep 0.1
  done

  url="postgres://$SUPERUSER@127.0.0.1:$port/postgres"
  printf '%s\n' "$url" >"$dir/url"
  printf '%s\n' "$url"
}

stop() {
  local dir
  dir=$(absolute "$1")
  if is_running "$dir"; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
  fi
}

createdb() {
  local dir name url
  dir=$(absolute "$1")
  name=$2
  # The name goes into the URL as is: keep it to what needs no escaping.
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "database name must match [A-Za-z_][A-Za-z0-9_]*: $name"
  [ -f "$dir/url" ] || die "no cluster in $dir (start it first: $0 start $dir)"
  url=$(cat "$dir/url")
  # psql interpolates :'name' only in what it reads, not in -c; \gexec runs the CREATE
  # (which cannot run inside a DO block) only when the database is missing.
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -v name="$name" "$url" >/dev/null <<'SQL'
SELECT format('CREATE DATABASE %I', :'name')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
SQL
  printf '%s\n' "${url%/postgres}/$name"
}

[ $# -ge 2 ] || usage
case $1 in
  start) [ $# -le 3 ] || usage; start "$2" "${3:-}" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  createdb) [ $# -eq 3 ] || usage; createdb "$2" "$3" ;;
  *) usage ;;
esac
