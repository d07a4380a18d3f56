#!/usr/bin/env bash
# Builds scripts/k8s-validate (strict decoding of manifests into the Kubernetes API types, used by the
# chart test) into .tools/ (git-ignored). Idempotent: the binary's folder is named after a hash of the
# module's files, so an unchanged module is not rebuilt. Prints the binary's path last, on its own line.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE="scripts/k8s-validate"
TOOLS_DIR="${HELM_TOOLS_DIR:-${PWD}/.tools}"
HASH="$(cat "${SOURCE}/go.mod" "${SOURCE}/go.sum" "${SOURCE}"/*.go | sha256sum | cut -c1-12)"
BIN="${TOOLS_DIR}/k8s-validate/${HASH}/k8s-validate"

if [ -x "${BIN}" ]; then
  echo "k8s-validate-build: ${HASH} already built" >&2
  echo "${BIN}"
  exit 0
fi

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:${PATH}"
fi
command -v go >/dev/null 2>&1 || { echo "k8s-validate-build: go is not on PATH" >&2; exit 1; }
echo "k8s-validate-build: building ${SOURCE} (${HASH})" >&2
mkdir -p "$(dirname "${BIN}")"
# -mod=readonly: go.sum is committed; a missing entry is an error, not a silent download of something new.
(cd "${SOURCE}" && CGO_ENABLED=0 nice -n 10 go build -mod=readonly -trimpath -ldflags "-s -w" -o "${BIN}.tmp" .)
mv -f "${BIN}.tmp" "${BIN}"
echo "${BIN}"
