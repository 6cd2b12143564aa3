#!/usr/bin/env bash
# Install the project and start the dashboard on real data (refresh + build first when needed).
#   bash scripts/run.sh            (the README's main command)
# As root on Debian/Ubuntu it also installs the chromium package, which `hhu report` prints PDFs with.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium (for the PDF of the board report) ..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || echo "Could not install chromium: hhu report will write HTML only." >&2
  else
    echo "No chromium found: hhu report will write HTML only (install it with: sudo apt-get install chromium)." >&2
  fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e .
exec hhu dashboard "$@"
