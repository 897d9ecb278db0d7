#!/usr/bin/env bash
# The PostgreSQL primary's first start (docker-entrypoint-initdb.d, run once, on an empty data
# folder): the servers' own account and database, which owns the schema the servers migrate, and the
# account the replica streams with. Passwords come from the compose secrets.
set -euo pipefail

fmq_password=$(cat /run/secrets/db_password)
replication_password=$(cat /run/secrets/replication_password)

# psql variables (:'name'), so that the passwords are quoted by psql, never by this script.
psql --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set fmq_password="$fmq_password" --set replication_password="$replication_password" <<'SQL'
CREATE ROLE fmq LOGIN PASSWORD :'fmq_password';
CREATE DATABASE fmq OWNER fmq;
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'replication_password';
SQL

# Replication connections match no "all" line of pg_hba.conf; allow them with a password.
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
