#!/usr/bin/env bash
# Starts, stops and reports the local stack of real services:
#   stack.sh up | down | status | env | reset | service stop|start NAME
# Each service listens on 127.0.0.1 on a private port (env.sh), keeps data and logs in
# $TH_STATE, and is waited for until healthy. Running `up` twice is harmless.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

RUN="$TH_STATE/run"; LOGS="$TH_STATE/logs"; SECRETS="$TH_STATE/secrets"

prepare_dirs() {
  mkdir -p "$TH_STATE" "$RUN" "$LOGS" "$SECRETS" "$TH_STATE/mail"
  chmod 755 "$TH_STATE" "$RUN" "$LOGS"
  chmod 700 "$SECRETS"
  if [ "$(id -u)" = 0 ]; then chown "$TH_SVC_USER" "$RUN" "$LOGS"; fi
}

# Local development secrets: random per machine and profile, files only (SEC-CFG-01).
ensure_secret() { # name, generator...
  local f="$SECRETS/$1"; shift
  [ -s "$f" ] && return 0
  (umask 077; "$@" > "$f")
}
rand_hex() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
make_secrets() {
  ensure_secret database_superuser_password rand_hex
  ensure_secret database_password rand_hex
  ensure_secret database_admin_password rand_hex
  ensure_secret stripe_secret_key bash -c "printf 'sk_test_%s' $(rand_hex)"
  ensure_secret stripe_webhook_secret bash -c "printf 'whsec_%s' $(rand_hex)"
  # One HMAC secret per supplier partner (SEC-SUP-01); the simulator reads the same files.
  ensure_secret supplier_hotel_secret rand_hex
  ensure_secret supplier_flight_secret rand_hex
  # Key-encryption key for envelope encryption (local key provider): 32 random bytes, base64.
  ensure_secret kek bash -c 'head -c 32 /dev/urandom | base64'
  # Ed25519 key that signs audit checkpoints (PKCS8 PEM) and its public half for verifiers.
  ensure_secret audit_signing_key openssl genpkey -algorithm ed25519
  ensure_secret audit_signing_key.pub openssl pkey -in "$SECRETS/audit_signing_key" -pubout
  # ES256 (P-256) key that signs access JWTs; its kid is derived from the public key. On rotation
  # the old public key is appended to jwt_signing_key.pub so its tokens verify until they expire.
  ensure_secret jwt_signing_key openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256
  # HMAC secret for CSRF tokens and new-device fingerprints (subkeys derived per purpose).
  ensure_secret session_secret rand_hex
  # HMAC key of the self-hosted proof-of-work login challenge (SEC-AUTH-04, altcha).
  ensure_secret altcha_hmac_key rand_hex
  # The card frame's own key at localstripe (its PaymentMethod route takes only an sk_ key):
  # Stripe's side of the card frame, never the shop's stripe_secret_key.
  ensure_secret card_frame_stripe_key bash -c "printf 'sk_test_%s' $(rand_hex)"
}

# A zombie (an exited runuser nobody reaped) still answers kill -0: count it as gone.
pid_alive() { [ -r "/proc/$1/stat" ] && ! awk '{ exit ($3 == "Z") ? 0 : 1 }' "/proc/$1/stat" 2>/dev/null; }
pidfile_alive() { [ -f "$1" ] && pid_alive "$(cat "$1")"; }
# Whether any live (non-zombie) process remains in the process group led by $1.
pgroup_alive() { ps -o stat= -g "$1" 2>/dev/null | grep -qv '^Z'; }

spawn() { # name, command... — detached, as the service user, logging to $LOGS/name.log
  local name="$1"; shift
  pidfile_alive "$RUN/$name.pid" && return 0
  if [ "$(id -u)" = 0 ]; then
    setsid runuser -u "$TH_SVC_USER" -- "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  else
    setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  fi
  echo $! > "$RUN/$name.pid"
}

stop_pid() { # name
  local f="$RUN/$1.pid"
  pidfile_alive "$f" || { rm -f "$f"; return 0; }
  local pid; pid=$(cat "$f")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do pgroup_alive "$pid" || break; sleep 0.25; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
}

