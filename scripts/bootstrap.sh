#!/usr/bin/env bash
# One entry point for a fresh machine: makes sure Node 24 is there (n8n 2.x and the
# n8n-workflow/n8n-core this package builds and tests against need it; the machine may
# only have an older Node), installs the dev dependencies when they are missing or
# out of date, then runs `npm run <args>` with that Node first on PATH. The npm scripts run
# the tooling's TypeScript with tsx (a dev dependency), so nothing is built first; those that
# install the package into a real n8n (test:e2e, bench, reliability, scale) build it once.
#   bash scripts/bootstrap.sh replay -- fixtures
#   bash scripts/bootstrap.sh test
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/node24-env.sh
source "$root/scripts/node24-env.sh"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
fi
[ $# -eq 0 ] && exit 0
exec npm run "$@"
