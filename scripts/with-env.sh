#!/usr/bin/env bash
# Runs a command with the local stack's environment (addresses, secrets dir) exported:
#   scripts/with-env.sh npx ava test/foo.test.ts
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -a
eval "$(th_app_env)"
set +a
exec "$@"
