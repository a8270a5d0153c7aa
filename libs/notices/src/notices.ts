import { chinaDateOf } from '@onedoor/policy';
import { programmeNameOf, type MessageId } from './catalogue';
import type { Locale } from './locale';
import { formatMessage } from './messages';
import { yuanFigure, yuanText } from './money';
import { localiseFragment, localiseRecorded } from './recorded-text';

/** An event as intake's read model recorded it (the application's timeline row). */
export interface RecordedEvent {
  type: string;
  /** ISO 8601 instant. */
  occurredAt: string | Date;
  data: unknown;
}

export type NoticeKind = 'acceptance' | 'grant' | 'refusal' | 'application-refusal';

/** One reason of a decision: as recorded (English), in the notice's language, and the message that wrote it. */
export interface NoticeReason {
  text: string;
  recorded: string;
  /** The catalogue message whose English template produced the recorded text; null: shown as recorded. */
  messageId: MessageId | null;
}

/** One written notice of a decision, in one language; figures, dates, ids and rule ids as recorded. */
export interface Notice {
  kind: NoticeKind;
  title: string;
  /** The decision's China date (UTC+8), YYYY-MM-DD. */
  decidedOn: string;
  department: string | null;
  caseId: string | null;
  grantId: string | null;
  programmeId: string | null;
  amountFen: number | null;
  /** The amount in yuan with two decimals, grouped ("2,400.00"); null without an amount. */
  amountYuan: string | null;
  reasons: NoticeReason[];
  /** Last China date to apply for administrative reconsideration (refusals); null otherwise. */
  appealBy: string | null;
  /** Rule ids of the decision (its provenance), the same in every language. */
  ruleIds: string[];
  /** The notice as text: title, body, reasons, appeal notice and rules, one paragraph a line. */
  text: string;
}

type Data = Record<string, any>;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
/** A department as `locale` names it (`medical-aid` → 医疗救助部门); English keeps the id. */
const departmentName = (department: string, locale: Locale) => localiseFragment(department, locale);

function reasonsOf(recorded: unknown, locale: Locale): NoticeReason[] {
  return strings(recorded).map((r) => {
    const { text, messageId } = localiseRecorded(r, locale, 'reason');
    return { text, recorded: r, messageId };
  });
}

function notice(base: Omit<Notice, 'text'>, body: string, locale: Locale): Notice {
  const lines = [base.title, body, ...base.reasons.map((r, i) => `${i + 1}. ${r.text}`)];
  if (base.appealBy) lines.push(formatMessage(locale, 'notice.appeal', { appealBy: base.appealBy }));
  if (base.ruleIds.length) lines.push(formatMessage(locale, 'notice.rules', { ruleIds: base.ruleIds.join(', ') }));
  return { ...base, text: lines.join('\n') };
}

const empty = { department: null, caseId: null, grantId: null, programmeId: null, amountFen: null, amountYuan: null, appealBy: null };

/**
 * The written notices of one application, one per decision recorded, in recording order:
 * - ApplicationRouted → acceptance and transfer (受理/转办): the departments, the transfer deadline,
 *   the reasons of each route and of each department not routed;
 * - AidGranted → a decision to grant (给付决定): department, programme when recorded, amount in
 *   yuan with two decimals, reasons; a grant in kind (`paidBy` in_kind) names the programme granted
 *   and no amount, a grant the department pays itself (`paidBy` department) says so;
 * - AidRefused → a decision not to grant (不予救助决定书): reasons and the appeal notice
 *   (administrative reconsideration by the recorded `appealBy`, or administrative litigation);
 * - ApplicationRefused → intake's refusal when no department can help, with its `appealBy`.
 * Renders only what was recorded (policy-rules §3, §9): nothing is decided here. Reasons are
 * translated by the template that produced them, or shown as recorded. Other events are skipped.
 */
