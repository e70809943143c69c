#!/usr/bin/env bash
# Quick start, command 2: the whole test suite against freshly started real services.
# Uses the `test` profile (its own ports and state), wiped and started anew on every run, and
# stopped at the end. Steps: typecheck, lint, dependency audit, ava (unit, workflow,
# integration, security), schemathesis against the running API. Ends with one summary line.
export TRAVELHUB_PROFILE=test NODE_ENV=test
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$TH_ROOT"
started=$SECONDS
failed_steps=()
passed=0; failed=0

step() { # name, command...
  local name="$1"; shift
  log "step: $name"
  local t=$SECONDS
  if "$@"; then log "step ok: $name ($((SECONDS - t)) s)"; passed=$((passed + 1))
  else log "STEP FAILED: $name ($((SECONDS - t)) s)"; failed_steps+=("$name"); failed=$((failed + 1)); fi
}

cleanup() { bash scripts/start-app.sh stop >/dev/null 2>&1 || true; bash scripts/stack.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT

bash scripts/install.sh
bash scripts/stack.sh reset >/dev/null
bash scripts/stack.sh up
bash scripts/prepare-db.sh --with-template
log "services ready after $((SECONDS - started)) s"

set -a; eval "$(th_app_env)"; set +a

step typecheck npx tsc --noEmit
# The card frame's browser script has a tsconfig of its own (the DOM library, outside the floors).
step "typecheck (card frame script)" npx tsc --noEmit -p tools/card-frame/browser
step lint npx eslint . --max-warnings 0
step "format check" npx prettier --check .
# SEC-DEP-01. The advisory lookup needs the registry's bulk-advisory endpoint; where the
# registry refuses it (this workplace's mirror answers 405), the exact-version and lockfile
# checks still gate, and the summary says loudly that advisories went unchecked.
dependency_audit() {
  local out; out=$(node --import tsx tools/audit-deps.ts 2>&1) && { echo "$out"; return 0; }
  echo "$out"
  grep -q 'could not run npm audit' <<<"$out" || return 1
  AUDIT_DEPS_ALLOW_UNAUDITED=1 node --import tsx tools/audit-deps.ts || return 1
  audit_warning="dependency advisories NOT checked: the registry refused npm audit"
}
audit_warning=""
step "dependency audit (SEC-DEP-01)" dependency_audit
step "SBOM (CycloneDX)" npm run --silent sbom

# ava: every test file; the counts feed the summary line. ava's own summary drops the passed
# count once anything fails, so scripts/ava-outcome.ts counts from the per-test lines, with
# failed hooks, uncaught exceptions, crashed files and timeouts as failures.
ava_log="$TH_STATE/logs/ava.log"
log "step: ava"
t=$SECONDS
# Into a file, followed by tail: with `| tee`, a grandchild a test left behind (a browser, a worker
# process) would keep the pipe open and the suite would wait for it forever.
set +e
npx ava >"$ava_log" 2>&1 </dev/null &
ava_pid=$!
tail -n +1 -f --pid="$ava_pid" "$ava_log"
wait "$ava_pid"; ava_rc=$?
set -e
ava_outcome=$(node --import tsx scripts/ava-outcome.ts "$ava_log" || true)
ava_passed=$(sed -n 's/^passed //p' <<<"$ava_outcome")
ava_failed=$(sed -n 's/^failed //p' <<<"$ava_outcome")
ava_passed=${ava_passed:-0}; ava_failed=${ava_failed:-0}
if [ "$ava_rc" != 0 ] && [ "$ava_failed" = 0 ]; then ava_failed=1; fi
log "ava: $ava_passed passed, $ava_failed failed ($((SECONDS - t)) s)"
sed -n 's/^failure /[travelhub]   failed: /p' <<<"$ava_outcome" >&2
[ "$ava_rc" = 0 ] || failed_steps+=("ava")

# Issue 8: its own API and workers on private task queues, the booking and payments workers
# SIGKILLed and restarted under 100 concurrent bookings; bounded (CRASH_TEST_TIMEOUT, 600 s).
step "crash test (issue 8)" bash scripts/crash-test.sh
# Issue 20.2: its own API and workers again, a mixed load at ~20 requests/s while Redis, Postgres,
# Temporal and OpenSearch are each stopped and restarted, then paused and resumed; bounded
# (FAULT_TEST_TIMEOUT, 420 s). It stops this profile's services: the test stack is its own.
step "fault test (issue 20)" bash scripts/fault-test.sh
# For the fuzzer only: every rate limit raised (scripts/fuzz-rate-limits.env says why: among them,
# the fifth wrong step-up would end the session a signed-in pass runs on), so each operation
# answers with its own logic rather than 429; production refuses such limits (security-bounds.ts).
# shellcheck disable=SC2046 # one KEY=value per line, no spaces
step "start API and workers" env $(grep -v '^#' scripts/fuzz-rate-limits.env) \
  bash scripts/start-app.sh start
step "schemathesis fuzzing (OpenAPI)" bash scripts/fuzz-api.sh "http://127.0.0.1:$TH_API_PORT"

log "suite took $((SECONDS - started)) s"
# Repeated here, at the end, because CI keeps only the head and the tail of a long output.
if [ "$ava_rc" != 0 ]; then
  log "ava failures (whole log: $ava_log):"
  sed -n 's/^failure /[travelhub]   failed: /p' <<<"$ava_outcome"
  sed -n '/^  ─$/,$p' "$ava_log" | head -60
fi
[ -z "$audit_warning" ] || log "WARNING: $audit_warning"
[ ${#failed_steps[@]} -eq 0 ] || log "failed: ${failed_steps[*]}"
echo "tests: $((ava_passed + passed)) passed, $((ava_failed + failed)) failed"
# The same count as the last line, in pytest's summary form: schemathesis (a pytest-style tool)
# prints lines such as "=== 5 warnings in 192.02s ===" near the end, and a reader of the output
# that takes the last such line for the suite's result would count no test at all.
total_failed=$((ava_failed + failed))
summary="$((ava_passed + passed)) passed in $((SECONDS - started))s"
[ "$total_failed" = 0 ] || summary="$total_failed failed, $summary"
echo "============================== $summary =============================="
[ ${#failed_steps[@]} -eq 0 ]