# ---- PostgreSQL -------------------------------------------------------------------------
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$TH_PG_PORT"; }
psql_super() { PGPASSWORD="$(cat "$SECRETS/database_superuser_password")" "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 \
  -h 127.0.0.1 -p "$TH_PG_PORT" -U postgres -d postgres "$@"; }
pg_up() {
  local data="$TH_STATE/pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $data"
    mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown "$TH_SVC_USER" "$data"; chmod 700 "$data"
    local pw; pw=$(mktemp); cp "$SECRETS/database_superuser_password" "$pw"
    [ "$(id -u)" = 0 ] && chown "$TH_SVC_USER" "$pw"
    as_svc "$PG_BIN/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pw" -E UTF8 >/dev/null
    rm -f "$pw"
  fi
  if ! pg_ready; then
    local opts="-c listen_addresses=127.0.0.1 -p $TH_PG_PORT -c unix_socket_directories=$RUN"
    opts="$opts -c password_encryption=scram-sha-256 -c max_connections=200"
    [ "$TH_PROFILE" = test ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_svc "$PG_BIN/pg_ctl" -D "$data" -l "$LOGS/postgres.log" -o "$opts" -w -t 60 start >/dev/null
  fi
  wait_for PostgreSQL 60 pg_ready
  local app owner
  app=$(cat "$SECRETS/database_password"); owner=$(cat "$SECRETS/database_admin_password")
  psql_super -v app="$app" -v owner="$owner" <<'SQL'
SELECT format('CREATE ROLE travelhub_owner LOGIN PASSWORD %L', :'owner')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'travelhub_owner') \gexec
SELECT format('CREATE ROLE travelhub_app LOGIN PASSWORD %L', :'app')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'travelhub_app') \gexec
SELECT 'CREATE DATABASE travelhub OWNER travelhub_owner'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'travelhub') \gexec
SQL
  psql_super -d travelhub -c 'ALTER SCHEMA public OWNER TO travelhub_owner; REVOKE CREATE ON SCHEMA public FROM PUBLIC;'
}
pg_down() { [ -f "$TH_STATE/pg/postmaster.pid" ] && as_svc "$PG_BIN/pg_ctl" -D "$TH_STATE/pg" -m fast -w stop >/dev/null 2>&1 || true; }

# ---- Redis ------------------------------------------------------------------------------
# The platform's processes on this host talk to Redis over its Unix socket (REDIS_URL, env.sh):
# on this VM a loopback TCP write costs about a third more than a socket-file write, and the API
# makes two or three Redis calls per request. TCP stays open for tools and redis-cli.
redis_ready() { redis-cli -s "$RUN/redis.sock" ping 2>/dev/null | grep -q PONG; }
redis_up() {
  mkdir -p "$TH_STATE/redis"; [ "$(id -u)" = 0 ] && chown "$TH_SVC_USER" "$TH_STATE/redis"
  redis_ready && return 0
  # One started before the socket existed: restarted (it keeps nothing, --save "").
  pidfile_alive "$RUN/redis.pid" && stop_pid redis
  spawn redis redis-server --bind 127.0.0.1 --port "$TH_REDIS_PORT" --dir "$TH_STATE/redis" \
    --unixsocket "$RUN/redis.sock" --unixsocketperm 770 \
    --save "" --appendonly no --protected-mode yes
  wait_for Redis 30 redis_ready
}

# ---- Temporal dev server -----------------------------------------------------------------
temporal_ready() { temporal operator cluster health --address "127.0.0.1:$TH_TEMPORAL_PORT" 2>/dev/null | grep -q SERVING; }
temporal_up() {
  mkdir -p "$TH_STATE/temporal"; [ "$(id -u)" = 0 ] && chown "$TH_SVC_USER" "$TH_STATE/temporal"
  temporal_ready && return 0
  # The SQLite store in WAL mode without fsync per commit: the default rollback journal fsyncs
  # every transaction, which capped this machine at about 100 workflow starts/s (p50 160 ms at 16
  # in flight); WAL without sync did 280/s (bench/RESULTS.md). A killed process loses nothing (the
  # pages are in the OS); only an OS crash can lose the last commits of this local dev server.
  # Production runs a Temporal cluster with its own persistence.
  spawn temporal temporal server start-dev --ip 127.0.0.1 --port "$TH_TEMPORAL_PORT" \
    --ui-port "$TH_TEMPORAL_UI_PORT" --db-filename "$TH_STATE/temporal/temporal.db" \
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=off \
    --ui-codec-endpoint "http://127.0.0.1:$TH_API_PORT/api/v1/temporal/codec" \
    --search-attribute BookingId=Keyword --search-attribute CustomerId=Keyword \
    --search-attribute BookingStatus=Keyword --log-level warn
  wait_for Temporal 90 temporal_ready
}

