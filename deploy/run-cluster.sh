#!/usr/bin/env bash
# Two Flameup hosts on one PostgreSQL database behind nginx with sticky Blazor circuits, all in the foreground.
#   bash deploy/run-cluster.sh         then open http://127.0.0.1:8080 ; Ctrl-C stops everything
# Hosts listen on 127.0.0.1:5101 and :5102 (loopback only: reach them through nginx on 127.0.0.1:8080).
# Settings: FLAMEUP_DB (database, default flameup_cluster), FLAMEUP_RUN_DIR (app, imports, nginx files; default
# /tmp/flameup-cluster), FLAMEUP_NO_BUILD=1 (reuse the published app), and any app setting as an environment
# variable (Admin__Password=..., Flameup__CreateDemoWorkspace=false, ...). Needs root for PostgreSQL and nginx.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${FLAMEUP_RUN_DIR:-/tmp/flameup-cluster}
DB=${FLAMEUP_DB:-flameup_cluster}
PORTS=(5101 5102)
BALANCER=8080
PIDS=()

stop_all() {
    trap - INT TERM EXIT
    # TERM is a graceful stop: each host ends its import batch and releases the import to the other.
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 1; }
command -v pg_ctlcluster >/dev/null || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }

# PostgreSQL: the one database every host shares (the role and database are created when missing).
pg_lsclusters -h | grep -q '^15 *main .*online' || pg_ctlcluster 15 main start
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -tAc \"$1\""; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'flameup'")" = 1 ] ||
    psql_admin "CREATE ROLE flameup LOGIN PASSWORD 'flameup' CREATEDB"
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ] ||
    psql_admin "CREATE DATABASE $DB OWNER flameup"

# The app, published once; both hosts run the same files.
if [ "${FLAMEUP_NO_BUILD:-}" != 1 ] || [ ! -f "$RUN/app/Flameup.Admin.Web.dll" ]; then
    echo "Publishing the app to $RUN/app ..."
    dotnet publish "$ROOT/src/Flameup.Admin.Web" -c Release -o "$RUN/app" --nologo -v q
fi
mkdir -p "$RUN/imports" "$RUN/nginx/logs" "$RUN/nginx/tmp"

# What every host must share: the database and the import folder. Forwarded headers from the loopback proxy are trusted.
export Flameup__Database__Provider=Postgres
export ConnectionStrings__People="Host=127.0.0.1;Port=5432;Username=flameup;Password=flameup;Database=$DB"
export Flameup__Import__Folder="$RUN/imports"
export Flameup__Security__ForwardedHeaders__Enabled=true
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}

start_host() { # name port
    (cd "$RUN/app" && exec dotnet Flameup.Admin.Web.dll --urls "http://127.0.0.1:$2") > >(sed -u "s/^/[$1] /") 2>&1 &
    PIDS+=($!)
}
wait_ready() { # port
    for _ in $(seq 1 120); do
        curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready" 2>/dev/null && return 0
        sleep 1
    done
    echo "The host on port $1 did not become ready." >&2; exit 1
}

# The first host migrates the database and, on a fresh one, prints the admin sign-in and demo key once.
start_host A "${PORTS[0]}"; wait_ready "${PORTS[0]}"
start_host B "${PORTS[1]}"; wait_ready "${PORTS[1]}"

echo "Flameup Admin: http://127.0.0.1:$BALANCER (hosts A on :${PORTS[0]}, B on :${PORTS[1]}); Ctrl-C stops all."
# In the foreground until Ctrl-C. A host may die meanwhile (try kill -9 of one): nginx sends its browsers to the other,
# where they stay signed in, and the other host takes over its running import once the lease lapses.
nginx -p "$RUN/nginx" -c "$ROOT/deploy/nginx.conf" -e stderr -g 'daemon off;'
