export * from './decider';
export * from './cluster';
export * from './fault';
