import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { err, ok, type Result } from '@yaofang/shared';
import { configSchema, type AgentConfig } from './schema.ts';
import { devicePathOf, withDevicePath } from './devices-schema.ts';
import { describeIssue, type ConfigProblem } from './describe-issue.ts';

export type { ConfigProblem } from './describe-issue.ts';

/**
 * Read, parse and validate a config file. Every problem names the key, the
 * value found and what to write instead. Relative paths are resolved against
 * the file's folder. Environment overrides: `MQTT_URL`, `YF_DATA_DIR`
 * (relative to the working directory), `YF_API_PORT`.
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
  const format = file.endsWith('.json') ? 'JSON' : 'YAML';
  let raw: unknown;
  try {
    raw = format === 'JSON' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    return err([
      {
        key: '',
        message: `config file ${file} is not valid ${format}: ${reason}; fix the syntax at that place`,
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
  const { config: withEnv, sources } = applyEnv(raw as Record<string, unknown>, env);
  const parsed = configSchema.safeParse(withEnv);
  if (!parsed.success) return err(parsed.error.issues.map((issue) => describeIssue(issue, withEnv, sources)));
  const resolved = resolvePaths(parsed.data, dirname(resolve(file)));
  return ok(env.YF_DATA_DIR ? { ...resolved, dataDir: resolve(env.YF_DATA_DIR) } : resolved);
}

function applyEnv(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): { config: Record<string, unknown>; sources: Map<string, string> } {
  const config: Record<string, unknown> = { ...raw };
  const sources = new Map<string, string>();
  const section = (name: string) => {
    const value = raw[name];
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  };
  if (env.MQTT_URL) {
    config.mqtt = { ...section('mqtt'), url: env.MQTT_URL };
    sources.set('mqtt.url', 'MQTT_URL');
  }
  if (env.YF_DATA_DIR) {
    config.dataDir = env.YF_DATA_DIR;
    sources.set('dataDir', 'YF_DATA_DIR');
  }
  if (env.YF_API_PORT) {
    // Only plain digits become a number; anything else is reported as found.
    const port = /^\d{1,6}$/.test(env.YF_API_PORT.trim()) ? Number(env.YF_API_PORT) : env.YF_API_PORT;
    config.api = { ...section('api'), port };
    sources.set('api.port', 'YF_API_PORT');
  }
  return { config, sources };
}

function resolvePaths(config: AgentConfig, base: string): AgentConfig {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const optional = (path: string | undefined) => (path === undefined ? undefined : at(path));
  const tls = config.mqtt.tls;
  return {
    ...config,
    dataDir: at(config.dataDir),
    districtKeyFile: at(config.districtKeyFile),
    ...(config.centralPublicKeyFile ? { centralPublicKeyFile: at(config.centralPublicKeyFile) } : {}),
    mqtt: {
      ...config.mqtt,
      ...(tls
        ? {
            tls: {
              ...tls,
              ...(tls.caFile ? { caFile: optional(tls.caFile) } : {}),
              ...(tls.certFile ? { certFile: optional(tls.certFile) } : {}),
              ...(tls.keyFile ? { keyFile: optional(tls.keyFile) } : {}),
            },
          }
        : {}),
    },
    api: {
      ...config.api,
      ...(config.api.tokenFile ? { tokenFile: at(config.api.tokenFile) } : {}),
      ...(config.api.kioskDir ? { kioskDir: at(config.api.kioskDir) } : {}),
    },
    log: { ...config.log, ...(config.log.file ? { file: at(config.log.file) } : {}) },
    devices: config.devices.map((device) => {
      const path = devicePathOf(device);
      return path === undefined ? device : withDevicePath(device, at(path));
    }),
  };
}
