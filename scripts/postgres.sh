#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from the machine's installed
# server binaries.
#   postgres.sh start <dir>   starts one in <dir>, prints its connection string
#   postgres.sh stop <dir>    stops it and removes <dir>
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` system user.
set -euo pipefail

cmd="${1:?usage: postgres.sh start|stop <dir>}"
dir="${2:?usage: postgres.sh start|stop <dir>}"

pg_bin() {
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
  echo "slipway: no PostgreSQL server binaries found (install Debian's postgresql package)" >&2
  exit 1
}

as_db_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    bin=$(pg_bin)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_db_user "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_db_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_db_user "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres.sh start|stop <dir>" >&2
    exit 2
    ;;
esac
