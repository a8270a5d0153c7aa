/**
 * Crypto-shredding inside the event log (PIPL art. 28, 47). HouseholdAssessed holds the full case
 * file — each member's age, disability, illness, the per-capita income — and intake's event log is
 * immutable. So before it is appended the shell seals each person's facts under that person's own
 * subject key (the keys of subject-keys.ts, which erasure destroys), and keeps only the structure
 * (references, incident, tier) in clear. Reading it back, each fact opens with its subject's key or
 * shows the erased marker `{ erased: true, personRef }`. The pure domain never sees either step.
 */
import { SUBMITTED_CASE_FILE_FIELDS, type PersonRef } from '@onedoor/contracts';
import type { SqlExecutor } from '@onedoor/event-store';
import type { Decider } from '@onedoor/service-kit';
import {
  applicationDecider, evolve, isSealedAssessment, type ApplicationState, type CaseFileStructure, type HouseholdAssessed, type IntakeCommand, type RecordedIntakeEvent,
  type SealedFact, type SealedHouseholdAssessed,
} from '../domain';
import type { PersonalData } from './personal-data';
import { erasedMarker, openPart, place, sealPart, subjectKeysOf, type SubjectKey } from './subject-keys';

/** The schema version of HouseholdAssessed sealed by person (version 1: in clear). */
export const SEALED_ASSESSMENT_VERSION = 2; // INTAKE.schemaVersions.HouseholdAssessed

/** A HouseholdAssessed as the shell reads it: clear, or opened; `erased` names the subjects whose facts show the erased marker. */
export type OpenedHouseholdAssessed = HouseholdAssessed & { erased?: PersonRef[] };

const STRUCTURE = new Set<string>([...SUBMITTED_CASE_FILE_FIELDS, 'members', 'medical']);

/** The subjects whose keys sealing an assessment of this submission needs: the applicant, every member, the patient. */
export function assessmentRefsOf(s: { applicantRef: PersonRef; household: { members: { personRef: PersonRef }[] }; incident: { medical?: { patientRef: PersonRef } } }): PersonRef[] {
  return [...new Set([s.applicantRef, ...s.household.members.map((m) => m.personRef), ...(s.incident.medical ? [s.incident.medical.patientRef] : [])])];
}

/**
 * Seals a clear HouseholdAssessed (schema version 1 shape) into the stored shape (version 2):
 * - each member's facts (everything but the personRef) under the member's key;
 * - the household's figures (the per-capita income, and any field not of the structure) under the applicant's key;
 * - the medical residual cost under the patient's key;
 * - each tier reason under the member it names (it may quote their age or own income), else the applicant's.
 * The clear `caseFile` keeps the SubmittedCaseFile fields, members' and patient's references only.
 * Pure given `keys`; throws when a subject's key is missing.
 */
export function sealHouseholdAssessed(data: HouseholdAssessed, keys: ReadonlyMap<string, SubjectKey>): SealedHouseholdAssessed {
  const cf = data.caseFile;
  const facts: SealedFact[] = [];
  const add = (at: (string | number)[], ref: PersonRef, value: unknown) => {
    const key = keys.get(ref);
    if (!key) throw new Error(`no subject key for ${ref}: the assessment cannot be sealed`);
    facts.push({ at, ref, s: sealPart(ref, key, value) });
  };
  cf.members.forEach(({ personRef, ...memberFacts }, i) => add(['caseFile', 'members', i], personRef, memberFacts));
  for (const [field, value] of Object.entries(cf)) if (!STRUCTURE.has(field) && value !== undefined) add(['caseFile', field], cf.applicantRef, value);
  if (cf.medical) add(['caseFile', 'medical', 'residualCostFen'], cf.medical.patientRef, cf.medical.residualCostFen);
  data.tierReasons.forEach((reason, i) => add(['tierReasons', i], cf.members.find((m) => reason.includes(m.personRef))?.personRef ?? cf.applicantRef, reason));
  const structure = Object.fromEntries(SUBMITTED_CASE_FILE_FIELDS.filter((k) => cf[k] !== undefined).map((k) => [k, cf[k]])) as unknown as CaseFileStructure;
  return {
    applicationId: data.applicationId,
    caseFile: { ...structure, members: cf.members.map((m) => ({ personRef: m.personRef })), ...(cf.medical ? { medical: { patientRef: cf.medical.patientRef } } : {}) },
    sealed: { v: 'h1', facts },
  };
}

/**
 * Opens a HouseholdAssessed payload with the subject keys at hand: a sealed one (version 2) back to
 * the clear shape, each fact of a subject without a key (erased) as the marker `{ erased: true,
 * personRef }` and the subject listed in `erased`; a clear one (version 1) as it is. Throws on a
 * malformed sealed fact. Pure given `keys`.
 */
export function openHouseholdAssessedWith(data: HouseholdAssessed | SealedHouseholdAssessed, keys: ReadonlyMap<string, SubjectKey>): OpenedHouseholdAssessed {
  if (!isSealedAssessment(data)) return data;
  const value = { applicationId: data.applicationId, caseFile: structuredClone(data.caseFile), tierReasons: [] } as Record<string, any>;
  const erased = new Set<PersonRef>();
  for (const f of data.sealed.facts) {
    const opened = openPart(keys, f.ref, f.s);
    if (opened.erased) erased.add(f.ref);
    place(value, f.at, opened.erased ? erasedMarker(f.ref) : opened.value);
  }
  return { ...(value as HouseholdAssessed), ...(erased.size ? { erased: [...erased].sort() } : {}) };
}

/**
 * Opens a HouseholdAssessed payload read from intake's store (see openHouseholdAssessedWith),
 * looking up the subject keys it needs. Throws when a wrapped key names a data key that is not
 * configured. Every caller is a read of personal data and must be on record (PIPL art. 45).
 */
export async function openHouseholdAssessed(sql: SqlExecutor, schema: string, personal: PersonalData, data: HouseholdAssessed | SealedHouseholdAssessed): Promise<OpenedHouseholdAssessed> {
  if (!isSealedAssessment(data)) return data;
  const keys = await subjectKeysOf(sql, schema, personal, data.sealed.facts.map((f) => f.ref));
  return openHouseholdAssessedWith(data, keys);
}

/**
 * The application decider as the shell runs it for a submission: the same decisions, with
 * HouseholdAssessed sealed under `keys` (the subjects' keys, created beforehand in the same
 * transaction: see subjectKeysOf) before execute appends it.
 */
export function sealingApplicationDecider(keys: ReadonlyMap<string, SubjectKey>): Decider<IntakeCommand, RecordedIntakeEvent, ApplicationState> {
  return {
    initialState: applicationDecider.initialState,
    evolve,
    decide: (command, state) =>
      applicationDecider.decide(command, state).map((e): RecordedIntakeEvent => (e.type === 'HouseholdAssessed' ? { type: 'HouseholdAssessed', data: sealHouseholdAssessed(e.data, keys) } : e)),
  };
}
