#!/usr/bin/env bash
# Install Debian's chromium for tests/test_browser.py when it is missing.
# Never fails the build: without apt (or without network) the browser tests skip.
cd "$(dirname "$0")/.." || exit 0
if command -v chromium >/dev/null 2>&1; then
    echo "ci_browser: chromium already installed"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ci_browser: no apt-get here; browser tests will skip"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ci_browser: not root and no sudo; browser tests will skip"
        exit 0
    fi
fi
if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; then
    echo "ci_browser: installed $(command -v chromium)"
else
    echo "ci_browser: could not install chromium; browser tests will skip"
fi
exit 0
