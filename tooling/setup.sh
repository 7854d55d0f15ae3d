#!/usr/bin/env bash
# Set up a fresh machine for Tributary's build and tests, then install the workspace:
#   1. Node.js 24 (the Lambdas' runtime, nodejs24.x), from the npm registry's `node` package when the
#      machine's Node is older;
#   2. the pinned pnpm (package.json's packageManager), beside that Node;
#   3. the pinned Python test tools (requirements-test.txt: cfn-lint, moto, the AWS CLI) in a virtual
#      environment of the repository's own, `.venv/`, so a distribution's Python that refuses a system-wide
#      `pip install` (PEP 668, "externally-managed-environment") works as well as any other. It sees the
#      Python's own site-packages (--system-site-packages): tools already installed there at the pinned
#      versions are used as they are, without a download;
#   4. Debian's chromium at /usr/bin/chromium, which the overview page's browser test drives with playwright-core
#      (installed with apt-get when missing and this runs as root on Debian or Ubuntu);
#   5. the workspace (pnpm install --frozen-lockfile).
# Safe to run again: each step is skipped when already satisfied. `source` it to keep its PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

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
  # The npm package `node` makes npm's own global prefix its package folder (npm derives it from the real path
  # of the node binary), whose bin/ is on no PATH: install beside the `node` on PATH instead.
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  npm install --global --prefix "$node_prefix" --no-fund --no-audit "pnpm@$pnpm_version"
  hash -r
  if [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
    echo "pnpm $pnpm_version was installed into $node_prefix/bin, but 'pnpm' on PATH is $(pnpm --version 2>/dev/null || echo missing). Fix: put $node_prefix/bin first on PATH." >&2
    exit 1
  fi
fi
echo "pnpm $(pnpm --version)"

# The repository's own virtual environment: `pnpm test` puts .venv/bin first on PATH (package.json).
venv=.venv
if [ ! -x "$venv/bin/python3" ]; then
  if ! python3 -m venv --system-site-packages "$venv" 2>/tmp/tributary-venv.err; then
    rm -rf "$venv"
    # Debian and Ubuntu ship venv's ensurepip in a package of its own.
    if grep -q ensurepip /tmp/tributary-venv.err && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      python_minor="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      echo "python3 -m venv needs ensurepip: installing python${python_minor}-venv with apt-get"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python${python_minor}-venv" >/dev/null
      python3 -m venv --system-site-packages "$venv"
    else
      cat /tmp/tributary-venv.err >&2
      echo "Could not create the test tools' virtual environment $venv with $(command -v python3). Fix: install your Python's venv module (Debian and Ubuntu: sudo apt-get install python3-venv), then run bash tooling/setup.sh again." >&2
      exit 1
    fi
  fi
fi
"$venv/bin/python3" -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
"$venv/bin/python3" tooling/venv-scripts.py
export PATH="$PWD/$venv/bin:$PATH"

# The browser of the overview page's test (packages/cloner/test/integration/run-widget-page.test.ts).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the overview page's browser test (apt-get install chromium)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
  else
    echo "/usr/bin/chromium is missing and apt-get cannot run here. Fix: sudo apt-get install chromium (Debian, Ubuntu)." >&2
    exit 1
  fi
fi
python3 tooling/check-test-tools.py

pnpm install --frozen-lockfile
