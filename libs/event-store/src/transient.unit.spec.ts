import { isTransientError } from './transient';

describe('isTransientError', () => {
  it.each([
    ['administrator shutdown (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['connection exception class 08', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['serialization failure', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pg connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg connect timeout', new Error('timeout exceeded when trying to connect')],
    ['kafkajs connection error', Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError' })],
    ['kafkajs retriable protocol error', Object.assign(new Error('not leader'), { name: 'KafkaJSProtocolError', retriable: true })],
    ['wrapped cause', new Error('append failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
    ['lock timeout (55P03)', Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' })],
    ['idle-in-transaction timeout (25P03)', Object.assign(new Error('terminating connection due to idle-in-transaction timeout'), { code: '25P03' })],
    ['idle-session timeout (57P05)', Object.assign(new Error('terminating connection due to idle-session timeout'), { code: '57P05' })],
    ['kafkajs timeout (not marked retriable)', Object.assign(new Error('Timeout'), { name: 'KafkaJSTimeout', retriable: false })],
    ['kafkajs group coordinator not found', Object.assign(new Error('Failed to find group coordinator'), { name: 'KafkaJSGroupCoordinatorNotFound', retriable: false })],
    ['an aggregate that is not an AggregateError (kafkajs)', Object.assign(new Error('several'), { name: 'KafkaJSAggregateError', errors: [new Error('Connection terminated unexpectedly')] })],
  ])('%s is transient', (_, error) => expect(isTransientError(error)).toBe(true));

  it.each([
    ['a type error (handler bug)', new TypeError("Cannot read properties of null (reading 'applicationId')")],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a non-retriable kafkajs error', Object.assign(new Error('invalid'), { name: 'KafkaJSProtocolError', retriable: false })],
    ['a string', 'boom'],
    ['null', null],
  ])('%s is not transient', (_, error) => expect(isTransientError(error)).toBe(false));
});
