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
