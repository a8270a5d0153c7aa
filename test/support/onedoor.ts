/** Small verbs over the REST contract, shared by the end-to-end tests, the demo and the bench. */
import { randomUUID } from 'node:crypto';
import { waitUntil, type ApiClient, type ApiResponse } from '@onedoor/testing';
import { fiscalYear, yuan, fenText, type ApplicationBody } from './applications';

export type Programme = 'temporary-aid' | 'medical-aid' | 'education-aid';

export interface DepartmentView {
  department: Programme;
  caseId: string;
  status: 'open' | 'approved' | 'refused' | 'awaiting_funds' | 'paid';
  grantedFen: number;
  paidFen: number;
  reasons: string[];
  dueBy: string | null;
}

export interface DossierView {
  applicationId: string;
  status: 'received' | 'in_progress' | 'settled' | 'refused' | 'withdrawn';
  tier: string | null;
  jurisdiction: string | null;
  departments: DepartmentView[];
  totals: { grantedFen: number; paidFen: number };
  reasons?: string[];
  appealBy?: string;
  version: number;
  updatedAt: string;
  settledAt?: string | null;
}

export interface BudgetView {
  budgetId: string;
  allocatedFen: number;
  reservedFen: number;
  disbursedFen: number;
  availableFen: number;
  awaitingGrants: number;
  awaitingFen: number;
}

export interface TimelineEvent {
  service: string;
  type: string;
  occurredAt: string;
  eventId: string;
  data: any;
}

/** Throws with the response when the status is not the expected one. */
export function expectStatus<T>(res: ApiResponse<T>, ...expected: number[]): ApiResponse<T> {
  if (!expected.includes(res.status)) {
    throw new Error(`expected HTTP ${expected.join(' or ')}, got ${res.status}: ${JSON.stringify(res.body)?.slice(0, 1500)}`);
  }
  return res;
}

export async function submit(intake: ApiClient, body: ApplicationBody | unknown, idempotencyKey: string | null = randomUUID()) {
  return intake.post<{ applicationId: string; status: string }>('/applications', body, idempotencyKey ? { idempotencyKey } : {});
}

/** Submits and returns the application id (201 expected). */
export async function submitOk(intake: ApiClient, body: ApplicationBody, idempotencyKey: string | null = randomUUID()): Promise<string> {
  const res = expectStatus(await submit(intake, body, idempotencyKey), 201);
  return res.body.applicationId;
}

export async function dossier(intake: ApiClient, applicationId: string): Promise<DossierView> {
  return expectStatus(await intake.get<DossierView>(`/applications/${encodeURIComponent(applicationId)}`), 200).body;
}

export const isFinal = (d: DossierView) => d.status === 'settled' || d.status === 'refused' || d.status === 'withdrawn';

export function waitForDossier(
  intake: ApiClient,
  applicationId: string,
  done: (d: DossierView) => boolean,
  what = 'the dossier',
  timeoutMs = 60_000,
): Promise<DossierView> {
  return waitUntil(() => dossier(intake, applicationId), done, { timeoutMs, intervalMs: 250, what: `${what} of ${applicationId}` });
}

export const waitSettledOrRefused = (intake: ApiClient, applicationId: string, timeoutMs = 60_000) =>
  waitForDossier(intake, applicationId, isFinal, 'a settled or refused dossier', timeoutMs);

export const departmentOf = (d: DossierView, department: Programme) => d.departments.find((x) => x.department === department);

/** The timeline (GET /applications/{id}/events): an array of events across services. */
export async function timeline(intake: ApiClient, applicationId: string): Promise<TimelineEvent[]> {
  const body = expectStatus(await intake.get(`/applications/${encodeURIComponent(applicationId)}/events`), 200).body;
  const events = Array.isArray(body) ? body : (body?.events ?? body?.items);
  if (!Array.isArray(events)) throw new Error(`the timeline is not an array: ${JSON.stringify(body).slice(0, 500)}`);
  return events;
}

export const budgetId = (programme: Programme, jurisdiction: string, year = fiscalYear()) => `${programme}:${year}:${jurisdiction}`;

export async function getBudget(funding: ApiClient, id: string): Promise<BudgetView | undefined> {
  const res = await funding.get<BudgetView>(`/budgets/${encodeURIComponent(id)}`);
  if (res.status === 404) return undefined;
  return expectStatus(res, 200).body;
}

export async function budget(funding: ApiClient, id: string): Promise<BudgetView> {
  const b = await getBudget(funding, id);
  if (!b) throw new Error(`budget ${id} does not exist`);
  return b;
}

export async function allocate(
  funding: ApiClient,
  programme: Programme,
  jurisdiction: string,
  amountFen: number,
  options: { reserveFund?: boolean; year?: number } = {},
): Promise<BudgetView> {
  const body = { programme, fiscalYear: options.year ?? fiscalYear(), jurisdiction, amountFen, ...(options.reserveFund ? { reserveFund: true } : {}) };
  const res = await funding.post<BudgetView>('/budgets', body, { idempotencyKey: `allocate-${programme}-${body.fiscalYear}-${jurisdiction}-${amountFen}` });
  return expectStatus(res, 201, 200).body;
}

export async function topUp(funding: ApiClient, id: string, amountFen: number): Promise<BudgetView> {
  const res = await funding.post<BudgetView>(`/budgets/${encodeURIComponent(id)}/top-ups`, { amountFen }, { idempotencyKey: randomUUID() });
  return expectStatus(res, 200, 201).body;
}

/** A readable dossier, amounts in yuan and fen. */
export function describeDossier(d: DossierView): string {
  const lines = [
    `  application ${d.applicationId}`,
    `  status ${d.status.toUpperCase()}   tier ${d.tier ?? '—'}   handled in ${d.jurisdiction ?? '—'}   version ${d.version}`,
  ];
  if (d.departments.length === 0) lines.push('  no department case');
  for (const e of d.departments) {
    lines.push(
      `  ${e.department.padEnd(14)} ${e.status.padEnd(15)} granted ${yuan(e.grantedFen).padStart(15)} (${fenText(e.grantedFen)})` +
        `   paid ${yuan(e.paidFen).padStart(15)} (${fenText(e.paidFen)})`,
    );
    for (const r of e.reasons ?? []) lines.push(`      · ${r}`);
  }
  lines.push(`  total          granted ${yuan(d.totals.grantedFen)} (${fenText(d.totals.grantedFen)}), paid ${yuan(d.totals.paidFen)} (${fenText(d.totals.paidFen)})`);
  if (d.status === 'refused') {
    for (const r of d.reasons ?? []) lines.push(`  reason: ${r}`);
    if (d.appealBy) lines.push(`  appeal (administrative reconsideration) by ${d.appealBy}`);
  }
  return lines.join('\n');
}
