#!/usr/bin/env bash
# The FixMyQuarter container's entrypoint: run | check | healthcheck | restore FILE | version | help
#
# It checks the settings a container gets wrong most often before the JVM starts (a start takes
# 15 s or more, and a server that starts on a bad setting fails later and less clearly): writable
# folders, ports, the database URL, secrets given as files. A bad one stops it at once with exit
# status 78 and one line saying what to change. Secrets may come as files (Docker and Kubernetes
# secrets): NAME_FILE=/run/secrets/x sets NAME to the file's content, for the names in
# SECRET_SETTINGS only (a plugin may have a setting that ends in _FILE and names a file).
# docs/operations.md, "Containers", lists the variables.
set -euo pipefail

readonly EX_CONFIG=78
readonly SECRET_SETTINGS=(FMQ_DB_PASSWORD FMQ_ADMIN_PASSWORD FMQ_TLS_KEYSTORE_PASSWORD FMQ_RATELIMIT_REDIS
    FMQ_PLUGIN_S3_ACCESS_KEY FMQ_PLUGIN_S3_SECRET_KEY FMQ_PLUGIN_AMQP_URI FMQ_PLUGIN_EMAIL_SMTP_PASSWORD
    FMQ_PLUGIN_OPEN311_API_KEY)

FMQ_JAR=${FMQ_JAR:-/opt/fixmyquarter/fixmyquarter.jar}
export FMQ_DATA_DIR=${FMQ_DATA_DIR:-/var/lib/fixmyquarter}
export FMQ_RUNTIME_DIR=${FMQ_RUNTIME_DIR:-/var/cache/fixmyquarter}
export FMQ_HTTP_PORT=${FMQ_HTTP_PORT:-9080}
export FMQ_HTTPS_PORT=${FMQ_HTTPS_PORT:-9443}
# The heap follows the container's memory limit; an out-of-memory error ends the process, so that
# the orchestrator restarts it rather than leaving a server that half works.
JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError}
TMPDIR=${TMPDIR:-/tmp}

refuse() {
    echo "fixmyquarter: not starting: $*" >&2
    exit "$EX_CONFIG"
}

secrets_from_files() {
    local name file_var file
    for name in "${SECRET_SETTINGS[@]}"; do
        file_var=${name}_FILE
        file=${!file_var:-}
        [ -n "$file" ] || continue
        if [ -n "${!name:-}" ]; then
            refuse "both $name and $file_var are set; keep one"
        fi
        if [ ! -f "$file" ] || [ ! -r "$file" ]; then
            refuse "$file_var names $file, which is not a file this user (uid $(id -u)) can read"
        fi
        # Command substitution drops the trailing newline an editor or echo leaves.
        export "$name=$(cat -- "$file")"
        if [ -z "${!name}" ]; then
            refuse "$file_var names $file, which is empty"
        fi
        unset "$file_var"
    done
    for name in "${SECRET_SETTINGS[@]}"; do
        # The placeholder of deploy/kubernetes/secret.yaml, never a real secret.
        if [ "${!name:-}" = change-me ]; then
            refuse "$name is still 'change-me', the example's value; set the real one"
        fi
    done
}

check_signing_key() {
    local key=${FMQ_AUTH_PRIVATE_KEY:-}
    [ -n "$key" ] || return 0
    if [ ! -f "$key" ] || [ ! -r "$key" ]; then
        refuse "FMQ_AUTH_PRIVATE_KEY names $key, which is not a file this user (uid $(id -u)) can read"
    fi
    if ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$key"; then
        refuse "FMQ_AUTH_PRIVATE_KEY ($key) is not a PKCS#8 PEM private key; make one with" \
            "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem"
    fi
}

check_port() {
    local name=$1 value=$2
    if ! [[ $value =~ ^[0-9]{1,5}$ ]] || [ "$((10#$value))" -lt 1 ] || [ "$((10#$value))" -gt 65535 ]; then
        refuse "$name must be a port number from 1 to 65535 (got '$value')"
    fi
}

check_writable_folder() {
    local name=$1 folder=$2 hint=$3
    if ! mkdir -p -- "$folder" 2>/dev/null || [ ! -d "$folder" ] || [ ! -w "$folder" ]; then
        refuse "$name=$folder is not a folder this user (uid $(id -u)) can write; $hint"
    fi
}

