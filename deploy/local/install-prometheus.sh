#!/usr/bin/env bash
# Installs Debian's prometheus package for the test that scrapes the pipeline with a real
# Prometheus. The package's own daemon is kept from starting: tests run their own server.
set -euo pipefail
command -v prometheus >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "error: 'prometheus' is needed by the metrics test; install Debian's prometheus package" >&2
  exit 1
fi
echo "installing Debian's prometheus package"
policy=/usr/sbin/policy-rc.d
had_policy=0; [ -e "$policy" ] && had_policy=1
if [ "$had_policy" = 0 ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; fi
trap '[ "$had_policy" = 0 ] && rm -f "$policy"' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
