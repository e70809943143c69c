#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, starts the local stack, migrates, starts
# the API and every worker pool, and prints where to find them.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
started=$SECONDS
bash "$TH_ROOT/scripts/install.sh"
bash "$TH_ROOT/scripts/stack.sh" up
bash "$TH_ROOT/scripts/prepare-db.sh"
bash "$TH_ROOT/scripts/start-app.sh" start
# Temporal Schedules for checkpoints, retention and purges (created or brought up to date).
"$TH_ROOT/scripts/with-env.sh" node --import tsx "$TH_ROOT/tools/schedules/main.ts"
# Seeds search: one inventory sync from the supplier simulator's feed through the maintenance pool.
"$TH_ROOT/scripts/with-env.sh" node --import tsx "$TH_ROOT/tools/search-index/main.ts" sync
# One synthetic run through every hop: bookings queue, maintenance (database), notify (mail sink).
"$TH_ROOT/scripts/with-env.sh" node --import tsx "$TH_ROOT/tools/platform-check/main.ts"
# The main job: a real booking. A new customer signs up, verifies from the mail sink, signs in,
# finds a stay, pays with a card the card frame's service turns into a PaymentMethod, books and
# follows the saga to CONFIRMED; it prints the booking, its workflow in the Temporal UI and the web app.
"$TH_ROOT/scripts/with-env.sh" node --import tsx "$TH_ROOT/tools/demo-booking/main.ts"
cat <<MSG

TravelHub is up ($((SECONDS - started)) s).
  Web app       ${API_PUBLIC_URL:-http://127.0.0.1:$TH_API_PORT}/app
  API           http://127.0.0.1:$TH_API_PORT/api/v1
  API docs      http://127.0.0.1:$TH_API_PORT/api/docs   (OpenAPI: /api/v1/openapi.json)
  Health        http://127.0.0.1:$TH_API_PORT/readyz
  Metrics       http://127.0.0.1:$((TH_API_PORT + 1000))/metrics   (internal listener, loopback only)
  Temporal UI   http://127.0.0.1:$TH_TEMPORAL_UI_PORT
  Mail sink     http://127.0.0.1:$TH_SMTP_HTTP_PORT/messages
  Card frame    http://127.0.0.1:$TH_CARD_FRAME_PORT   (Stripe Elements' stand-in; the card is typed only there)
  Logs          $TH_STATE/logs
Stop everything with: bash scripts/stack.sh down
MSG
