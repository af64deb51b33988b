export * from './result.ts';
export * from './ids.ts';
export * from './identity.ts';
export * from './envelope.ts';
export * from './topics.ts';
export * from './events.ts';
export * from './local-api.ts';
export * from './signed.ts';
