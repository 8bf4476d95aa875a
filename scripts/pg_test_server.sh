#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on a Unix socket only (no TCP).
#   scripts/pg_test_server.sh start   → prints the connection URI
#   scripts/pg_test_server.sh stop
# Needs Debian's postgresql package (.ci/run installs it). Run as root, it uses the
# postgres system user, since initdb refuses to run as root.
set -euo pipefail
dir=${LLMCOST_PG_DIR:-/tmp/llmcost-pg}
port=${LLMCOST_PG_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL server here (apt-get install postgresql)" >&2
  exit 3
fi
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi
case "${1:-start}" in
  start)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U llmcost >"$dir/initdb.log" 2>&1
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=''" start >/dev/null
    "${as_owner[@]}" "$bin/createdb" -h "$dir" -p "$port" -U llmcost llmcost
    echo "postgresql://llmcost@/llmcost?host=$dir&port=$port"
    ;;
  stop)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
