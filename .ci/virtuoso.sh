#!/usr/bin/env bash
# Install (Debian, non-interactive) and start a throw-away Virtuoso for the remote-store tests.
#
#   .ci/virtuoso.sh            -> prints the SPARQL endpoint (last line of stdout), e.g. http://127.0.0.1:8890/sparql
#   .ci/virtuoso.sh stop       -> stops the instance this script started (data kept in $BUDGETKG_VIRTUOSO_DIR)
#
# Idempotent: an already running instance (on the same ports) is reused. Data lives under
# $BUDGETKG_VIRTUOSO_DIR (default /tmp/budgetkg-virtuoso); the dba password is $BUDGETKG_VIRTUOSO_PASSWORD
# (default "budgetkg"). Ports: $BUDGETKG_VIRTUOSO_HTTP_PORT (8890) and $BUDGETKG_VIRTUOSO_SQL_PORT (1111),
# bound to 127.0.0.1 only. When Virtuoso cannot be installed (no apt, no network, not root) the script says so
# and exits 0 without printing an endpoint: the Virtuoso tests then skip with that reason.
# The stock ResultSetMaxRows = 10000 is kept on purpose: the tests check that budgetkg never truncates silently.
set -uo pipefail

DIR="${BUDGETKG_VIRTUOSO_DIR:-/tmp/budgetkg-virtuoso}"
PASSWORD="${BUDGETKG_VIRTUOSO_PASSWORD:-budgetkg}"
HTTP_PORT="${BUDGETKG_VIRTUOSO_HTTP_PORT:-8890}"
SQL_PORT="${BUDGETKG_VIRTUOSO_SQL_PORT:-1111}"
ENDPOINT="http://127.0.0.1:${HTTP_PORT}/sparql"

say() { echo "virtuoso.sh: $*" >&2; }

lock_pid() { grep -o '[0-9]\+' "$DIR/virtuoso.lck" 2>/dev/null | head -1 || true; }

if [ "${1:-}" = stop ]; then
  pid="$(lock_pid)"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    say "not running"
    exit 0
  fi
  ISQL="$(command -v isql-vt || command -v isql || true)"
  [ -n "$ISQL" ] && "$ISQL" "127.0.0.1:$SQL_PORT" dba "$PASSWORD" 'EXEC=shutdown;' >/dev/null 2>&1 || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill "$pid"
  say "stopped (pid $pid)"
  exit 0
fi

answers() {  # the SPARQL endpoint answers an ASK
  curl -fsS -m 5 -H 'Accept: application/sparql-results+json' --data-urlencode 'query=ASK {}' "$ENDPOINT" 2>/dev/null \
    | grep -q boolean
}

have_curl() {
  command -v curl >/dev/null 2>&1 && return 0
  (apt-get install -y -qq curl >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq curl)) >/dev/null 2>&1
}

if ! have_curl; then
  say "curl is missing and could not be installed; Virtuoso tests will be skipped"
  exit 0
fi

if answers; then
  say "already running at $ENDPOINT"
  echo "$ENDPOINT"
  exit 0
fi

if ! command -v virtuoso-t >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "virtuoso-t is not installed and apt-get cannot run here (need root on Debian); Virtuoso tests will be skipped"
    exit 0
  fi
  say "installing virtuoso-opensource-7-bin (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  # Only the server binary and isql: the full virtuoso-opensource package runs debconf and an init script.
  if ! { apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin virtuoso-opensource-7-common \
         >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends \
         virtuoso-opensource-7-bin virtuoso-opensource-7-common >/dev/null 2>&1; }; }; then
    say "apt-get could not install virtuoso-opensource-7-bin; Virtuoso tests will be skipped"
    exit 0
  fi
fi
ISQL="$(command -v isql-vt || command -v isql || true)"

mkdir -p "$DIR"
cat > "$DIR/virtuoso.ini" <<EOF
; written by .ci/virtuoso.sh -- a small, local, throw-away Virtuoso for tests
[Database]
DatabaseFile       = $DIR/virtuoso.db
ErrorLogFile       = $DIR/virtuoso.log
LockFile           = $DIR/virtuoso.lck
TransactionFile    = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DIR/virtuoso-temp.db
TransactionFile    = $DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:$SQL_PORT
LiteMode           = 0
DisableUnixSocket  = 1
DisableTcpSocket   = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT           = 0
CaseMode           = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls       = 0
SchedulerInterval  = 10
DirsAllowed        = ., $DIR
ThreadCleanupInterval = 0
ThreadThreshold    = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize  = 100000
SingleCPU          = 0
PrefixResultNames  = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps      = 64
MaxMemPoolSize     = 200000000
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 15000

[HTTPServer]
ServerPort         = 127.0.0.1:$HTTP_PORT
ServerRoot         = $DIR
MaxClientConnections = 10
DavRoot            = DAV
EnabledDavVSP      = 0
HTTPProxyEnabled   = 0
TempASPXDir        = 0
MaxKeepAlives      = 10
KeepAliveTimeout   = 10
HTTPThreadSize     = 280000
HttpPrintWarningsInOutput = 0
Charset            = UTF-8
MaintenancePageOnFailure = 0

[AutoRepair]
BadParentLinks     = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[Replication]
ServerName         = budgetkg-test
ServerEnable       = 0

[SPARQL]
; the stock value: Virtuoso silently cuts every SELECT at this many rows
ResultSetMaxRows   = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
DefaultGraph       = http://localhost:8890/dataspace
DeferInferenceRulesInit = 0
EOF

if [ -f "$DIR/virtuoso.lck" ]; then  # a stale lock from a killed instance blocks the start
  pid="$(lock_pid)"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$DIR/virtuoso.lck"; fi
fi

say "starting virtuoso-t (data in $DIR)"
(cd "$DIR" && virtuoso-t +configfile "$DIR/virtuoso.ini" +wait >"$DIR/start.log" 2>&1) || {
  say "virtuoso-t did not start: $(tail -5 "$DIR/start.log" "$DIR/virtuoso.log" 2>/dev/null)"
  exit 0
}

for _ in $(seq 1 120); do
  answers && break
  sleep 0.5
done
if ! answers; then
  say "Virtuoso started but $ENDPOINT does not answer; see $DIR/virtuoso.log"
  exit 0
fi

# Known dba password (the fresh database has dba/dba), and the grants the update endpoint needs.
if [ -n "$ISQL" ]; then
  if "$ISQL" "127.0.0.1:$SQL_PORT" dba dba 'EXEC=status();' >/dev/null 2>&1; then
    "$ISQL" "127.0.0.1:$SQL_PORT" dba dba "EXEC=set password dba $PASSWORD;" >/dev/null 2>&1 \
      && say "dba password set"
  fi
  # SPARQL 1.1 Update and the Graph Store Protocol over /sparql-auth and /sparql-graph-crud-auth run as the
  # authenticated user; dba has every role already. Nothing is granted to the anonymous "SPARQL" user.
  "$ISQL" "127.0.0.1:$SQL_PORT" dba "$PASSWORD" 'EXEC=checkpoint;' >/dev/null 2>&1 || true
fi

say "ready: $ENDPOINT (update: http://127.0.0.1:${HTTP_PORT}/sparql-auth, user dba, password $PASSWORD)"
echo "$ENDPOINT"
