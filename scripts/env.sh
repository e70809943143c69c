# Shared settings for the local stack scripts. Sourced, never run.
# Everything lives outside the repository: tools in the cache, data and logs in the state dir.
# TRAVELHUB_PROFILE=test shifts every port by 100 and uses its own state, so the test stack
# never touches a running development stack.
set -euo pipefail

TH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TH_PROFILE="${TRAVELHUB_PROFILE:-dev}"
# As root, services run as an unprivileged user, who cannot enter /root: keep tools and data
# in system locations then.
if [ "$(id -u)" = 0 ]; then
  TH_CACHE="${TRAVELHUB_CACHE:-/var/cache/travelhub}"
  TH_STATE="${TRAVELHUB_STATE:-/var/lib/travelhub/$TH_PROFILE}"
else
  TH_CACHE="${TRAVELHUB_CACHE:-$HOME/.cache/travelhub}"
  TH_STATE="${TRAVELHUB_STATE:-$TH_CACHE/state-$TH_PROFILE}"
fi
TH_SVC_USER="${TRAVELHUB_SVC_USER:-travelhub}"

case "$TH_PROFILE" in
  dev) TH_PORT_OFFSET=0 ;;
  test) TH_PORT_OFFSET=100 ;;
  *) echo "unknown TRAVELHUB_PROFILE=$TH_PROFILE (dev|test)" >&2; exit 2 ;;
esac

TH_PG_PORT=$((55432 + TH_PORT_OFFSET))
TH_REDIS_PORT=$((56379 + TH_PORT_OFFSET))
TH_TEMPORAL_PORT=$((57233 + TH_PORT_OFFSET))
TH_TEMPORAL_UI_PORT=$((58233 + TH_PORT_OFFSET))
TH_OPENSEARCH_PORT=$((59200 + TH_PORT_OFFSET))
TH_STRIPE_PORT=$((52111 + TH_PORT_OFFSET))
# stripe-mock also takes TH_STRIPE_PORT + 1 (https). localstripe is the stateful Stripe the
# platform talks to, through the recording proxy (tools/stripe-proxy).
TH_LOCALSTRIPE_PORT=$((52113 + TH_PORT_OFFSET))
TH_STRIPE_PROXY_PORT=$((52114 + TH_PORT_OFFSET))
TH_SMTP_PORT=$((52525 + TH_PORT_OFFSET))
TH_SMTP_HTTP_PORT=$((52526 + TH_PORT_OFFSET))
TH_SUPPLIER_PORT=$((53090 + TH_PORT_OFFSET))
# The card frame (tools/card-frame): Stripe Elements' stand-in, on an origin of its own.
TH_CARD_FRAME_PORT=$((52115 + TH_PORT_OFFSET))
TH_API_PORT=$((58080 + TH_PORT_OFFSET))

TH_OPENSEARCH_VERSION="2.19.3"
TH_TEMPORAL_CLI_VERSION="v1.5.1"
TH_NODE_MAJOR=24

export GOBIN="$TH_CACHE/bin"
export PATH="$TH_CACHE/bin:$TH_CACHE/node/bin:$PATH"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"

log() { printf '[travelhub] %s\n' "$*" >&2; }

# Runs a command as the unprivileged service user when we are root (Postgres and OpenSearch
# refuse to run as root), or as ourselves otherwise.
as_svc() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$TH_SVC_USER" -- "$@"; else "$@"; fi
}

wait_for() { # description, seconds, command...
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then log "$what did not become ready in ${secs}s"; return 1; fi
    sleep 0.5
  done
}

# The API's public origin (API_PUBLIC_URL without its path): the one shop page that may embed
# the card frame.
th_public_origin() {
  local url="${API_PUBLIC_URL:-http://127.0.0.1:$TH_API_PORT}"
  printf '%s\n' "$url" | sed -E 's#^([a-z]+://[^/]+).*#\1#'
}

# The environment the API, workers and tests read (lib/config). Printed by `stack.sh env`.
th_app_env() {
  cat <<ENV
NODE_ENV=${NODE_ENV:-development}
DATABASE_URL=postgres://travelhub_app@127.0.0.1:$TH_PG_PORT/travelhub
DATABASE_ADMIN_URL=postgres://travelhub_owner@127.0.0.1:$TH_PG_PORT/travelhub
DATABASE_SUPERUSER_URL=postgres://postgres@127.0.0.1:$TH_PG_PORT/postgres
DATABASE_SUPERUSER_PASSWORD_FILE=$TH_STATE/secrets/database_superuser_password
REDIS_URL=unix://$TH_STATE/run/redis.sock
TEMPORAL_ADDRESS=127.0.0.1:$TH_TEMPORAL_PORT
TEMPORAL_UI_URL=http://127.0.0.1:$TH_TEMPORAL_UI_PORT
TEMPORAL_DB_PATH=$TH_STATE/temporal/temporal.db
OPENSEARCH_URL=http://127.0.0.1:$TH_OPENSEARCH_PORT
STRIPE_API_URL=http://127.0.0.1:$TH_STRIPE_PROXY_PORT
STRIPE_MOCK_URL=http://127.0.0.1:$TH_STRIPE_PORT
LOCALSTRIPE_URL=http://127.0.0.1:$TH_LOCALSTRIPE_PORT
STRIPE_PROXY_LOG=$TH_STATE/logs/stripe-proxy-requests.jsonl
SMTP_URL=smtp://127.0.0.1:$TH_SMTP_PORT
SMTP_SINK_DIR=$TH_STATE/mail
SUPPLIER_URL=http://127.0.0.1:$TH_SUPPLIER_PORT
CARD_FRAME_ORIGIN=http://127.0.0.1:$TH_CARD_FRAME_PORT
CARD_FRAME_ALLOWED_PARENTS=$(th_public_origin)
API_PORT=$TH_API_PORT
SECRETS_DIR=$TH_STATE/secrets
ENV
}
