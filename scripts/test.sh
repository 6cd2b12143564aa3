#!/usr/bin/env bash
# Install what the tests need and run the whole test suite.
#   bash scripts/test.sh            (the README's test command; .ci/run calls it)
# Needs ../shared/cbs beside the checkout, or HHU_MIRROR pointing at a mirror folder.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium for the browser and PDF tests, poppler-utils (pdftotext) to check PDF pages.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages:$missing ..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "Missing$missing and cannot install: the browser and PDF tests will be skipped." >&2
  fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 -m pytest "$@"
