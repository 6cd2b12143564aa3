#!/usr/bin/env bash
# Install the project and start the dashboard on real data (refresh + build first when needed).
#   bash scripts/run.sh            (the README's main command)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e .
exec hhu dashboard "$@"
