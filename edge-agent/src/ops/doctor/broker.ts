import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import type { TLSSocket } from 'node:tls';
import mqtt from 'mqtt';
import { topics } from '@yaofang/shared';
import type { AgentConfig } from '../../config/schema.ts';
import { failCheck, okCheck, type CheckResult } from './check.ts';
import type { TimeReference } from './clock.ts';

export type BrokerProbe =
  | { status: 'connected'; references: TimeReference[] }
  | { status: 'tcp-failed'; host: string; port: number; code: string }
  | { status: 'mqtt-failed'; host: string; port: number; reason: string }
  | { status: 'bad-tls-files'; reason: string };

export interface ProbeOptions {
  /** For TCP connect and for CONNACK each. */
  timeoutMs?: number;
  /** How long to collect retained signed documents after SUBACK (their `issuedAt` bounds the clock). */
  retainedWaitMs?: number;
}

const DEFAULT_PORTS: Record<string, number> = {
  'mqtt:': 1883,
  'tcp:': 1883,
  'mqtts:': 8883,
  'ssl:': 8883,
  'ws:': 80,
  'wss:': 443,
};

/**
 * TCP connect, then a real MQTT CONNECT with the configured protocol and TLS
 * files. Uses its own random client id: borrowing the agent's would kick the
 * running agent off the broker.
 */
export async function probeBroker(config: AgentConfig, options: ProbeOptions = {}): Promise<BrokerProbe> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const url = new URL(config.mqtt.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 1883);
  const tcp = await tcpReachable(host, port, timeoutMs);
  if (tcp !== 'ok') return { status: 'tcp-failed', host, port, code: tcp };

  let tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
  try {
    const files = config.mqtt.tls;
    tls = {
      ...(files?.caFile ? { ca: readFileSync(files.caFile) } : {}),
      ...(files?.certFile ? { cert: readFileSync(files.certFile) } : {}),
      ...(files?.keyFile ? { key: readFileSync(files.keyFile) } : {}),
    };
  } catch (error) {
    return { status: 'bad-tls-files', reason: (error as Error).message };
  }
  return mqttConnect(config, { host, port, timeoutMs, retainedWaitMs: options.retainedWaitMs ?? 300, tls });
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (result: string) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('ETIMEDOUT'));
    socket.once('connect', () => done('ok'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

function mqttConnect(
  config: AgentConfig,
  options: {
    host: string;
    port: number;
    timeoutMs: number;
    retainedWaitMs: number;
    tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  },
): Promise<BrokerProbe> {
  const { host, port } = options;
  return new Promise((resolve) => {
    const references: TimeReference[] = [];
    const client = mqtt.connect(config.mqtt.url, {
      clientId: `yf-doctor-${config.stationId}-${randomBytes(4).toString('hex')}`,
      protocolVersion: config.mqtt.protocolVersion,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: options.timeoutMs,
      rejectUnauthorized: config.mqtt.tls?.rejectUnauthorized ?? true,
      ...options.tls,
    });
    let settled = false;
    const finish = (probe: BrokerProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      client.end(true);
      resolve(probe);
    };
    const deadline = setTimeout(
      () =>
        finish({ status: 'mqtt-failed', host, port, reason: `no CONNACK within ${options.timeoutMs} ms` }),
      options.timeoutMs + options.retainedWaitMs + 500,
    );
    client.on('error', (error) => finish({ status: 'mqtt-failed', host, port, reason: error.message }));
    client.on('close', () =>
      finish({
        status: 'mqtt-failed',
        host,
        port,
        reason: 'the broker closed the connection before CONNACK',
      }),
    );
    client.on('message', (topic, payload) => {
      const reference = issuedAtOf(topic, payload);
      if (reference) references.push(reference);
    });
    client.once('connect', () => {
      const certificate = (client.stream as Partial<TLSSocket>).getPeerCertificate?.();
      if (certificate?.valid_from) {
        references.push({
          source: `the broker's TLS certificate, valid from ${certificate.valid_from}`,
          notBeforeMs: Date.parse(certificate.valid_from),
        });
      }
      // Retained signed documents from the central carry `issuedAt`: the clock cannot be earlier.
      client.subscribe([topics.districtRules(), topics.sync(config.stationId, '#')], { qos: 0 }, () => {
        setTimeout(() => finish({ status: 'connected', references }), options.retainedWaitMs);
      });
    });
  });
}

function issuedAtOf(topic: string, payload: Buffer): TimeReference | undefined {
  try {
    const wire = JSON.parse(payload.toString('utf8')) as { payload?: unknown };
    if (typeof wire.payload !== 'string') return undefined;
    const inner = JSON.parse(wire.payload) as { issuedAt?: unknown };
    const at = typeof inner.issuedAt === 'string' ? Date.parse(inner.issuedAt) : NaN;
    return Number.isFinite(at)
      ? { source: `retained ${topic} issued ${new Date(at).toISOString()}`, notBeforeMs: at }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The probe as a doctor line; the URL is shown without its password. */
export function checkBroker(url: string, probe: BrokerProbe): CheckResult {
  const shown = url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
  switch (probe.status) {
    case 'connected':
      return okCheck('broker', `${shown} accepted an MQTT CONNECT`);
    case 'bad-tls-files':
      return failCheck(
        'broker',
        `cannot read the TLS files for ${shown}: ${probe.reason}; fix mqtt.tls in the config`,
      );
    case 'tcp-failed':
      return failCheck('broker', `${shown}: ${tcpAdvice(probe.host, probe.port, probe.code)}`);
    case 'mqtt-failed':
      return failCheck(
        'broker',
        `${shown} answers TCP but MQTT CONNECT failed (${probe.reason}): ${mqttAdvice(probe.reason)}`,
      );
  }
}

function tcpAdvice(host: string, port: number, code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing listens on ${host}:${port} (connection refused): check mqtt.url's port and that the broker runs`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name ${host} does not resolve (${code}): check mqtt.url and DNS (resolvectl status)`;
    case 'ETIMEDOUT':
      return `no answer from ${host}:${port} (timeout): check the network link, VPN/APN and the district firewall`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `${host} is unreachable (${code}): check the network cable/4G modem and the route (ip route)`;
    default:
      return `cannot connect to ${host}:${port} (${code}): check the network and mqtt.url`;
  }
}

function mqttAdvice(reason: string): string {
  if (/not yet valid|expired/i.test(reason))
    return 'certificate validity failed: check the clock first (timedatectl status), then the certificate dates';
  if (/self.signed|unable to verify|issuer|altnames|hostname/i.test(reason))
    return "the broker's certificate is not trusted: set mqtt.tls.caFile to the district CA and use the host name the certificate was issued for";
  if (/not authori[sz]ed|bad user|password/i.test(reason))
    return 'the broker refused this terminal: check its client certificate / credentials and the broker ACL for this station';
  if (/CONNACK|closed/i.test(reason))
    return 'is this an MQTT port? mqtts:// needs the TLS port (8883), mqtt:// the plain one (1883); check mqtt.protocolVersion for MQTT 3.1.1-only brokers (4)';
  return 'check mqtt.url, mqtt.tls and the broker log';
}
