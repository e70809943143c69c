#!/usr/bin/env bash
# Runs the ava suite N times against ONE stack and lists every test that failed at least once;
# exits non-zero if any did. A test that fails once in N runs is a defect, not bad luck.
#
#   bash scripts/flake-check.sh 5                       # test profile: started fresh, stopped at the end
#   bash scripts/flake-check.sh --profile dev 1 test/audit/chain.test.ts   # the running dev stack
#
# --profile (or TRAVELHUB_PROFILE) picks the stack; default `test`, which is wiped and started
# as scripts/test.sh does (never run it while scripts/test.sh runs: they share the profile).
# With `dev` the running stack is used as it is, neither started nor stopped. Arguments after N
# are passed to ava (file globs), so a subset can be checked.
profile="${TRAVELHUB_PROFILE:-test}"
if [ "${1:-}" = "--profile" ]; then profile="${2:?--profile needs dev or test}"; shift 2; fi
runs="${1:-}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [--profile dev|test] N [ava file globs...]" >&2
  exit 2
fi
shift
export TRAVELHUB_PROFILE="$profile" NODE_ENV=test
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$TH_ROOT"

if [ "$profile" = test ]; then
  trap 'bash scripts/stack.sh down >/dev/null 2>&1 || true' EXIT
  bash scripts/install.sh
  bash scripts/stack.sh reset >/dev/null
  bash scripts/stack.sh up
  bash scripts/prepare-db.sh --with-template
elif ! bash scripts/stack.sh status >/dev/null; then
  log "the $profile stack is not fully up (bash scripts/stack.sh status): not starting it here"
  exit 1
fi
set -a; eval "$(th_app_env)"; set +a

logs="$TH_STATE/logs/flake-check"
mkdir -p "$logs"
failures="$logs/failures.txt"
: >"$failures"
for run in $(seq 1 "$runs"); do
  log "flake check: run $run of $runs"
  set +e; npx ava "$@" >"$logs/run-$run.log" 2>&1; rc=$?; set -e
  outcome=$(node --import tsx scripts/ava-outcome.ts "$logs/run-$run.log" || true)
  failed=$(sed -n 's/^failed //p' <<<"$outcome")
  log "run $run: $(sed -n 's/^passed //p' <<<"$outcome") passed, ${failed:-?} failed (ava exit $rc, log $logs/run-$run.log)"
  sed -n "s/^failure /run $run: /p" <<<"$outcome" >>"$failures"
  if [ "$rc" != 0 ] && [ "${failed:-0}" = 0 ]; then echo "run $run: ava exited $rc (see its log)" >>"$failures"; fi
done

if [ ! -s "$failures" ]; then
  echo "flake check: no test failed in $runs runs"
  exit 0
fi
echo "flake check: tests that failed at least once in $runs runs (times failed, title):"
sed 's/^run [0-9]*: //' "$failures" | sort | uniq -c | sort -rn
exit 1