export function noticesOf(events: readonly RecordedEvent[], locale: Locale): Notice[] {
  const out: Notice[] = [];
  for (const e of events) {
    const d = (e.data ?? {}) as Data;
    const decidedOn = chinaDateOf(e.occurredAt instanceof Date ? e.occurredAt : new Date(e.occurredAt));
    const ruleIds = strings(d.provenance?.ruleIds);
    switch (e.type) {
      case 'ApplicationRouted': {
        const routes: Data[] = Array.isArray(d.routes) ? d.routes : [];
        const notRouted: Data[] = Array.isArray(d.notRouted) ? d.notRouted : [];
        const reasons = [...routes.flatMap((r) => reasonsOf(r.reasons, locale)), ...notRouted.flatMap((n) => reasonsOf(n.reasons, locale))];
        const departments = routes.map((r) => departmentName(String(r.department), locale));
        const body = formatMessage(locale, 'notice.acceptance.body', {
          applicationId: String(d.applicationId ?? ''),
          count: routes.length,
          departments: departments.join(locale === 'en' ? ', ' : '、'),
          dueBy: String(d.transferDueBy ?? ''),
        });
        out.push(notice({ ...empty, kind: 'acceptance', title: formatMessage(locale, 'notice.acceptance.title'), decidedOn, reasons, ruleIds }, body, locale));
        break;
      }
      case 'AidGranted': {
        const amountFen = Number.isSafeInteger(d.amountFen) ? (d.amountFen as number) : 0;
        const programmeId = typeof d.programmeId === 'string' ? d.programmeId : null;
        const department = String(d.department ?? '');
        // In kind (a home, a job): the programme granted, by its name, and no amount; paid by the department: it says so.
        const inKind = d.paidBy === 'in_kind';
        const params = { department: departmentName(department, locale), amount: yuanText(amountFen, locale), programme: programmeId ?? 'none', decidedOn };
        const body = inKind
          ? formatMessage(locale, 'notice.grant.inKindBody', { ...params, programme: (programmeId && programmeNameOf(programmeId, locale)) ?? programmeId ?? '' })
          : formatMessage(locale, d.paidBy === 'department' ? 'notice.grant.departmentBody' : 'notice.grant.body', params);
        const base = {
          ...empty, kind: 'grant' as const, title: formatMessage(locale, 'notice.grant.title'), decidedOn, department,
          caseId: d.caseId ?? null, grantId: d.grantId ?? null, programmeId,
          amountFen: inKind ? null : amountFen, amountYuan: inKind ? null : yuanFigure(amountFen, locale),
          reasons: reasonsOf(d.reasons, locale), ruleIds,
        };
        out.push(notice(base, body, locale));
        break;
      }
      case 'AidRefused': {
        const department = String(d.department ?? '');
        const body = formatMessage(locale, 'notice.refusal.body', { department: departmentName(department, locale), decidedOn });
        const base = {
          ...empty, kind: 'refusal' as const, title: formatMessage(locale, 'notice.refusal.title'), decidedOn, department,
          caseId: d.caseId ?? null, programmeId: typeof d.programmeId === 'string' ? d.programmeId : null,
          reasons: reasonsOf(d.reasons, locale), appealBy: typeof d.appealBy === 'string' ? d.appealBy : null, ruleIds,
        };
        out.push(notice(base, body, locale));
        break;
      }
      case 'ApplicationRefused': {
        const body = formatMessage(locale, 'notice.applicationRefusal.body', { applicationId: String(d.applicationId ?? ''), decidedOn });
        const base = {
          ...empty, kind: 'application-refusal' as const, title: formatMessage(locale, 'notice.refusal.title'), decidedOn,
          reasons: reasonsOf(d.reasons, locale), appealBy: typeof d.appealBy === 'string' ? d.appealBy : null, ruleIds,
        };
        out.push(notice(base, body, locale));
        break;
      }
      default:
        break;
    }
  }
  return out;
}
