#!/usr/bin/env bash
# The fault test of issue 20.2 against the running stack (the test profile under scripts/test.sh):
# its own API and worker processes on task queues of their own, a mixed load at ~20 requests/s,
# and one at a time Redis, Postgres, the Temporal server and OpenSearch stopped for 20 s and
# restarted, then paused (SIGSTOP) and resumed. It stops and pauses the profile's own services:
# never run it on a stack others use. Bounded: FAULT_TEST_TIMEOUT seconds (default 420).
# Arguments go to test/faults/main.ts (--stop S --pause S --rate N --bookings N --only a,b --keep).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$TH_ROOT"
set -a; eval "$(th_app_env)"; set +a
export FAULT_TEST_STATE_DIR="$TH_STATE"
export FAULT_TEST_LOG_DIR="${FAULT_TEST_LOG_DIR:-$TH_STATE/logs}"
mkdir -p "$FAULT_TEST_LOG_DIR"
exec timeout --signal=TERM --kill-after=30 "${FAULT_TEST_TIMEOUT:-420}" \
  node --import tsx test/faults/main.ts "$@"
