#!/usr/bin/env bash
# Starts a single-node KRaft Kafka broker on 127.0.0.1 without Docker.
# The broker jars come from Maven Central (pom.xml) and are cached in ./lib after the first fetch.
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (./data), KAFKA_HEAP (512m).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
data="${KAFKA_DATA_DIR:-$here/data}"
heap="${KAFKA_HEAP:-512m}"
pidfile="$data/kafka.pid"
log="$data/kafka.log"

is_up() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && is_up; then
  echo "kafka: already running on 127.0.0.1:$port (pid $(cat "$pidfile"))"
  exit 0
fi
if is_up; then
  echo "kafka: a broker already answers on 127.0.0.1:$port; using it"
  exit 0
fi
command -v java >/dev/null || { echo "kafka: java 17+ is required" >&2; exit 1; }

if [ ! -f "$here/lib/.complete" ]; then
  echo "kafka: fetching the broker from Maven Central (first run only)…"
  command -v mvn >/dev/null || { echo "kafka: maven is required for the first fetch" >&2; exit 1; }
  (cd "$here" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime)
  touch "$here/lib/.complete"
fi

mkdir -p "$data/logs"
cat > "$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=${KAFKA_NUM_PARTITIONS:-4}
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
log.segment.bytes=268435456
PROPS

if [ ! -f "$data/logs/meta.properties" ]; then
  java -cp "$here/lib/*" kafka.tools.StorageTool format -t "$(java -cp "$here/lib/*" kafka.tools.StorageTool random-uuid)" \
    -c "$data/server.properties" >/dev/null
fi

nohup java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Dlog4j2.level=WARN -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$here/lib/*" kafka.Kafka "$data/server.properties" >"$log" 2>&1 &
echo $! > "$pidfile"

for _ in $(seq 1 120); do
  if is_up; then echo "kafka: ready on 127.0.0.1:$port (pid $(cat "$pidfile"), log $log)"; exit 0; fi
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "kafka: exited during start, see $log" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 0.5
done
echo "kafka: not ready after 60s, see $log" >&2
exit 1
