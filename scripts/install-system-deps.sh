#!/usr/bin/env bash
# Debian packages the tests use: git (http-backend for the test Git server), Chromium (browser e2e),
# Prometheus (metrics), Xvfb (Electron e2e where its binary exists), openssl (test certificates).
# Run by `.ci/run` and at the start of `npm test` (scripts/test.sh). Idempotent: as root it installs
# only what is missing; as another user it installs nothing and, when something is missing, exits 1
# with the one apt-get line to run.
set -euo pipefail
need=()
add() { case " ${need[*]-} " in *" $1 "*) ;; *) need+=("$1") ;; esac; }
command -v git >/dev/null || add git
[ -x /usr/lib/git-core/git-http-backend ] || add git
command -v chromium >/dev/null || add chromium
command -v prometheus >/dev/null || add prometheus
command -v Xvfb >/dev/null || add xvfb
command -v openssl >/dev/null || add openssl
[ ${#need[@]} -eq 0 ] && exit 0
# GANTRY_TEST_UID lets the test of this script play a user who is not root.
if [ "${GANTRY_TEST_UID:-$(id -u)}" != 0 ]; then
  echo "npm test needs Debian packages that are missing here: ${need[*]}." >&2
  echo "Install them, then run the tests again:  sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  exit 1
fi
echo "installing Debian packages the tests need: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
