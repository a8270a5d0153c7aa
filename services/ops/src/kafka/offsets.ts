/**
 * Moving a consumer group back (or forth) in time on a topic: the offsets it has committed, the
 * offsets of the first messages at or after a time, and setting them — which Kafka allows only
 * while the group has no active member.
 */
import type { Admin } from 'kafkajs';
import { partitionRanges, topicExists } from './topic';

export interface OffsetMove {
  partition: number;
  /** Committed offset now (null: none committed). */
  current: string | null;
  /** First offset at or after the time (the end offset when nothing is that recent). */
  target: string;
  low: string;
  high: string;
  /** Messages the group will read again (positive) or skip (negative). */
  delta: number | null;
}

export interface ReplayPlan {
  group: string;
  topic: string;
  from: string;
  groupState: string;
  members: { memberId: string; clientId: string; clientHost: string }[];
  partitions: OffsetMove[];
}

export class ActiveGroupError extends Error {
  override readonly name = 'ActiveGroupError';
}

export class UnknownTopicError extends Error {
  override readonly name = 'UnknownTopicError';
}

export async function describeGroup(admin: Admin, group: string) {
  const { groups } = await admin.describeGroups([group]);
  const g = groups[0];
  return {
    state: g?.state ?? 'Dead',
    members: (g?.members ?? []).map((m) => ({ memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost })),
  };
}

export async function planOffsets(admin: Admin, group: string, topic: string, from: Date): Promise<ReplayPlan> {
  if (!(await topicExists(admin, topic))) throw new UnknownTopicError(`topic ${topic} does not exist`);
  const { state, members } = await describeGroup(admin, group);
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const targets = await admin.fetchTopicOffsetsByTimestamp(topic, from.getTime());
  const ranges = await partitionRanges(admin, topic);
  const partitions = ranges.map((r): OffsetMove => {
    const c = committed?.partitions.find((p) => p.partition === r.partition)?.offset;
    const current = c === undefined || Number(c) < 0 ? null : c;
    const target = targets.find((t) => t.partition === r.partition)?.offset ?? r.high;
    return { partition: r.partition, current, target, low: r.low, high: r.high, delta: current === null ? null : Number(BigInt(current) - BigInt(target)) };
  });
  return { group, topic, from: from.toISOString(), groupState: state, members, partitions };
}

/** Sets the planned offsets; refuses while the group has members (they would overwrite them). */
export async function applyOffsets(admin: Admin, plan: ReplayPlan): Promise<void> {
  const { state, members } = await describeGroup(admin, plan.group);
  if (members.length > 0 || !['Empty', 'Dead'].includes(state)) throw activeGroup(plan.group, state, members.length);
  try {
    await admin.setOffsets({ groupId: plan.group, topic: plan.topic, partitions: plan.partitions.map((p) => ({ partition: p.partition, offset: p.target })) });
  } catch (e) {
    if (/running instances|no running/i.test(String((e as Error).message))) throw activeGroup(plan.group, state, members.length);
    throw e;
  }
}

function activeGroup(group: string, state: string, members: number) {
  return new ActiveGroupError(
    `consumer group ${group} is active (state ${state}, ${members} member${members === 1 ? '' : 's'}): Kafka only moves the offsets of a group ` +
      'without members — stop its consumers (the service instances using it) first, then run this again',
  );
}
