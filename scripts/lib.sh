# Shared helpers of scripts/run and scripts/test. Sourced, not run.

# Installs the Debian packages given that are not installed yet (apt-get; sudo when not root).
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# Fails loudly unless a Rust toolchain is on PATH.
require_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "error: cargo not found. Install Rust (1.89 or newer) with rustup, then run this again." >&2
    exit 1
  fi
}

# The shared data beside the repository (../shared/data), or LARIS_SHARED_DATA.
shared_data_dir() {
  local dir="${LARIS_SHARED_DATA:-$REPO/../shared/data}"
  if [ ! -f "$dir/catalog-warung.csv" ]; then
    echo "error: shared data not found at $dir (expected ../shared/data beside the repository, or set LARIS_SHARED_DATA)" >&2
    exit 1
  fi
  (cd "$dir" && pwd)
}

# Starts the machine's PostgreSQL cluster (installing it if needed), makes sure a `laris`
# superuser role exists, and prints its URL. Fails loudly if it cannot.
start_postgres() {
  ensure_packages postgresql postgresql-client >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  local cluster
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')
  if [ -z "$cluster" ]; then
    echo "error: PostgreSQL is installed but has no cluster (pg_lsclusters is empty)" >&2
    return 1
  fi
  # shellcheck disable=SC2086
  set -- $cluster
  local status
  status=$(pg_lsclusters --no-header | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $4}')
  if [ "$status" != "online" ]; then
    $sudo pg_ctlcluster --skip-systemctl-redirect "$1" "$2" start >&2
  fi
  local port
  port=$(pg_lsclusters --no-header | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $3}')
  $sudo su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='laris'\"" | grep -q 1 \
    || $sudo su postgres -c "psql -p $port -qc \"CREATE ROLE laris LOGIN SUPERUSER PASSWORD 'laris'\"" >&2
  $sudo su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='laris'\"" | grep -q 1 \
    || $sudo su postgres -c "psql -p $port -qc 'CREATE DATABASE laris OWNER laris'" >&2
  echo "postgres://laris:laris@127.0.0.1:$port/laris"
}

# What building the Tauri app needs on Debian (webkit2gtk 4.1 and friends).
APP_BUILD_PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev)

# Fails loudly unless Node.js 20+ and npm are available, installing Debian's if none is.
require_node() {
  if ! command -v npm >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "error: Node.js 20 or newer is needed to build the UI (found $(node --version 2>/dev/null || echo none))." >&2
    echo "       Install it from https://nodejs.org or NodeSource, then run this again." >&2
    exit 1
  fi
}

# Installs the UI's packages (exactly the lock file) and builds it into ui/dist, which the
# app embeds.
build_ui() {
  (cd "$REPO/ui" && npm ci --no-audit --no-fund && npm run build)
}

# tauri-driver (the WebDriver bridge to the real window), installed with cargo if missing.
ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
    echo "==> installing tauri-driver"
    # A debug build: it only relays WebDriver requests, and its release build takes minutes.
    cargo install tauri-driver --version 2.1.0 --locked --debug
  fi
}

# Starts a virtual display for the window tests unless one is set; exports DISPLAY.
start_xvfb() {
  if [ -n "${DISPLAY:-}" ]; then
    return 0
  fi
  local n
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
  done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/tmp/laris-xvfb-$n.log 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 1 50); do
    [ -e "/tmp/.X11-unix/X$n" ] && break
    kill -0 "$XVFB_PID" 2>/dev/null || { cat "/tmp/laris-xvfb-$n.log" >&2; echo "error: Xvfb did not start" >&2; exit 1; }
    sleep 0.1
  done
  export DISPLAY=":$n"
  echo "==> Xvfb on $DISPLAY"
}
