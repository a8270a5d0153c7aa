import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { runWithLogContext, setLogCorrelation } from './context';
import { createLogger, logLevelFromEnv, portLogger, REDACTED } from './logger';
import { serviceName } from './service-name';

function capture(level: 'info' | 'debug' | 'warn' = 'info') {
  const lines: Record<string, any>[] = [];
  const logger = createLogger({ service: 'onedoor-test', level, destination: { write: (s: string) => void lines.push(JSON.parse(s)) } });
  return { logger, lines };
}

describe('structured logs', () => {
  it('every line has level, time, service and the message', () => {
    const { logger, lines } = capture();
    logger.info('hello');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'onedoor-test', msg: 'hello' });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
  });

  it('carries the request id, the correlation id and the trace of the request it belongs to', () => {
    const { logger, lines } = capture();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    runWithLogContext({ requestId: 'req-1', traceparent }, () => {
      logger.info('before');
      setLogCorrelation('3f1c8a4e-0000-4000-8000-000000000001');
      logger.warn('after');
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ requestId: 'req-1', traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
    expect(lines[0].correlationId).toBeUndefined();
    expect(lines[1]).toMatchObject({ level: 'warn', requestId: 'req-1', correlationId: '3f1c8a4e-0000-4000-8000-000000000001' });
    expect(lines[2].requestId).toBeUndefined();
    expect(lines[2].traceId).toBeUndefined();
  });

  it('takes trace and span ids from the active span when there is one', () => {
    const { logger, lines } = capture();
    const span = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
    // Without a context manager (no SDK) context.with does not activate; read through the mixin's API instead.
    const active = trace.setSpan(ROOT_CONTEXT, span);
    const original = context.active;
    (context as any).active = () => active;
    try {
      runWithLogContext({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, () => logger.info('in a span'));
    } finally {
      (context as any).active = original;
    }
    expect(lines[0]).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' });
  });

  it('censors credentials, bodies and personal data by path', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { method: 'POST', headers: { authorization: 'Bearer secret', cookie: 'sid=1', accept: 'application/json' }, body: { applicant: { name: '李强' } } },
        body: { anything: 1 },
        applicant: { idNumber: '321323198001010012', name: '李强', phone: '13800000001' },
        household: { members: [{ name: '李强' }] },
        data: { idNumber: '321323198001010012', members: [], patientIdNumber: '321323201901010011' },
        deep: { er: { phone: '13800000001', name: '王芳', birthDate: '1980-01-01' } },
        topic: 'onedoor.intake.v1',
      },
      'a request',
    );
    const line = lines[0];
    const text = JSON.stringify(line);
    for (const secret of ['Bearer secret', 'sid=1', '李强', '王芳', '321323198001010012', '321323201901010011', '13800000001', '1980-01-01']) expect(text).not.toContain(secret);
    expect(line.req.headers).toEqual({ authorization: REDACTED, cookie: REDACTED, accept: 'application/json' });
    expect(line.req.body).toBe(REDACTED);
    expect(line.body).toBe(REDACTED);
    expect(line.applicant).toBe(REDACTED);
    expect(line.data).toEqual({ idNumber: REDACTED, members: REDACTED, patientIdNumber: REDACTED });
    expect(line.topic).toBe('onedoor.intake.v1');
  });

  it('the messaging libraries write the same lines through the port', () => {
    const { logger, lines } = capture();
    const port = portLogger(() => logger);
    runWithLogContext({ correlationId: 'c-1' }, () => port.warn('inbox handler failed; retrying', { topic: 't', partition: 0, attempt: 2 }));
    port.info('relay holds the lock; publishing', { relay: 'r' });
    expect(lines[0]).toMatchObject({ level: 'warn', service: 'onedoor-test', msg: 'inbox handler failed; retrying', topic: 't', partition: 0, attempt: 2, correlationId: 'c-1' });
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'relay holds the lock; publishing', relay: 'r' });
  });

  it('levels: ONEDOOR_LOG_LEVEL, else ONEDOOR_LOG (quiet = warn, debug), else info', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ ONEDOOR_LOG: 'quiet' })).toBe('warn');
    expect(logLevelFromEnv({ ONEDOOR_LOG: 'debug' })).toBe('debug');
    expect(logLevelFromEnv({ ONEDOOR_LOG: 'quiet', ONEDOOR_LOG_LEVEL: 'error' })).toBe('error');
    expect(logLevelFromEnv({ ONEDOOR_LOG_LEVEL: 'nonsense' })).toBe('info');
    const { logger, lines } = capture('warn');
    logger.info('dropped');
    logger.debug('dropped');
    logger.warn('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it('the service name: OTEL_SERVICE_NAME, else from the entry point', () => {
    expect(serviceName({ OTEL_SERVICE_NAME: 'custom' }, '/x/services/intake/src/main.ts')).toBe('custom');
    expect(serviceName({}, '/work/main/services/temporary-aid/src/main.ts')).toBe('onedoor-temporary-aid');
    expect(serviceName({}, '/work/main/services/all-in-one/src/main.ts')).toBe('onedoor');
    expect(serviceName({}, '/usr/bin/jest')).toBe('onedoor');
  });
});