# ---- OpenSearch --------------------------------------------------------------------------
opensearch_ready() { curl -fs "http://127.0.0.1:$TH_OPENSEARCH_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null; }
opensearch_up() {
  local home="$TH_CACHE/opensearch-$TH_OPENSEARCH_VERSION" dir="$TH_STATE/opensearch"
  if [ ! -d "$dir/config" ]; then
    mkdir -p "$dir/data" "$dir/logs"; cp -r "$home/config" "$dir/config"
    # The launcher runs from the install dir, which the service user may not write: log here.
    sed -i -e "s|file=logs/|file=$dir/logs/|" -e "s|HeapDumpPath=data|HeapDumpPath=$dir/data|" \
      -e "s|ErrorFile=logs/|ErrorFile=$dir/logs/|" "$dir/config/jvm.options"
    [ "$(id -u)" = 0 ] && chown -R "$TH_SVC_USER" "$dir"
  fi
  opensearch_ready && return 0
  local java_home; java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  spawn opensearch env OPENSEARCH_PATH_CONF="$dir/config" OPENSEARCH_JAVA_HOME="$java_home" \
    OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m" "$home/bin/opensearch" \
    -Ecluster.name="travelhub-$TH_PROFILE" -Ediscovery.type=single-node \
    -Ehttp.host=127.0.0.1 -Ehttp.port="$TH_OPENSEARCH_PORT" \
    -Etransport.host=127.0.0.1 -Etransport.port="$((TH_OPENSEARCH_PORT + 1000))" \
    -Epath.data="$dir/data" -Epath.logs="$dir/logs"
  wait_for OpenSearch 180 opensearch_ready
}

# ---- stripe-mock, SMTP sink --------------------------------------------------------------
stripe_ready() { curl -fs -o /dev/null -H "Authorization: Bearer sk_test_health" "http://127.0.0.1:$TH_STRIPE_PORT/v1/customers"; }
stripe_up() {
  stripe_ready && return 0
  spawn stripe-mock stripe-mock -http-addr "127.0.0.1:$TH_STRIPE_PORT" -https-addr "127.0.0.1:$((TH_STRIPE_PORT + 1))"
  wait_for stripe-mock 30 stripe_ready
}

# localstripe (stateful) behind the recording proxy that gives it Stripe's idempotency keys.
# Both run as ourselves, like the SMTP sink: the venv's interpreter may live in the installing
# user's home (pyenv), which the service user cannot enter; both listen on loopback only.
localstripe_ready() { curl -fs -o /dev/null -u sk_test_health: "http://127.0.0.1:$TH_LOCALSTRIPE_PORT/v1/payment_intents?limit=1"; }
stripe_proxy_ready() { curl -fs "http://127.0.0.1:$TH_STRIPE_PROXY_PORT/_proxy/healthz" >/dev/null; }
localstripe_up() {
  if ! localstripe_ready; then
    ( exec setsid "$TH_CACHE/venv/bin/python" "$TH_ROOT/tools/stripe-proxy/run-localstripe.py" "$TH_LOCALSTRIPE_PORT" \
        >>"$LOGS/localstripe.log" 2>&1 < /dev/null ) &
    echo $! > "$RUN/localstripe.pid"
    wait_for localstripe 60 localstripe_ready
  fi
  stripe_proxy_ready && return 0
  ( cd "$TH_ROOT"; export STRIPE_PROXY_PORT="$TH_STRIPE_PROXY_PORT" \
      STRIPE_PROXY_UPSTREAM="http://127.0.0.1:$TH_LOCALSTRIPE_PORT" STRIPE_PROXY_LOG="$LOGS/stripe-proxy-requests.jsonl"
    exec setsid node --import tsx tools/stripe-proxy/main.ts >>"$LOGS/stripe-proxy.log" 2>&1 < /dev/null ) &
  echo $! > "$RUN/stripe-proxy.pid"
  wait_for "Stripe proxy" 30 stripe_proxy_ready
}

smtp_ready() { curl -fs "http://127.0.0.1:$TH_SMTP_HTTP_PORT/healthz" >/dev/null; }
smtp_up() {
  smtp_ready && return 0
  # The sink writes into the state dir, which the test runner reads: run it as ourselves.
  ( cd "$TH_ROOT"; export SMTP_SINK_PORT="$TH_SMTP_PORT" SMTP_SINK_HTTP_PORT="$TH_SMTP_HTTP_PORT" \
      SMTP_SINK_DIR="$TH_STATE/mail"
    exec setsid node --import tsx tools/smtp-sink/main.ts >>"$LOGS/smtp-sink.log" 2>&1 < /dev/null ) &
  echo $! > "$RUN/smtp-sink.pid"
  wait_for "SMTP sink" 30 smtp_ready
}

supplier_ready() { curl -fs "http://127.0.0.1:$TH_SUPPLIER_PORT/healthz" >/dev/null; }
supplier_up() {
  supplier_ready && return 0
  # The simulator reads the supplier secrets from the state dir: run it as ourselves.
  ( cd "$TH_ROOT"; export SUPPLIER_SIM_PORT="$TH_SUPPLIER_PORT" SECRETS_DIR="$SECRETS"
    exec setsid node --import tsx tools/supplier-sim/main.ts >>"$LOGS/supplier-sim.log" 2>&1 < /dev/null ) &
  echo $! > "$RUN/supplier-sim.pid"
  wait_for "supplier simulator" 60 supplier_ready
}

# The card frame (Stripe Elements' stand-in) on its own origin; only the API's public origin may
# embed it. It reads its localstripe key from the state dir: run it as ourselves.
card_frame_ready() { curl -fs "http://127.0.0.1:$TH_CARD_FRAME_PORT/healthz" >/dev/null; }
card_frame_up() {
  card_frame_ready && return 0
  ( cd "$TH_ROOT"; set -a; eval "$(th_app_env)"; set +a; export CARD_FRAME_PORT="$TH_CARD_FRAME_PORT"
    exec setsid node --import tsx tools/card-frame/main.ts >>"$LOGS/card-frame.log" 2>&1 < /dev/null ) &
  echo $! > "$RUN/card-frame.pid"
  wait_for "card frame" 60 card_frame_ready
}

# The stack's fixed ports lie inside Linux's ephemeral range (32768-60999), so on a busy machine
# an outgoing connection (or its TIME_WAIT) can hold one just as a service binds it, and that
# service fails to start. As root, take both profiles' ports (and the metrics listener's and
# OpenSearch's transport port, +1000) out of the ephemeral range. Best effort elsewhere.
reserve_ports() {
  local f=/proc/sys/net/ipv4/ip_local_reserved_ports p off ports=()
  [ "$(id -u)" = 0 ] && [ -w "$f" ] || return 0
  for p in "$TH_PG_PORT" "$TH_REDIS_PORT" "$TH_TEMPORAL_PORT" "$TH_TEMPORAL_UI_PORT" \
    "$TH_OPENSEARCH_PORT" "$((TH_OPENSEARCH_PORT + 1000))" "$TH_STRIPE_PORT" "$((TH_STRIPE_PORT + 1))" \
    "$TH_LOCALSTRIPE_PORT" "$TH_STRIPE_PROXY_PORT" "$TH_SMTP_PORT" "$TH_SMTP_HTTP_PORT" \
    "$TH_SUPPLIER_PORT" "$TH_CARD_FRAME_PORT" "$TH_API_PORT" "$((TH_API_PORT + 1000))"; do
    for off in 0 100; do ports+=("$((p - TH_PORT_OFFSET + off))"); done
  done
  local current; current=$(cat "$f")
  (IFS=,; echo "${current:+$current,}${ports[*]}") >"$f" 2>/dev/null ||
    log "could not reserve the stack's ports in $f"
}
up() {
  prepare_dirs; make_secrets; reserve_ports
  # Independent services start in parallel; each waits for its own health.
  local pids=() failed=0
  pg_up & pids+=($!); redis_up & pids+=($!); temporal_up & pids+=($!)
  opensearch_up & pids+=($!); stripe_up & pids+=($!); smtp_up & pids+=($!); localstripe_up & pids+=($!)
  supplier_up & pids+=($!); card_frame_up & pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ $failed = 0 ] || { log "some services failed to start; logs in $LOGS"; status; return 1; }
  log "stack '$TH_PROFILE' is up (state: $TH_STATE)"
}

