export * from './agent.ts';
export * from './config/load.ts';
export * from './config/schema.ts';
export * from './store/database.ts';
export * from './store/outbox.ts';
export * from './logger.ts';
