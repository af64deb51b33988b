import type { z } from 'zod';

export interface ConfigProblem {
  /** Path of the key, e.g. `mqtt.url` or `devices[1].transport.baudRate`; empty for the file itself. */
  key: string;
  /** One line: the key, the value found and what to write instead. */
  message: string;
}

/** Which keys an environment variable replaced, so a bad value points at the variable, not the file. */
export type EnvSources = ReadonlyMap<string, string>;

/** `['devices', 1, 'transport']` → `devices[1].transport`. */
export function keyOf(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Turn one zod issue into a line a technician can act on. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown, envSources: EnvSources): ConfigProblem {
  const key = keyOf(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return {
      key,
      message: `${key || 'config'}: unknown key(s) ${issue.keys.join(', ')}${key ? ` under ${key}` : ''}: remove them or check the spelling`,
    };
  }
  const value = valueAt(raw, issue.path);
  const found = value === undefined ? 'it is missing' : `found ${show(key, value)}`;
  const device = deviceLabel(raw, issue.path);
  const env = envSources.get(key);
  const from = env ? ` (from the environment variable ${env})` : '';
  const envFix = env ? `; fix or unset ${env}` : '';
  return { key, message: `${key || 'config'}${device}${from}: ${found}; ${fixFor(issue, value)}${envFix}` };
}

function fixFor(issue: z.core.$ZodIssue, value: unknown): string {
  const generic = issue.message.startsWith('Invalid') || issue.message.startsWith('Too ');
  switch (issue.code) {
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options) && issue.options.length > 0) {
        const name = 'discriminator' in issue ? String(issue.discriminator) : 'value';
        return `use a known ${name}: ${issue.options.map((option) => JSON.stringify(option)).join(', ')}`;
      }
      return generic
        ? 'this value has the wrong shape; compare with deploy/config/station.example.yaml'
        : issue.message;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      // Custom messages name the thing ("a port number … e.g. 7400"), so they serve both cases.
      if (!generic) return `${value === undefined ? 'add it:' : 'write'} ${issue.message}`;
      if (issue.expected === 'object') {
        return value === undefined
          ? 'add this section (see deploy/config/station.example.yaml)'
          : 'write a mapping of keys here (see deploy/config/station.example.yaml)';
      }
      if (value === undefined) return `add it (${article(issue.expected)} ${issue.expected})`;
      return `write ${article(issue.expected)} ${issue.expected}${issue.expected === 'number' ? ' without quotes' : ''}`;
    case 'too_small':
      if (!generic) return issue.message;
      return issue.origin === 'array'
        ? `list at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}`
        : `use a value of at least ${String(issue.minimum)}`;
    case 'too_big':
      if (!generic) return issue.message;
      return issue.origin === 'array'
        ? `list at most ${String(issue.maximum)} entries`
        : `use a value of at most ${String(issue.maximum)}`;
    case 'not_multiple_of':
    case 'unrecognized_keys':
    case 'invalid_format':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return issue.message;
  }
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, part) =>
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined,
    raw,
  );
}

/** ` (device "scale-1")` for keys under `devices[i]`, so the line names the device a technician sees. */
function deviceLabel(raw: unknown, path: readonly PropertyKey[]): string {
  if (path[0] !== 'devices' || typeof path[1] !== 'number' || path.length < 3 || path[2] === 'id') return '';
  const id = valueAt(raw, ['devices', path[1], 'id']);
  return typeof id === 'string' ? ` (device ${JSON.stringify(id)})` : '';
}

/** A JSON rendering on one line, short, with a broker password masked. */
function show(key: string, value: unknown): string {
  let text = JSON.stringify(value) ?? String(value);
  if (key === 'mqtt.url') text = text.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
