import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
