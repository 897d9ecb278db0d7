/**
 * Checks of the deployment files under {@code deploy/} (the container image, the compose files, the
 * Kubernetes manifests, the nginx configuration) with their linters, run as unit tests of the
 * fmq-distribution build: no server is needed. The container's entrypoint is tested against the
 * real jar by {@code org.fixmyquarter.it.ContainerEntrypointIT}.
 */
package org.fixmyquarter.deploy;
