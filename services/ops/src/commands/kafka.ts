import type { Admin, Kafka } from 'kafkajs';
import { JSON_OPTION, UsageError, type CommandSpec } from '../cli/args';
import type { Context } from '../cli/context';
import type { DeadLetter } from '../kafka/dlq';
import { REDRIVE_GROUP } from '../kafka/groups';

// kafkajs, the drivers and the services' code are loaded by the command that runs (`await
// import(…)`), so that `onedoor --help` and the other commands start without them.

async function withAdmin<T>(context: Context, fn: (kafka: Kafka, admin: Admin, brokers: string[]) => Promise<T>): Promise<T> {
  const { kafkaClient, requireKafka } = await import('../infra');
  const brokers = requireKafka(context.io);
  const kafka = kafkaClient(brokers, undefined, context.io.env);
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`cannot connect to Kafka at ${brokers.join(',')}: ${(e as Error).message}`);
  }
  try {
    return await fn(kafka, admin, brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function parseTime(value: string): Date {
  const at = /^\d{12,}$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--from must be a time (ISO 8601, e.g. 2026-11-20T08:00:00+08:00, or epoch milliseconds); got ${value}`);
  return at;
}

export const kafkaReplayCommand: CommandSpec<Context> = {
  path: ['kafka', 'replay'],
  summary: "move a consumer group's offsets on a topic back to the first messages at or after a time",
  description: [
    'Shows, per partition, the offset the group has committed and the offset of the first message at or after --from (the end',
    'offset where nothing is that recent), then sets them. Kafka only lets the offsets of a group without active members be',
    "set: stop the group's consumers first (the command checks and says so). Consumers are idempotent (inbox), so a replay",
    'only re-runs what a read model or a fixed handler needs.',
  ].join('\n'),
  args: [],
  options: [
    { name: 'group', type: 'string', valueName: 'group', description: 'consumer group id', required: true },
    { name: 'topic', type: 'string', valueName: 'topic', description: 'topic, e.g. onedoor.intake.v1', required: true },
    { name: 'from', type: 'string', valueName: 'time', description: 'ISO 8601 time or epoch milliseconds', required: true },
    { name: 'dry-run', type: 'boolean', description: 'show the offsets only' },
    JSON_OPTION,
  ],
  examples: ['onedoor kafka replay --group intake.dossier --topic onedoor.funding.v1 --from 2026-11-20T00:00:00+08:00 --dry-run'],
  async run(context, { options }) {
    const group = String(options.group);
    const topic = String(options.topic);
    const from = parseTime(String(options.from));
    const dryRun = !!options['dry-run'];
    const { applyOffsets, planOffsets, UnknownTopicError } = await import('../kafka/offsets');
    return withAdmin(context, async (_kafka, admin) => {
      let plan;
      try {
        plan = await planOffsets(admin, group, topic, from);
      } catch (e) {
        if (e instanceof UnknownTopicError) throw new UsageError(e.message);
        throw e;
      }
      context.print(`group ${group} (${plan.groupState}, ${plan.members.length} member${plan.members.length === 1 ? '' : 's'}) on ${topic}, to ${plan.from}:`);
      context.print(`  partition  committed  target     log start  log end    change`);
      for (const p of plan.partitions) {
        const change = p.delta === null ? 'new' : p.delta > 0 ? `re-read ${p.delta}` : p.delta < 0 ? `skip ${-p.delta}` : 'none';
        context.print(`  ${String(p.partition).padEnd(9)}  ${String(p.current ?? '-').padEnd(9)}  ${p.target.padEnd(9)}  ${p.low.padEnd(9)}  ${p.high.padEnd(9)}  ${change}`);
      }
      let applied = false;
      let error: string | undefined;
      if (!dryRun) {
        try {
          await applyOffsets(admin, plan);
          applied = true;
          context.print(`offsets of ${group} on ${topic} set; the group's consumers resume from them when started`);
        } catch (e) {
          error = (e as Error).message;
          if (!context.json) context.warn(`error: ${error}`);
        }
      } else context.print('dry run: nothing changed');
      if (context.json) context.emit({ command: 'kafka replay', ...plan, dryRun, applied, ...(error ? { error } : {}) });
      return error ? 1 : 0;
    });
  },
};

const prefixOf = (context: Context) => context.env.ONEDOOR_TOPIC_PREFIX ?? '';

function printDeadLetter(context: Context, d: DeadLetter, prefix = '  ') {
  context.print(
    `${prefix}${d.topic}[${d.partition}]@${d.offset}  ${d.timestamp}  ${d.eventType ?? '?'} ${d.eventId ?? '?'}  key ${d.key ?? '-'}${d.redriven ? '  (redriven)' : ''}`,
  );
  context.print(`${prefix}    from ${d.originalTopic ?? '?'}[${d.originalPartition ?? '?'}]@${d.originalOffset ?? '?'} · consumer ${d.consumer ?? '?'} · ${d.attempts ?? '?'} attempts`);
  context.print(`${prefix}    error: ${d.error ?? '?'}`);
}

