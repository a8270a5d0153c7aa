import { Body, Controller, Headers, Inject, Injectable, Logger, Param, Post, Res } from '@nestjs/common';
import { Args, Field, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiSchema, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import type { PersonalDataErased } from '@onedoor/contracts';
import { quoteSchema } from '@onedoor/event-store';
import {
  ApiIdempotencyKey, ApiOp, CurrentPrincipal, idempotent, isWithinJurisdiction, ProblemError, Roles, uuidFromName, validateInput, WRITE_ERRORS, type Principal,
  type ServiceRuntime,
} from '@onedoor/service-kit';
import { ErasureRecordDto } from './application.responses';
import { INTAKE_RUNTIME } from './intake.spec';

/** A personRef as intake makes them: `p_` and 22 base64url characters. */
const PERSON_REF = /^p_[A-Za-z0-9_-]{22}$/;
/** The stream of a data subject's own facts (their erasure). */
export const subjectStreamId = (personRef: string) => `subject-${personRef}`;

@ApiSchema({ name: 'ErasureRequest' })
export class EraseSubjectDto {
  @ApiProperty({ description: 'the legal ground of the erasure, e.g. "PIPL art. 47(1)(1): purpose achieved"', example: 'PIPL art. 47' })
  @IsString()
  @Matches(/\S/, { message: 'legalBasis must name the legal ground (not blank)' })
  @MaxLength(200)
  legalBasis: string;

  @ApiPropertyOptional({ description: 'internal note, kept with the erasure record (never on an event), subject to its retention' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** An erasure: `PersonalDataErased` as recorded, with its event id (and the note, kept off the event). */
export interface ErasureRecord extends PersonalDataErased {
  eventId: string;
  note?: string | null;
}

/**
 * Erasure of a data subject (PIPL art. 47) by crypto-shredding: the subject's key is deleted, and
 * `PersonalDataErased` is recorded on the subject's stream in intake's store (public, so department
 * systems can erase their own copies by personRef). Nothing else changes: the events hold only
 * pseudonymous references, so every amount, decision and hash chain stays as it was.
 */
@Injectable()
export class SubjectErasure {
  private readonly log = new Logger('erasure');

  constructor(@Inject(INTAKE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  /**
   * Erases `personRef`. Returns 202 with the new record; 200 with the last record when the subject
   * was already erased (and has no new key since). Throws 400 on a malformed personRef, 404 when
   * intake never knew the subject or the subject's jurisdiction is outside the admin's.
   */
  async erase(principal: Principal, personRef: string, body: EraseSubjectDto, idempotencyKey?: string): Promise<{ status: number; body: ErasureRecord; replayed: boolean }> {
    if (!PERSON_REF.test(personRef)) throw ProblemError.badRequest('personRef must be p_ followed by 22 base64url characters', [{ field: 'personRef', message: 'not a personRef' }]);
    const store = this.runtime.store;
    const s = quoteSchema(store.schema);
    const result = await idempotent(store, `erasure:${principal.sub}`, idempotencyKey, { personRef, ...body }, () =>
      store.transaction(async (tx) => {
        const { rows } = await tx.sql.query<{ key_id: string; jurisdiction: string | null }>(
          `SELECT key_id, jurisdiction FROM ${s}.subject_keys WHERE person_ref = $1 FOR UPDATE`,
          [personRef],
        );
        const key = rows[0];
        if (!key) {
          const { rows: done } = await tx.sql.query<{ event_id: string; erased_at: Date; erased_by: string; legal_basis: string; note: string | null }>(
            `SELECT event_id, erased_at, erased_by, legal_basis, note FROM ${s}.subject_erasures WHERE person_ref = $1 ORDER BY erased_at DESC LIMIT 1`,
            [personRef],
          );
          if (!done[0]) throw ProblemError.notFound(`data subject ${personRef} not found`);
          const r = done[0];
          return { status: 200, body: { personRef, legalBasis: r.legal_basis, erasedAt: new Date(r.erased_at).toISOString(), erasedBy: r.erased_by, eventId: r.event_id, note: r.note } };
        }
        if (!mayErase(principal, key.jurisdiction)) throw ProblemError.notFound(`data subject ${personRef} not found`);
        const erasedAt = new Date().toISOString();
        const eventId = uuidFromName(`erasure|${personRef}|${key.key_id}`);
        const data: PersonalDataErased = { personRef, legalBasis: body.legalBasis, erasedAt, erasedBy: principal.sub };
        await tx.append(
          subjectStreamId(personRef),
          [{ eventId, type: 'PersonalDataErased', data, metadata: { correlationId: subjectStreamId(personRef), actor: { sub: principal.sub, role: 'admin' }, jurisdiction: key.jurisdiction ?? principal.jurisdiction } }],
        );
        await tx.sql.query(`DELETE FROM ${s}.subject_keys WHERE person_ref = $1`, [personRef]);
        await tx.sql.query(
          `INSERT INTO ${s}.subject_erasures (person_ref, event_id, erased_at, erased_by, legal_basis, note) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [personRef, eventId, erasedAt, principal.sub, body.legalBasis, body.note ?? null],
        );
        return { status: 202, body: { ...data, eventId, note: body.note ?? null } };
      }),
    );
    if (result.status === 202 && !result.replayed) await this.compact();
    return result;
  }

  /**
   * Vacuums subject_keys so the deleted row's space is reclaimed rather than left as a dead tuple.
   * (Copies in WAL and backups stay wrapped under the deployment key: retiring that key by
   * rotation makes them useless.) Best effort: a failure is logged, the erasure stands.
   */
  private async compact() {
    try {
      await this.runtime.store.driver.exec(`VACUUM ${quoteSchema(this.runtime.store.schema)}.subject_keys`);
    } catch (e) {
      this.log.warn(`subject_keys not vacuumed after an erasure: ${(e as Error).message}`);
    }
  }
}

/** Admins erase subjects first seen in their subtree; a nationwide admin any subject. */
function mayErase(p: Principal, jurisdiction: string | null): boolean {
  if (!p.roles.includes('admin')) return false;
  if (p.jurisdiction === '000000') return true;
  return !!jurisdiction && isWithinJurisdiction(jurisdiction, p.jurisdiction);
}

@ApiTags('subjects')
@ApiBearerAuth('bearer')
@Controller('subjects')
export class ErasureController {
  constructor(private readonly erasure: SubjectErasure) {}

  /** `POST /subjects/{personRef}/erasure` (admin): 202 with the erasure record; 200 when already erased; 404 when unknown. */
  @Post(':personRef/erasure')
  @Roles('admin')
  @ApiOp({
    summary: 'Erase a data subject\u2019s personal data',
    operationId: 'eraseSubject',
    description:
      'Admin within the subject\u2019s jurisdiction, with a legal basis: deletes the subject\u2019s key (crypto-shredding) and records `PersonalDataErased`. ' +
      '202 with the new record; 200 with the last one when the subject was already erased.',
    errors: [...WRITE_ERRORS, 404],
  })
  @ApiParam({ name: 'personRef', description: '`p_` and 22 base64url characters', schema: { type: 'string', pattern: '^p_[A-Za-z0-9_-]{22}$' } })
  @ApiAcceptedResponse({ type: ErasureRecordDto, description: 'erased now' })
  @ApiOkResponse({ type: ErasureRecordDto, description: 'already erased: the last erasure' })
  @ApiIdempotencyKey('erasure')
  async erase(
    @Param('personRef') personRef: string,
    @Body() body: EraseSubjectDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
    @Headers('Idempotency-Key') key?: string,
  ): Promise<ErasureRecord> {
    const result = await this.erasure.erase(principal, personRef, body, key);
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }
}

@ObjectType('Erasure')
export class ErasureModel {
  @Field() personRef: string;
  @Field() legalBasis: string;
  @Field({ description: 'ISO instant' }) erasedAt: string;
  @Field() erasedBy: string;
  @Field() eventId: string;
}

@Resolver(() => ErasureModel)
export class ErasureResolver {
  constructor(private readonly erasure: SubjectErasure) {}

  /** Erases a data subject's clear personal data (admin); see `POST /subjects/{personRef}/erasure`. */
  @Mutation(() => ErasureModel)
  @Roles('admin')
  async eraseSubject(
    @Args('personRef') personRef: string,
    @Args('legalBasis') legalBasis: string,
    @CurrentPrincipal() p: Principal,
    @Args('note', { nullable: true }) note?: string,
    @Args('idempotencyKey', { nullable: true }) idempotencyKey?: string,
  ): Promise<ErasureModel> {
    const dto = await validateInput(EraseSubjectDto, { legalBasis, ...(note === undefined || note === null ? {} : { note }) }, 'input');
    return (await this.erasure.erase(p, personRef, dto, idempotencyKey)).body;
  }
}
