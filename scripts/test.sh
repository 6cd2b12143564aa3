#!/usr/bin/env bash
# Install what the tests need and run the whole test suite.
#   bash scripts/test.sh            (the README's test command; .ci/run calls it)
# Needs ../shared/cbs beside the checkout, or HHU_MIRROR pointing at a mirror folder.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests ..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium not found and cannot install it: the browser tests will be skipped." >&2
  fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 -m pytest "$@"
