import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Cause, DilapidationGrade, Disability, DisasterKind, EmploymentStatus, HomeDamage, HousingTenure, Relation, SchoolStage } from '@onedoor/contracts';
import { ConcurrencyError } from '@onedoor/event-store';
import type { CatalogueRegistry, PolicyRegistry } from '@onedoor/policy';
import { assertMayActAt, type CatalogueSource, execute, idempotent, ProblemError, traceContextOfRequest, uuidFromName, type Principal, type ServiceRuntime } from '@onedoor/service-kit';
import { ageOn, applicationStreamId, handlingJurisdictionOf, type SubmitApplication } from '../domain';
import { unassessableProgrammes } from '../domain/catalogue-routing';
import type { SubmitApplicationDto } from './application.dto';
import { DossierStore } from './dossier.store';
import { INTAKE_RUNTIME } from './intake.spec';
import { PersonalData } from './personal-data';
import { assessmentRefsOf, sealingApplicationDecider } from './sealed-assessment';
import { sealApplicationData, subjectKeysOf } from './subject-keys';

export const INTAKE_POLICY = Symbol('intake-policy');
/** The parameter sets intake decides with, and the programme catalogues it routes by (read again on each submission). */
export interface IntakePolicy {
  registry: PolicyRegistry;
  catalogues?: CatalogueSource;
}

export class SubmitApplicationCommand {
  constructor(
    readonly body: SubmitApplicationDto,
    readonly principal: Principal,
    readonly idempotencyKey?: string,
    /** The request's W3C `traceparent` header: the submission's events join its trace (a new one without it). */
    readonly traceparent?: string,
  ) {}
}

export interface SubmitResult {
  applicationId: string;
  status: string;
}

/**
 * The one window: pseudonymise, assess, route — one transaction for the events, the sealed
 * personal data and the first dossier state (so the applicant reads their own write).
 */
