#!/usr/bin/env bash
# Applies migrations to the platform database and to the template that tests clone
# (test/helpers/databases.ts), each with its key store `<database>_keys` (per-user data keys,
# SEC-DATA-04: a database of its own, backed up apart; created here when missing and migrated
# first by db/migrate-cli.ts). Idempotent: only pending migrations run.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -a; eval "$(th_app_env)"; set +a
cd "$TH_ROOT"
SUPER_PW="$(cat "$DATABASE_SUPERUSER_PASSWORD_FILE")"
psql_super() { PGPASSWORD="$SUPER_PW" psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TH_PG_PORT" -U postgres -d postgres "$@"; }

migrate() { # database
  local app_url="${DATABASE_URL%/*}/$1" owner_url="${DATABASE_ADMIN_URL%/*}/$1"
  DATABASE_URL="$app_url" DATABASE_ADMIN_URL="$owner_url" node --import tsx db/migrate-cli.ts up
}

ensure_database() { # name: owned by travelhub_owner, nobody else may create in its public schema
  psql_super -v db="$1" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER travelhub_owner', :'db')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
  psql_super -d "$1" -c 'ALTER SCHEMA public OWNER TO travelhub_owner; REVOKE CREATE ON SCHEMA public FROM PUBLIC;'
}

ensure_database travelhub_keys
migrate travelhub
if [ "${1:-}" = "--with-template" ]; then
  ensure_database travelhub_template
  ensure_database travelhub_template_keys
  migrate travelhub_template
fi
# Search indices: aliases over indices with explicit mappings (idempotent; a sync reindexes).
node --import tsx tools/search-index/main.ts ensure
