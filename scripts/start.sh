#!/usr/bin/env bash
# Sets up everything the demo portal needs, seeds the demo config repositories
# (kept across restarts; pass --reset to start over) and starts the portal:
# frontend on http://localhost:3000, backend on http://localhost:7007.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SLIPWAY_ROOT"

bash scripts/setup.sh
node scripts/seed-demo.mjs "$@"
exec yarn backstage-cli repo start