@CommandHandler(SubmitApplicationCommand)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationCommand, { status: number; body: SubmitResult }> {
  private readonly logger = new Logger('SubmitApplication');

  constructor(
    @Inject(INTAKE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(INTAKE_POLICY) private readonly policy: IntakePolicy,
    private readonly personal: PersonalData,
    private readonly dossiers: DossierStore,
  ) {}

  async execute(command: SubmitApplicationCommand) {
    assertMayActAt(command.principal, command.body.incident.jurisdiction);
    // Two first requests with one Idempotency-Key race for the same stream; the loser waits for
    // the winner's stored response and replays it (or is refused if its body differs).
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.submitOnce(command);
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || !command.idempotencyKey || attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
      }
    }
  }

  private async submitOnce({ body, principal, idempotencyKey, traceparent }: SubmitApplicationCommand) {
    const store = this.runtime.store;
    // The catalogues published so far (by any instance), read before the transaction opens: the
    // embedded store has one connection, which the transaction holds.
    const catalogues = await this.policy.catalogues?.current();
    return idempotent(store, `submit:${principal.sub}`, idempotencyKey, body, () => {
      // Checked within: a replay answers what the first request got, whatever the catalogue now holds.
      this.checkCatalogue(body, catalogues);
      return store.transaction(async (tx) => {
        const applicationId = idempotencyKey ? uuidFromName(`application|${principal.sub}|${idempotencyKey}`) : randomUUID();
        const command = this.toCommand(applicationId, body, catalogues);
        // Everything about an application carries its id as the correlation id (the envelope contract).
        const correlationId = applicationId;
        const metadata = {
          correlationId,
          actor: { sub: principal.sub, role: principal.roles.includes('caseworker') ? 'caseworker' : principal.roles[0] },
          jurisdiction: body.incident.jurisdiction,
          traceparent: traceContextOfRequest(traceparent, correlationId),
        };
        // The assessment's facts are sealed by person before they reach the log (erasure destroys the key).
        const keys = await subjectKeysOf(tx.sql, tx.schema, this.personal, assessmentRefsOf(command.data), { jurisdiction: body.household.registeredJurisdiction });
        const { events, version } = await execute(tx, applicationStreamId(applicationId), sealingApplicationDecider(keys), command, {
          metadata,
          commandId: `submit:${applicationId}`,
          retries: 0,
        });
        // Each person's part under their own key (crypto-shredding: erasure destroys that key).
        const sealed = await sealApplicationData(tx.sql, tx.schema, this.personal, { applicant: body.applicant, household: body.household, medical: body.incident.medical }, body.household.registeredJurisdiction);
        await this.dossiers.sealPersonalData(tx, applicationId, sealed);
        const recorded = await tx.readStream(applicationStreamId(applicationId), { from: version - events.length + 1 });
        await this.dossiers.applyAll(
          tx,
          recorded.map((e) => ({
            service: 'intake',
            envelope: {
              eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, streamId: e.streamId, streamVersion: e.streamVersion,
              globalPosition: e.globalPosition, occurredAt: e.occurredAt.toISOString(), correlationId, causationId: null,
              actor: metadata.actor, jurisdiction: metadata.jurisdiction, data: e.data,
            },
          })),
        );
        const refused = events.some((e) => e.type === 'ApplicationRefused');
        return { status: 201, body: { applicationId, status: refused ? 'refused' : 'in_progress' } };
      });
    });
  }

  /**
   * The requested programmes must be programmes of the catalogue in force where the application is
   * handled (400 naming them otherwise); a catalogue entry routing cannot evaluate is logged (it is
   * not qualified, see assessProgrammes).
   */
  private checkCatalogue(body: SubmitApplicationDto, catalogues?: CatalogueRegistry): void {
    const handledIn = handlingJurisdictionOf({ jurisdiction: body.incident.jurisdiction, causes: body.incident.causes as Cause[], urgent: body.incident.urgent }, body.household.registeredJurisdiction);
    const catalogue = catalogues?.tryLookup(handledIn, new Date());
    if (catalogue) {
      for (const u of unassessableProgrammes(catalogue)) this.logger.warn(`catalogue ${catalogue.id} v${catalogue.version}: programme ${u.programmeId} is not assessed: ${u.problem}`);
    }
    const requested = body.requestedProgrammes ?? [];
    if (requested.length === 0) return;
    const offered = new Set(catalogue?.programmes.map((p) => p.id) ?? []);
    const unknown = [...new Set(requested)].filter((id) => !offered.has(id));
    if (unknown.length) {
      const where = catalogue ? `catalogue ${catalogue.id} in force for ${handledIn}` : `any catalogue in force for ${handledIn}`;
      throw ProblemError.badRequest(`requestedProgrammes: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a programme' : 'are not programmes'} of ${where}`, [
        { field: 'requestedProgrammes', message: `not programmes of the catalogue in force: ${unknown.join(', ')}` },
      ]);
    }
  }

  private parameterSetFor(jurisdiction: string, now: string) {
    try {
      return this.policy.registry.lookup(jurisdiction, now);
    } catch (e) {
      throw ProblemError.unprocessable(`OneDoor has no assistance parameters for jurisdiction ${jurisdiction}: ${(e as Error).message}`);
    }
  }

  private toCommand(applicationId: string, body: SubmitApplicationDto, catalogues?: CatalogueRegistry): SubmitApplication {
    const now = new Date().toISOString();
    const members = body.household.members;
    const incident = {
      jurisdiction: body.incident.jurisdiction,
      occurredOn: body.incident.occurredOn,
      causes: body.incident.causes as Cause[],
      urgent: body.incident.urgent,
      ...(body.incident.medical
        ? { medical: { patientRef: this.personal.personRef(body.incident.medical.patientIdNumber), residualCostFen: body.incident.medical.residualCostFen } }
        : {}),
      ...(body.incident.disaster ? { disaster: { kind: body.incident.disaster.kind as DisasterKind, homeDamage: body.incident.disaster.homeDamage as HomeDamage } } : {}),
    };
    const handledIn = handlingJurisdictionOf(incident, body.household.registeredJurisdiction);
    const housing = body.household.housing;
    const catalogue = catalogues?.tryLookup(handledIn, now);
    return {
      type: 'SubmitApplication',
      data: {
        applicationId,
        applicantRef: this.personal.personRef(body.applicant.idNumber),
        household: {
          householdRef: this.personal.householdRef(members.map((m) => m.idNumber)),
          registeredJurisdiction: body.household.registeredJurisdiction,
          members: members.map((m) => ({
            personRef: this.personal.personRef(m.idNumber),
            relation: m.relation as Relation,
            ageYears: ageOn(m.birthDate, now),
            monthlyIncomeFen: m.monthlyIncomeFen,
            disability: m.disability as Disability,
            seriousIllness: m.seriousIllness,
            laborCapacity: m.laborCapacity,
            hasSupporter: m.hasSupporter,
            schoolStage: (m.schoolStage ?? null) as SchoolStage | null,
            boarding: m.boarding ?? false,
            ...(m.employment ? { employment: m.employment as EmploymentStatus } : {}),
          })),
          assets: body.household.assets,
          ...(body.household.monthlyRigidSpendingFen !== undefined
            ? { annualSpending: { medicalFen: body.household.monthlyRigidSpendingFen * 12, educationFen: 0 } }
            : {}),
          ...(housing
            ? { housing: { tenure: housing.tenure as HousingTenure, floorAreaM2: housing.floorAreaM2, ...(housing.dilapidation ? { dilapidation: housing.dilapidation as DilapidationGrade } : {}) } }
            : {}),
          ...(body.household.supportedAtHome !== undefined ? { supportedAtHome: body.household.supportedAtHome } : {}),
        },
        incident,
        consent: body.consent,
        parameterSet: this.parameterSetFor(handledIn, now),
        ...(catalogue ? { catalogue } : {}),
        ...(body.requestedProgrammes?.length ? { requestedProgrammes: [...new Set(body.requestedProgrammes)] } : {}),
        now,
      },
    };
  }
}
