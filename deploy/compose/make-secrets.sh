#!/usr/bin/env bash
# Makes the secrets compose.prod.yaml reads, in deploy/compose/secrets/ (never committed): random
# passwords, the key that signs sign-in tokens (shared by both servers), and the env files of MinIO
# and RabbitMQ. Files that exist are kept, so running it again changes nothing; delete one to
# replace it (a new signing key signs everybody out; a new database password must also be set in
# PostgreSQL, which reads it at its first start only).
set -euo pipefail

cd "$(dirname "$0")"
umask 077
mkdir -p secrets
cd secrets

password() {
    # 32 characters of [A-Za-z0-9] (out of about 62 random ones): safe in URLs and env files.
    openssl rand -base64 48 | LC_ALL=C tr -dc 'A-Za-z0-9' | cut -c1-32
}

make_file() {
    local name=$1 content=$2
    if [ -e "$name" ]; then
        echo "kept    secrets/$name"
        return
    fi
    printf '%s\n' "$content" > "$name"
    echo "created secrets/$name"
}

make_file admin_password "$(password)"
make_file db_password "$(password)"
make_file postgres_password "$(password)"
make_file replication_password "$(password)"
make_file s3_access_key "fixmyquarter"
make_file s3_secret_key "$(password)"
rabbitmq_password=$(password)
make_file rabbitmq.env "RABBITMQ_DEFAULT_USER=fixmyquarter
RABBITMQ_DEFAULT_PASS=$rabbitmq_password"
# The servers' AMQP address carries the password RabbitMQ was given.
rabbitmq_password=$(sed -n 's/^RABBITMQ_DEFAULT_PASS=//p' rabbitmq.env)
make_file amqp_uri "amqp://fixmyquarter:$rabbitmq_password@rabbitmq:5672/"
make_file minio.env "MINIO_ROOT_USER=minio-admin
MINIO_ROOT_PASSWORD=$(password)"
if [ ! -e jwt-private.pem ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem 2>/dev/null
    echo "created secrets/jwt-private.pem"
else
    echo "kept    secrets/jwt-private.pem"
fi

# Compose mounts these files as they are; the servers run as uid 10001 and must read theirs. The
# folder stays closed to other users of this host.
chmod 0644 -- *
chmod 0700 .
