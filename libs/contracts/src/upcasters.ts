import type { PublicEventType } from './events';

/** Turns the payload of version n of an event type into the payload of version n + 1. */
export type PayloadUpcaster = (data: unknown) => unknown;

/** event type → from version → upcaster to the next version. */
export type PayloadUpcasters = Partial<Record<PublicEventType | string, Record<number, PayloadUpcaster>>>;

/**
 * How consumers read payloads published under an older schema version of a public event: when
 * a payload type changes (SCHEMA_VERSIONS raised), the step from the previous version goes here,
 * so that messages already on a topic (published before the change, kept by Kafka for replays)
 * still reach every consumer in the current shape. A producing service may pass the same steps to
 * its store (ServiceSpec.upcasters) so that what it publishes is always current. Empty while every
 * public event is at version 1.
 */
export const PAYLOAD_UPCASTERS: PayloadUpcasters = {};
