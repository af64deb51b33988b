#!/usr/bin/env bash
# Set up a fresh Debian 12 machine (with Node 20) for the demo and the tests:
# system packages first, then the npm workspaces from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(socat mosquitto mosquitto-clients chromium libusb-1.0-0 poppler-utils openssl python3 make g++)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node $node_major found; this project needs Node 20 or newer" >&2
  exit 1
fi

# npm ci only when the lock file changed since the last install.
if [ node_modules/.package-lock.json -nt package-lock.json ] && [ -z "${YF_FORCE_NPM_CI:-}" ]; then
  echo "setup: node_modules is up to date"
  exit 0
fi
if [ -n "${CI:-}" ] || [ -n "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
elif ! npm ci --no-audit --no-fund; then
  echo
  echo "setup: npm ci failed, most likely because Electron's binary cannot be downloaded on this network."
  echo "setup: retrying without it (ELECTRON_SKIP_BINARY_DOWNLOAD=1): the demo then opens the kiosk in a browser."
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
