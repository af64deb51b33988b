import { describe, expect, it } from 'vitest';
import { toHex } from '../codec.ts';
import {
  encodeAlign,
  encodeBold,
  encodeCut,
  encodeQr,
  encodeQrErrorCorrection,
  encodeQrModel,
  encodeQrModuleSize,
  encodeQrPrint,
  encodeQrStore,
  encodeReceipt,
  encodeSize,
  encodeText,
} from './encoder.ts';
import { validateReceipt } from './receipt.ts';

const ascii = (text: string) => toHex(Buffer.from(text, 'latin1'));

describe('ESC/POS encoder (PROTOCOLS.md §4)', () => {
  it('emits the single commands byte for byte', () => {
    expect(toHex(encodeAlign('left'))).toBe('1B 61 00');
    expect(toHex(encodeAlign('center'))).toBe('1B 61 01');
    expect(toHex(encodeAlign('right'))).toBe('1B 61 02');
    expect(toHex(encodeBold(true))).toBe('1B 45 01');
    expect(toHex(encodeBold(false))).toBe('1B 45 00');
    expect(toHex(encodeSize(1, 1))).toBe('1D 21 00');
    expect(toHex(encodeSize(2, 3))).toBe('1D 21 12');
    expect(toHex(encodeSize(8, 8))).toBe('1D 21 77');
    expect(toHex(encodeCut('full'))).toBe('1D 56 00');
    expect(toHex(encodeCut('partial'))).toBe('1D 56 01');
    expect(toHex(encodeCut('full', 5))).toBe('1D 56 41 05');
    expect(toHex(encodeCut('partial', 0x10))).toBe('1D 56 42 10');
  });

  it('emits the QR blocks exactly as §4 gives them', () => {
    expect(toHex(encodeQrModel())).toBe('1D 28 6B 04 00 31 41 32 00');
    expect(toHex(encodeQrModuleSize(1))).toBe('1D 28 6B 03 00 31 43 01');
    expect(toHex(encodeQrModuleSize(16))).toBe('1D 28 6B 03 00 31 43 10');
    expect(toHex(encodeQrErrorCorrection('L'))).toBe('1D 28 6B 03 00 31 45 30');
    expect(toHex(encodeQrErrorCorrection('M'))).toBe('1D 28 6B 03 00 31 45 31');
    expect(toHex(encodeQrErrorCorrection('Q'))).toBe('1D 28 6B 03 00 31 45 32');
    expect(toHex(encodeQrErrorCorrection('H'))).toBe('1D 28 6B 03 00 31 45 33');
    expect(toHex(encodeQrPrint())).toBe('1D 28 6B 03 00 31 51 30');
    expect(toHex(encodeQrStore(Buffer.from('AB')))).toBe('1D 28 6B 05 00 31 50 30 41 42');
  });

  it('sets pH when the QR payload is longer than 252 bytes (pL + 256·pH = length + 3)', () => {
    const payload = 'x'.repeat(300); // 303 = 0x012F
    const store = encodeQrStore(Buffer.from(payload));
    expect(toHex(store.subarray(0, 8))).toBe('1D 28 6B 2F 01 31 50 30');
    expect(store.length).toBe(8 + 300);
    // 252 bytes is the last length with pH = 0; 253 carries over.
    expect(toHex(encodeQrStore(new Uint8Array(252)).subarray(3, 5))).toBe('FF 00');
    expect(toHex(encodeQrStore(new Uint8Array(253)).subarray(3, 5))).toBe('00 01');
    // The length counts UTF-8 bytes, not characters.
    const chinese = encodeQr({ type: 'qr', payload: '回收'.repeat(50) }); // 300 bytes
    expect(toHex(chinese).includes('1D 28 6B 2F 01 31 50 30')).toBe(true);
  });

  it('wraps Chinese in FS & … FS . as GB18030 and leaves ASCII bare', () => {
    expect(toHex(encodeText('社区服务站'))).toBe('1C 26 C9 E7 C7 F8 B7 FE CE F1 D5 BE 1C 2E');
    expect(toHex(encodeText('A可回收物B'))).toBe('41 1C 26 BF C9 BB D8 CA D5 CE EF 1C 2E 42');
    expect(toHex(encodeText('plain'))).toBe(ascii('plain'));
  });

  it('writes ￥ (A3 A4), converting ¥ so the 4-byte 81 30 84 36 never reaches the printer', () => {
    expect(toHex(encodeText('¥12'))).toBe('1C 26 A3 A4 1C 2E 31 32');
    expect(toHex(encodeText('￥12'))).toBe('1C 26 A3 A4 1C 2E 31 32');
    expect(toHex(encodeReceipt({ blocks: [{ type: 'text', text: '合计 ¥1.50 ¥2' }] }))).not.toContain(
      '81 30 84 36',
    );
  });

  it('encodes a whole receipt byte for byte', () => {
    const payload = 'https://example.org/r/1';
    const bytes = encodeReceipt({
      blocks: [
        { type: 'text', text: '社区服务站', align: 'center', bold: true, width: 2, height: 2 },
        { type: 'text', text: 'Total ¥12' },
        { type: 'qr', payload, moduleSize: 6, errorCorrection: 'M' },
        { type: 'separator', char: '=' },
        { type: 'feed', lines: 3 },
        { type: 'cut', mode: 'partial' },
      ],
      columns: 4,
    });
    expect(toHex(bytes)).toBe(
      [
        '1B 40',
        '1B 61 01 1B 45 01 1D 21 11 1C 26 C9 E7 C7 F8 B7 FE CE F1 D5 BE 1C 2E 0A',
        `1B 61 00 1B 45 00 1D 21 00 ${ascii('Total ')} 1C 26 A3 A4 1C 2E 31 32 0A`,
        '1B 61 01',
        '1D 28 6B 04 00 31 41 32 00',
        '1D 28 6B 03 00 31 43 06',
        '1D 28 6B 03 00 31 45 31',
        `1D 28 6B 1A 00 31 50 30 ${ascii(payload)}`,
        '1D 28 6B 03 00 31 51 30',
        '1B 61 00 1B 45 00 1D 21 00 3D 3D 3D 3D 0A',
        '1B 64 03',
        '1D 56 01',
      ].join(' '),
    );
  });

  it('refuses an invalid receipt with every problem named', () => {
    const receipt = {
      blocks: [
        { type: 'text' as const, text: 'two\nlines', width: 9 },
        { type: 'qr' as const, payload: 'x'.repeat(1274), errorCorrection: 'H' as const, moduleSize: 0 },
        { type: 'feed' as const, lines: 0 },
        { type: 'separator' as const, char: '——' },
      ],
    };
    expect(validateReceipt(receipt)).toHaveLength(6);
    expect(() => encodeReceipt(receipt)).toThrow(/block 0 \(text\): text holds a control character/);
    expect(
      validateReceipt({ blocks: [{ type: 'qr', payload: 'x'.repeat(1273), errorCorrection: 'H' }] }),
    ).toEqual([]);
  });
});
