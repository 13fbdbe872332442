#!/usr/bin/env bash
# Install the Debian packages reelwise's tests need, when a binary is missing.
# Runs as root (CI, containers) or through sudo; otherwise says what to install.
set -euo pipefail
missing=()
for pkg in "$@"; do
  case "$pkg" in
    postgresql) bin=initdb ;;
    espeak-ng) bin=espeak-ng ;;
    chromium) bin=chromium ;;
    fonts-dejavu-core) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && continue; bin=/nonexistent ;;
    *) bin=$pkg ;;
  esac
  if ! command -v "$bin" >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/"$bin" >/dev/null 2>&1; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Please install: ${missing[*]} (apt-get install ${missing[*]})" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
