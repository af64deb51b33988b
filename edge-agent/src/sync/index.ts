export * from './ack-consumer.ts';
export * from './sync-receiver.ts';
export * from './sync-store.ts';
export * from './request-client.ts';
export * from './fallback.ts';
