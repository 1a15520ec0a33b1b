#!/usr/bin/env bash
# Builds, without pulling anything, every image docker-compose.yml and the container tests need, tagged
# salesvelocity-local/*: a Debian root file system (debootstrap, imported), a JRE and a JDK with Maven on it (Debian's
# packages), Apache Kafka 4.4.0 and Apicurio Registry 2.6.13 from their Maven Central artifacts, then the project's
# image from its Dockerfile on those. For machines where no container registry can be reached; elsewhere
# `docker compose up --build` uses the upstream images. Needs root (debootstrap), docker, debootstrap and Maven.
#
#   docker/build-local-images.sh            builds what is missing
#   EXTRA_CA_DIR=/usr/local/share/ca-certificates docker/build-local-images.sh
#       also trusts the CA certificates (*.crt) in that folder in the project's build stage: for Maven Central
#       behind a TLS-inspecting proxy (the EXTRA_CA_CERTS build argument of the Dockerfile)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0 # the classic builder uses local tags in FROM without pulling; BuildKit needs buildx
prefix=salesvelocity-local
debian_mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

timed() { # timed LABEL COMMAND...: runs the command, prints how long it took
  local label=$1 start=$SECONDS
  shift
  "$@"
  echo "  $label: $((SECONDS - start)) s"
}

have() { docker image inspect "$1" > /dev/null 2>&1; }

if ! have $prefix/debian:bookworm; then
  rootfs=$(mktemp -d)
  timed "debootstrap (Debian bookworm, minbase)" sh -c "debootstrap --variant=minbase bookworm $rootfs $debian_mirror \
    > /tmp/salesvelocity-debootstrap.log"
  timed "import $prefix/debian:bookworm" sh -c "tar -C '$rootfs' -c . | docker import - $prefix/debian:bookworm > /dev/null"
  rm -rf "$rootfs"
fi
have $prefix/jre:17 || timed "$prefix/jre:17" docker build -q -t $prefix/jre:17 \
  --build-arg BASE_IMAGE=$prefix/debian:bookworm docker/jre
have $prefix/maven:17 || timed "$prefix/maven:17" docker build -q -t $prefix/maven:17 \
  --build-arg BASE_IMAGE=$prefix/debian:bookworm docker/maven
timed "Kafka and Apicurio artifacts (Maven Central)" mvn -B -q -f docker/pom.xml package
timed "$prefix/kafka:4.4.0" docker build -q -t $prefix/kafka:4.4.0 --build-arg JRE_IMAGE=$prefix/jre:17 docker/kafka
timed "$prefix/apicurio-registry-mem:2.6.13.Final" docker build -q -t $prefix/apicurio-registry-mem:2.6.13.Final \
  --build-arg JRE_IMAGE=$prefix/jre:17 docker/apicurio
extra_ca=""
if [[ -n "${EXTRA_CA_DIR:-}" ]] && compgen -G "$EXTRA_CA_DIR/*.crt" > /dev/null; then
  extra_ca=$(cat "$EXTRA_CA_DIR"/*.crt)
fi
timed "$prefix/salesvelocity:latest (the project's Dockerfile)" docker build -q -t $prefix/salesvelocity:latest \
  --build-arg BUILD_IMAGE=$prefix/maven:17 --build-arg RUNTIME_IMAGE=$prefix/jre:17 \
  --build-arg EXTRA_CA_CERTS="$extra_ca" .
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep "^$prefix/"
