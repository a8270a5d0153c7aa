export * from './decider';
export * from './cluster';
