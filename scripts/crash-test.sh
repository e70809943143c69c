#!/usr/bin/env bash
# The crash test of issue 8 against the running stack (dev, or test under scripts/test.sh):
# its own API and worker processes on task queues of their own, ≥100 concurrent bookings while
# the booking and payments workers are SIGKILLed and restarted, then every invariant checked.
# Bounded: the run stops itself after CRASH_TEST_TIMEOUT seconds (default 420). Arguments go to
# test/crash/main.ts (--bookings N --kills N --payment-wait S --settle S --keep).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$TH_ROOT"
set -a; eval "$(th_app_env)"; set +a
export CRASH_TEST_LOG_DIR="${CRASH_TEST_LOG_DIR:-$TH_STATE/logs}"
mkdir -p "$CRASH_TEST_LOG_DIR"
exec timeout --signal=TERM --kill-after=30 "${CRASH_TEST_TIMEOUT:-600}" \
  node --import tsx test/crash/main.ts "$@"
