#!/bin/sh
# Run once by the minio-setup service: the bucket of the photos, and an account for the servers
# whose policy allows that bucket only. Safe to run again (compose runs it at every `up`).
set -eu

access_key=$(cat /run/secrets/s3_access_key)
secret_key=$(cat /run/secrets/s3_secret_key)

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing local/fixmyquarter

cat > /tmp/fixmyquarter-policy.json <<'POLICY'
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
     "Resource": ["arn:aws:s3:::fixmyquarter"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
     "Resource": ["arn:aws:s3:::fixmyquarter/*"]}
  ]
}
POLICY
mc admin policy create local fixmyquarter /tmp/fixmyquarter-policy.json
mc admin user add local "$access_key" "$secret_key"
# Attaching a policy the user already has is an error; the state wanted is there either way.
mc admin policy attach local fixmyquarter --user "$access_key" 2>/dev/null || true
echo "MinIO: bucket fixmyquarter and its account are ready"
