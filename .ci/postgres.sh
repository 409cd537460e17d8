#!/usr/bin/env bash
# PostgreSQL for the store tests: install (apt) if missing, start, create role and database.
#
# Idempotent; runs as root; needs no network except the apt registry (and only when PostgreSQL is
# not installed yet). Source it to export LINKWISE_TEST_POSTGRES_URL into the calling shell:
#
#     source .ci/postgres.sh && .venv/bin/pytest tests/catalog
#
# or run it (`bash .ci/postgres.sh`) and copy the URL it prints.

_linkwise_postgres_setup() (
    set -euo pipefail
    cd /tmp  # psql run as postgres warns when it cannot enter root's working directory

    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
        echo "postgres.sh: installing PostgreSQL with apt" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq postgresql >/dev/null
    fi

    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if [ -z "$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"')" ]; then
        # Some images install the server without creating its default cluster.
        pg_createcluster "$version" main >&2
    fi
    status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')
    if [ "$status" != "online" ]; then
        # A server killed without a clean stop (a snapshotted machine) leaves socket locks naming a
        # dead PID; postgres refuses to start over them.
        for lock in /var/run/postgresql/.s.PGSQL.*.lock; do
            [ -e "$lock" ] || continue
            pid=$(head -n 1 "$lock")
            state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
            if [ -z "$state" ] || [ "${state:0:1}" = "Z" ]; then
                rm -f "$lock" "${lock%.lock}"
            fi
        done
        # To stderr: the caller reads stdout as the URL, and pg_ctlcluster chats there
        # ("Removed stale pid file." after an unclean stop).
        pg_ctlcluster "$version" main start >&2
    fi
    port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

    for _ in $(seq 1 60); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 0.5
    done
    pg_isready -q -h 127.0.0.1 -p "$port" || { echo "postgres.sh: server did not come up" >&2; exit 1; }

    psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtAX "$@"; }
    if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'linkwise'")" != "1" ]; then
        psql_admin -c "CREATE ROLE linkwise LOGIN PASSWORD 'linkwise'"
    else
        psql_admin -c "ALTER ROLE linkwise LOGIN PASSWORD 'linkwise'"
    fi
    if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'linkwise_test'")" != "1" ]; then
        psql_admin -c "CREATE DATABASE linkwise_test OWNER linkwise"
    else
        psql_admin -c "ALTER DATABASE linkwise_test OWNER TO linkwise"
    fi
    # PostgreSQL 15 no longer lets every role create in schema public; the tests' role needs to.
    psql_admin -d linkwise_test -c "GRANT ALL ON SCHEMA public TO linkwise"

    echo "postgresql://linkwise:linkwise@127.0.0.1:${port}/linkwise_test"
)

if _linkwise_postgres_url=$(_linkwise_postgres_setup); then
    case "$_linkwise_postgres_url" in
        postgresql://*) ;;
        *) echo "postgres.sh: setup printed no URL: $_linkwise_postgres_url" >&2; return 1 2>/dev/null || exit 1 ;;
    esac
    export LINKWISE_TEST_POSTGRES_URL="$_linkwise_postgres_url"
    echo "$LINKWISE_TEST_POSTGRES_URL"
    unset _linkwise_postgres_url
else
    echo "postgres.sh: PostgreSQL setup failed" >&2
    unset _linkwise_postgres_url
    # `return` when sourced, `exit` when run.
    return 1 2>/dev/null || exit 1
fi
