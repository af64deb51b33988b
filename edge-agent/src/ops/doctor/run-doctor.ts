import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { failCheck, okCheck, type CheckResult } from './check.ts';
import { checkBroker, probeBroker, type ProbeOptions } from './broker.ts';
import { checkClock } from './clock.ts';
import { checkDatabase } from './database.ts';
import { checkDevices, type DeviceFacts } from './devices.ts';
import { checkDiskSpace } from './disk.ts';
import { checkCentralPublicKey, checkDataDir, checkDistrictKey, checkTlsFiles } from './files.ts';

export interface DoctorDeps {
  env: NodeJS.ProcessEnv;
  now(): number;
  devices: DeviceFacts;
  broker: ProbeOptions;
  /** `timedatectl show -p NTPSynchronized`; undefined when it cannot be asked. */
  ntpSynchronized(): boolean | undefined;
}

/** Run every check for one terminal, in the order a technician fixes things. */
export async function runDoctor(configFile: string, deps: DoctorDeps = systemDeps()): Promise<CheckResult[]> {
  const loaded = loadConfig(configFile, deps.env);
  if (!loaded.ok) {
    return loaded.error.map((problem) => failCheck('config', problem.message));
  }
  const config = loaded.value;
  const results: CheckResult[] = [okCheck('config', `${configFile} is valid (station ${config.stationId})`)];
  results.push(checkDataDir(config.dataDir));
  results.push(checkDistrictKey(config.districtKeyFile));
  results.push(checkCentralPublicKey(config.centralPublicKeyFile));
  results.push(...checkTlsFiles(config.mqtt.tls));
  results.push(...(await checkDevices(config.devices, deps.devices)));
  const probe = await probeBroker(config, deps.broker);
  results.push(checkBroker(config.mqtt.url, probe));
  results.push(
    checkClock({
      nowMs: deps.now(),
      references: probe.status === 'connected' ? probe.references : [],
      toleranceSeconds: config.commands.skewToleranceSeconds,
      ntpSynchronized: deps.ntpSynchronized(),
    }),
  );
  results.push(checkDiskSpace(config.dataDir));
  results.push(checkDatabase(join(config.dataDir, 'edge.sqlite')));
  return results;
}

/** The real machine: this process's groups, /etc/group, node-hid, timedatectl. */
export function systemDeps(): DoctorDeps {
  const groups = readGroups();
  return {
    env: process.env,
    now: () => Date.now(),
    devices: {
      userGroups: (process.getgroups?.() ?? []).map((gid) => groups.get(gid) ?? String(gid)),
      groupName: (gid) => groups.get(gid),
      listHid: async () => {
        // Loaded on demand: a broken native build must not stop the other checks.
        const hid = await import('node-hid');
        return hid.devicesAsync();
      },
    },
    broker: {},
    ntpSynchronized: () => {
      try {
        const answer = execFileSync('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], {
          encoding: 'utf8',
          timeout: 2000,
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim();
        return answer === 'yes' ? true : answer === 'no' ? false : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function readGroups(): Map<number, string> {
  const groups = new Map<number, string>();
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , gid] = line.split(':');
      if (name && gid) groups.set(Number(gid), name);
    }
  } catch {
    // No /etc/group (containers): group names stay numeric.
  }
  return groups;
}
