#!/usr/bin/env bash
# Property-based fuzzing of the running API from its own OpenAPI document (schemathesis).
# Fails on any 5xx, on any answer the document does not describe, and on any schemathesis warning
# (an operation whose logic the run did not reach: only 401/403, mostly 429, only 404, generated
# data mostly refused...) that scripts/fuzz-allowed-warnings.txt does not list with its reason.
# The document is generated from the route declarations (api/openapi/), so exactly what the code
# declares is fuzzed, and routes added later are covered without touching this script.
# One pass per kind of caller, each with its own JSON report (what it reached, phase by phase):
#   anonymous       what anyone on the internet can send
#   customer        a verified customer's Bearer token
#   business_admin  the BUSINESS_ADMIN of a company, signed in with MFA
#   platform_admin  a PLATFORM_ADMIN, signed in with MFA
# scripts/fuzz-login.ts makes these accounts through the API (and the operator command for the
# first platform admin). The operations that end the caller's own session (logout, ending one's
# session by id, an admin ending a user's sessions: the stateful phase finds the caller's own id)
# would leave the rest of a pass with 401, so each runs last, alone, on a session of its own.
# Generated data follows the rules between fields through scripts/fuzz-hooks.py; the rules of
# single fields are in the document.
# The API must run with the limits of scripts/fuzz-rate-limits.env (scripts/test.sh starts it so;
# never in production), or most answers are 429: see that file.
#   fuzz-api.sh BASE_URL [max-examples]
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
base="${1:?base url}"; examples="${2:-40}"
report_dir="$TH_STATE/schemathesis"; mkdir -p "$report_dir"
rm -f "$report_dir"/pass-*.json
login() { "$TH_ROOT/scripts/with-env.sh" node --import tsx "$TH_ROOT/scripts/fuzz-login.ts" "$base" "$@"; }

# First, before the anonymous pass fuzzes sign-up, login and MFA with the same IP.
declare -A account=()
while IFS='=' read -r name value; do account[$name]=$value; done < <(login) || exit 1
[ -n "${account[platform_admin]:-}" ] || { log "fuzz-login made no accounts"; exit 1; }

export SCHEMATHESIS_HOOKS="$TH_ROOT/scripts/fuzz-hooks.py" FUZZ_COMPANY_ID="${account[company_id]}"
failed=()
fuzz() { # pass name, extra schemathesis arguments...
  local pass="$1"; shift
  log "schemathesis: $pass pass"
  # schemathesis keeps its example database in the working directory
  # One worker: with two threads, CPython 3.11's ast.parse (hypothesis describing a filter lambda)
  # can fail with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905),
  # a crash of the fuzzer, not of the API.
  (cd "$report_dir" && schemathesis run "$base/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "$examples" --workers 1 --request-timeout 10 --seed 20261122 \
    --generation-database none --wait-for-schema 30 --no-color \
    --report junit,json --report-dir "$report_dir" --report-json-path "$report_dir/pass-$pass.json" \
    "$@") || failed+=("$pass")
}
bearer() { echo "Authorization: Bearer $1"; }
ends_own_session='^/api/v1/(auth/logout|users/me/sessions/\{id\}|admin/users/\{id\}/sessions)$'

fuzz anonymous
fuzz customer -H "$(bearer "${account[customer]}")" --exclude-path-regex "$ends_own_session"
fuzz business_admin -H "$(bearer "${account[business_admin]}")" --exclude-path-regex "$ends_own_session"
fuzz platform_admin -H "$(bearer "${account[platform_admin]}")" --exclude-path-regex "$ends_own_session"
# The session-ending operations, each on a fresh session of its own.
token() { login login "$@" | sed -n 's/^token=//p'; }
fuzz customer_sessions -H "$(bearer "$(token "${account[customer_email]}" "${account[customer_password]}")")" \
  --include-path-regex '^/api/v1/users/me/sessions'
fuzz customer_logout -H "$(bearer "$(token "${account[customer_email]}" "${account[customer_password]}")")" \
  --include-path-regex '^/api/v1/auth/logout$' --phases examples,coverage,fuzzing # no links to follow
fuzz platform_admin_sessions \
  -H "$(bearer "$(token "${account[platform_email]}" "${account[platform_password]}" "${account[platform_spare]}")")" \
  --include-path-regex '^/api/v1/admin/users(/\{id\}/sessions)?$'

"$TH_ROOT/scripts/with-env.sh" node --import tsx "$TH_ROOT/scripts/fuzz-warnings.ts" \
  "$TH_ROOT/scripts/fuzz-allowed-warnings.txt" "$report_dir"/pass-*.json || failed+=("warnings")
[ ${#failed[@]} -eq 0 ] || { log "schemathesis failed: ${failed[*]}"; exit 1; }
