#!/usr/bin/env bash
# Issue 7's identity figures in one run, one after the other on the same machine state: login
# throughput (Argon2id bound, with the hash parameters) and requests/s of an authenticated no-op
# route against a public one (Bearer and cookie). Both append to bench/RESULTS.md.
#   bash bench/identity.sh        (against the running dev stack; scripts/stack.sh up first)
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$TH_ROOT"
log "identity bench: load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
scripts/with-env.sh node --import tsx bench/login.ts
scripts/with-env.sh node --import tsx bench/auth-overhead.ts "${1:-10}"
