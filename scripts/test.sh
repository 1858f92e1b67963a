#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, build everything
# and run the whole test suite (unit, differential against a real
# redis-server, tool and concurrency tests).
#   BUILD_DIR   build directory (default: build)
#   SANITIZE    address,undefined or thread (default: none)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=Release
[[ -n "${SANITIZE:-}" ]] && BUILD_TYPE=RelWithDebInfo
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
  -DLUAKV_SANITIZE="${SANITIZE:-}" >/dev/null
cmake --build "$BUILD_DIR"
cd "$BUILD_DIR"
ctest --output-on-failure -j"$(nproc)" "${@}"
