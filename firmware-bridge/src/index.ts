export * from './codec.ts';
export * from './device.ts';
export * from './health.ts';
export * from './transport/types.ts';
export * from './transport/serial.ts';
export * from './transport/memory.ts';
export * from './transport/backoff.ts';
export * from './sim/pty.ts';
export * from './rfid/index.ts';
export * from './sim/control-server.ts';
export * from './rfid-wedge/index.ts';
export * from './rfid-wiegand/index.ts';
export * from './printer/index.ts';
export * from './bin/index.ts';
export * from './idcard/index.ts';
// Namespaced: the scale module's helper names (GARBAGE, JsonMessage) would clash at the root.
export * as scale from './scale/index.ts';
