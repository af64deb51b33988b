export * from './handlers.ts';
export * from './outbox-resend.ts';
export * from './processor.ts';
export * from './validate.ts';
