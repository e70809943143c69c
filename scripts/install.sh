#!/usr/bin/env bash
# Installs everything the platform and its tests need that this machine lacks, into the
# cache outside the repository. Idempotent: a second run only checks.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$TH_CACHE/bin"

apt_updated=0
apt_install() { # packages...
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || { log "need root to apt-get install ${missing[*]}"; return 1; }
  if [ $apt_updated = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 22 ]; then return 0; fi
  # env.sh already put the cached Node first on PATH; reaching here means it is absent or broken.
  # The registry's `node` package ships the official binary for this platform.
  log "system Node is $(node --version 2>/dev/null || echo absent); installing Node $TH_NODE_MAJOR from the npm registry"
  rm -rf "$TH_CACHE/node-pkg"
  npm install --silent --no-audit --no-fund --prefix "$TH_CACHE/node-pkg" "node@$TH_NODE_MAJOR" >/dev/null
  local bin
  bin=$(find "$TH_CACHE/node-pkg/node_modules" -path '*/bin/node' -type f | head -n 1)
  [ -x "$bin" ] || { log "node@$TH_NODE_MAJOR installed no binary"; return 1; }
  mkdir -p "$TH_CACHE/node/bin"
  ln -sf "$(realpath --relative-to="$TH_CACHE/node/bin" "$bin")" "$TH_CACHE/node/bin/node"
  hash -r
  log "node $(node --version)"
}

install_services() {
  apt_install redis-server unzip
  # Browser tests (test/helpers/browser.ts) drive Debian's Chromium; nothing downloads a browser.
  apt_install chromium
  # bench/auth-overhead.ts loads the API with wrk, a load generator outside the API's process.
  apt_install wrk
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/postgres" ] || apt_install postgresql
  # The distribution's own redis instance is not ours: keep it from holding port 6379.
  if [ -d /run/systemd/system ]; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
  if [ "$(id -u)" = 0 ] && ! id "$TH_SVC_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$TH_SVC_USER"
  fi
}

go_tool() { # binary, module@version
  [ -x "$TH_CACHE/bin/$1" ] && return 0
  log "building $1 from $2 (first time only)"
  go install "$2"
}

install_opensearch() {
  local dir="$TH_CACHE/opensearch-$TH_OPENSEARCH_VERSION"
  [ -x "$dir/bin/opensearch" ] && return 0
  log "fetching OpenSearch $TH_OPENSEARCH_VERSION from Maven Central"
  mvn -q -B dependency:copy \
    "-Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$TH_OPENSEARCH_VERSION:zip" \
    "-DoutputDirectory=$TH_CACHE/downloads" >/dev/null
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  unzip -q "$TH_CACHE/downloads/opensearch-$TH_OPENSEARCH_VERSION.zip" -d "$dir.tmp"
  mv "$dir.tmp/opensearch-$TH_OPENSEARCH_VERSION" "$dir" && rmdir "$dir.tmp"
}

install_python_tools() {
  local venv="$TH_CACHE/venv"
  if [ ! -x "$venv/bin/schemathesis" ]; then
    log "installing schemathesis into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==4.32.5"
    ln -sf "$venv/bin/schemathesis" "$TH_CACHE/bin/schemathesis"
  fi
  # The stateful Stripe stand-in (scripts/stack.sh runs it behind tools/stripe-proxy).
  if [ "$("$venv/bin/pip" show localstripe 2>/dev/null | sed -n 's/^Version: //p')" != 1.15.10 ]; then
    log "installing localstripe into $venv"
    "$venv/bin/pip" install -q "localstripe==1.15.10"
  fi
}

install_node_modules() {
  cd "$TH_ROOT"
  local stamp="node_modules/.travelhub-lock"
  if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then return 0; fi
  # Not `npm ci`: this registry serves no other platforms' optional binaries (e.g. the macOS
  # builds of @swc/core answer 404), so the lockfile cannot list them and ci's sync check always
  # refuses. `install --no-save` installs the locked versions and leaves the lockfile as it is.
  log "npm install (locked versions)"
  npm install --no-save --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
}

install_node
install_services
go_tool temporal "github.com/temporalio/cli/cmd/temporal@$TH_TEMPORAL_CLI_VERSION"
go_tool stripe-mock "github.com/stripe/stripe-mock@latest"
install_opensearch
install_python_tools
install_node_modules
log "building the web app (dist/web)"
( cd "$TH_ROOT" && node --import tsx tools/web-build/build.ts >/dev/null )
log "toolchain ready (node $(node --version))"
