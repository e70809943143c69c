#!/usr/bin/env bash
# Issue 8's booking figures in one run: the booking saga's throughput and end-to-end latency
# (real pool processes, supplier simulator at 20 ms, localstripe) next to a no-op baseline saga
# of as many activities, their ratio, and (issue 20) the highest offered rate at which POST
# /api/v1/bookings and a bare start in the same API process keep p99 <= 50 ms (open-loop step
# ladder, pools stopped), their ratio and API CPU per request. Appends to bench/RESULTS.md.
#   bash bench/booking.sh [bookings=200] [in flight=16] [step seconds=5] [--profile] [--ladder-only | --sagas-only] [--climb-until=250] [--async-commit] [--dry]
# Against the running dev stack (scripts/stack.sh up; the migrated template from prepare-db.sh),
# with a Temporal dev server of its own on a fresh store (bench/private-temporal.ts).
# BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every child process (API, pools) there;
# --profile profiles the API alone. Either prints where the API's CPU went in one step of each route;
# BENCH_CPU_PROF also prints where the booking pools' CPU went beyond the baseline pools'.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$TH_ROOT"
log "booking bench: load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
scripts/with-env.sh node --import tsx bench/booking.ts "$@"
