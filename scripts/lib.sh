# SPDX-License-Identifier: Apache-2.0
# Shared by scripts/run and scripts/test: installs missing Debian packages and configures/builds
# a CMake preset. Source it; do not run it.

TESSERA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

tessera_missing_packages() {
    local wanted missing=()
    wanted=$(grep -v '^\s*#' "$TESSERA_ROOT/scripts/packages.txt" | grep -v '^\s*$')
    for p in $wanted; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    echo "${missing[@]}"
}

tessera_install_packages() {
    local missing
    missing=$(tessera_missing_packages)
    [ -z "$missing" ] && return 0
    echo "==> Installing missing packages: $missing"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo="sudo"
        else
            echo "error: these packages are missing and you are not root: $missing" >&2
            echo "Install them with: apt-get install $missing" >&2
            return 1
        fi
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

# tessera_build PRESET [targets...]
tessera_build() {
    local preset="$1"
    shift
    cd "$TESSERA_ROOT"
    if [ ! -f "build/$preset/build.ninja" ]; then
        cmake --preset "$preset" >/dev/null
    fi
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    if [ "$#" -gt 0 ]; then
        cmake --build "build/$preset" -j "$jobs" --target "$@"
    else
        cmake --build "build/$preset" -j "$jobs"
    fi
}
