#!/usr/bin/env bash
# The one test command (`npm test`): types, lint, the CLI build, the unit tests (in parallel), then
# the end-to-end tests one file at a time (each starts real servers: git http-backend, the browser-mode
# host and Chromium, Kubernetes + Flux). For a subset, run vitest directly (npx vitest run <path>).
# Ends with `N passed, N failed, N skipped` over both runs.
set -uo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }
summary="$(mktemp)"
export GANTRY_TEST_SUMMARY="$summary"
status=0
# The Debian packages the tests need, before any test: installed when root, else one apt-get line and stop.
step "system packages"
if ! bash scripts/install-system-deps.sh; then
  printf '\n0 passed, 1 failed, 0 skipped\n'
  exit 1
fi
step "typecheck"; npx tsc -p tsconfig.json --noEmit || status=1
step "lint"; npx eslint . || status=1
step "build CLI"; node scripts/build-cli.mjs || status=1
step "unit tests"; npx vitest run --exclude 'e2e/**' || status=1
step "end-to-end tests"; npx vitest run e2e/ --no-file-parallelism || status=1
read -r passed failed skipped < <(awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}' "$summary")
rm -f "$summary"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
printf '\n%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
exit "$status"
