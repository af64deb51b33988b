import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';

/**
 * What every output-only card reader simulator shares: it owns its end of the
 * link and can be made `silent` (a reader with nothing attached: reads go
 * nowhere). Subclasses add the reader's own commands and state.
 */
export abstract class ReaderSimulator implements Simulator {
  protected silent = false;

  constructor(protected readonly transport: ByteTransport) {}

  start(): void {
    this.transport.start();
  }

  async stop(): Promise<void> {
    await this.transport.stop();
  }

  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  abstract control(line: string): Promise<SimReply>;

  abstract snapshot(): Record<string, unknown>;
}
