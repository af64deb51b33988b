import type { TechnicianStatus, TechnicianView } from '@yaofang/shared/technician';

/** Technician views for the unit tests and the e2e script: a waste station with every device. */
export const AT = Date.UTC(2025, 2, 1, 1, 15, 7, 42);

export function technicianStatus(patch: Partial<TechnicianStatus> = {}): TechnicianStatus {
  return {
    devices: [
      {
        id: 'scale-1',
        kind: 'scale',
        state: 'connected',
        since: AT - 3_600_000,
        lastError: null,
        errorCount: 0,
        frameCount: 1204,
        recentFrames: [
          { at: AT - 200, dir: 'tx', hex: '02570d' },
          { at: AT, dir: 'rx', hex: '02 2b 30 31 32 35 30 0d' },
        ],
      },
      {
        id: 'printer-1',
        kind: 'printer-escpos',
        state: 'degraded',
        since: AT - 60_000,
        lastError: 'paper near end',
        errorCount: 3,
        frameCount: 88,
        recentFrames: [{ at: AT - 5_000, dir: 'tx', hex: '100401' }],
      },
      {
        id: 'bin-1',
        kind: 'bin-modbus',
        state: 'disconnected',
        since: AT - 10_000,
        lastError: 'timeout after 500 ms',
        errorCount: 17,
        frameCount: 5012,
        recentFrames: [],
      },
    ],
    scale: { device: 'scale-1', canZero: true, grams: 1250, stable: true, at: AT },
    bin: {
      device: 'bin-1',
      compartments: [
        { index: 0, category: 'kitchen', lid: 'closed', fillPercent: 20 },
        { index: 1, category: 'recyclable', lid: 'open', fillPercent: 95 },
        { index: 2, category: 'hazardous', lid: 'jammed', fillPercent: null },
        { index: 3, category: 'other', lid: 'unknown', fillPercent: 0 },
      ],
    },
    printer: { device: 'printer-1', paper: 'low', coverOpen: false },
    uplink: {
      broker: 'mqtts://mqtt.district.example.gov.cn:8883',
      connected: false,
      backlog: 42,
      lastError: 'connack timeout',
      lastAckSeq: 1017,
      lastAckAt: AT - 90_000,
      lastSeq: 1059,
    },
    exportTargets: [
      { path: '/media/usb0', label: 'KINGSTON 16GB' },
      { path: '/var/lib/yaofang/exports', label: 'local disk' },
    ],
    ...patch,
  };
}

export function technicianView(patch: Partial<TechnicianView> = {}): TechnicianView {
  return { phase: 'pin', attemptsLeft: 5, lockedUntil: null, last: null, status: null, ...patch };
}
