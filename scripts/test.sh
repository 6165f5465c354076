#!/usr/bin/env bash
# `npm test`: the whole suite. Needs PostgreSQL with PostGIS at TEST_DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/postgres) and Debian's Chromium at /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

step() { printf '\n== %s\n' "$*"; }

step "typecheck, lint, format"
npm run --silent check

step "unit and database integration tests (vitest)"
npx vitest run

step "build"
npx vite build --logLevel error

step "end-to-end tests (Playwright, Debian Chromium)"
npx playwright test
