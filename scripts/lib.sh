# Shared by scripts/explainer and scripts/test: install only what is missing.
VENV="${SITEGEN_VENV:-.venv}"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_updated=""
ensure_apt() {  # ensure_apt PACKAGE PATH-THAT-PROVES-IT
  [ -e "$2" ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" 2>/dev/null; then
      ensure_apt python3-venv ""  # Debian and Ubuntu ship venv without ensurepip
    fi
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
  fi
}

ensure_vnu() {  # the Nu HTML checker (npm package vnu-jar), run with the machine's Java
  if [ ! -f .cache/npm/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    command -v npm >/dev/null || ensure_apt npm /usr/bin/npm
    command -v java >/dev/null || ensure_apt default-jre-headless /usr/bin/java
    npm install --silent --no-audit --no-fund --prefix .cache/npm vnu-jar >/dev/null
  fi
}
