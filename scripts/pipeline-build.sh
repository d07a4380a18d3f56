#!/usr/bin/env bash
# `npm run pipeline:build`: builds the OpenTelemetry Collector, Jaeger and Prometheus from pinned Go
# modules into .pipeline/bin/ (git-ignored), so `npm run test:pipeline` runs the real programs without
# Docker. Versions live in pipeline/: the builder manifest for the collector, and one small Go module
# per program whose go.mod and go.sum pin it and every dependency.
#
# Each program has a stamp: a hash of the Go version, this script and its inputs. A program whose
# stamp matches is not rebuilt, so a second run does no work. The three builds run side by side
# (downloads of one overlap compilation of another) under `nice`, so a shared machine stays usable.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="${PWD}"
SCRIPT="${ROOT}/scripts/pipeline-build.sh"
OUT="${ROOT}/.pipeline"
BIN="${OUT}/bin"
STAMPS="${OUT}/stamps"
LOGS="${OUT}/logs"
SPEC="${ROOT}/pipeline"

COLLECTOR=otelcol-stack
JAEGER=jaeger
PROMETHEUS=prometheus
BUILDER=builder

# Small binaries and no local paths in them; VCS stamping off, since the wrapper modules sit inside
# this repository's work tree and its state says nothing about the programs.
GO_BUILD_FLAGS=(-trimpath -buildvcs=false "-ldflags=-s -w")
# Prometheus compiles in every service-discovery plugin (AWS, Azure, Kubernetes, ...) unless told
# otherwise; none is used here (the collector pushes over OTLP), and dropping them halves its build.
PROMETHEUS_TAGS=remove_all_sd

# Go's own install location, for shells (CI's among them) that never read the profile adding it to PATH.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:${PATH}"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "pipeline: 'go' is not on PATH; Go 1.26 or newer is needed to build the pipeline" >&2
  exit 1
fi
mkdir -p "${BIN}" "${STAMPS}" "${LOGS}" "${OUT}/tools"
GO_VERSION="$(go env GOVERSION)"

# The version a go.mod requires of a module (v1.76.0).
module_version() { # go.mod module
  awk -v module="$2" '$1 == module { print $2; exit }' "$1"
}
# Release numbers for the programs' own `version` output, from their Go module tags: Jaeger 2.N.p is
# v1.(N+63).p, Prometheus 3.N.p is v0.(300+N).p (tests/support/pipeline-versions.ts reads them alike).
IFS=. read -r _ minor patch <<<"$(module_version "${SPEC}/jaeger/go.mod" github.com/jaegertracing/jaeger)"
JAEGER_RELEASE="v2.$((minor - 63)).${patch}"
IFS=. read -r _ minor patch <<<"$(module_version "${SPEC}/prometheus/go.mod" github.com/prometheus/prometheus)"
PROMETHEUS_RELEASE="3.$((minor - 300)).${patch}"

stamp_of() {
  { echo "${GO_VERSION}"; cat "${SCRIPT}" "$@"; } | sha256sum | cut -d' ' -f1
}

is_fresh() { # name binary stamp
  [[ -x "$2" && -f "${STAMPS}/$1" && "$(cat "${STAMPS}/$1")" == "$3" ]]
}

# A Go program from one of the pinned wrapper modules: go build of the package the module's go.mod
# names as a tool, written next to its final place and renamed, so a failed build leaves no half file.
build_module() { # module-dir package output [extra go build flags...]
  local dir="$1" package="$2" output="$3"
  shift 3
  # -C first: go build accepts it nowhere else.
  nice -n 10 go build -C "${dir}" "${GO_BUILD_FLAGS[@]}" "$@" -o "${output}.tmp" "${package}"
  mv -f "${output}.tmp" "${output}"
}

build_collector() {
  local builder="${OUT}/tools/${BUILDER}" manifest="${OUT}/otelcol-builder.yaml"
  build_module "${SPEC}/builder" go.opentelemetry.io/collector/cmd/builder "${builder}"
  # The builder writes its generated sources and the binary to dist.output_path: a folder under
  # .pipeline, added here so the committed manifest holds no machine path.
  sed "s|^dist:$|dist:\n  output_path: ${OUT}/otelcol-src|" "${SPEC}/otelcol-builder.yaml" >"${manifest}"
  GOFLAGS=-buildvcs=false nice -n 10 "${builder}" --config "${manifest}"
  mv -f "${OUT}/otelcol-src/${COLLECTOR}" "${BIN}/${COLLECTOR}"
}

build_jaeger() {
  build_module "${SPEC}/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger "${BIN}/${JAEGER}" \
    "-ldflags=-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=${JAEGER_RELEASE}"
}

build_prometheus() {
  build_module "${SPEC}/prometheus" github.com/prometheus/prometheus/cmd/prometheus "${BIN}/${PROMETHEUS}" \
    -tags "${PROMETHEUS_TAGS}" \
    "-ldflags=-s -w -X github.com/prometheus/common/version.Version=${PROMETHEUS_RELEASE}"
}

declare -A STAMP=(
  ["${COLLECTOR}"]="$(stamp_of "${SPEC}/otelcol-builder.yaml" "${SPEC}/builder/go.mod" "${SPEC}/builder/go.sum")"
  ["${JAEGER}"]="$(stamp_of "${SPEC}/jaeger/go.mod" "${SPEC}/jaeger/go.sum")"
  ["${PROMETHEUS}"]="$(stamp_of "${SPEC}/prometheus/go.mod" "${SPEC}/prometheus/go.sum")"
)
declare -A STEP=(["${COLLECTOR}"]=build_collector ["${JAEGER}"]=build_jaeger ["${PROMETHEUS}"]=build_prometheus)
declare -A PID=()
STARTED="${SECONDS}"

for name in "${COLLECTOR}" "${JAEGER}" "${PROMETHEUS}"; do
  if is_fresh "${name}" "${BIN}/${name}" "${STAMP[${name}]}"; then
    echo "pipeline: ${name} is up to date"
    continue
  fi
  echo "pipeline: building ${name} (log: .pipeline/logs/${name}.log)"
  rm -f "${STAMPS}/${name}"
  (
    began="${SECONDS}"
    "${STEP[${name}]}"
    echo "${STAMP[${name}]}" >"${STAMPS}/${name}"
    echo "pipeline: built ${name} in $((SECONDS - began)) s"
  ) >"${LOGS}/${name}.log" 2>&1 &
  PID["${name}"]=$!
done

failed=0
for name in "${!PID[@]}"; do
  if wait "${PID[${name}]}"; then
    tail -n 1 "${LOGS}/${name}.log"
  else
    failed=1
    echo "pipeline: building ${name} failed; the end of .pipeline/logs/${name}.log:" >&2
    tail -n 40 "${LOGS}/${name}.log" >&2
  fi
done
[[ "${failed}" == 0 ]] || exit 1
echo "pipeline: ${BIN#"${ROOT}/"}/ is ready ($((SECONDS - STARTED)) s)"
