import { JSON_OPTION, UsageError, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';
import { SERVICE_NAMES as SERVICES } from '../cli/services';
import type { ChainResult, KafkaCheck } from '../verify/verify';

export const verifyCommand: CommandSpec<Context> = {
  path: ['verify'],
  summary: "recompute every store's hash chains and check each service's topic against its store",
  description: [
    'For each service: EventStore.verify() over every stream (the first broken stream and version is named), then its public',
    'events up to the relay checkpoint (relay:<topic>) are looked for on onedoor.<service>.v1, read from the beginning to the',
    'current end offsets. Reported: events missing from Kafka (gaps), events published more than once (informational: a relay',
    'that crashed between the acknowledgement and its checkpoint sends a batch again), streams whose version goes down within',
    'a partition, and messages of events after the checkpoint or unknown to the store.',
    'Exit code 1 when a chain is broken, an event is missing or a stream is out of order.',
    'Without KAFKA_BROKERS next to the embedded store only the chains are checked.',
  ].join('\n'),
  args: [],
  options: [
    { name: 'service', type: 'string', valueName: 'name', description: `only this service (${SERVICES.join(', ')})`, choices: SERVICES },
    { name: 'skip-kafka', type: 'boolean', description: 'check the hash chains only' },
    JSON_OPTION,
  ],
  examples: ['onedoor verify', 'onedoor verify --service funding --json'],
  async run(context, { options }) {
    const [{ kafkaBrokers, kafkaClient, openDatabase }, { serviceStores }, { verifyChain, verifyTopic }] = await Promise.all([import('../infra'), import('../stores'), import('../verify/verify')]);
    const db = await openDatabase(context.io);
    const brokers = options['skip-kafka'] ? undefined : kafkaBrokers(context.io);
    const kafkaSkipped = options['skip-kafka'] ? '--skip-kafka' : brokers ? undefined : 'Kafka cross-check needs KAFKA_BROKERS (the embedded store runs on the in-process bus)';
    try {
      const only = options.service ? [String(options.service)] : undefined;
      const { stores, absent } = await serviceStores(context.io, db.driver, only);
      if (stores.length === 0) throw new UsageError(`no event store${only ? ` for ${only[0]}` : ''} in ${db.where}`);
      context.print(`verify ${stores.map((s) => s.service).join(', ')} in ${db.where}${absent.length ? ` (no store for ${absent.join(', ')})` : ''}`);

      const chains: ChainResult[] = [];
      for (const s of stores) {
        const c = await verifyChain(context, s);
        chains.push(c);
        context.print(
          c.ok
            ? `  chain ${s.service.padEnd(14)} ok      ${c.streams} streams, ${c.events} events (${c.seconds.toFixed(1)} s)`
            : c.firstBroken
              ? `  chain ${s.service.padEnd(14)} BROKEN  at ${c.firstBroken.streamId} version ${c.firstBroken.streamVersion}: ${c.firstBroken.reason} (after ${c.events} events)`
              : `  chain ${s.service.padEnd(14)} DUPLICATE EVENT IDS  ${c.duplicateCount} (${c.streams} streams, ${c.events} events, chains intact)`,
        );
        for (const d of c.duplicates ?? []) {
          context.print(`    ${d.streamId}: event ${d.eventId} stored at versions ${d.streamVersions.join(', ')}`);
        }
      }

      const checks: KafkaCheck[] = [];
      if (brokers) {
        const kafka = kafkaClient(brokers, undefined, context.io.env);
        const admin = kafka.admin();
        await admin.connect();
        try {
          for (const s of stores) {
            const k = await verifyTopic(context, kafka, admin, s);
            checks.push(k);
            printCheck(context, k);
          }
        } finally {
          await admin.disconnect();
        }
      } else context.print(`  kafka: skipped — ${kafkaSkipped}`);

      const broken = chains.filter((c) => !c.ok).length;
      const missing = checks.reduce((n, k) => n + k.missing, 0);
      const disorder = checks.reduce((n, k) => n + k.orderViolations.length, 0);
      const ok = broken === 0 && missing === 0 && disorder === 0;
      context.print(
        ok
          ? `OK: ${chains.length} chains intact${checks.length ? `, every published event on Kafka in order (${checks.reduce((n, k) => n + k.duplicates, 0)} duplicate copies)` : ''}`
          : `FAILED: ${broken} broken chain${broken === 1 ? '' : 's'}, ${missing} event${missing === 1 ? '' : 's'} missing from Kafka, ${disorder} order violation${disorder === 1 ? '' : 's'}`,
      );
      if (context.json) context.emit({ command: 'verify', database: db.where, ok, chains, kafka: checks, ...(kafkaSkipped ? { kafkaSkipped } : {}) });
      return ok ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};

function printCheck(context: Context, k: KafkaCheck) {
  const status = k.skipped ? 'MISSING' : k.missing || k.orderViolations.length ? 'FAILED' : 'ok';
  context.print(
    `  kafka ${k.service.padEnd(14)} ${status.padEnd(7)} ${k.topic}: ${k.published} published up to ${k.checkpoint}, ${k.messages} messages; ` +
      `missing ${k.missing}, duplicates ${k.duplicates} (of ${k.duplicatedEvents} events), order violations ${k.orderViolations.length}` +
      `${k.pending ? `, ${k.pending} not yet relayed` : ''}${k.beyondCheckpoint ? `, ${k.beyondCheckpoint} beyond the checkpoint` : ''}` +
      `${k.unknown ? `, ${k.unknown} unknown to the store` : ''}${k.malformed ? `, ${k.malformed} malformed` : ''}`,
  );
  if (k.skipped) context.print(`      ${k.skipped}`);
  for (const m of k.missingEvents.slice(0, 10)) context.print(`      missing: ${m.type} ${m.eventId} (${m.streamId} v${m.streamVersion}, position ${m.globalPosition})`);
  for (const v of k.orderViolations.slice(0, 10)) {
    context.print(`      out of order: ${v.streamId} v${v.streamVersion} after v${v.after} in partition ${v.partition} at offset ${v.offset} (key ${v.key})`);
  }
  if (k.truncatedPartitions.length) {
    context.print(`      note: retention removed the start of partitions ${k.truncatedPartitions.map((p) => `${p.partition} (from ${p.low})`).join(', ')}: older events there show as missing`);
  }
}
