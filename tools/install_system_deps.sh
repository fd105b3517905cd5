#!/usr/bin/env bash
# Install the Debian packages OpenRegi needs: Qt's runtime libraries, Japanese fonts, Xvfb
# for screenshots, and the servers and tools the tests start (redis-server, socat). Go
# comes with the machine; tools/build_services.sh says so when it is missing.
# Skips itself when everything is present; needs root (or sudo) otherwise.
set -euo pipefail

packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
          libxcb-shape0 libxcb-xinerama0 fonts-noto-cjk xvfb xauth redis-server socat)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "install_system_deps: apt-get not found; install these packages yourself: ${missing[*]}" >&2
    exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
echo "install_system_deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
