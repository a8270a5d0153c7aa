import { HeaderMap } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from '../http/problem';
import { outageIsServiceUnavailable } from './graphql.module';

/** Runs the plugin's willSendResponse on a response with these errors and data; returns its HTTP status and headers. */
async function send(errors: { message: string; extensions: Record<string, unknown> }[], data: Record<string, unknown> | null = null) {
  const http = { status: undefined as number | undefined, headers: new HeaderMap() };
  const hooks = (await outageIsServiceUnavailable.requestDidStart!({} as never)) as { willSendResponse(ctx: unknown): Promise<void> };
  await hooks.willSendResponse({ response: { http, body: { kind: 'single', singleResult: { errors, data } } } });
  return http;
}

describe('GraphQL during an outage', () => {
  it('a response that failed only because the database or broker is away is a 503 with Retry-After', async () => {
    const http = await send([{ message: 'service unavailable; retry later', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 7 } }]);
    expect(http.status).toBe(503);
    expect(http.headers.get('retry-after')).toBe('7');
    const defaulted = await send([{ message: 'x', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    expect(defaulted.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
  });

  it('other errors, mixed errors and partial results keep their status', async () => {
    expect((await send([{ message: 'nope', extensions: { code: 'NOT_FOUND' } }])).status).toBeUndefined();
    expect((await send([
      { message: 'x', extensions: { code: 'SERVICE_UNAVAILABLE' } }, { message: 'y', extensions: { code: 'FORBIDDEN' } },
    ])).status).toBeUndefined();
    expect((await send([{ message: 'x', extensions: { code: 'SERVICE_UNAVAILABLE' } }], { application: { id: 'a' } })).status).toBeUndefined();
  });
});
