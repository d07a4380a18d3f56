#!/usr/bin/env bash
# Builds helm from its Go module at a pinned version into .tools/ (git-ignored), for CI and the chart
# test. Idempotent: when .tools/helm/<version>/helm already reports that version, it does nothing.
# Needs Go and the Go module proxy, nothing else. Prints the binary's path last, on its own line.
#   scripts/helm-build.sh            build (or reuse) the pinned helm
#   HELM_TOOLS_DIR=/tmp/x scripts/helm-build.sh    build elsewhere (used to time a cold build)
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_VERSION="v3.22.0"
TOOLS_DIR="${HELM_TOOLS_DIR:-${PWD}/.tools}"
BIN_DIR="${TOOLS_DIR}/helm/${HELM_VERSION}"
HELM="${BIN_DIR}/helm"

if [ -x "${HELM}" ] && [ "$("${HELM}" version --template '{{.Version}}' 2>/dev/null)" = "${HELM_VERSION}" ]; then
  echo "helm-build: ${HELM_VERSION} already built" >&2
  echo "${HELM}"
  exit 0
fi

# Go's own install location, for shells (CI's among them) that never read the profile adding it to PATH.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:${PATH}"
fi
command -v go >/dev/null 2>&1 || { echo "helm-build: go is not on PATH (helm ${HELM_VERSION} needs Go 1.26)" >&2; exit 1; }
mkdir -p "${BIN_DIR}"
echo "helm-build: building helm ${HELM_VERSION} with $(go version | cut -d' ' -f3)" >&2

# helm's Makefile stamps its version and the Kubernetes version that `helm template` and `helm lint`
# assume; a bare `go install` would report "v3.22" and assume Kubernetes 1.20. The Kubernetes minor
# follows the client-go the pinned helm requires (client-go v0.N is Kubernetes 1.N), as the Makefile does.
MODULE="helm.sh/helm/v3@${HELM_VERSION}"
GO_MOD_FILE="$(go mod download -json "${MODULE}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
KUBE_MINOR="$(sed -n 's|^[[:space:]]*k8s.io/client-go v0\.\([0-9][0-9]*\)\..*|\1|p' "${GO_MOD_FILE}")"
if [ -z "${KUBE_MINOR}" ]; then
  echo "helm-build: no k8s.io/client-go requirement in ${GO_MOD_FILE}" >&2
  exit 1
fi
LDFLAGS="-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}"
for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  LDFLAGS="${LDFLAGS} -X ${pkg}.k8sVersionMajor=1 -X ${pkg}.k8sVersionMinor=${KUBE_MINOR}"
done

# Low priority: a 2-core machine keeps answering while the compiler runs.
GOBIN="${BIN_DIR}" GOFLAGS="${GOFLAGS:-} -trimpath" CGO_ENABLED=0 nice -n 10 \
  go install -ldflags "${LDFLAGS}" "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}" >&2

BUILT="$("${HELM}" version --template '{{.Version}}')"
if [ "${BUILT}" != "${HELM_VERSION}" ]; then
  echo "helm-build: built binary reports ${BUILT}, expected ${HELM_VERSION}" >&2
  exit 1
fi
echo "${HELM}"
