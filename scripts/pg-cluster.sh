#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks: initdb in a temporary folder, listening on 127.0.0.1 on
# a free port (and on a socket in that folder), with one superuser `egb` whose password lives in a pgpass file.
#
# Usage:
#   scripts/pg-cluster.sh start STATE_DIR [--durable]   create and start a cluster; prints `export ...` lines
#   scripts/pg-cluster.sh stop STATE_DIR                stop it and remove its data
#   scripts/pg-cluster.sh stop-server STATE_DIR [MODE]  stop the server only (MODE: fast (default) or immediate)
#   scripts/pg-cluster.sh start-server STATE_DIR        start the stopped server again, on the same port
#   scripts/pg-cluster.sh status STATE_DIR              exit 0 when the server accepts connections
#
# STATE_DIR receives `url` (postgresql://egb@127.0.0.1:PORT/postgres), `pgpass` (0600, for PGPASSFILE), `env` (the
# export lines), `ca.crt` (the server's certificate is signed by it: TLS is on) and `datadir` (where the cluster lives: under /tmp, so that the server user can reach it). Tests read
# EGB_TEST_PG_URL and PGPASSFILE, or these files when EGB_TEST_PG_DIR names STATE_DIR.
#
# PostgreSQL refuses to run as root: as root (CI) the server runs as the `postgres` user (created by the
# postgresql-common package), or as `egb-pg` (created here) when there is none. The cluster is for tests: fsync and
# synchronous commit are off unless --durable (benchmarks of durable writes) is given.
set -euo pipefail

die() {
    echo "pg-cluster.sh: $*" >&2
    exit 1
}

find_bindir() {
    local dir
    for dir in "${EGB_PG_BINDIR:-}" /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return 0
    fi
    die "no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql-15 (scripts/deps.sh)"
}

# Runs a command as the server user (root cannot run PostgreSQL).
as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$server_user" -- "$@"
    else
        "$@"
    fi
}

pick_server_user() {
    if [ "$(id -u)" -ne 0 ]; then
        server_user=$(id -un)
        return
    fi
    if id -u postgres >/dev/null 2>&1; then
        server_user=postgres
    else
        server_user=egb-pg
        id -u "$server_user" >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin "$server_user"
    fi
}

port_taken() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_server() {
    local datadir=$1 port=$2
    as_server "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 -s \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir" start
}

state_dir=${2:-}
[ -n "$state_dir" ] || die "usage: $0 start|stop|stop-server|start-server|status STATE_DIR"
bindir=$(find_bindir)

case "$1" in
start)
    durable=no
    [ "${3:-}" = "--durable" ] && durable=yes
    mkdir -p "$state_dir"
    state_dir=$(cd "$state_dir" && pwd)
    if [ -f "$state_dir/datadir" ] && [ -d "$(cat "$state_dir/datadir")" ]; then
        "$0" stop "$state_dir"
    fi
    pick_server_user
    datadir=$(mktemp -d /tmp/egb-pg.XXXXXX)
    chmod 0700 "$datadir"
    [ "$(id -u)" -eq 0 ] && chown "$server_user" "$datadir"
    echo "$datadir" >"$state_dir/datadir"
    echo "$server_user" >"$state_dir/user"

    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    pwfile="$datadir/initdb.pw"
    (umask 077 && printf '%s\n' "$password" >"$pwfile")
    [ "$(id -u)" -eq 0 ] && chown "$server_user" "$pwfile"
    as_server "$bindir/initdb" -D "$datadir/data" -U egb --pwfile="$pwfile" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$datadir/initdb.log" 2>&1 ||
        { cat "$datadir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    # TLS with a certificate of a CA made here (STATE_DIR/ca.crt), for tests of sslmode=require / verify-full.
    tls="$datadir/tls"
    mkdir -p "$tls"
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -days 3 -subj "/CN=egb test CA" -keyout "$tls/ca.key" -out "$tls/ca.crt" \
        >/dev/null 2>&1 || die "openssl could not make the test CA"
    openssl req "${ec[@]}" -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tls/san.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 3 \
        -extfile "$tls/san.ext" -out "$tls/server.crt" >/dev/null 2>&1 || die "openssl could not sign the test certificate"
    chmod 0600 "$tls/server.key"
    [ "$(id -u)" -eq 0 ] && chown -R "$server_user" "$tls"
    cp "$tls/ca.crt" "$state_dir/ca.crt"
    {
        echo "ssl = on"
        echo "ssl_cert_file = '$tls/server.crt'"
        echo "ssl_key_file = '$tls/server.key'"
        echo "max_connections = 200"
        echo "shared_buffers = 32MB"
        if [ "$durable" = no ]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } | as_server tee -a "$datadir/data/postgresql.conf" >/dev/null

    started=no
    for _ in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        port_taken "$port" && continue
        if start_server "$datadir/data" "$port"; then
            started=yes
            break
        fi
    done
    [ "$started" = yes ] || { cat "$datadir/data/server.log" >&2 2>/dev/null || true; die "the server did not start"; }
    echo "$port" >"$state_dir/port"

    (umask 077 && printf '127.0.0.1:%s:*:egb:%s\n' "$port" "$password" >"$state_dir/pgpass")
    url="postgresql://egb@127.0.0.1:$port/postgres"
    echo "$url" >"$state_dir/url"
    {
        echo "export EGB_TEST_PG_URL=$url"
        echo "export PGPASSFILE=$state_dir/pgpass"
        echo "export EGB_TEST_PG_DIR=$state_dir"
    } >"$state_dir/env"
    cat "$state_dir/env"
    ;;
stop)
    [ -f "$state_dir/datadir" ] || exit 0
    datadir=$(cat "$state_dir/datadir")
    server_user=$(cat "$state_dir/user" 2>/dev/null || id -un)
    if [ -d "$datadir/data" ]; then
        as_server "$bindir/pg_ctl" -D "$datadir/data" -m immediate -s stop >/dev/null 2>&1 || true
    fi
    case "$datadir" in /tmp/egb-pg.*) rm -rf "$datadir" ;; esac
    rm -f "$state_dir/datadir" "$state_dir/user" "$state_dir/port" "$state_dir/url" "$state_dir/pgpass" \
        "$state_dir/env" "$state_dir/ca.crt"
    ;;
stop-server)
    datadir=$(cat "$state_dir/datadir")
    server_user=$(cat "$state_dir/user")
    as_server "$bindir/pg_ctl" -D "$datadir/data" -m "${3:-fast}" -w -s stop
    ;;
start-server)
    datadir=$(cat "$state_dir/datadir")
    server_user=$(cat "$state_dir/user")
    start_server "$datadir/data" "$(cat "$state_dir/port")"
    ;;
status)
    datadir=$(cat "$state_dir/datadir" 2>/dev/null) || exit 1
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$(cat "$state_dir/port")"
    ;;
*)
    die "unknown command $1 (start, stop, stop-server, start-server, status)"
    ;;
esac
