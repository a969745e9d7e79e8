#!/usr/bin/env bash
# Installs what the end-to-end suite needs into a cache folder outside the tracked tree:
#   * code-server (a real VS Code server + web workbench) from the npm registry,
#   * playwright-core (drives Debian's chromium; no browser download),
#   * Debian packages: chromium, ripgrep, unzip (lists the vsix), and the toolchain for code-server's native modules.
# Works on a machine that reaches only the npm registry and Debian's mirrors. A second run
# with the cache in place does nothing (prints "already installed").
#
#   GRADLENS_E2E_CACHE   cache folder (default: <repo>/.cache/e2e, ignored by git)
#   CS_VERSION           code-server version (default 4.100.3 = VS Code 1.100.3; the last
#                        release whose engines.node is 20)
#   PW_VERSION           playwright-core version (default 1.65.1)
#
# What in code-server's install wants the internet besides npm, and how it is handled:
#   * @vscode/ripgrep's postinstall downloads rg from GitHub and fails the whole install;
#     its downloader looks first in $TMPDIR/vscode-ripgrep-cache-<pkgver>/, which we seed
#     with Debian's /usr/bin/rg.
#   * node-gyp would download Node headers: nodedir=/usr uses the ones the nodejs .deb ships.
#   * argon2 / kerberos try GitHub prebuilds, then build from source (needs g++, make,
#     python3, libkrb5-dev).
#   * code-server's postinstall refuses to run as root without unsafe-perm; node-pty's runs
#     `npx node-gyp`, which a `yes=false` npmrc cancels.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${GRADLENS_E2E_CACHE:-$ROOT/.cache/e2e}"
CS_VERSION="${CS_VERSION:-4.100.3}"
PW_VERSION="${PW_VERSION:-1.65.1}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
PW_DIR="$CACHE/playwright-core-$PW_VERSION"
log() { echo "[e2e install] $*"; }

need=()
for p in chromium ripgrep unzip g++ make python3 pkg-config libkrb5-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^null$' || true)" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

# playwright-core: pure JavaScript, no install scripts needed; kept out of the project's
# dependencies so that `npm ci` for the unit tests stays as it is.
if [ -f "$PW_DIR/.installed" ]; then
  log "playwright-core $PW_VERSION already installed in $PW_DIR"
else
  mkdir -p "$PW_DIR"
  ( cd "$PW_DIR"
    [ -f package.json ] || echo '{"name":"gradlens-e2e-playwright","private":true}' > package.json
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --ignore-scripts --no-save "playwright-core@$PW_VERSION" >/dev/null
    touch .installed )
  log "playwright-core $PW_VERSION installed"
fi

if [ -x "$CS_DIR/node_modules/.bin/code-server" ] && [ -f "$CS_DIR/.installed" ]; then
  log "code-server $CS_VERSION already installed in $CS_DIR"
  exit 0
fi

rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
echo '{"name":"gradlens-e2e-code-server","private":true}' > package.json

# 1. The package tree, no install scripts yet.
log "npm install code-server@$CS_VERSION (scripts off)"
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >/dev/null

# 2. Seed @vscode/ripgrep's download cache with Debian's rg.
SW=node_modules/code-server/lib/vscode/npm-shrinkwrap.json
RG_PKG=$(node -p "require('./$SW').packages['node_modules/@vscode/ripgrep'].version")
PACK=$(mktemp -d)
( cd "$PACK" && npm pack --silent "@vscode/ripgrep@$RG_PKG" >/dev/null && tar xzf ./*.tgz )
RG_TAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$PACK/package/lib/postinstall.js")
[ -n "$RG_TAG" ] || { echo "could not read the ripgrep tag of @vscode/ripgrep $RG_PKG" >&2; exit 1; }
export TMPDIR="$CS_DIR/.tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG" "$PACK/stage"
cp /usr/bin/rg "$PACK/stage/rg"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$PACK/stage" rg
rm -rf "$PACK"
log "seeded the ripgrep cache (@vscode/ripgrep $RG_PKG, $RG_TAG) with /usr/bin/rg"

# 3. Run the install scripts: native modules, and code-server's postinstall (which runs the
#    nested npm installs of lib/vscode). Env vars, so that the nested installs see them too.
export npm_config_unsafe_perm=true npm_config_yes=true
log "npm rebuild (native modules; a few minutes on a cold cache)"
if ! npm rebuild --foreground-scripts > rebuild.log 2>&1; then
  grep -vE '^(gyp info|  CXX|  CC|  SOLINK|  COPY|  TOUCH|  AR|  LINK|  ACTION|make: )' rebuild.log | tail -60
  echo "[e2e install] npm rebuild failed; full log: $CS_DIR/rebuild.log" >&2
  exit 1
fi
test -f node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
test -d node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release
rm -rf "$TMPDIR"
touch .installed
log "OK: code-server $(XDG_CONFIG_HOME="$CS_DIR/.xdg/config" XDG_DATA_HOME="$CS_DIR/.xdg/data" node_modules/.bin/code-server --version | tail -1)"
