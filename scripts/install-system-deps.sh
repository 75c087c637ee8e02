#!/usr/bin/env bash
# Debian packages the tests use: git (http-backend for the test Git server), Chromium (browser e2e),
# Prometheus (metrics), Xvfb (Electron e2e where its binary exists), openssl (test certificates).
# Idempotent: installs only what is missing.
set -euo pipefail
need=()
command -v git >/dev/null || need+=(git)
[ -x /usr/lib/git-core/git-http-backend ] || need+=(git)
command -v chromium >/dev/null || need+=(chromium)
command -v prometheus >/dev/null || need+=(prometheus)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${need[*]} (run as root, or: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
