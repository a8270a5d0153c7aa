import { Logger, type ArgumentsHost } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { formatGraphQLError } from '../graphql/graphql-errors';
import { localeContext } from './locale';
import { ProblemError } from './problem';
import { ProblemDetailsFilter } from './problem.filter';

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
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ url: '/api/v1/applications/x', headers }) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

/** formatGraphQLError as it runs inside a request with `headers`. */
function graphqlError(exception: Error, headers: Record<string, string>) {
  let out: ReturnType<typeof formatGraphQLError> | undefined;
  const error = new GraphQLError(exception.message, { path: ['application'], originalError: exception });
  localeContext({ headers, path: '/graphql' }, { setHeader: () => undefined }, () => (out = formatGraphQLError(error.toJSON(), error)));
  return out!;
}

const notFound = () => ProblemError.notFound('application 5d1b0e4c-0000-4000-8000-000000000001 not found');

describe('problem details in the language of the request', () => {
  const saved = process.env.ONEDOOR_DEFAULT_LOCALE;
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => (process.env.ONEDOOR_DEFAULT_LOCALE = saved));

  it.each<Record<string, string>>([{}, { 'accept-language': 'zh-CN,zh;q=0.9' }, { 'accept-language': '*' }, { 'accept-language': 'x'.repeat(10_240) }])(
    'production default (zh-CN) for %j: Chinese title and detail, same type, status and id',
    (headers) => {
      delete process.env.ONEDOOR_DEFAULT_LOCALE;
      const sent = send(notFound(), headers);
      expect(sent.status).toBe(404);
      expect(sent.headers['content-language']).toBe('zh-CN');
      expect(sent.body).toMatchObject({ type: 'https://onedoor.example/problems/not-found', status: 404, title: '未找到', detail: '未找到申请 5d1b0e4c-0000-4000-8000-000000000001' });
    },
  );

  it('English on Accept-Language: en, whatever the default', () => {
    delete process.env.ONEDOOR_DEFAULT_LOCALE;
    const sent = send(ProblemError.badRequest('2 field(s) are invalid', [{ field: 'consent.economicCheck', message: 'must be a boolean' }]), { 'accept-language': 'en-GB,en;q=0.8' });
    expect(sent.headers['content-language']).toBe('en');
    expect(sent.body).toMatchObject({ status: 400, title: 'Invalid request', detail: '2 field(s) are invalid', errors: [{ field: 'consent.economicCheck' }] });
    const zh = send(ProblemError.badRequest('2 field(s) are invalid'), {});
    expect(zh.body).toMatchObject({ title: '请求无效', detail: '2 个字段无效' });
  });

  it('GraphQL: message, title and detail in Chinese by default, in English on en; code and status unchanged', () => {
    delete process.env.ONEDOOR_DEFAULT_LOCALE;
    const zh = graphqlError(notFound(), {});
    expect(zh).toMatchObject({ message: '未找到申请 5d1b0e4c-0000-4000-8000-000000000001', extensions: { code: 'NOT_FOUND', status: 404, title: '未找到' } });
    expect((zh.extensions as any).problem.title).toBe('未找到');
    const en = graphqlError(notFound(), { 'accept-language': 'en' });
    expect(en).toMatchObject({ message: 'application 5d1b0e4c-0000-4000-8000-000000000001 not found', extensions: { code: 'NOT_FOUND', title: 'Not found' } });
  });
});
