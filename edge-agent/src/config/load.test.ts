import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'yf-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = {
  stationId: 'GL-0001',
  role: 'waste',
  districtKeyFile: 'district.key',
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
  devices: [{ kind: 'rfid-em4100', id: 'reader-1', transport: { type: 'serial', path: '/dev/ttyUSB0' } }],
};

function load(name: string, content: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, name);
  writeFileSync(file, content);
  return loadConfig(file, env);
}

function problems(name: string, config: unknown): string[] {
  const result = load(name, JSON.stringify(config));
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map((p) => `${p.key} | ${p.message}`);
}

describe('config loading', () => {
  it('accepts a valid YAML file, fills defaults and resolves paths against the file', () => {
    const result = load(
      'ok.yaml',
      'stationId: GL-0001\nrole: both\ndistrictKeyFile: keys/district.key\nmqtt:\n  url: mqtts://broker:8883\n',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.mqtt.protocolVersion).toBe(5);
    expect(result.value.districtKeyFile).toBe(join(dir, 'keys/district.key'));
    expect(result.value.api.host).toBe('127.0.0.1');
  });

  it('lets MQTT_URL override the broker', () => {
    const result = load('env.json', JSON.stringify(valid), { MQTT_URL: 'mqtt://10.0.0.9:1883' });
    expect(result.ok && result.value.mqtt.url).toBe('mqtt://10.0.0.9:1883');
  });

  it('names the key, the value and the fix for a bad station id', () => {
    const [problem] = problems('station.json', { ...valid, stationId: 'GL/01' });
    expect(problem).toMatch(/^stationId \| stationId: found "GL\/01"; use 1–64 letters/);
  });

  it('names a missing key', () => {
    const { districtKeyFile: _omit, ...rest } = valid;
    expect(problems('missing.json', rest).join('\n')).toMatch(/districtKeyFile: it is missing/);
  });

  it('lists the allowed values for an enum', () => {
    expect(problems('role.json', { ...valid, role: 'kitchen' })[0]).toMatch(
      /role: found "kitchen"; use one of "hall", "waste", "both"/,
    );
  });

  it('explains a broker URL without a scheme', () => {
    expect(problems('url.json', { ...valid, mqtt: { url: '127.0.0.1:1883' } })[0]).toMatch(
      /mqtt.url: found "127.0.0.1:1883"; must start with mqtt:\/\//,
    );
  });

  it('reports a misspelt key instead of ignoring it', () => {
    expect(problems('typo.json', { ...valid, mqtt: { url: 'mqtt://x', keepalive: 10 } })[0]).toMatch(
      /unknown key\(s\) keepalive under mqtt/,
    );
  });

  it('says which file is not valid YAML, and which is missing', () => {
    const bad = load('bad.yaml', 'stationId: [unclosed');
    expect(!bad.ok && bad.error[0]!.message).toMatch(/bad.yaml is not valid YAML/);
    const none = loadConfig(join(dir, 'nope.yaml'));
    expect(!none.ok && none.error[0]!.message).toMatch(/cannot read config file .*nope.yaml/);
  });

  it('a quoted baud rate: says to write the number without quotes', () => {
    // A quoted number is the most common YAML slip on site.
    const result = load(
      'baud.yaml',
      yamlWith('transport: { type: serial, path: /dev/ttyUSB0, baudRate: "9600" }'),
    );
    expect(problemsOf(result)).toContainEqual(
      expect.stringMatching(
        /^devices\[0\]\.transport\.baudRate \| devices\[0\]\.transport\.baudRate \(device "reader-1"\): found "9600"; write the baud rate as a number without quotes, e\.g\. 9600$/,
      ),
    );
  });
});

/** A valid YAML file whose first device's transport line is replaced. */
function yamlWith(transportLine: string): string {
  return [
    'stationId: GL-0001',
    'role: waste',
    'districtKeyFile: district.key',
    'mqtt: { url: "mqtt://127.0.0.1:1883" }',
    'devices:',
    '  - kind: rfid-em4100',
    '    id: reader-1',
    `    ${transportLine}`,
    '',
  ].join('\n');
}

function problemsOf(result: ReturnType<typeof loadConfig>): string[] {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map((p) => `${p.key} | ${p.message}`);
}

const bin = {
  kind: 'bin-modbus',
  id: 'bin-1',
  transport: { type: 'serial', path: '/dev/ttyUSB3' },
  unit: 1,
  compartments: 4,
  categories: ['kitchen', 'recyclable', 'hazardous', 'other'],
};

