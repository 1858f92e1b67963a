#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, build in Release,
# and run the demo on the embedded keyspace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target luakv_demo
./build/examples/luakv_demo "$@"
