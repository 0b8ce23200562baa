# Shared by tools/run-tour and tools/run-tests: install missing Debian packages, then configure
# and build the `build` directory. Sourced, not run; expects `say` and `our_policy` to exist.

ensure_packages() {
    local pkg status conflicts
    local -a missing=()
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || status=
        # "install ok installed", or "hold ok installed" for a held package
        [[ $status == *" ok installed" ]] || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0

    # libboost1.81-dev conflicts with Debian 12's default Boost (1.74, pulled
    # in by libboost-dev); apt would remove that and everything built on it.
    # That is the owner's decision, not this script's.
    if [[ " ${missing[*]} " == *" libboost1.81-dev "* ]]; then
        # (dpkg-query fails when a pattern matches no known package.)
        conflicts=$({ dpkg-query -W -f='${Package} ${Status}\n' 'libboost1.*-dev' libboost-dev 2>/dev/null || true; } |
            awk '$NF == "installed" && $1 != "libboost1.81-dev" { printf " %s", $1 }')
        if [[ -n $conflicts ]]; then
            say "retort needs libboost1.81-dev, which conflicts with the installed$conflicts"
            say "(Debian 12's default Boost 1.74).  Installing it would make apt remove"
            say "those packages and whatever depends on them, so this script stops here."
            say "If that is acceptable, remove them first and run this script again:"
            say "    apt-get remove$conflicts"
            exit 1
        fi
    fi

    if ((EUID != 0)); then
        say "missing Debian packages: ${missing[*]}"
        say "install them as root:  apt-get install -y --no-install-recommends ${missing[*]}"
        exit 1
    fi
    say "installing missing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Keep the packages' maintainer scripts from starting the system-wide
    # PostgreSQL/MariaDB services: the tests run their own servers, and a
    # stray service would only use memory and ports.  (Unless the machine
    # already has a policy of its own.)
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        our_policy=/usr/sbin/policy-rc.d
        trap 'rm -f "$our_policy"' EXIT
        printf '#!/bin/sh\nexit 101\n' >"$our_policy"
        chmod 755 "$our_policy"
    fi
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
    if [[ -n $our_policy ]]; then
        rm -f "$our_policy"
        our_policy=
        trap - EXIT
    fi
}

# --- Build (shared with tools/run-tour) ------------------------------------
# Configure once; afterwards meson regenerates by itself when meson.build
# changes, and --reconfigure is only used when meson asks for it.
# build [reconfigure]: with "reconfigure", an existing build directory is reconfigured first so
# that packages installed since (doctest, Google Benchmark) are found.
build() {
    local out status
    if [[ ! -f build/meson-private/coredata.dat ]]; then
        meson setup build
    elif [[ ${1:-} == reconfigure ]]; then
        meson setup --reconfigure build >/dev/null
    fi
    out=$(mktemp)
    set +e
    meson compile -C build 2>&1 | tee "$out"
    status=${PIPESTATUS[0]}
    set -e
    if ((status != 0)) && grep -q -e '--reconfigure' -e 'incompatible with the current version' \
        -e "loading 'build.ninja'" "$out"; then
        say "build directory needs reconfiguring"
        status=0
        if meson setup --reconfigure build; then
            meson compile -C build || status=$?
        else
            status=$?
        fi
    fi
    rm -f "$out"
    return "$status"
}

