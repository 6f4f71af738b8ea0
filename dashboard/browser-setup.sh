#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the dashboard's browser tests (no downloaded browsers).
# Safe to run again: does nothing when both are there. Needs root (CI and the dev machines run as root).
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "browser-setup: /usr/bin/chromium or /usr/bin/chromedriver is missing and this is not root; run: apt-get install chromium chromium-driver" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null
fi
/usr/bin/chromium --version
/usr/bin/chromedriver --version
