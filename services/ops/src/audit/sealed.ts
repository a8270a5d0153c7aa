/**
 * Opening intake's sealed assessments for an audit. Since schema version 2 HouseholdAssessed keeps
 * each person's facts sealed under that person's subject key (crypto-shredding, PIPL art. 47);
 * audits and re-checks read them opened, with `{ erased: true, personRef }` in place of the facts
 * of an erased person. The read is on record before anything is shown (recordEventReads, PIPL art. 45).
 */
import type { Context } from '../cli/context';
import type { ServiceStore } from '../stores';
import type { AuditEvent } from './timeline';

/** Why a sealed assessment shows no facts, when it could not be opened (set on the event's data as `unopened`). */
export interface Unopened {
  unopened: string;
}

/**
 * Opens, in place, every sealed HouseholdAssessed among `events` (from intake's store) with the data
 * keys of `env` (ONEDOOR_DATA_KEYS / ONEDOOR_DATA_KEY, the development key outside production).
 * Clear (version 1) assessments are left as they are. When the keys are not usable or a subject key
 * names a data key that is not configured, the event keeps only its clear structure and
 * `data.unopened` says why; nothing throws. Returns the number opened.
 */
export async function openSealedAssessments(io: Pick<Context, 'env' | 'warn'>, stores: ServiceStore[], events: AuditEvent[]): Promise<number> {
  const intakeStore = stores.find((s) => s.service === 'intake');
  const intake = await import('@onedoor/intake');
  const sealed = events.filter((e) => e.service === 'intake' && e.type === 'HouseholdAssessed' && intake.intakeDomain.isSealedAssessment(e.data));
  if (!intakeStore || sealed.length === 0) return 0;
  let personal: InstanceType<typeof intake.PersonalData> | undefined;
  let unusable: string | undefined;
  try {
    personal = new intake.PersonalData(io.env, (m) => io.warn(`warning: ${m}`));
  } catch (e) {
    unusable = `the data keys are not usable: ${(e as Error).message}`;
  }
  let opened = 0;
  for (const e of sealed) {
    try {
      if (!personal) throw new Error(unusable);
      e.data = await intake.openHouseholdAssessed(intakeStore.store.sql, intakeStore.schema, personal, e.data);
      opened++;
    } catch (err) {
      const { sealed: _sealed, ...structure } = e.data as Record<string, unknown>;
      e.data = { ...structure, unopened: `the sealed facts could not be opened: ${(err as Error).message}` } satisfies Record<string, unknown> & Unopened;
      io.warn(`warning: ${e.eventId} (HouseholdAssessed): ${(e.data as Unopened).unopened}`);
    }
  }
  return opened;
}
