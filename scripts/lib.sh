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
