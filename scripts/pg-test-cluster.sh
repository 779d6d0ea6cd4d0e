#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server on loopback for the storage tests.
#
#   eval "$(scripts/pg-test-cluster.sh)"            start (or reuse) one, export its URL
#   build/tests/tidu_tests --gtest_filter='Storage*:Migration*'
#   scripts/pg-test-cluster.sh stop "$TIDU_TEST_PG_DIR"   stop it and delete its folder
#
#   scripts/pg-test-cluster.sh [start [DIR]]   DIR defaults to ${TMPDIR:-/tmp}/tidu-pg-test
#   scripts/pg-test-cluster.sh stop DIR
#
# start prints `export TIDU_TEST_PG_URL=postgresql://tidu@127.0.0.1:PORT/tidu_test` and
# `export TIDU_TEST_PG_DIR=DIR` on stdout, everything else on stderr. Running it again while the
# server is up only prints the same lines. The server listens on 127.0.0.1 only (port 55432, or
# the next free one), trusts every local connection, and has fsync off: for tests, never data.
# As root, the server runs as the system user tidu-pg (created when missing), since PostgreSQL
# refuses to run as root. PG_BIN overrides /usr/lib/postgresql/15/bin.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SERVICE_USER=tidu-pg
FIRST_PORT=55432
LAST_PORT=55531
MARKER=.tidu-pg-test-cluster
ROLE=tidu
DATABASE=tidu_test

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}
say() { echo "pg-test-cluster: $*" >&2; }

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

# The user the server runs as: tidu-pg when we are root (stop uses the data folder's owner).
if [ "$(id -u)" -eq 0 ]; then OWNER=$SERVICE_USER; else OWNER=$(id -un); fi

# Runs a command as OWNER, from / so that a private current folder does not get in the way.
as_owner() {
  if [ "$(id -u)" -eq 0 ] && [ "$OWNER" != root ]; then
    (cd / && runuser -u "$OWNER" -- "$@")
  else
    "$@"
  fi
}

ensure_service_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id -u "$SERVICE_USER" >/dev/null 2>&1 && return 0
  command -v useradd >/dev/null || die "running as root needs useradd to create user $SERVICE_USER"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$SERVICE_USER" ||
    id -u "$SERVICE_USER" >/dev/null 2>&1 || # created meanwhile by a parallel run
    die "cannot create system user $SERVICE_USER"
  say "created system user $SERVICE_USER to run the server"
}

port_in_use() {
  # A connection to 127.0.0.1:PORT succeeds when anything listens there (also on 0.0.0.0).
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local port
  for ((port = FIRST_PORT; port <= LAST_PORT; port++)); do
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free port between $FIRST_PORT and $LAST_PORT on 127.0.0.1"
}