check_settings() {
    secrets_from_files
    check_signing_key
    check_port FMQ_HTTP_PORT "$FMQ_HTTP_PORT"
    check_port FMQ_HTTPS_PORT "$FMQ_HTTPS_PORT"
    if [ "$((10#$FMQ_HTTP_PORT))" -eq "$((10#$FMQ_HTTPS_PORT))" ]; then
        refuse "FMQ_HTTP_PORT and FMQ_HTTPS_PORT are both $FMQ_HTTP_PORT; give them different ports"
    fi
    case ${FMQ_DB_URL:-} in
        '' | jdbc:h2:* | jdbc:postgresql:*) ;;
        *) refuse "FMQ_DB_URL must be a jdbc:postgresql: or jdbc:h2: URL, the two drivers the server ships (got '${FMQ_DB_URL%%[?;]*}')" ;;
    esac
    if [ -n "${FMQ_DB_POOL_MAX:-}" ] && ! [[ $FMQ_DB_POOL_MAX =~ ^[1-9][0-9]{0,3}$ ]]; then
        refuse "FMQ_DB_POOL_MAX must be a whole number from 1 to 9999 (got '$FMQ_DB_POOL_MAX')"
    fi
    check_writable_folder FMQ_DATA_DIR "$FMQ_DATA_DIR" \
        "mount a volume there (docker run -v fmq-data:$FMQ_DATA_DIR), owned by uid $(id -u)"
    check_writable_folder FMQ_RUNTIME_DIR "$FMQ_RUNTIME_DIR" \
        "mount a scratch volume there (docker run -v $FMQ_RUNTIME_DIR, a Kubernetes emptyDir); it holds the unpacked runtime"
    if [ -n "${FMQ_LOG_DIR:-}" ]; then
        check_writable_folder FMQ_LOG_DIR "$FMQ_LOG_DIR" "mount a volume there, or leave it unset (logs/ in the data folder)"
    fi
    check_writable_folder TMPDIR "$TMPDIR" "mount a tmpfs there (docker run --tmpfs /tmp, a Kubernetes emptyDir)"
    if [ ! -r "$FMQ_JAR" ]; then
        refuse "there is no server jar at $FMQ_JAR (FMQ_JAR)"
    fi
}

# GET /health/ready on this container's HTTP port, with bash alone (the image has no curl):
# exit 0 when it answers 200, 1 otherwise.
healthcheck() {
    local host=${FMQ_HTTP_HOST:-*} status_line
    case $host in '*' | 0.0.0.0 | '::') host=127.0.0.1 ;; esac
    { exec 3<>"/dev/tcp/$host/$FMQ_HTTP_PORT"; } 2>/dev/null || { echo "fixmyquarter: nothing answers on $host:$FMQ_HTTP_PORT" >&2; exit 1; }
    printf 'GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
    if ! IFS= read -r -t 5 status_line <&3; then
        exit 1
    fi
    exec 3<&-
    case $status_line in
        'HTTP/1.1 200 '*) exit 0 ;;
        *) echo "fixmyquarter: /health/ready answered: ${status_line%$'\r'}" >&2; exit 1 ;;
    esac
}

java_with_options() {
    local options
    read -r -a options <<< "$JAVA_OPTS"
    exec java "${options[@]}" "-Djava.io.tmpdir=$TMPDIR" -jar "$FMQ_JAR" "$@"
}

command=${1:-run}
case $command in
    run)
        check_settings
        java_with_options run
        ;;
    check)
        check_settings
        # The URL without its parameters, which may carry a password.
        database=${FMQ_DB_URL:-embedded H2}
        echo "fixmyquarter: settings look right: data $FMQ_DATA_DIR, runtime $FMQ_RUNTIME_DIR," \
            "HTTP $FMQ_HTTP_PORT, HTTPS $FMQ_HTTPS_PORT, database ${database%%[?;]*}"
        ;;
    healthcheck)
        healthcheck
        ;;
    restore)
        [ $# -eq 2 ] || refuse "usage: restore <backup.zip> (a file mounted into the container)"
        check_settings
        java_with_options restore "$2"
        ;;
    version | help | --help | -h)
        java_with_options "$command"
        ;;
    *)
        # Anything else runs as a command in the image (bash, for a look around).
        exec "$@"
        ;;
esac
