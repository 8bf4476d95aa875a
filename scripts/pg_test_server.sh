#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on a Unix socket only (no TCP).
#   scripts/pg_test_server.sh start   → prints the connection URI
#   scripts/pg_test_server.sh stop
# Every role is trusted except one, LLMCOST_PG_SECRET_ROLE (llmcost_secret), which must log in
# with LLMCOST_PG_SECRET_PASSWORD (scram-sha-256) and may read everything: for tests of a
# wrong password and of a password in the URI.
# Needs Debian's postgresql package (.ci/run installs it). Run as root, it uses the
# postgres system user, since initdb refuses to run as root.
set -euo pipefail
dir=${LLMCOST_PG_DIR:-/tmp/llmcost-pg}
port=${LLMCOST_PG_PORT:-54329}
secret_role=${LLMCOST_PG_SECRET_ROLE:-llmcost_secret}
secret_password=${LLMCOST_PG_SECRET_PASSWORD:-pg-Secret-7f3a}
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
    # before the trust lines, and before the server reads the file (a reload is not waited for)
    hba="$dir/data/pg_hba.conf"
    { printf 'local all %s scram-sha-256\n' "$secret_role"; cat "$hba"; } >"$dir/pg_hba.new"
    cat "$dir/pg_hba.new" >"$hba" && rm "$dir/pg_hba.new"
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=''" start >/dev/null
    "${as_owner[@]}" "$bin/createdb" -h "$dir" -p "$port" -U llmcost llmcost
    "${as_owner[@]}" "$bin/psql" -h "$dir" -p "$port" -U llmcost -d llmcost -q -v ON_ERROR_STOP=1 \
      -v role="$secret_role" -v password="$secret_password" >/dev/null <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE :"role" LOGIN PASSWORD :'password';
GRANT pg_read_all_data TO :"role";
SQL
    echo "postgresql://llmcost@/llmcost?host=$dir&port=$port"
    ;;
  stop)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