export const dlqListCommand: CommandSpec<Context> = {
  path: ['dlq', 'list'],
  summary: 'list dead letters: where each came from, which consumer gave up, after how many attempts, and why',
  args: [],
  options: [{ name: 'topic', type: 'string', valueName: 'topic', description: 'one dead-letter topic (default: every *.dlq)' }, JSON_OPTION],
  async run(context, { options }) {
    const { dlqTopics, listDeadLetters } = await import('../kafka/dlq');
    return withAdmin(context, async (kafka, admin) => {
      const topics = await dlqTopics(admin, options.topic as string | undefined, prefixOf(context));
      const all: DeadLetter[] = [];
      for (const topic of topics) {
        const bar = context.progress(topic.length > 22 ? `…${topic.slice(-21)}` : topic, 0, 'messages');
        try {
          all.push(...(await listDeadLetters(kafka, admin, topic, (read, total) => bar.update(read, total))));
        } finally {
          bar.stop();
        }
      }
      if (context.json) context.emit({ command: 'dlq list', topics, deadLetters: all });
      else {
        context.print(`${all.length} dead letter${all.length === 1 ? '' : 's'} in ${topics.length} topic${topics.length === 1 ? '' : 's'} (${all.filter((d) => d.redriven).length} redriven)`);
        for (const d of all) printDeadLetter(context, d);
      }
      return 0;
    });
  },
};

export const dlqRedriveCommand: CommandSpec<Context> = {
  path: ['dlq', 'redrive'],
  summary: 'send dead letters back to their original topic (key, value and original headers), each once',
  description: [
    'Republishes each dead letter not yet redriven to its dlq-original-topic with the same key and value and its original',
    `headers (dlq-* removed). What was redriven is recorded in the consumer group ${REDRIVE_GROUP} on the dead-letter topic`,
    '(committed offset, plus the metadata of messages redriven one by one with --event-id), so nothing is sent back twice.',
    'Fix the cause first: the consumer processes the message again (its inbox makes a success count once).',
  ].join('\n'),
  args: [],
  options: [
    { name: 'topic', type: 'string', valueName: 'topic', description: 'one dead-letter topic (default: every *.dlq)' },
    { name: 'event-id', type: 'string', valueName: 'id', description: 'only the dead letter(s) of this event' },
    { name: 'dry-run', type: 'boolean', description: 'show what would be sent back' },
    JSON_OPTION,
  ],
  async run(context, { options }) {
    const dryRun = !!options['dry-run'];
    const [{ dlqTopics, redrive }, { kafkaSecurityFromEnv }] = await Promise.all([import('../kafka/dlq'), import('../infra')]);
    return withAdmin(context, async (kafka, admin, brokers) => {
      const topics = await dlqTopics(admin, options.topic as string | undefined, prefixOf(context));
      const results = [];
      for (const topic of topics) {
        const bar = context.progress(topic.length > 22 ? `…${topic.slice(-21)}` : topic, 0, 'messages');
        try {
          results.push(await redrive(kafka, admin, brokers, topic, { eventId: options['event-id'] as string | undefined, dryRun, onProgress: (r, t) => bar.update(r, t), security: kafkaSecurityFromEnv(context.io.env) }));
        } finally {
          bar.stop();
        }
      }
      const sent = results.reduce((n, r) => n + r.redriven.length, 0);
      if (context.json) context.emit({ command: 'dlq redrive', dryRun, results });
      else {
        context.print(`${dryRun ? 'would redrive' : 'redriven'}: ${sent} dead letter${sent === 1 ? '' : 's'} from ${topics.length} topic${topics.length === 1 ? '' : 's'}`);
        for (const r of results) {
          for (const d of r.redriven) {
            context.print(`  → ${d.originalTopic}  ${d.eventType ?? '?'} ${d.eventId ?? '?'} (from ${d.topic}[${d.partition}]@${d.offset})`);
          }
          const skipped = r.skipped.filter((s) => s.reason !== 'not the selected event');
          for (const s of skipped) context.print(`  skipped ${s.deadLetter.topic}[${s.deadLetter.partition}]@${s.deadLetter.offset}: ${s.reason}`);
          if (r.alreadyRedriven) context.print(`  ${r.topic}: ${r.alreadyRedriven} already redriven before`);
        }
        if (options['event-id'] && sent === 0) context.print(`no dead letter of event ${options['event-id']} left to redrive`);
      }
      return 0;
    });
  },
};
