#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages Qt needs are present: installs them when run as root with apt-get,
# otherwise prints the exact command to run and stops. Usage: system-deps.sh python|test|gui
set -euo pipefail
mode=${1:-test}

python_pkgs=()
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  python_pkgs=("python3-venv" "python3-$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv")
fi
# Qt loads these even offscreen; without a font every glyph is an empty box.
qt_pkgs=(libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core)
# A real window on X11 (xcb platform plugin).
gui_pkgs=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
          libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0)

case "$mode" in
  python) wanted=("${python_pkgs[@]}") ;;
  test)   wanted=("${qt_pkgs[@]}") ;;
  gui)    wanted=("${qt_pkgs[@]}" "${gui_pkgs[@]}") ;;
  *) echo "usage: $0 python|test|gui" >&2; exit 2 ;;
esac

command -v dpkg-query >/dev/null 2>&1 || exit 0  # not Debian-like: nothing we can check

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# The versioned venv package name may not exist on this release; keep the ones apt knows.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  installable=()
  for pkg in "${missing[@]}"; do
    apt-cache show "$pkg" >/dev/null 2>&1 && installable+=("$pkg")
  done
  apt-get install -y -qq --no-install-recommends "${installable[@]}" >/dev/null
  exit 0
fi
echo "Missing system packages for Qt: ${missing[*]}" >&2
echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
exit 1
