/**
 * A small OneDoor for integration tests of the CLI: the five services' event stores in a fresh
 * PostgreSQL database, driven by the services' own application classes and deciders (intake's
 * applicationDecider, TemporaryAidCases, MedicalAidCases, EducationAidCases, Budgets) and the live
 * dossier projection (DossierStore.apply). Instead of Kafka, `pump()` hands each store's public
 * events to the consumers the services' modules wire up, in order, until nothing new happens —
 * so the stores hold what the services write, and intake.dossiers what the live projection makes.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EVENTS_BY_SERVICE, routedCaseFileOf, schemaOf, SERVICES, type AidGranted, type ApplicationRouted, type Department, type Envelope, type FundsDisbursed, type ReferralIssued, type Service } from '@onedoor/contracts';
import { EducationAidCases } from '@onedoor/education-aid';
import { EventStore, PostgresDriver, START, type Checkpoint, type EventMetadata, type SqlDriver } from '@onedoor/event-store';
import { Budgets } from '@onedoor/funding';
import { DossierStore, DossierUpdates, dossierMigration, intakeDomain } from '@onedoor/intake';
import { MedicalAidCases } from '@onedoor/medical-aid';
import { toEnvelope } from '@onedoor/messaging';
import { CatalogueRegistry, type PolicyRegistry } from '@onedoor/policy';
import { execute, loadPolicy, Metrics, type ServiceRuntime } from '@onedoor/service-kit';
import { TemporaryAidCases } from '@onedoor/temporary-aid';

export const SCHEMA = Object.fromEntries(SERVICES.map((s) => [s, schemaOf(s)])) as Record<Service, string>;
/** The services the world drives through their deciders (the partner desk is not simulated here). */
export const SIMULATED: readonly Service[] = SERVICES.filter((s) => s !== 'partners');

