#!/usr/bin/env bash
# `npm run demo`: builds the console when the sources changed, then starts it on the embedded
# database (./data) with the 20k-customer demo utility, generated on the first start only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=build/handler.js
if [ ! -f "$stamp" ] || [ -n "$(find src messages vite.config.ts package-lock.json -newer "$stamp" -print -quit)" ]; then
  echo "waterline: building the console" >&2
  npx vite build --logLevel error >&2
fi
export DEMO_CUSTOMERS="${DEMO_CUSTOMERS:-20000}"
# Virtual field staff walking their routes (scripts/sim), so the live map moves at once: 20 on
# PostgreSQL, 5 on the embedded database, whose socket server interleaves the statements of
# concurrent connections (errors such as 'portal "" does not exist' under concurrent load).
if [ -n "${DATABASE_URL:-}" ]; then default_sim=20; else default_sim=5; fi
export SIM_STAFF="${SIM_STAFF:-$default_sim}"
exec node --import tsx server/index.ts
