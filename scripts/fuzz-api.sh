#!/usr/bin/env bash
# Property-based fuzzing of the running API from its own OpenAPI document (schemathesis).
# Fails on any 5xx and on any answer the document does not describe. The document is generated
# from the route declarations (api/openapi/), so exactly what the code declares is fuzzed, and
# routes added later are covered without touching this script.
# Two passes: anonymous (what anyone on the internet can send), then authenticated as a real,
# verified customer (scripts/fuzz-login.ts signs one up through the API and the mail sink), so
# the protected operations answer with more than 401. Logout and ending one's own session by id
# are fuzzed only anonymously: the stateful phase would otherwise end the very session the second
# pass runs on (it finds the id through GET /users/me/sessions).
# The answers should be the routes' own rather than mostly 429: scripts/test.sh starts the API for
# this step with the global per-IP and search limits raised (RATE_LIMIT_*, test profile only), so
# the fuzzer need not wait. Against an API with the default limits, set FUZZ_RATE_LIMIT=900/m to
# stay under the global per-IP limit (SEC-RATE-01, 1000/min).
#   fuzz-api.sh BASE_URL [max-examples]
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
base="${1:?base url}"; examples="${2:-40}"
report_dir="$TH_STATE/schemathesis"; mkdir -p "$report_dir"

# First, before the anonymous pass can spend the per-IP signup and login allowance.
token=$("$TH_ROOT/scripts/with-env.sh" node --import tsx "$TH_ROOT/scripts/fuzz-login.ts" "$base") || exit 1

pace=(); [ -z "${FUZZ_RATE_LIMIT:-}" ] || pace=(--rate-limit "$FUZZ_RATE_LIMIT")

fuzz() { # extra schemathesis arguments...
  # schemathesis keeps its example database in the working directory
  # One worker: with two threads, CPython 3.11's ast.parse (hypothesis describing a filter lambda)
  # can fail with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905),
  # a crash of the fuzzer, not of the API.
  (cd "$report_dir" && schemathesis run "$base/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "$examples" --workers 1 "${pace[@]}" --request-timeout 10 --seed 20261122 \
    --generation-database none --wait-for-schema 30 --no-color \
    --report junit --report-dir "$report_dir" "$@")
}

log "schemathesis: anonymous pass"
fuzz || exit 1
log "schemathesis: authenticated pass (a verified customer's Bearer token)"
fuzz -H "Authorization: Bearer $token" \
  --exclude-path-regex '^/api/v1/(auth/logout|users/me/sessions/\{id\})$'
