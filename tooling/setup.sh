#!/usr/bin/env bash
# Set up a fresh machine for Tributary's build and tests, then install the workspace:
#   1. Node.js 24 (the Lambdas' runtime, nodejs24.x), from the npm registry's `node` package when the
#      machine's Node is older;
#   2. the pinned pnpm (package.json's packageManager);
#   3. the pinned Python test tools (requirements-test.txt: cfn-lint, moto, the AWS CLI);
#   4. the workspace (pnpm install --frozen-lockfile).
# Safe to run again: each step is skipped when already satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major="$(cat .nvmrc)"
current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$current_major" -lt "$node_major" ]; then
  # --prefix: the npm package installs beside, not over, a system Node (npm refuses to replace /usr/bin/node).
  prefix="${NODE_INSTALL_PREFIX:-/usr/local}"
  echo "Node.js $(node --version 2>/dev/null || echo none) is older than $node_major: installing node@$node_major into $prefix"
  npm install --global --prefix "$prefix" --no-fund --no-audit "node@$node_major"
  export PATH="$prefix/bin:$PATH"
  hash -r
  installed_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$installed_major" -lt "$node_major" ]; then
    echo "Node.js $node_major was installed into $prefix/bin, but 'node' on PATH is still $(node --version). Fix: put $prefix/bin first on PATH." >&2
    exit 1
  fi
fi
echo "Node.js $(node --version)"

pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$pnpm_version" ]; then
  npm install --global --no-fund --no-audit "pnpm@$pnpm_version"
fi
echo "pnpm $(pnpm --version)"

python3 -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
python3 tooling/check-test-tools.py

pnpm install --frozen-lockfile
