#!/usr/bin/env bash
# Starts a local PostgreSQL 15 cluster for BrandPulse's tests and prints the URL to export.
# Runs as root on Debian 12 without systemd (CI containers). Idempotent: safe to run twice.
#
#   eval "$(scripts/start-postgres.sh)"     # start, and export BRANDPULSE_TEST_POSTGRES_URL
#   scripts/start-postgres.sh --stop        # stop the cluster
set -euo pipefail

# Overridable for a second cluster beside the usual one; the defaults are what CI uses.
VERSION=${BRANDPULSE_PG_VERSION:-15}
CLUSTER=${BRANDPULSE_PG_CLUSTER:-main}
HOST=127.0.0.1
PORT=${BRANDPULSE_PG_PORT:-5432}
ROLE=brandpulse
PASSWORD=brandpulse
DATABASE=brandpulse

# Progress goes to stderr so that stdout holds only the export line, for eval.
log() { echo "start-postgres: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
    log "run as root (it installs packages and manages the cluster as the postgres user)"
    exit 2
fi

cluster_exists() {
    pg_lsclusters --no-header 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'
}

if [[ ${1:-} == "--stop" ]]; then
    if command -v pg_lsclusters >/dev/null && cluster_exists; then
        pg_ctlcluster "$VERSION" "$CLUSTER" stop 2>/dev/null || true
        log "cluster $VERSION $CLUSTER stopped"
    else
        log "no cluster $VERSION $CLUSTER"
    fi
    exit 0
elif [[ $# -gt 0 ]]; then
    log "usage: $0 [--stop]"
    exit 2
fi

# Packages: the server and the client headers that CLibPQ builds against.
missing=()
dpkg-query -W -f='${Status}' "postgresql-$VERSION" 2>/dev/null | grep -q "install ok installed" || missing+=("postgresql")
dpkg-query -W -f='${Status}' libpq-dev 2>/dev/null | grep -q "install ok installed" || missing+=("libpq-dev")
if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
fi

if ! cluster_exists; then
    log "creating cluster $VERSION $CLUSTER"
    # C.UTF-8 exists on every Debian 12; a container's LANG may name a locale that was never generated.
    pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" --locale C.UTF-8 --encoding UTF8 >&2
fi

# Password logins over TCP on loopback. Debian's default pg_hba.conf already has this line;
# a hand-made cluster may not, so add it (before any other rule) when it is missing.
HBA="/etc/postgresql/$VERSION/$CLUSTER/pg_hba.conf"
if [[ -f $HBA ]] && ! grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+(scram-sha-256|md5)' "$HBA"; then
    log "allowing password logins from 127.0.0.1 in $HBA"
    sed -i '1i host    all             all             127.0.0.1/32            scram-sha-256' "$HBA"
    pg_ctlcluster "$VERSION" "$CLUSTER" reload 2>/dev/null || true
fi

status=$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $4 }')
if [[ $status != online* ]]; then
    log "starting cluster $VERSION $CLUSTER"
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
pg_isready -h "$HOST" -p "$PORT" -t 30 >&2

# runuser keeps the working directory; postgres may not be able to read it.
cd /
psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }

if [[ $(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'") != 1 ]]; then
    log "creating role $ROLE"
    psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >&2
else
    # Keep the password and CREATEDB right even if someone changed them.
    psql_admin -c "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >&2
fi
if [[ $(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") != 1 ]]; then
    log "creating database $DATABASE"
    runuser -u postgres -- createdb -p "$PORT" -O "$ROLE" "$DATABASE" >&2
fi

log "ready on $HOST:$PORT"
echo "export BRANDPULSE_TEST_POSTGRES_URL=postgres://$ROLE:$PASSWORD@$HOST:$PORT/$DATABASE"
