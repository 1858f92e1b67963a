#!/usr/bin/env bash
# Installs what luakv needs to build and test, from Debian packages, when it
# is missing. Safe to run again: it installs nothing that is already there.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config
  libluajit-5.1-dev libabsl-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libedit-dev libasio-dev
  redis-server redis-tools python3 python3-redis
)
if [[ "${LUAKV_WITH_FUZZ:-0}" == 1 ]]; then
  PACKAGES+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all dependencies are installed"
  exit 0
fi

echo "setup: installing missing Debian packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    SUDO="sudo"
  else
    echo "setup: need root (or sudo) to run apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