/** A fresh database on the server of DATABASE_URL; dropped by drop(). */
export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `onedoor_ops_${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

const runtimeOf = (store: EventStore) => ({ store, metrics: new Metrics(false) }) as unknown as ServiceRuntime;
const causedBy = (envelope: Envelope, sub: string, jurisdiction?: string | null): EventMetadata => ({
  correlationId: envelope.correlationId, causationId: envelope.eventId, actor: { sub, role: 'system' }, jurisdiction: jurisdiction ?? undefined,
});

export interface Person {
  personRef: string;
  relation?: 'self' | 'spouse' | 'child' | 'parent' | 'sibling' | 'other';
  ageYears?: number;
  monthlyIncomeFen?: number;
  seriousIllness?: boolean;
  schoolStage?: 'primary' | 'junior' | 'senior' | null;
  employment?: 'employed' | 'registered_unemployed' | 'unable_to_work' | 'not_in_labour_force';
}

export class World {
  readonly stores: Record<Service, EventStore>;
  private registry!: PolicyRegistry;
  private readonly temporaryAid: TemporaryAidCases;
  private readonly medicalAid: MedicalAidCases;
  private readonly educationAid: EducationAidCases;
  private readonly budgets: Budgets;
  readonly dossiers: DossierStore;
  private readonly bus = new Map<Service, Checkpoint>();
  /** Events delivered by pump(), per service; `hold` keeps a service's events from the live dossier. */
  hold = new Set<Service>();

  private constructor(readonly driver: SqlDriver) {
    // Every service's store exists (as in a deployment); the partners service's stays empty here.
    this.stores = Object.fromEntries(SERVICES.map((s) => [s, new EventStore(driver, { schema: SCHEMA[s] })])) as Record<Service, EventStore>;
    this.temporaryAid = new TemporaryAidCases(runtimeOf(this.stores['temporary-aid']));
    this.medicalAid = new MedicalAidCases(runtimeOf(this.stores['medical-aid']));
    this.educationAid = new EducationAidCases(runtimeOf(this.stores['education-aid']));
    this.budgets = new Budgets(runtimeOf(this.stores.funding));
    this.dossiers = new DossierStore(runtimeOf(this.stores.intake), new DossierUpdates());
  }

  /** On PostgreSQL (a URL) or on any driver (PGlite); the world closes the driver. */
  static async create(database: string | SqlDriver): Promise<World> {
    const world = new World(typeof database === 'string' ? new PostgresDriver({ connectionString: database, max: 6 }) : database);
    for (const s of SERVICES) {
      await world.stores[s].migrate();
      world.registry = await loadPolicy(world.stores[s]); // every service publishes the parameter sets it decides with
    }
    await dossierMigration(world.stores.intake);
    world.temporaryAid.usePolicy(world.registry);
    world.medicalAid.usePolicy(world.registry);
    world.educationAid.usePolicy(world.registry);
    return world;
  }

  async close() {
    await this.driver.close();
  }

  async allocate(programme: 'temporary-aid' | 'medical-aid' | 'education-aid', jurisdiction: string, amountFen: number) {
    const fiscalYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const budgetId = this.budgets.idOf(programme, fiscalYear, jurisdiction);
    await this.budgets.run({ type: 'AllocateBudget', data: { programme, fiscalYear, jurisdiction, amountFen, reserveFund: false } }, budgetId, {
      correlationId: `budget-${budgetId}`, actor: { sub: 'finance-1', role: 'finance' }, jurisdiction,
    });
    return budgetId;
  }

  /**
   * Submits through intake's decider as its handler does (one transaction: the events and the
   * first dossier state), with the parameter set in force where the application is handled.
   */
  async submit(application: {
    members: Person[];
    causes: ('illness' | 'schooling' | 'fire' | 'accident' | 'disaster' | 'unemployment' | 'other')[];
    urgent: boolean;
    jurisdiction?: string;
    registeredJurisdiction?: string;
    residualCostFen?: number;
    /** A natural disaster and what it did to the home (disaster-victim aid). */
    disaster?: { kind: 'flood' | 'earthquake' | 'typhoon' | 'landslide' | 'drought' | 'snowstorm' | 'other'; homeDamage: 'none' | 'damaged' | 'badly_damaged' | 'collapsed' };
    /** Route by the default programme catalogue in force where it is handled, as intake does (otherwise the three rule departments only). */
    byCatalogue?: boolean;
  }): Promise<string> {
    const applicationId = randomUUID();
    const now = new Date().toISOString();
    const jurisdiction = application.jurisdiction ?? '321323100';
    const registered = application.registeredJurisdiction ?? '321323100201';
    const members = application.members.map((m, i) => ({
      personRef: m.personRef, relation: m.relation ?? (i === 0 ? 'self' : 'child'), ageYears: m.ageYears ?? 40, monthlyIncomeFen: m.monthlyIncomeFen ?? 0,
      disability: 'none' as const, seriousIllness: m.seriousIllness ?? false, laborCapacity: true, hasSupporter: true, schoolStage: m.schoolStage ?? null,
      boarding: false,
      ...(m.employment ? { employment: m.employment } : {}),
    }));
    const incident = {
      jurisdiction, occurredOn: now.slice(0, 10), causes: application.causes, urgent: application.urgent,
      ...(application.disaster ? { disaster: application.disaster } : {}),
      ...(application.residualCostFen ? { medical: { patientRef: members.find((m) => m.seriousIllness)?.personRef ?? members[0].personRef, residualCostFen: application.residualCostFen } } : {}),
    };
    const metadata = { correlationId: applicationId, actor: { sub: 'caseworker-1', role: 'caseworker' }, jurisdiction };
    await this.stores.intake.transaction(async (tx) => {
      const { events, version } = await execute(
        tx,
        intakeDomain.applicationStreamId(applicationId),
        intakeDomain.applicationDecider,
        {
          type: 'SubmitApplication',
          data: {
            applicationId, applicantRef: members[0].personRef,
            household: { householdRef: `household-${applicationId}`, registeredJurisdiction: registered, members, assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 } },
            incident, consent: { economicCheck: true, dataSharing: true },
            parameterSet: this.registry.lookup(intakeDomain.handlingJurisdictionOf(incident, registered), now), now,
            ...(application.byCatalogue ? { catalogue: CatalogueRegistry.defaults().lookup(intakeDomain.handlingJurisdictionOf(incident, registered), now) } : {}),
          },
        },
        { metadata, commandId: `submit:${applicationId}`, retries: 0 },
      );
      for (const e of await tx.readStream(intakeDomain.applicationStreamId(applicationId), { from: version - events.length + 1 })) {
        await this.dossiers.apply(tx, 'intake', { ...toEnvelope(e), actor: metadata.actor });
      }
    });
    return applicationId;
  }

  /** Delivers every public event not yet delivered to the consumers, until nothing new is written. */
  async pump(): Promise<number> {
    let delivered = 0;
    for (let moved = true; moved || (await this.invisible()); ) {
      if (!moved) await new Promise((r) => setTimeout(r, 50));
      moved = false;
      for (const service of SIMULATED) {
        const store = this.stores[service];
        const page = await store.readAll({ after: this.bus.get(service) ?? START, limit: 1000 });
        for (const e of page.events) {
          if (!(EVENTS_BY_SERVICE[service] as readonly string[]).includes(e.type)) continue;
          await this.deliver(service, toEnvelope(e));
          delivered++;
          moved = true;
        }
        this.bus.set(service, page.checkpoint);
        if (page.events.length) moved = true;
      }
    }
    return delivered;
  }

  /**
   * Events committed after the bus position but not visible to readAll yet (a transaction elsewhere
   * on the server is open): the bus must wait for them rather than stop.
   */
  private async invisible(): Promise<boolean> {
    for (const service of SIMULATED) {
      const [tx, pos] = (this.bus.get(service) ?? START).split(':');
      const { rows } = await this.driver.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${SCHEMA[service]}".events e WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)`,
        [tx, pos],
      );
      if (rows[0].n > 0) return true;
    }
    return false;
  }

  private async deliver(service: Service, envelope: Envelope<any>) {
    if (!this.hold.has(service)) await this.stores.intake.transaction((tx) => this.dossiers.apply(tx, service, envelope));
    const now = new Date().toISOString();
    if (service === 'intake' && envelope.type === 'ApplicationRouted') {
      const routed = envelope.data as ApplicationRouted;
      const route = routed.routes.find((r) => r.department === 'temporary-aid');
      if (route) {
        await this.stores['temporary-aid'].transaction(async (tx) => {
          const md = causedBy(envelope, 'temporary-aid', routedCaseFileOf(routed, 'temporary-aid').jurisdiction);
          let { state } = await this.temporaryAid.open(route.caseId, routedCaseFileOf(routed, 'temporary-aid'), now, md, `${envelope.eventId}:open`, tx);
          if (state.status === 'open' && state.track !== 'ordinary') ({ state } = await this.temporaryAid.grantAutomatically(route.caseId, now, md, `${envelope.eventId}:grant`, tx));
          if (state.status === 'granted') await this.temporaryAid.issueReferrals(route.caseId, md, `${envelope.eventId}:referrals`, tx);
        });
      }
      if (routed.routes.some((r) => r.department === 'medical-aid')) await this.openMedical({ routed }, envelope);
      if (routed.routes.some((r) => r.department === 'education-aid')) await this.openEducation({ routed }, envelope);
    }
    if (service === 'temporary-aid' && envelope.type === 'ReferralIssued') {
      const referral = envelope.data as ReferralIssued;
      if (referral.toDepartment === 'medical-aid') await this.openMedical({ referral }, envelope);
      if (referral.toDepartment === 'education-aid') await this.openEducation({ referral }, envelope);
    }
    if (envelope.type === 'AidGranted') {
      const g = envelope.data as AidGranted;
      await this.stores.funding.transaction(async (tx) => {
        const budgetId = await this.budgets.budgetFor({ programme: g.programme, fiscalYear: g.fiscalYear, jurisdiction: g.jurisdiction }, tx);
        if (!budgetId) throw new Error(`test world: no ${g.programme} budget for ${g.jurisdiction}`);
        const ref = { budgetId, grantId: g.grantId, caseId: g.caseId, applicationId: g.applicationId, department: g.department, amountFen: g.amountFen };
        await this.budgets.run({ type: 'RequestFunds', data: ref }, budgetId, { ...causedBy(envelope, 'funding', g.jurisdiction) }, envelope.eventId, tx);
      });
    }
    if (service === 'funding' && envelope.type === 'FundsDisbursed') {
      const paid = envelope.data as FundsDisbursed & { department: Department };
      const md = causedBy(envelope, paid.department, envelope.jurisdiction);
      const id = `${envelope.eventId}:paid`;
      await this.stores[paid.department].transaction(async (tx) => {
        if (paid.department === 'temporary-aid') await this.temporaryAid.markPaid(paid, md, id, tx);
        else if (paid.department === 'medical-aid') await this.medicalAid.markPaid(paid, envelope, tx, md);
        else await this.educationAid.markPaid(paid, envelope, tx, md);
      });
    }
  }

  /** Production's workflow (MedicalAidCases.openFrom) in one transaction of the medical-aid store. */
  private async openMedical(source: { routed: ApplicationRouted } | { referral: ReferralIssued }, envelope: Envelope) {
    await this.stores['medical-aid'].transaction((store) => this.medicalAid.openFrom(source, envelope, store));
  }

  /** Production's workflow (EducationAidCases.openFrom) in one transaction of the education-aid store. */
  private async openEducation(source: { routed: ApplicationRouted } | { referral: ReferralIssued }, envelope: Envelope) {
    await this.stores['education-aid'].transaction((store) => this.educationAid.openFrom(source, envelope, store));
  }
}

/** The Siyang worked examples: a night fire (small fast aid), the Siyang chain (temporary, medical, education aid), a refusal. */
export async function siyangScenario(world: World) {
  for (const programme of ['temporary-aid', 'medical-aid', 'education-aid'] as const) await world.allocate(programme, '321323', 50_000_000);
  const fire = await world.submit({ members: [{ personRef: 'p-worker', ageYears: 35, monthlyIncomeFen: 450_000 }], causes: ['fire'], urgent: true, registeredJurisdiction: '510122100201' });
  const chain = await world.submit({
    members: [
      { personRef: 'p-mother', ageYears: 38, monthlyIncomeFen: 240_000 },
      { personRef: 'p-child', ageYears: 6, seriousIllness: true },
      { personRef: 'p-sibling', ageYears: 16, schoolStage: 'senior' },
    ],
    causes: ['illness'], urgent: true, residualCostFen: 4_000_000,
  });
  const refused = await world.submit({ members: [{ personRef: 'p-idle', ageYears: 45, monthlyIncomeFen: 600_000 }], causes: ['unemployment'], urgent: false });
  await world.pump();
  return { fire, chain, refused };
}
