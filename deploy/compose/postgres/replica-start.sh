#!/usr/bin/env bash
# The streaming replica's entrypoint. On its first start (an empty data folder) it copies the
# primary with pg_basebackup, creating the replication slot replica_1 so that the primary keeps the
# WAL the replica has not received yet, and writes the connection to the primary (-R). Then, every
# time, PostgreSQL starts through the image's own entrypoint as a hot standby: read-only, following
# the primary. To make a new replica after losing this one's volume, drop the slot on the primary
# first: SELECT pg_drop_replication_slot('replica_1');
set -euo pipefail

PGDATA=${PGDATA:-/var/lib/postgresql/data}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    PGPASSWORD=$(cat /run/secrets/replication_password)
    export PGPASSWORD
    gosu postgres pg_basebackup --host=postgres-primary --port=5432 --username=replicator \
        --pgdata="$PGDATA" --wal-method=stream --write-recovery-conf \
        --create-slot --slot=replica_1 --checkpoint=fast
    unset PGPASSWORD
fi

exec docker-entrypoint.sh postgres -c hot_standby=on
