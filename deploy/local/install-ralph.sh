#!/usr/bin/env bash
# Installs the peer LRS of the load benchmark, Ralph (PyPI: ralph-malph), once:
#   .local/ralph/venv/   a virtualenv of its own with the hash-pinned deploy/ralph/requirements.txt
# Ralph pins its own FastAPI, uvicorn and bcrypt, so it never shares the project's .venv.
# Re-running it is cheap: skipped while the marker of the same requirements file exists.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-python3}
requirements="$root/deploy/ralph/requirements.txt"
ralph_dir="$root/.local/ralph"
venv="$ralph_dir/venv"
digest=$(sha256sum "$requirements" | cut -c1-16)
marker="$ralph_dir/.installed-$digest"

if [ -f "$marker" ] && [ -x "$venv/bin/ralph" ]; then
  exit 0
fi
version=$(sed -n 's/^ralph-malph==\([^ ]*\).*/\1/p' "$requirements")
echo "installing Ralph $version (ralph-malph) into $venv"
rm -rf "$ralph_dir"
mkdir -p "$ralph_dir"
# The same interpreter as the project (3.11); uv must not download one.
"$python" -m uv venv --quiet --no-python-downloads --python "$python" "$venv"
"$python" -m uv pip install --quiet --python "$venv/bin/python" --require-hashes \
  --no-deps -r "$requirements"
"$venv/bin/ralph" --version >/dev/null
touch "$marker"