describe('broken config files name the key, the value and the fix', () => {
  it('duplicate device id: names both entries', () => {
    const config = {
      ...valid,
      devices: [
        ...valid.devices,
        { ...valid.devices[0]!, transport: { type: 'serial', path: '/dev/ttyUSB1' } },
      ],
    };
    expect(problems('dup.json', config)).toEqual([
      `devices[1].id | devices[1].id: found "reader-1"; devices[0] already has this id: give every device its own id, e.g. 'reader-1-2'`,
    ]);
  });

  it('unknown device kind: lists the known kinds', () => {
    const [problem] = problems('kind.json', {
      ...valid,
      devices: [{ kind: 'rfid-mifare', id: 'r', transport: valid.devices[0]!.transport }],
    });
    expect(problem).toMatch(
      /^devices\[0\]\.kind \| devices\[0\]\.kind \(device "r"\): found "rfid-mifare"; use a known kind: /,
    );
    for (const kind of [
      'rfid-em4100',
      'rfid-wedge',
      'rfid-wiegand',
      'idcard-ga467',
      'scale',
      'printer-escpos',
      'bin-modbus',
    ])
      expect(problem).toContain(`"${kind}"`);
  });

  it('TLS certificate without its key', () => {
    expect(
      problems('tls.json', { ...valid, mqtt: { url: 'mqtts://b:8883', tls: { certFile: 'c.pem' } } }),
    ).toEqual([
      'mqtt.tls.keyFile | mqtt.tls.keyFile: it is missing; certFile is set, so the client key is needed too: set mqtt.tls.keyFile to its PEM file (or remove certFile)',
    ]);
  });

  it('API port out of range', () => {
    expect(problems('port.json', { ...valid, api: { port: 70000 } })).toEqual([
      'api.port | api.port: found 70000; use a port 0–65535, e.g. 7400',
    ]);
  });

  it('negative retentionDays', () => {
    expect(problems('retention.json', { ...valid, store: { retentionDays: -1 } })).toEqual([
      'store.retentionDays | store.retentionDays: found -1; keep confirmed rows at least 1 day, e.g. 30',
    ]);
  });

  it('malformed MQTT_URL in the environment points at the variable', () => {
    const result = load('env-url.json', JSON.stringify(valid), { MQTT_URL: 'broker.local:1883' });
    expect(problemsOf(result)).toEqual([
      `mqtt.url | mqtt.url (from the environment variable MQTT_URL): found "broker.local:1883"; must start with mqtt://, mqtts://, ws:// or wss://, e.g. 'mqtt://127.0.0.1:1883'; fix or unset MQTT_URL`,
    ]);
  });

  it('YF_API_PORT that is not a number', () => {
    const result = load('env-port.json', JSON.stringify(valid), { YF_API_PORT: '74OO' });
    expect(problemsOf(result)).toEqual([
      'api.port | api.port (from the environment variable YF_API_PORT): found "74OO"; write a port number without quotes, e.g. 7400 (0 picks a free port); fix or unset YF_API_PORT',
    ]);
  });

  it('broker URL with a bad port, without echoing the password', () => {
    const [problem] = problems('url-port.json', {
      ...valid,
      mqtt: { url: 'mqtts://edge:s3cret@broker:99999' },
    });
    expect(problem).toMatch(
      /^mqtt\.url \| mqtt\.url: found "mqtts:\/\/edge:\*\*\*@broker:99999"; is not a valid URL with a host/,
    );
    expect(problem).not.toContain('s3cret');
  });

  it('bin controller: one category per compartment, unit 1–247', () => {
    const found = problems('bin.json', {
      ...valid,
      devices: [{ ...bin, unit: 300, categories: ['kitchen', 'glass'] }],
    });
    expect(found).toContainEqual(
      'devices[0].unit | devices[0].unit (device "bin-1"): found 300; use a Modbus unit id 1–247',
    );
    expect(found).toContainEqual(
      'devices[0].categories[1] | devices[0].categories[1] (device "bin-1"): found "glass"; use one of "kitchen", "recyclable", "hazardous", "other"',
    );
    const count = problems('bin-count.json', {
      ...valid,
      devices: [{ ...bin, categories: ['kitchen', 'other'] }],
    });
    expect(count).toEqual([
      'devices[0].categories | devices[0].categories (device "bin-1"): found ["kitchen","other"]; list one category per compartment (4), in compartment order, e.g. [kitchen, recyclable, hazardous, other]',
    ]);
  });

  it('scale protocol that does not exist lists the protocols', () => {
    const scale = {
      kind: 'scale',
      id: 'scale-1',
      transport: { type: 'serial', path: '/dev/ttyS1' },
      protocol: 'xk3190',
    };
    expect(problems('scale.json', { ...valid, devices: [scale] })[0]).toMatch(
      /^devices\[0\]\.protocol \| devices\[0\]\.protocol \(device "scale-1"\): found "xk3190"; use one of "xk3190-tf0", .*"toledo", "sics", "and"$/,
    );
  });

  it('keyboard-wedge reader with neither a path nor USB ids', () => {
    const wedge = { kind: 'rfid-wedge', id: 'wedge-1', hid: { vendor: '1a86' } };
    expect(problems('wedge.json', { ...valid, devices: [wedge] })).toEqual([
      `devices[0].hid | devices[0].hid (device "wedge-1"): found {"vendor":"1a86"}; set either hid.path (e.g. '/dev/yaofang-rfid', a udev symlink) or hid.vendorId and hid.productId (from lsusb)`,
    ]);
  });

  it('a log rotation that keeps no files', () => {
    expect(problems('rotate.json', { ...valid, log: { rotate: { keepFiles: 0 } } })).toEqual([
      'log.rotate.keepFiles | log.rotate.keepFiles: found 0; use a value of at least 1',
    ]);
  });

  it('a top-level list instead of a mapping', () => {
    expect(problemsOf(load('list.yaml', '- stationId: GL-0001\n'))).toEqual([
      expect.stringMatching(/list.yaml must hold a mapping of keys \(stationId, role, mqtt, …\), not a list/),
    ]);
  });
});

