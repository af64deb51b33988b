import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Result } from '@yaofang/shared';
import { configSchema, type AgentConfig } from './schema.ts';

export interface ConfigProblem {
  /** Dotted path of the key, e.g. `mqtt.url`; empty for the file itself. */
  key: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * Read, parse and validate a config file. Every problem names the key, the
 * value found and what to write instead. Environment overrides: `MQTT_URL`,
 * `YF_DATA_DIR`, `YF_API_PORT`.
 */
export function loadConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Result<AgentConfig, ConfigProblem[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return err([
      {
        key: '',
        message: `cannot read config file ${file}: ${(error as Error).message}; pass an existing file with --config`,
      },
    ]);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return err([
      {
        key: '',
        message: `config file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      },
    ]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return err([
      {
        key: '',
        message: `config file ${file} must hold a mapping of keys (stationId, role, mqtt, …), not ${Array.isArray(raw) ? 'a list' : typeof raw}`,
      },
    ]);
  }
  const withEnv = applyEnv(raw as Record<string, unknown>, env);
  const parsed = configSchema.safeParse(withEnv);
  if (!parsed.success) return err(parsed.error.issues.map((issue) => describeIssue(issue, withEnv)));
  return ok(resolvePaths(parsed.data, dirname(resolve(file))));
}

function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  if (env.MQTT_URL) out.mqtt = { ...(raw.mqtt as object), url: env.MQTT_URL };
  if (env.YF_DATA_DIR) out.dataDir = env.YF_DATA_DIR;
  if (env.YF_API_PORT) out.api = { ...(raw.api as object), port: Number(env.YF_API_PORT) };
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem {
  const key = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>(
    (node, part) =>
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined,
    raw,
  );
  const found = value === undefined ? 'it is missing' : `found ${JSON.stringify(value)}`;
  let fix = issue.message;
  if (issue.code === 'unrecognized_keys') {
    return {
      key,
      message: `unknown key(s) ${issue.keys.join(', ')}${key ? ` under ${key}` : ''}: remove them or check the spelling`,
    };
  }
  if (issue.code === 'invalid_value' && 'values' in issue)
    fix = `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return { key, message: `${key || 'config'}: ${found}; ${fix}` };
}

function resolvePaths(config: AgentConfig, base: string): AgentConfig {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  return {
    ...config,
    dataDir: at(config.dataDir),
    districtKeyFile: at(config.districtKeyFile),
    api: {
      ...config.api,
      ...(config.api.tokenFile ? { tokenFile: at(config.api.tokenFile) } : {}),
      ...(config.api.kioskDir ? { kioskDir: at(config.api.kioskDir) } : {}),
    },
    log: { ...config.log, ...(config.log.file ? { file: at(config.log.file) } : {}) },
    devices: config.devices.map((device) => ({
      ...device,
      transport: { ...device.transport, path: at(device.transport.path) },
    })),
  };
}
