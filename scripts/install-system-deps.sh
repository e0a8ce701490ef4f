#!/usr/bin/env bash
# Make sure the system packages the tests need are installed: the PostgreSQL 15 server binaries
# (tests start a private server with initdb + pg_ctl) and Debian's chromium (browser tests).
# Idempotent and quick when everything is present: apt is only called for what is missing.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
need=()
if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  need+=(postgresql-15)
fi
if [ ! -x /usr/bin/chromium ]; then
  need+=(chromium)
fi
if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  need+=(fonts-dejavu-core)  # readable text in browser screenshots
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "install-system-deps: installing ${need[*]}" >&2
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
