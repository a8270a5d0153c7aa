import { BadRequestException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem.filter';

/** Runs the filter on `exception` for a request with `headers`; what it sent. */
function send(exception: unknown, headers: Record<string, string> = {}) {
  const sent: { status?: number; body?: any } = {};
  const res = {
    headersSent: false,
    status: (s: number) => ((sent.status = s), res),
    type: () => res,
    setHeader: () => undefined,
    send: (text: string) => void (sent.body = JSON.parse(text)),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ url: '/api/v1/cases/x/decisions', headers }) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

describe('framework errors: OneDoor’s titles, in the language of the request', () => {
  const saved = process.env.ONEDOOR_DEFAULT_LOCALE;
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => delete process.env.ONEDOOR_DEFAULT_LOCALE);
  afterAll(() => (saved === undefined ? delete process.env.ONEDOOR_DEFAULT_LOCALE : (process.env.ONEDOOR_DEFAULT_LOCALE = saved)));

  it('malformed JSON: title and detail in Chinese by default, the parser’s message quoted whole', () => {
    const { status, body } = send(new BadRequestException("Expected property name or '}' in JSON at position 1"));
    expect(status).toBe(400);
    expect(body.title).toBe('请求无效');
    expect(body.detail).toBe('JSON 请求体格式错误，无法解析（解析器信息："Expected property name or \'}\' in JSON at position 1"）');
  });

  it('malformed JSON in English on Accept-Language: en', () => {
    const { body } = send(new BadRequestException("Expected property name or '}' in JSON at position 1"), { 'accept-language': 'en' });
    expect(body.title).toBe('Invalid request');
    expect(body.detail).toBe("malformed JSON body: Expected property name or '}' in JSON at position 1");
  });

  it('another framework 4xx: the catalogue’s title', () => {
    expect(send(new NotFoundException('Cannot GET /x')).body.title).toBe('未找到');
    expect(send(new NotFoundException('Cannot GET /x'), { 'accept-language': 'en' }).body.title).toBe('Not found');
  });
});
