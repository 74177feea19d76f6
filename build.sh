#!/usr/bin/env bash
# MmapToolkit's one entry point.
#   ./build.sh          build everything (Release) and publish the command line to bin/mmaptk
#   ./build.sh demo     build, then run the demos (the main job)
#   ./build.sh test     build, then run every test
#   ./build.sh bench    build, then run the benchmarks (figures, not tests); extra args go to BenchmarkDotNet
#   ./build.sh pack     build the C library, then pack the MmapToolkit NuGet package into artifacts/packages
set -euo pipefail
cd "$(dirname "$0")"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "build.sh: '$1' is missing. Install it with: $2" >&2
    exit 1
  fi
}

check_tools() {
  need dotnet "apt-get install -y dotnet-sdk-10.0   (or see https://dot.net/install)"
  need gcc "apt-get install -y gcc"
  need make "apt-get install -y make"
  local major
  major=$(dotnet --version | cut -d. -f1)
  if [ "$major" -lt 10 ]; then
    echo "build.sh: .NET SDK 10 or newer is needed, found $(dotnet --version)." >&2
    exit 1
  fi
}

build() {
  check_tools
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet build MmapToolkit.sln -c Release -v quiet -nologo
  # ReadyToRun (precompiled, still framework-dependent and one command): start-up 0.13 s -> 0.09 s (README, "Start-up").
  dotnet publish src/MmapToolkit.Cli/MmapToolkit.Cli.csproj -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o bin -v quiet -nologo >/dev/null
  echo "build.sh: built; the command line is bin/mmaptk"
}

pack() {
  check_tools
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  make -s -C native
  dotnet pack src/MmapToolkit/MmapToolkit.csproj -c Release -o artifacts/packages -v quiet -nologo
  echo "build.sh: packed $(ls -t artifacts/packages/MmapToolkit.*.nupkg | head -1)"
}

run_tests() {
  build
  local log status=0
  log=$(mktemp)
  dotnet test MmapToolkit.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?
  # One closing line in the plain 'N passed, N failed' form, summed over the test projects.
  awk '/(Passed|Failed)!/ {
         for (i = 1; i <= NF; i++) {
           if ($i == "Failed:")  { f += $(i+1) + 0 }
           if ($i == "Passed:")  { p += $(i+1) + 0 }
           if ($i == "Skipped:") { s += $(i+1) + 0 }
         }
       }
       END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  rm -f "$log"
  return "$status"
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  demo) build; shift || true; bin/mmaptk demo --all "$@" ;;
  bench) build; shift || true; dotnet run -c Release --project bench/MmapToolkit.Bench -- "${@:---filter=*}" ;;
  pack) pack ;;
  *) echo "usage: ./build.sh [build|demo|test|bench|pack]" >&2; exit 2 ;;
esac
