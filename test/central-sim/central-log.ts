/** How the reference central reports what it did; silent unless given one (main.ts prints JSON lines). */
export type CentralLog = (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

export const silentLog: CentralLog = () => undefined;

export const jsonLinesLog: CentralLog = (level, message, fields) =>
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`,
  );
