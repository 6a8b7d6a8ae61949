#!/usr/bin/env bash
# serve.sh -- build the web app (setup + the web stage of test.sh) and serve build/web/dist/ on
# http://127.0.0.1:${PORT:-8080}/
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
port=${PORT:-8080}

bash scripts/test.sh web
echo "Serving build/web/dist/ at http://127.0.0.1:$port/  (Ctrl-C to stop)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory build/web/dist
