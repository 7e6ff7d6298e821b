#!/usr/bin/env bash
# `make demo-cluster`: the demo as it would run on several machines. Three instances of the
# sign-in server (127.0.0.1:8081-8083) share one PostgreSQL database and one sealing key file,
# behind HAProxy on 127.0.0.1:8080 (round robin, X-Forwarded-For carrying the client's address,
# which the instances trust with --trust-proxy). Consecutive requests land on different
# instances, so whatever works here keeps no state in one instance's memory.
#
# The PostgreSQL cluster lives in data/postgres (port 5433, or $PGPORT), kept between runs as
# `make demo` keeps data/demo.sqlite; the key in data/cluster.key; each instance's output in
# data/cluster-PORT.log as well as on the terminal. Ctrl-C stops all of it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

PG_PORT=${PGPORT:-5433}
PROXY_PORT=8080
INSTANCE_PORTS=(8081 8082 8083)
ORIGIN="http://localhost:$PROXY_PORT"
BIN="${CARGO_TARGET_DIR:-$root/target}/server/otp-wasm-demo"

say() { printf '\033[1m[demo-cluster]\033[0m %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

for tool in cargo python3 /usr/sbin/haproxy /usr/lib/postgresql/15/bin/initdb; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh (make setup)"
done
[ -d pkg ] || say "no pkg/ yet: the page needs the package (make package)"

mkdir -p data
pg_dir="$root/data/postgres"
# As root the cluster runs as the postgres user, which may be unable to enter the checkout
# (a home directory, /work, ... closed to others); opening those up is not ours to do, so the
# cluster then lives in /var/tmp instead, under a name of this checkout's own.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$root/data"; then
  pg_dir="/var/tmp/otp-wasm-demo-postgres-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
  say "the postgres user cannot reach $root/data: the PostgreSQL cluster is kept in $pg_dir"
fi

pids=()
proxy_pid=""
pg_started=""
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  trap - INT TERM EXIT
  say "stopping"
  [ -z "$proxy_pid" ] || kill "$proxy_pid" 2>/dev/null || true
  [ "${#pids[@]}" -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -z "$pg_started" ] || scripts/postgres.sh stop "$pg_dir" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "cargo build --profile server -p otp-wasm-demo"
cargo build --profile server -p otp-wasm-demo

# The ports must be free: fail before starting anything (and let nothing else answer the probe
# for HAProxy below).
for port in "$PROXY_PORT" "${INSTANCE_PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is taken (by \`make demo\`, or another demo-cluster?)"
  fi
done

say "PostgreSQL 15 in $pg_dir, port $PG_PORT"
pg_started=1
scripts/postgres.sh start "$pg_dir" "$PG_PORT" >/dev/null
db_url=$(scripts/postgres.sh createdb "$pg_dir" demo)

# Started one after the other: the first one makes the key file and migrates the database,
# the next ones find both done (started together, each could make a key of its own).
for port in "${INSTANCE_PORTS[@]}"; do
  log="data/cluster-$port.log"
  : >"$log"
  "$BIN" --db "$db_url" --key-file data/cluster.key --trust-proxy --origin "$ORIGIN" \
    --bind 127.0.0.1 --port "$port" > >(tee -a "$log" | sed -u "s/^/[$port] /") 2>&1 &
  pid=$!
  pids+=("$pid")
  tries=0
  until grep -q '^listening on ' "$log"; do
    kill -0 "$pid" 2>/dev/null || die "the instance on port $port exited (see $log)"
    tries=$((tries + 1))
    [ "$tries" -lt 300 ] || die "the instance on port $port did not start in 30 s (see $log)"
    sleep 0.1
  done
done

# The instances trust the right-most X-Forwarded-For entry: `option forwardfor` appends the
# address HAProxy received the request from, after anything the client sent itself.
cat >data/haproxy.cfg <<EOF
# Written by scripts/demo-cluster.sh on each run.
global
    log stdout format raw local0 info
    maxconn 1024

defaults
    mode http
    log global
    option httplog
    option dontlognull
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout queue 30s

frontend demo
    bind 127.0.0.1:$PROXY_PORT
    default_backend instances

backend instances
    balance roundrobin
    option httpchk
    http-check send meth GET uri / ver HTTP/1.1 hdr Host localhost:$PROXY_PORT
    default-server check inter 2s fall 2 rise 1
$(for port in "${INSTANCE_PORTS[@]}"; do printf '    server i%s 127.0.0.1:%s\n' "$port" "$port"; done)
EOF
/usr/sbin/haproxy -c -q -f data/haproxy.cfg || die "data/haproxy.cfg is not valid"

/usr/sbin/haproxy -db -f data/haproxy.cfg > >(sed -u 's/^/[haproxy] /') 2>&1 &
proxy_pid=$!
tries=0
until (exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT") 2>/dev/null; do
  kill -0 "$proxy_pid" 2>/dev/null || die "HAProxy exited (is port $PROXY_PORT taken?)"
  tries=$((tries + 1))
  [ "$tries" -lt 100 ] || die "HAProxy does not answer on port $PROXY_PORT"
  sleep 0.1
done

say "open $ORIGIN (HAProxy, round robin over 127.0.0.1:${INSTANCE_PORTS[0]}-${INSTANCE_PORTS[-1]}; database $db_url)"
say "Ctrl-C stops the instances, HAProxy and PostgreSQL"

# Until Ctrl-C, or until one of them exits (then the rest are stopped too).
status=0
wait -n "$proxy_pid" "${pids[@]}" || status=$?
say "a process exited (status $status): see data/cluster-*.log"
exit 1
