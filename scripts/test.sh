#!/usr/bin/env bash
# The one test command (`npm test`): types, lint, the CLI build, then every test (unit, CLI,
# git against a real git http-backend, browser e2e in Chromium, Kubernetes + Flux peers).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }
step "typecheck"; npx tsc -p tsconfig.json --noEmit
step "lint"; npx eslint .
step "build CLI"; node scripts/build-cli.mjs
step "tests"; npx vitest run "$@"
