#!/usr/bin/env bash
# The web UI's build and test steps, called by scripts/run and scripts/test.
#   web/ci.sh build              install dependencies when needed, then build web/dist
#   web/ci.sh test TIDU_BINARY   type check, lint, unit tests (Vitest), build, browser tests
set -euo pipefail
cd "$(dirname "$0")"

install() {
  # npm ci when node_modules is missing or older than the lock file (npm keeps its own copy).
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "== web: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

build() {
  install
  echo "== web: build (web/dist)"
  npm run --silent build -- --logLevel warn
}

case "${1:-}" in
  build)
    build
    ;;
  test)
    tidu="${2:?usage: web/ci.sh test TIDU_BINARY}"
    install
    echo "== web: type check (vue-tsc)"
    npm run --silent typecheck
    echo "== web: lint (ESLint, Prettier)"
    npm run --silent lint
    echo "== web: unit tests (Vitest)"
    npx vitest run --reporter=dot
    build
    echo "== web: browser tests (playwright-core + Chromium)"
    node e2e/run.mjs --tidu "$tidu" --dist dist --out ../build-test/web-screenshots
    echo "== web: browser tests, Fujian province stages (playwright-core + Chromium)"
    node e2e/fujian.mjs --tidu "$tidu" --dist dist --out ../build-test/web-screenshots
    echo "== web: browser tests, administration (playwright-core + Chromium)"
    node e2e/admin.mjs --tidu "$tidu" --dist dist --out ../build-test/web-screenshots
    echo "== web: browser tests, basic-tier self-evaluation and registry (playwright-core + Chromium)"
    node e2e/selfeval.mjs --tidu "$tidu" --dist dist --out ../build-test/web-screenshots
    echo "== web: browser tests, data imports (playwright-core + Chromium)"
    node e2e/imports.mjs --tidu "$tidu" --dist dist --out ../build-test/web-screenshots
    ;;
  *)
    echo "usage: web/ci.sh build | test TIDU_BINARY" >&2
    exit 2
    ;;
esac
