export * from './common';
export * from './events';
export * from './topics';
export * from './catalogue';
export * from './validate';
export * from './asyncapi';
export * from './addressed';
export * from './upcasters';
