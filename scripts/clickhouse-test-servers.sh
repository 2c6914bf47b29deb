#!/usr/bin/env bash
# Starts (or stops) the two ClickHouse servers the tests use: a two-shard cluster `spelunk_test`,
# one server on 127.0.0.1 and one on 127.0.0.2, same ports, each with its own data folder under
# DIR (fresh at every start). ctest runs `start` before the tests and `stop` after them
# (CMakeLists.txt: the `clickhouse` fixture); the tests find the servers through DIR/servers.env.
#
#   scripts/clickhouse-test-servers.sh start DIR
#   scripts/clickhouse-test-servers.sh stop DIR
#   scripts/clickhouse-test-servers.sh restart DIR N   server N (1 or 2) again, its data kept (after
#                                                      a test killed it on purpose)
#
# Ports: SPELUNK_CH_HTTP_PORT / SPELUNK_CH_TCP_PORT, else derived from DIR (so two build folders,
# or two worktrees, do not collide). A port already taken is an error that names it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
action="${1:-}"; dir="${2:-}"
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2; exit 2
fi
mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
hosts=(127.0.0.1 127.0.0.2)

stop_servers() {
  local pids=()
  for i in 1 2; do
    local pidfile="$dir/server$i/pid"
    [ -f "$pidfile" ] || continue
    pids+=("$(cat "$pidfile")")
    rm -f "$pidfile"
  done
  [ ${#pids[@]} -eq 0 ] && { rm -f "$dir/servers.env"; return 0; }
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do  # both shut down together; their data is thrown away at the next start
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  rm -f "$dir/servers.env"
}

wait_for_ping() {  # host port pid -> 0 when the server answers within 30 s
  for _ in $(seq 1 300); do
    kill -0 "$3" 2>/dev/null || return 1
    [ "$(curl -s --max-time 1 "http://$1:$2/ping" || true)" = "Ok." ] && return 0
    sleep 0.1
  done
  return 1
}

if [ "$action" = stop ]; then
  stop_servers
  exit 0
fi
if [ "$action" = restart ]; then
  n="${3:-}"; sdir="$dir/server$n"
  if [ "$n" != 1 ] && [ "$n" != 2 ] || [ ! -f "$sdir/config.xml" ] || [ ! -f "$dir/servers.env" ]; then
    echo "clickhouse-test-servers: restart needs a started DIR and 1 or 2" >&2; exit 2
  fi
  http_port="$(sed -n 's/^HTTP_PORT=//p' "$dir/servers.env")"
  server_bin="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"
  setsid "$server_bin" --config-file="$sdir/config.xml" >> "$sdir/stdout.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$sdir/pid"
  sed -i "s/^PID$n=.*/PID$n=$pid/" "$dir/servers.env"
  if ! wait_for_ping "${hosts[$((n - 1))]}" "$http_port" "$pid"; then
    echo "clickhouse-test-servers: server $n did not come back" >&2; exit 1
  fi
  exit 0
fi
if [ "$action" != start ]; then echo "usage: $0 start|stop DIR | restart DIR N" >&2; exit 2; fi

server_bin="$(command -v clickhouse-server || true)"
[ -z "$server_bin" ] && [ -x /usr/sbin/clickhouse-server ] && server_bin=/usr/sbin/clickhouse-server
if [ -z "$server_bin" ]; then
  echo "clickhouse-test-servers: clickhouse-server is not installed (scripts/setup.sh --tests installs it)" >&2
  exit 1
fi

# Ports from the folder's path: 20000-29998, HTTP even, native TCP the next one.
sum=$(printf '%s' "$dir" | cksum | cut -d' ' -f1)
http_port="${SPELUNK_CH_HTTP_PORT:-$((20000 + (sum % 5000) * 2))}"
tcp_port="${SPELUNK_CH_TCP_PORT:-$((http_port + 1))}"

stop_servers  # a previous run that was interrupted
port_taken() {  # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
for h in "${hosts[@]}"; do
  for p in "$http_port" "$tcp_port"; do
    if port_taken "$h" "$p"; then
      echo "clickhouse-test-servers: $h:$p is already in use; set SPELUNK_CH_HTTP_PORT and SPELUNK_CH_TCP_PORT to free ports" >&2
      exit 1
    fi
  done
done

for i in 1 2; do
  sdir="$dir/server$i"
  rm -rf "$sdir"
  mkdir -p "$sdir/data" "$sdir/tmp" "$sdir/user_files" "$sdir/format_schemas"
  sed -e "s|@DIR@|$sdir|g" -e "s|@HOST@|${hosts[$((i - 1))]}|g" \
      -e "s|@HTTP_PORT@|$http_port|g" -e "s|@TCP_PORT@|$tcp_port|g" \
      "$here/tests/clickhouse/server.xml.in" > "$sdir/config.xml"
  cp "$here/tests/clickhouse/users.xml" "$sdir/users.xml"
  # setsid: the server is not in the caller's process group (a ctrl-C to ctest stops it through
  # the fixture's cleanup, not mid-write).
  setsid "$server_bin" --config-file="$sdir/config.xml" > "$sdir/stdout.log" 2>&1 < /dev/null &
  echo $! > "$sdir/pid"
done

for i in 1 2; do
  sdir="$dir/server$i"; host="${hosts[$((i - 1))]}"; pid="$(cat "$sdir/pid")"
  if ! wait_for_ping "$host" "$http_port" "$pid"; then
    echo "clickhouse-test-servers: server $i ($host:$http_port) did not start; its log:" >&2
    tail -n 20 "$sdir/stdout.log" "$sdir/server.err.log" >&2 2>/dev/null || true
    stop_servers
    exit 1
  fi
done

cat > "$dir/servers.env" <<EOF
SHARD1=127.0.0.1
SHARD2=127.0.0.2
HTTP_PORT=$http_port
TCP_PORT=$tcp_port
CLUSTER=spelunk_test
PID1=$(cat "$dir/server1/pid")
PID2=$(cat "$dir/server2/pid")
EOF
echo "clickhouse-test-servers: two servers up on 127.0.0.1 and 127.0.0.2, HTTP port $http_port ($dir)"
