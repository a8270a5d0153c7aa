import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError } from '@onedoor/event-store';
import {
  CatalogueConflictError, chinaDateOf, isDivisionCode, isIsoDate, PROGRAMME_ID, ProgrammeCatalogueError, validateProgramme, type ProgrammeCatalogue,
} from '@onedoor/policy';
import { assertMayActAt, hasRole, idempotent, isWithinJurisdiction, NATIONWIDE, ProblemError, queryText, type Principal, type ServiceRuntime } from '@onedoor/service-kit';
import { INTAKE_RUNTIME } from './intake.spec';
import { INTAKE_POLICY, type IntakePolicy } from './submit-application';

/** `PUT /catalogue/programmes/{programmeId}`: a programme offered in a jurisdiction from a China date. */
export interface PutProgrammeRequest {
  jurisdiction: string;
  validFrom: string;
  programme: unknown;
}

/** A catalogue as the admin API answers it (the catalogue file's format). */
export type CatalogueView = ProgrammeCatalogue;

const stable = (v: unknown) => JSON.stringify(v);
type FieldError = { field: string; message: string };

/** The roles that may read the catalogue in force (applicants may not). */
export const CATALOGUE_READERS = ['caseworker', 'officer', 'auditor', 'admin'] as const;

/**
 * Staff read the catalogue of their own jurisdiction, of places within it, and of the levels above
 * it (whose programmes they inherit): a township caseworker the county's, a county admin a
 * township's; a nationwide admin any. Another county's, or any catalogue for an applicant, is a 403.
 */
export function assertMayReadCatalogue(p: Principal, jurisdiction: string): void {
  if (!hasRole(p, ...CATALOGUE_READERS)) throw ProblemError.forbidden('the programme catalogue is open to caseworkers, officers, auditors and admins');
  if (hasRole(p, 'admin') && p.jurisdiction === NATIONWIDE) return;
  if (isWithinJurisdiction(jurisdiction, p.jurisdiction) || isWithinJurisdiction(p.jurisdiction, jurisdiction)) return;
  throw ProblemError.forbidden(`the catalogue of ${jurisdiction} is neither within nor above your jurisdiction (${p.jurisdiction})`);
}

/**
 * The admin side of the programme catalogue, shared by REST and GraphQL: the catalogue in force
 * for a jurisdiction on a date, and adding or replacing one programme from a date, which publishes
 * a new catalogue version (ProgrammeCataloguePublished) that the next application is routed by —
 * on every intake instance, since each reads the catalogue stream on each submission.
 */