is_running() {
  [ -f "$1/data/PG_VERSION" ] && as_owner "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

print_exports() {
  local port
  port=$(cat "$1/port")
  echo "export TIDU_TEST_PG_URL=postgresql://$ROLE@127.0.0.1:$port/$DATABASE"
  echo "export TIDU_TEST_PG_DIR=$1"
}

# Creates the role and the database unless they exist; one psql run, so it stays quick.
ensure_role_and_database() {
  local port
  port=$(cat "$1/port")
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    >/dev/null <<SQL || die "cannot create role $ROLE and database $DATABASE (log: $1/server.log)"
SELECT 'CREATE ROLE $ROLE LOGIN SUPERUSER'
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE')\gexec
SELECT 'CREATE DATABASE $DATABASE OWNER $ROLE'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE')\gexec
SQL
}

prepare_folder() {
  local dir=$1 owner=$OWNER
  [ -L "$dir" ] && die "$dir is a symbolic link; give a real folder"
  if [ -e "$dir" ]; then
    [ -d "$dir" ] || die "$dir exists and is not a folder"
    if [ ! -e "$dir/$MARKER" ] && [ -n "$(ls -A "$dir")" ]; then
      die "$dir is not empty and was not made by this script; give another folder"
    fi
  else
    mkdir -p "$dir" || die "cannot create $dir"
    chmod 700 "$dir"
  fi
  if [ "$(id -u)" -eq 0 ]; then chown "$SERVICE_USER:$SERVICE_USER" "$dir"; fi
  [ "$(stat -c %U "$dir")" = "$owner" ] || die "$dir belongs to $(stat -c %U "$dir"), not $owner"
  as_owner test -w "$dir" ||
    die "user $owner cannot write $dir (is a parent folder private?); use a folder under /tmp"
  as_owner touch "$dir/$MARKER"
}

initialise() {
  local dir=$1 locale=(--no-locale)
  # A folder left by an initdb that failed half way is started again from nothing.
  [ -f "$dir/data/PG_VERSION" ] && return 0
  rm -rf "$dir/data"
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=(--locale=C.UTF-8); fi
  say "initdb in $dir/data"
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 "${locale[@]}" --no-sync \
    >"$dir/initdb.log" 2>&1 || {
    tail -n 20 "$dir/initdb.log" >&2
    die "initdb failed (full log: $dir/initdb.log)"
  }
  as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<'HBA'
# Throw-away test server: anyone on this machine, no password.
local all all trust
host  all all 127.0.0.1/32 trust
HBA
  echo "include 'tidu-test.conf'" | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
}

# Settings written at every start, since the port may have to change between starts.
write_settings() {
  local dir=$1 port=$2
  as_owner tee "$dir/data/tidu-test.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 50
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
CONF
  echo "$port" | as_owner tee "$dir/port" >/dev/null
}

start() {
  local dir=$1 port attempt
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server programs in $PG_BIN: install postgresql-15 or set PG_BIN"
  case $dir in /*) ;; *) dir="$PWD/$dir" ;; esac
  case $dir in *[[:space:]\'\"]*) die "the folder name must not contain spaces or quotes: $dir" ;; esac
  # The server's socket lives in the folder; Unix socket paths are limited to 107 bytes.
  [ ${#dir} -le 80 ] || die "folder path too long for the server's socket (max 80): $dir"

  ensure_service_user
  if is_running "$dir"; then
    ensure_role_and_database "$dir"
    say "already running in $dir"
    print_exports "$dir"
    return 0
  fi
  prepare_folder "$dir"
  initialise "$dir"
  for attempt in 1 2 3; do
    port=$(free_port)
    write_settings "$dir" "$port"
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null; then
      ensure_role_and_database "$dir"
      say "PostgreSQL 15 on 127.0.0.1:$port, data in $dir; stop with: $0 stop $dir"
      print_exports "$dir"
      return 0
    fi
    # Another program may have taken the port between the check and the start: try the next.
    grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null || break
    say "port $port was taken meanwhile (attempt $attempt)"
  done
  tail -n 20 "$dir/server.log" >&2 || true
  die "the server did not start (full log: $dir/server.log)"
}

stop() {
  local dir=${1:-}
  [ -n "$dir" ] || die "stop needs the folder: $0 stop DIR (start printed TIDU_TEST_PG_DIR)"
  case $dir in /*) ;; *) dir="$PWD/$dir" ;; esac
  if [ ! -e "$dir" ]; then
    say "nothing to stop: $dir does not exist"
    return 0
  fi
  [ -e "$dir/$MARKER" ] || die "$dir was not made by this script; not touching it"
  if [ -f "$dir/data/PG_VERSION" ]; then
    OWNER=$(stat -c %U "$dir/data")
    if [ "$(id -u)" -ne 0 ] && [ "$OWNER" != "$(id -un)" ]; then
      die "$dir belongs to $OWNER: stop it as root or as that user"
    fi
    if is_running "$dir"; then
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ||
        die "pg_ctl could not stop the server in $dir (log: $dir/server.log)"
    fi
  fi
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case ${1:-start} in
  start) start "${2:-${TMPDIR:-/tmp}/tidu-pg-test}" ;;
  stop) stop "${2:-}" ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