down() {
  bash "$TH_ROOT/scripts/start-app.sh" stop
  stop_pid card-frame; stop_pid supplier-sim; stop_pid smtp-sink; stop_pid stripe-proxy; stop_pid localstripe; stop_pid stripe-mock; stop_pid opensearch; stop_pid temporal; stop_pid redis; pg_down
  log "stack '$TH_PROFILE' is down"
}

status() {
  local ok=0
  for s in pg redis temporal opensearch stripe localstripe stripe_proxy smtp supplier card_frame; do
    if "${s}_ready" 2>/dev/null; then printf '  %-11s up\n' "$s"; else printf '  %-11s DOWN\n' "$s"; ok=1; fi
  done
  return $ok
}

# One service of the profile, stopped or started on its own: the fault test (test/faults) takes
# each dependency away under load and brings it back the way `up` starts it.
service() { # stop|start NAME
  case "$1:$2" in
    stop:postgres) pg_down ;;
    stop:redis | stop:temporal | stop:opensearch) stop_pid "$2" ;;
    start:postgres) pg_up ;;
    start:redis) redis_up ;;
    start:temporal) temporal_up ;;
    start:opensearch) opensearch_up ;;
    *) echo "usage: $0 service stop|start postgres|redis|temporal|opensearch" >&2; return 2 ;;
  esac
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) th_app_env ;;
  reset) down; rm -rf "$TH_STATE"; log "state removed" ;;
  service) service "${2:-}" "${3:-}" ;;
  *) echo "usage: $0 up|down|status|env|reset|service stop|start NAME" >&2; exit 2 ;;
esac