@Injectable()
export class CatalogueAdmin {
  constructor(
    @Inject(INTAKE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(INTAKE_POLICY) private readonly policy: IntakePolicy,
  ) {}

  private get source() {
    if (!this.policy.catalogues) throw ProblemError.serviceUnavailable('the programme catalogue is not loaded yet');
    return this.policy.catalogues;
  }

  /**
   * The catalogue in force for `jurisdiction` (default: the caller's) on `on` (YYYY-MM-DD or an ISO
   * instant, taken as its China date; default today in China).
   * @throws ProblemError 400 on a malformed parameter, 404 when no catalogue is in force there.
   */
  async inForce(principal: Principal, jurisdiction?: unknown, on?: unknown): Promise<CatalogueView> {
    const errors: FieldError[] = [];
    const j = queryText(jurisdiction, 'jurisdiction', errors) ?? principal.jurisdiction;
    const o = queryText(on, 'on', errors);
    if (!isDivisionCode(j)) errors.push({ field: 'jurisdiction', message: 'jurisdiction must be a 6, 9 or 12 digit division code' });
    let date = chinaDateOf(new Date());
    if (o !== undefined) {
      try {
        date = chinaDateOf(o);
      } catch {
        errors.push({ field: 'on', message: 'on must be a date YYYY-MM-DD or an ISO 8601 date-time' });
      }
    }
    if (errors.length) throw ProblemError.badRequest(`${errors.length} query parameter(s) are invalid`, errors);
    assertMayReadCatalogue(principal, j as string);
    const catalogue = (await this.source.current()).tryLookup(j, date);
    if (!catalogue) throw ProblemError.notFound(`no programme catalogue is in force for ${j} on ${date}`);
    return catalogue;
  }

  /**
   * Adds or replaces programme `programmeId` in `jurisdiction` from `validFrom` (today or later, a
   * China date): publishes the next catalogue version (see CatalogueRegistry.catalogueWithProgramme)
   * unless the programme is already offered exactly so there from that day. Answers the catalogue.
   * @throws ProblemError 400 naming the field at fault, 403 outside the caller's jurisdiction,
   *   409 when another publication came first or the catalogue would be ambiguous.
   */
  async putProgramme(principal: Principal, programmeId: string, request: PutProgrammeRequest, idempotencyKey?: string): Promise<{ status: number; body: CatalogueView; replayed?: boolean }> {
    const { jurisdiction, validFrom } = this.checkPut(programmeId, request);
    assertMayActAt(principal, jurisdiction);
    const programme = (() => {
      try {
        return validateProgramme(request.programme, 'programme');
      } catch (e) {
        if (e instanceof ProgrammeCatalogueError) {
          const errors = e.problems.map((p) => ({ field: p.field, message: p.problem }));
          throw ProblemError.badRequest(errors.length === 1 ? e.message : `${errors.length} field(s) are invalid`, errors);
        }
        throw e;
      }
    })();
    if (programme.id !== programmeId) {
      throw ProblemError.badRequest(`programme.id ${programme.id} is not the programme of the path, ${programmeId}`, [{ field: 'programme.id', message: `must be ${programmeId}` }]);
    }
    return idempotent(this.runtime.store, `catalogue:${principal.sub}`, idempotencyKey, { programmeId, jurisdiction, validFrom, programme }, async () => {
      const registry = await this.source.current();
      const inForce = registry.tryLookup(jurisdiction, validFrom);
      const same = inForce?.jurisdiction === jurisdiction && inForce.validFrom === validFrom && inForce.programmes.some((p) => stable(p) === stable(programme));
      if (inForce && same) return { status: 200, body: inForce };
      const next = registry.catalogueWithProgramme(jurisdiction, validFrom, programme);
      try {
        await this.source.publish([next], { sub: principal.sub, role: 'admin' });
      } catch (e) {
        if (e instanceof ConcurrencyError) throw ProblemError.conflict('another catalogue was published at the same time: read the catalogue again and retry');
        if (e instanceof CatalogueConflictError) throw ProblemError.conflict(e.message);
        throw e;
      }
      return { status: 200, body: next };
    });
  }

  private checkPut(programmeId: string, request: PutProgrammeRequest): { jurisdiction: string; validFrom: string } {
    const errors: FieldError[] = [];
    if (!PROGRAMME_ID.test(programmeId)) errors.push({ field: 'programmeId', message: 'must be a programme id like housing-aid.rental-subsidy' });
    if (!request || typeof request !== 'object') throw ProblemError.badRequest('the body must be an object { jurisdiction, validFrom, programme }');
    if (!isDivisionCode(request.jurisdiction)) errors.push({ field: 'jurisdiction', message: 'jurisdiction must be a 6, 9 or 12 digit division code' });
    const today = chinaDateOf(new Date());
    if (!isIsoDate(request.validFrom)) errors.push({ field: 'validFrom', message: 'validFrom must be a date YYYY-MM-DD' });
    else if (request.validFrom < today) errors.push({ field: 'validFrom', message: `validFrom must be today (${today}, China) or later: applications already routed keep their catalogue` });
    if (request.programme === undefined) errors.push({ field: 'programme', message: 'programme is required' });
    if (errors.length) throw ProblemError.badRequest(`${errors.length} field(s) are invalid`, errors);
    return { jurisdiction: request.jurisdiction, validFrom: request.validFrom };
  }
}
