/**
 * MQTT topics of contract v1, `yf/v1/{stationId}/…`. Built here only, so a
 * typo cannot create a topic nobody listens to.
 */
export const TOPIC_ROOT = 'yf/v1';

const STATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isValidStationId(stationId: string): boolean {
  return STATION_ID.test(stationId);
}

function root(stationId: string): string {
  if (!isValidStationId(stationId)) {
    throw new RangeError(
      `station id ${JSON.stringify(stationId)} is not valid: use 1–64 letters, digits, '-' or '_' (no '/', '+' or '#')`,
    );
  }
  return `${TOPIC_ROOT}/${stationId}`;
}

export const topics = {
  event: (stationId: string, type: string) => `${root(stationId)}/evt/${type}`,
  allEvents: (stationId: string) => `${root(stationId)}/evt/#`,
  state: (stationId: string) => `${root(stationId)}/state`,
  telemetry: (stationId: string) => `${root(stationId)}/tele`,
  ack: (stationId: string) => `${root(stationId)}/ack`,
  command: (stationId: string) => `${root(stationId)}/cmd`,
  sync: (stationId: string, kind: string) => `${root(stationId)}/sync/${kind}`,
  request: (stationId: string) => `${root(stationId)}/req`,
  response: (stationId: string) => `${root(stationId)}/res`,
  districtRules: () => `${TOPIC_ROOT}/all/rules`,
  /** What a central platform subscribes to, shared across its instances. */
  centralEvents: (shareGroup = 'central') => `$share/${shareGroup}/${TOPIC_ROOT}/+/evt/#`,
} as const;

/** `yf/v1/S1/evt/card.presented` → `{ stationId: 'S1', rest: ['evt','card.presented'] }`. */
export function parseTopic(topic: string): { stationId: string; rest: string[] } | null {
  const parts = topic.split('/');
  if (parts.length < 3 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null;
  return { stationId: parts[2]!, rest: parts.slice(3) };
}
