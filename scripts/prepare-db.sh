#!/usr/bin/env bash
# Applies migrations to the platform database and to the template that tests clone
# (test/helpers/databases.ts). Idempotent: only pending migrations run.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -a; eval "$(th_app_env)"; set +a
cd "$TH_ROOT"
SUPER_PW="$(cat "$DATABASE_SUPERUSER_PASSWORD_FILE")"
psql_super() { PGPASSWORD="$SUPER_PW" psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TH_PG_PORT" -U postgres -d postgres "$@"; }

migrate() { # database
  local app_url="${DATABASE_URL%/*}/$1" owner_url="${DATABASE_ADMIN_URL%/*}/$1"
  DATABASE_URL="$app_url" DATABASE_ADMIN_URL="$owner_url" node --import tsx db/migrate-cli.ts up
}

migrate travelhub
if [ "${1:-}" = "--with-template" ]; then
  psql_super <<'SQL'
SELECT 'CREATE DATABASE travelhub_template OWNER travelhub_owner'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'travelhub_template') \gexec
SQL
  psql_super -d travelhub_template -c 'ALTER SCHEMA public OWNER TO travelhub_owner; REVOKE CREATE ON SCHEMA public FROM PUBLIC;'
  migrate travelhub_template
fi
# Search indices: aliases over indices with explicit mappings (idempotent; a sync reindexes).
node --import tsx tools/search-index/main.ts ensure
