#!/usr/bin/env bash
# Installs the local stack into .local/ (ignored by git), once:
#   .local/kafka/libs/   Apache Kafka broker jars, resolved from Maven Central by mvn
#   .local/bin/ferretdb  FerretDB (MongoDB wire protocol), built from the Go module proxy
# and makes sure the PostgreSQL server FerretDB stores in is installed (Debian's postgresql
# package, with apt-get when run as root; skipped with LRS_STORE_BACKEND=sqlite).
# Re-running it is cheap: each part is skipped when its marker file exists.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
local_dir="$root/.local"
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/deploy/kafka/pom.xml")
ferretdb_version=${FERRETDB_VERSION:-v1.24.2}

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "error: '$1' is required to install the local stack ($2) but was not found on PATH" >&2
    exit 1
  }
}

install_kafka() {
  local marker="$local_dir/kafka/.installed-$kafka_version"
  [ -f "$marker" ] && return 0
  need java "runs the Kafka broker; install a Java 17 JDK"
  need mvn "resolves the Kafka jars from Maven Central; install Apache Maven"
  echo "installing Apache Kafka $kafka_version jars into $local_dir/kafka/libs"
  rm -rf "$local_dir/kafka/libs"
  mkdir -p "$local_dir/kafka/libs"
  mvn -q -B -f "$root/deploy/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$local_dir/kafka/libs" -DincludeScope=runtime
  touch "$marker"
}

install_ferretdb() {
  local patches="$root/deploy/ferretdb"
  local marker
  marker="$local_dir/bin/.ferretdb-$ferretdb_version-$(cat "$patches"/*.patch | sha256sum | cut -c1-12)"
  [ -f "$marker" ] && [ -x "$local_dir/bin/ferretdb" ] && return 0
  need go "builds FerretDB from the Go module proxy; install Go"
  need patch "applies deploy/ferretdb/*.patch to FerretDB's source; install Debian's patch"
  echo "building FerretDB $ferretdb_version into $local_dir/bin/ferretdb"
  local build="$local_dir/build/ferretdb"
  rm -rf "$build"
  mkdir -p "$build" "$local_dir/bin"
  # Download the module source once and build from a copy of it: `go install ...@version`
  # builds a binary that panics at start-up because build/version/version.txt is absent,
  # and the copy takes our fixes in deploy/ferretdb/ (each patch says why).
  local src
  src=$(cd "$build" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$ferretdb_version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { echo "error: go mod download gave no source directory for FerretDB $ferretdb_version" >&2; exit 1; }
  cp -r "$src/." "$build/src"
  chmod -R u+w "$build/src"
  printf '%s\n' "$ferretdb_version" >"$build/src/build/version/version.txt"
  local patch
  for patch in "$patches"/*.patch; do
    patch --quiet --directory="$build/src" -p1 <"$patch"
  done
  (cd "$build/src" && CGO_ENABLED=0 go build -trimpath -o "$local_dir/bin/ferretdb" ./cmd/ferretdb)
  rm -rf "$build"
  touch "$marker"
}

postgresql_installed() {
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || command -v postgres >/dev/null 2>&1
}

# The stack runs a cluster of its own (devstack/postgres.py); the one Debian's package
# creates and starts is never used, so it does not keep running beside ours.
stop_system_clusters() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  local version cluster status
  while read -r version cluster _ status _; do
    if [ "$status" = online ]; then
      echo "stopping the system cluster $version/$cluster that the package started"
      pg_ctlcluster "$version" "$cluster" stop || true
    fi
  done < <(pg_lsclusters --no-header)
}

install_postgresql() {
  [ "${LRS_STORE_BACKEND:-postgresql}" = sqlite ] && return 0
  postgresql_installed && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: the local stack needs the PostgreSQL server: install Debian's 'postgresql' package" \
      "(sudo apt-get install postgresql), or set LRS_STORE_BACKEND=sqlite" >&2
    exit 1
  fi
  need apt-get "installs Debian's postgresql package"
  echo "installing Debian's postgresql package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
  postgresql_installed || { echo "error: no postgres binary after installing 'postgresql'" >&2; exit 1; }
  stop_system_clusters
}

case "${1:-all}" in
  kafka) install_kafka ;;
  ferretdb) install_ferretdb ;;
  postgresql) install_postgresql ;;
  all) install_kafka; install_ferretdb; install_postgresql ;;
  *) echo "usage: $0 [kafka|ferretdb|postgresql|all]" >&2; exit 2 ;;
esac
