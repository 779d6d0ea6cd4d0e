#!/usr/bin/env bash
# Installs the Debian packages Tidu builds and tests with, when they are missing; further package
# names given as arguments are installed too (scripts/test: clang's sanitizer and fuzzer runtimes).
set -euo pipefail
packages=("$@"
          cmake ninja-build g++ pkg-config git curl
          libgtest-dev libgmock-dev libbenchmark-dev
          libfmt-dev nlohmann-json3-dev libyaml-cpp-dev
          libboost1.81-dev libsqlite3-dev libpq-dev postgresql-15
          libsodium-dev clang-16 clang-tidy-16 clang-format-16
          libpango1.0-dev libcairo2-dev fonts-noto-cjk libxlsxwriter-dev libzip-dev libexpat1-dev zlib1g-dev
          libqrencode-dev poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui
          libturbojpeg0-dev chromium unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
