export * from './device-handles.ts';
export * from './devices.ts';
export * from './supervisor.ts';
export type { TransportFactory } from './transports.ts';
