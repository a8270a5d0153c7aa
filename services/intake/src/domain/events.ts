import type { PublicEvent } from '@onedoor/contracts';

/** The events of the application stream: the public contract's payloads, in `{ type, data }` form. */
export type IntakeEventType = 'ApplicationSubmitted' | 'ApplicationRouted' | 'ApplicationRefused' | 'ApplicationSettled' | 'DeadlineMissed';
export type IntakeEvent = Extract<PublicEvent, { type: IntakeEventType }>;
export type IntakeEventOf<T extends IntakeEventType> = Extract<IntakeEvent, { type: T }>;

/** Stream of one application (the envelope's `streamId`). */
export const applicationStreamId = (applicationId: string): string => `application-${applicationId}`;
