#!/usr/bin/env bash
# Starts (or stops) the API and one process per worker pool in the background, as the current
# user, with logs and pid files in the state dir:  start-app.sh start|stop
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
RUN="$TH_STATE/run"; LOGS="$TH_STATE/logs"; mkdir -p "$RUN" "$LOGS"
POOLS=(bookings suppliers payments notify maintenance)

start_one() { # name, entry file
  local pidf="$RUN/app-$1.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then return 0; fi
  # exec: the recorded pid is the node process itself, leader of its own process group.
  ( cd "$TH_ROOT"; set -a; eval "$(th_app_env)"; set +a
    exec setsid node --import tsx "$2" >>"$LOGS/app-$1.log" 2>&1 < /dev/null ) &
  echo $! > "$pidf"
}

stop_one() {
  local pidf="$RUN/app-$1.pid"
  [ -f "$pidf" ] || return 0
  local pid; pid=$(cat "$pidf")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidf"
}

api_healthy() { curl -fs "http://127.0.0.1:$TH_API_PORT/healthz" >/dev/null; }

case "${1:-start}" in
  start)
    # The API serves the customer web app from dist/web (api/routes/web): built from web/ first.
    ( cd "$TH_ROOT" && node --import tsx tools/web-build/build.ts >>"$LOGS/web-build.log" 2>&1 ) \
      || { log "web app build failed"; tail -n 20 "$LOGS/web-build.log" >&2; exit 1; }
    start_one api api/server.ts
    for p in "${POOLS[@]}"; do start_one "worker-$p" "workers/$p.ts"; done
    wait_for API 60 api_healthy || { tail -n 30 "$LOGS/app-api.log" >&2; exit 1; }
    for p in "${POOLS[@]}"; do
      kill -0 "$(cat "$RUN/app-worker-$p.pid")" 2>/dev/null || { log "worker $p exited"; tail -n 30 "$LOGS/app-worker-$p.log" >&2; exit 1; }
    done ;;
  stop)
    stop_one api; for p in "${POOLS[@]}"; do stop_one "worker-$p"; done ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