describe('config: devices, paths and overrides', () => {
  it('loads deploy/config/station.example.yaml, every device kind included', () => {
    const example = resolve(
      fileURLToPath(new URL('../../../deploy/config/station.example.yaml', import.meta.url)),
    );
    const result = loadConfig(example, {});
    if (!result.ok) throw new Error(result.error.map((p) => p.message).join('\n'));
    expect(result.value.devices.map((d) => d.kind)).toEqual([
      'rfid-em4100',
      'rfid-wedge',
      'rfid-wiegand',
      'idcard-ga467',
      'scale',
      'printer-escpos',
      'bin-modbus',
    ]);
    const wedge = result.value.devices[1];
    expect(wedge?.kind === 'rfid-wedge' && wedge.hid).toEqual({ vendorId: 0x1a86, productId: 0xe010 });
    expect(result.value.mqtt.tls?.rejectUnauthorized).toBe(true);
    expect(result.value.log.file).toBe('/var/log/yaofang/agent.log');
  });

  it('fills defaults: per-kind baud rates, store, telemetry, commands, log rotation', () => {
    const devices = [{ kind: 'idcard-ga467', id: 'id-1', transport: { type: 'serial', path: 'dev/ttyID' } }];
    const result = load('defaults.json', JSON.stringify({ ...valid, devices }));
    if (!result.ok) throw new Error(result.error.map((p) => p.message).join('\n'));
    const config = result.value;
    expect(config.devices[0]).toMatchObject({
      transport: { baudRate: 115200, path: join(dir, 'dev/ttyID') },
    });
    expect(config.store).toEqual({ retentionDays: 30, maxBytes: 512 * 1024 * 1024, droppableFirst: true });
    expect(config.telemetry.intervalSeconds).toBe(60);
    expect(config.commands.skewToleranceSeconds).toBe(300);
    expect(config.log.rotate).toEqual({ maxSizeMb: 10, keepFiles: 10 });
  });

  it('resolves key, TLS, log, printer and hidraw paths against the config folder', () => {
    const config = {
      ...valid,
      centralPublicKeyFile: 'keys/central.pem',
      mqtt: {
        url: 'mqtts://b:8883',
        tls: { caFile: 'keys/ca.pem', certFile: '/etc/c.pem', keyFile: 'keys/c.key' },
      },
      log: { file: 'log/agent.log' },
      devices: [
        { kind: 'printer-escpos', id: 'p', transport: { type: 'device-file', path: 'dev/lp0' } },
        { kind: 'rfid-wedge', id: 'w', hid: { path: 'dev/hidraw0' }, format: 'hex' },
      ],
    };
    const result = load('paths.json', JSON.stringify(config));
    if (!result.ok) throw new Error(result.error.map((p) => p.message).join('\n'));
    const c = result.value;
    expect(c.centralPublicKeyFile).toBe(join(dir, 'keys/central.pem'));
    expect(c.mqtt.tls).toEqual({
      caFile: join(dir, 'keys/ca.pem'),
      certFile: '/etc/c.pem',
      keyFile: join(dir, 'keys/c.key'),
      rejectUnauthorized: true,
    });
    expect(c.log.file).toBe(join(dir, 'log/agent.log'));
    expect(c.devices[0]).toMatchObject({ transport: { type: 'device-file', path: join(dir, 'dev/lp0') } });
    expect(c.devices[1]).toMatchObject({ hid: { path: join(dir, 'dev/hidraw0') } });
  });

  it('applies YF_DATA_DIR and YF_API_PORT', () => {
    const result = load('env-ok.json', JSON.stringify(valid), {
      YF_DATA_DIR: '/srv/yf',
      YF_API_PORT: '7411',
    });
    expect(result.ok && [result.value.dataDir, result.value.api.port]).toEqual(['/srv/yf', 7411]);
  });
});
