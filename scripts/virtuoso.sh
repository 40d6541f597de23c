#!/usr/bin/env bash
# Start or stop a private Virtuoso (Debian package virtuoso-opensource) for tests and docs.
#
#   scripts/virtuoso.sh start DIR [HTTP_PORT [SQL_PORT]]   # own database in DIR, loopback only
#   scripts/virtuoso.sh stop DIR                            # ends exactly the process started there
#
# The server binds 127.0.0.1 only, keeps its database, log and PID file in DIR, and raises
# ResultSetMaxRows to 1,000,000 (Virtuoso's default of 10,000 silently truncates results).
# Endpoints: http://127.0.0.1:PORT/sparql (read), /sparql-auth and /sparql-graph-crud-auth
# (dba/dba, HTTP Digest) for `gutjoint-kg push`.
set -euo pipefail

usage() { echo "usage: $0 start DIR [HTTP_PORT [SQL_PORT]] | stop DIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

case "$cmd" in
start)
  command -v virtuoso-t >/dev/null || { echo "virtuoso-t not found: apt-get install virtuoso-opensource" >&2; exit 1; }
  if [[ -f "$dir/virtuoso.pid" ]] && kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
    echo "already running (pid $(cat "$dir/virtuoso.pid"))" >&2; exit 1
  fi
  http_port=${3:-8890}
  sql_port=${4:-1111}
  cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort         = 127.0.0.1:$sql_port
DisableUnixSocket  = 1
CheckpointInterval = 60
DirsAllowed        = ., $dir
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
MaxQueryMem        = 500M

[HTTPServer]
ServerPort           = 127.0.0.1:$http_port
ServerRoot           = $dir
ServerThreads        = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 0
EOF
  (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1) &
  pid=$!
  echo "$pid" >"$dir/virtuoso.pid"
  url="http://127.0.0.1:$http_port/sparql"
  for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "virtuoso-t exited; see $dir/stdout.log" >&2; tail -5 "$dir/stdout.log" >&2; exit 1
    fi
    if curl --noproxy '*' -fsS -o /dev/null "$url?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D" 2>/dev/null; then
      echo "$url (pid $pid)"; exit 0
    fi
    sleep 0.2
  done
  echo "virtuoso-t did not answer on $url within 30 s" >&2; kill "$pid"; exit 1
  ;;
stop)
  [[ -f "$dir/virtuoso.pid" ]] || { echo "no $dir/virtuoso.pid" >&2; exit 1; }
  pid=$(cat "$dir/virtuoso.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$dir/virtuoso.pid"
  echo "stopped (pid $pid)"
  ;;
*) usage ;;
esac
