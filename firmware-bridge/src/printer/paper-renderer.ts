import iconv from 'iconv-lite';
import type { EscPosCommand } from './escpos-parser.ts';
import type { PaperItem, PaperReceipt } from './paper.ts';
import type { QrErrorCorrection, TextAlign } from './receipt.ts';

/** What a printer with GBK-only firmware prints for bytes it cannot map. */
export const GARBAGE = '\uFFFD';

interface Segment {
  chinese: boolean;
  bytes: number[];
}

/**
 * Applies parsed ESC/POS commands to a roll of paper. Attributes of a line
 * are those in force at its first character (ESC a only acts at a line start
 * on real printers, and our model has one attribute set per line).
 */
export class PaperRenderer {
  private finished: PaperReceipt[] = [];
  private items: PaperItem[] = [];
  private segments: Segment[] = [];
  private lineStyle: Omit<Extract<PaperItem, { type: 'text' }>, 'type' | 'text'> | null = null;
  private align: TextAlign = 'left';
  private bold = false;
  private width = 1;
  private height = 1;
  private chinese = false;
  private qr: { moduleSize: number; errorCorrection: QrErrorCorrection; data: Uint8Array | null } = {
    moduleSize: 3,
    errorCorrection: 'L',
    data: null,
  };
  /** Count of characters printed as garbage (4-byte GB18030, bytes ≥ 0x80 outside Chinese mode). */
  garbageCharacters = 0;

  apply(command: EscPosCommand): void {
    switch (command.type) {
      case 'init':
        // ESC @ clears the print buffer and every mode; the stored QR symbol goes too.
        this.segments = [];
        this.lineStyle = null;
        this.align = 'left';
        this.bold = false;
        this.width = this.height = 1;
        this.chinese = false;
        this.qr = { moduleSize: 3, errorCorrection: 'L', data: null };
        return;
      case 'align':
        this.align = command.align;
        return;
      case 'bold':
        this.bold = command.bold;
        return;
      case 'size':
        this.width = command.width;
        this.height = command.height;
        return;
      case 'chinese':
        this.chinese = command.on;
        return;
      case 'text':
        this.addText(command.bytes);
        return;
      case 'line-feed':
        this.printLine(true);
        return;
      case 'feed':
        this.printLine(false);
        if (command.lines > 0) this.items.push({ type: 'feed', lines: command.lines });
        return;
      case 'qr-model':
        return;
      case 'qr-module-size':
        this.qr.moduleSize = command.size;
        return;
      case 'qr-error-correction':
        this.qr.errorCorrection = command.level;
        return;
      case 'qr-store':
        this.qr.data = command.data;
        return;
      case 'qr-print':
        this.printLine(false);
        if (this.qr.data) {
          this.items.push({
            type: 'qr',
            payload: new TextDecoder().decode(this.qr.data),
            moduleSize: this.qr.moduleSize,
            errorCorrection: this.qr.errorCorrection,
            align: this.align,
          });
        }
        return;
      case 'cut':
        this.printLine(false);
        this.finished.push({ items: this.items, cut: command.mode });
        this.items = [];
        return;
      case 'realtime-status':
      case 'paper-sensor-status':
      case 'asb-enable':
      case 'unknown':
        return;
    }
  }

  /** Cut receipts, then the one still on the roll if anything is printed on it. */
  receipts(): PaperReceipt[] {
    const tail = this.items.length > 0 ? [{ items: [...this.items], cut: null }] : [];
    return [...this.finished.map((r) => ({ items: [...r.items], cut: r.cut })), ...tail];
  }

  clear(): void {
    this.finished = [];
    this.items = [];
    this.segments = [];
    this.lineStyle = null;
    this.garbageCharacters = 0;
  }

  private addText(bytes: Uint8Array): void {
    this.lineStyle ??= this.currentStyle();
    const last = this.segments.at(-1);
    if (last?.chinese === this.chinese) last.bytes.push(...bytes);
    else this.segments.push({ chinese: this.chinese, bytes: [...bytes] });
  }

  /** LF prints even an empty line; ESC d, a QR and a cut only flush pending text. */
  private printLine(evenIfEmpty: boolean): void {
    if (this.segments.length === 0 && !evenIfEmpty) return;
    const style = this.lineStyle ?? this.currentStyle();
    const text = this.segments
      .map((s) => (s.chinese ? this.decodeGbk(s.bytes) : this.decodeSingle(s.bytes)))
      .join('');
    this.items.push({ type: 'text', text, ...style });
    this.segments = [];
    this.lineStyle = null;
  }

  private currentStyle() {
    return { align: this.align, bold: this.bold, width: this.width, height: this.height };
  }

  private decodeSingle(bytes: number[]): string {
    return bytes
      .map((b) => {
        if (b < 0x80) return String.fromCharCode(b);
        this.garbageCharacters++;
        return GARBAGE;
      })
      .join('');
  }

  /** Two-byte GB18030 (= GBK) decodes; a four-byte sequence prints as garbage, as on the printers. */
  private decodeGbk(bytes: number[]): string {
    let text = '';
    for (let i = 0; i < bytes.length;) {
      const lead = bytes[i]!;
      if (lead < 0x80) {
        text += String.fromCharCode(lead);
        i++;
        continue;
      }
      const trail = bytes[i + 1];
      if (
        lead >= 0x81 &&
        lead <= 0xfe &&
        trail !== undefined &&
        trail >= 0x40 &&
        trail <= 0xfe &&
        trail !== 0x7f
      ) {
        text += iconv.decode(Buffer.from([lead, trail]), 'gb18030');
        i += 2;
        continue;
      }
      this.garbageCharacters++;
      text += GARBAGE;
      i += trail !== undefined && trail >= 0x30 && trail <= 0x39 ? Math.min(4, bytes.length - i) : 1;
    }
    return text;
  }
}
