import { Logger, type ArgumentsHost } from '@nestjs/common';
import { IsBoolean, IsIn, IsString } from 'class-validator';
import { GraphQLError } from 'graphql';
import { formatGraphQLError } from '../graphql/graphql-errors';
import { localeContext } from './locale';
import { ProblemError } from './problem';
import { ProblemDetailsFilter } from './problem.filter';
import { validateInput } from './validation';

/** Runs the filter on `exception` for a request with `headers`; what it sent. */
function send(exception: unknown, headers: Record<string, string>) {
  const sent: { status?: number; body?: any; headers: Record<string, string> } = { headers: {} };
  const res = {
    headersSent: false,
    status: (s: number) => ((sent.status = s), res),
    type: () => res,
    setHeader: (name: string, value: string) => void (sent.headers[name.toLowerCase()] = value),
    send: (text: string) => void (sent.body = JSON.parse(text)),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ url: '/api/v1/catalogue', headers }) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

/** formatGraphQLError as it runs inside a request with `headers`. */
function graphqlError(exception: Error, headers: Record<string, string>) {
  let out: ReturnType<typeof formatGraphQLError> | undefined;
  const error = new GraphQLError(exception.message, { path: ['putProgramme'], originalError: exception });
  localeContext({ headers, path: '/graphql' }, { setHeader: () => undefined }, () => (out = formatGraphQLError(error.toJSON(), error)));
  return out!;
}

class ConsentInput {
  @IsBoolean() economicCheck: boolean;
  @IsString() @IsIn(['yes', 'no']) note: string;
}

/** The 400 the validation of a body with a wrong field answers. */
async function validationProblem(): Promise<ProblemError> {
  try {
    await validateInput(ConsentInput, { economicCheck: 'yes', note: 'maybe' }, 'consent');
  } catch (e) {
    return e as ProblemError;
  }
  throw new Error('the input was valid');
}

describe('field messages and catalogue errors in the language of the request', () => {
  const saved = process.env.ONEDOOR_DEFAULT_LOCALE;
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => (process.env.ONEDOOR_DEFAULT_LOCALE = saved));

  it('each errors[].message of a validation problem in Chinese by default, in English on en; fields and status unchanged', async () => {
    delete process.env.ONEDOOR_DEFAULT_LOCALE;
    const problem = await validationProblem();
    const zh = send(problem, {});
    expect(zh.status).toBe(400);
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(zh.body.errors).toEqual(
      expect.arrayContaining([
        { field: expect.stringContaining('economicCheck'), message: 'economicCheck 必须是布尔值' },
        { field: expect.stringContaining('note'), message: 'note 必须是以下值之一：yes, no' },
      ]),
    );
    const en = send(problem, { 'accept-language': 'en' });
    expect(en.headers['content-language']).toBe('en');
    expect(en.body.errors).toEqual(
      expect.arrayContaining([
        { field: expect.stringContaining('economicCheck'), message: 'economicCheck must be a boolean value' },
        { field: expect.stringContaining('note'), message: 'note must be one of the following values: yes, no' },
      ]),
    );
    expect(en.body.errors.map((e: { field: string }) => e.field)).toEqual(zh.body.errors.map((e: { field: string }) => e.field));
  });

  it('GraphQL: the catalogue admin API’s errors in Chinese by default, in English on en; code, status and errors’ fields unchanged', () => {
    delete process.env.ONEDOOR_DEFAULT_LOCALE;
    const outside = ProblemError.forbidden('the catalogue of 371600 is neither within nor above your jurisdiction (321323)');
    const zh = graphqlError(outside, {});
    expect(zh).toMatchObject({ message: '371600 的项目目录既不在您的辖区（321323）之内，也不在其上级', extensions: { code: 'FORBIDDEN', status: 403 } });
    const en = graphqlError(outside, { 'accept-language': 'en' });
    expect(en).toMatchObject({ message: 'the catalogue of 371600 is neither within nor above your jurisdiction (321323)', extensions: { code: 'FORBIDDEN', status: 403 } });

    const invalid = ProblemError.badRequest('1 field(s) are invalid', [{ field: 'validFrom', message: 'validFrom must be today (2026-11-30, China) or later: applications already routed keep their catalogue' }]);
    const zhInvalid = graphqlError(invalid, {});
    expect(zhInvalid).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', errors: [{ field: 'validFrom', message: 'validFrom 必须是今天（中国日期 2026-11-30）或之后：已转办的申请沿用其原目录' }] } });
    expect((zhInvalid.extensions as any).problem.errors[0].field).toBe('validFrom');
    const enInvalid = graphqlError(invalid, { 'accept-language': 'en' });
    expect(enInvalid).toMatchObject({ extensions: { errors: [{ field: 'validFrom', message: invalid.problem.errors![0].message }] } });
  });

  it('the department desks’ refusals in Chinese by default, in English on en', () => {
    delete process.env.ONEDOOR_DEFAULT_LOCALE;
    const level = ProblemError.forbidden('decisions are taken at township (9-digit) or county (6-digit) level, not at 321323100201');
    expect(send(level, {}).body).toMatchObject({ status: 403, title: '无权操作', detail: '决定须在乡镇（9 位）或县级（6 位）作出，不能在 321323100201 作出' });
    expect(send(level, { 'accept-language': 'en' }).body).toMatchObject({ status: 403, detail: level.problem.detail });
  });
});
