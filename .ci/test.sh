#!/usr/bin/env bash
# Runs every test of Frontier Watch (unit, TopologyTestDriver and real-broker integration tests) on a fresh
# machine: installs the Debian tools the integration tests drive when they are missing, then `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v kcat >/dev/null 2>&1 || need+=(kcat)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v dash >/dev/null 2>&1 || need+=(dash)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
# Debian's python3 with Debian's feedparser (a pyenv or venv python3 first on PATH would not see it).
/usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1 || need+=(python3-feedparser)
# The operator console's browser tests: Debian's chromium, driven through its chromedriver by Selenium.
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

mvn -B verify "$@"

# The rule author's checks, as a CI pipeline for rules would run them (no broker needed).
java -jar target/frontier-watch.jar rules check --reference-dir config/reference config/rules.yaml
java -jar target/frontier-watch.jar rules test config/tests/*.test.yaml
