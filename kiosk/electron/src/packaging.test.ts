import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

/**
 * electron-builder.yml is only exercised by a real packaging run, which this
 * machine cannot do (no Electron binary); so the file is checked here against
 * electron-builder's own JSON schema, and the security-relevant settings are
 * asserted one by one.
 */
const root = new URL('../../../', import.meta.url);
const schema = JSON.parse(
  readFileSync(new URL('node_modules/app-builder-lib/scheme.json', root), 'utf8'),
) as object;
const config = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema', () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('would be rejected by the same schema with a misspelt key (the check has teeth)', () => {
    expect(validate({ ...config, electronFuse: {} })).toBe(false);
    expect(validate({ ...config, electronFuses: { runAsNode: 'no' } })).toBe(false);
  });

  it('sets the Electron fuses that close Node-level backdoors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds deb and AppImage for x64 and arm64', () => {
    const linux = config.linux as { target: Array<{ target: string; arch: string[] }> };
    const targets = Object.fromEntries(linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(targets).toEqual({ deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
  });

  it('packs only the built shell and renderer into an asar, with no node_modules', () => {
    expect(config.asar).toBe(true);
    expect(config.directories).toMatchObject({ app: 'kiosk' });
    expect(config.files).toEqual([
      'package.json',
      'electron/dist/**/*',
      'dist/renderer/**/*',
      '!**/node_modules/**/*',
    ]);
    expect(config.asarUnpack).toBeUndefined();
    expect(config.npmRebuild).toBe(false);
  });

  it('points at a main that the shell build produces', () => {
    const kioskPackage = JSON.parse(readFileSync(new URL('kiosk/package.json', root), 'utf8')) as {
      main: string;
    };
    expect(kioskPackage.main).toBe('electron/dist/main.js');
  });
});
