import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../codec.ts';
import { encodeTypedReports, encodeWedgeCard, WEDGE_REPORT_LENGTH, WedgeDecoder } from './wedge-codec.ts';
import { WEDGE_FORMATS, type WedgeFormat } from './wedge-format.ts';
import { WEDGE_RECORDINGS } from './recordings.fixture.ts';

/** Asymmetric matchers typed as `unknown`, so object literals holding them stay lint-clean. */
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

const cardsOf = (messages: ReturnType<WedgeDecoder['push']>) =>
  messages.flatMap((m) => (m.type === 'card' ? [m.uid] : []));
const errorsOf = (messages: ReturnType<WedgeDecoder['push']>) =>
  messages.flatMap((m) => (m.type === 'error' ? [m.reason] : []));

describe('wedge codec', () => {
  it.each(WEDGE_RECORDINGS.map((r) => [r.format, r.typed, r]))(
    'decodes the %s recording of %s',
    (_format, _typed, recording) => {
      const decoder = new WedgeDecoder(recording.format);
      const out = recording.reports.flatMap((report) => decoder.push(report));
      expect(out).toEqual([{ type: 'card', uid: recording.uid, typed: recording.typed }]);
      expect(decoder.pending).toBe(false);
    },
  );

  it('encodes the PROTOCOLS.md example as key-down/key-up reports byte for byte', () => {
    const recording = WEDGE_RECORDINGS[0]!;
    expect(Buffer.from(encodeWedgeCard(recording.uid, 'decimal'))).toEqual(Buffer.concat(recording.reports));
  });

  it('decodes a raw byte stream cut anywhere (reports need not arrive whole)', () => {
    const stream = Buffer.concat(WEDGE_RECORDINGS[0]!.reports);
    const decoder = new WedgeDecoder('decimal');
    const out = [...decoder.push(stream.subarray(0, 13)), ...decoder.push(stream.subarray(13))];
    expect(cardsOf(out)).toEqual(['0000C80ECC']);
  });

  it('a key still held in the next report is not typed twice; after a key-up it is', () => {
    const decoder = new WedgeDecoder('decimal');
    const held = ['00 00 1E 00 00 00 00 00', '00 00 1E 00 00 00 00 00', '00 00 1E 1F 00 00 00 00'];
    const again = ['00 00 00 00 00 00 00 00', '00 00 1E 00 00 00 00 00', '00 00 28 00 00 00 00 00'];
    const out = [...held, ...again].flatMap((line) => decoder.push(fromHex(line)!));
    expect(out).toEqual([{ type: 'card', uid: '0000000079', typed: '121' }]); // 121 = 0x79
  });

  it('ignores an unknown key with a decode error and still reads the card', () => {
    const decoder = new WedgeDecoder('hex');
    const f1 = fromHex('00 00 3A 00 00 00 00 00')!;
    const stream = Buffer.concat([
      encodeTypedReports('ab').subarray(0, 4 * WEDGE_REPORT_LENGTH),
      f1,
      encodeTypedReports('cd'),
    ]);
    const out = decoder.push(stream);
    expect(errorsOf(out)).toEqual(['unknown key code 3A ignored']);
    expect(cardsOf(out)).toEqual(['ABCD']);
  });

  it('reports Enter without a number and text that is no card number in the format', () => {
    const decoder = new WedgeDecoder('hex');
    const out = [...decoder.push(encodeTypedReports('')), ...decoder.push(encodeTypedReports('abc'))];
    expect(errorsOf(out)).toEqual(['Enter without a card number', matching(/even count/)]);
  });

  it('realigns after bytes that are not a report (reserved byte not 00)', () => {
    const decoder = new WedgeDecoder('decimal');
    const out = decoder.push(
      Buffer.concat([Uint8Array.of(0x41, 0x42, 0x43), encodeWedgeCard('0000C80ECC', 'decimal')]),
    );
    expect(out[0]).toMatchObject({ type: 'error', bytes: '41 42 43' });
    expect(cardsOf(out)).toEqual(['0000C80ECC']);
  });

  describe('resynchronises after garbage, never reading a card with a lost keystroke', () => {
    const UID = '0000C80ECC'; // typed 0013110988
    const card = encodeWedgeCard(UID, 'decimal');
    const reportsOf = (stream: Uint8Array) =>
      Array.from({ length: stream.length / WEDGE_REPORT_LENGTH }, (_, i) =>
        stream.subarray(i * WEDGE_REPORT_LENGTH, (i + 1) * WEDGE_REPORT_LENGTH),
      );

    it('report read two bytes late: `00 00 KK 00…` seen as `KK 00 00 00 00 00 | 00 00`', () => {
      // The stream starts two bytes into a key-down report, so every window is
      // "modifier KK, no key" or all zero: plausible, but no key would ever decode.
      const decoder = new WedgeDecoder('decimal');
      const out = decoder.push(Buffer.concat([card.subarray(2), card, card]));
      expect(errorsOf(out)).toEqual([matching(/^3 reports in a row with a typed key as the modifier/)]);
      // The first card lost keys while out of step: dropped, not read as another number.
      expect(cardsOf(out)).toEqual([UID, UID]);
      expect(decoder.pending).toBe(false);
    });

    it('six stray bytes before a card: the first card is dropped, the next ones decode', () => {
      for (const chunked of [false, true]) {
        const decoder = new WedgeDecoder('decimal');
        const stream = Buffer.concat([new Uint8Array(6), card, card, card]);
        const out = chunked
          ? [
              decoder.push(new Uint8Array(6)),
              ...reportsOf(stream.subarray(6)).map((r) => decoder.push(r)),
            ].flat()
          : decoder.push(stream);
        expect(cardsOf(out)).toEqual([UID, UID]);
        expect(errorsOf(out)).toEqual([matching(/read out of step/)]);
      }
    });

    it('a whole report with a non-zero reserved byte (hidraw) is skipped whole and the card still decodes', () => {
      const decoder = new WedgeDecoder('decimal');
      const bad = fromHex('00 01 00 00 00 00 00 00')!;
      const out = [bad, ...reportsOf(card)].flatMap((report) => decoder.push(report));
      expect(out).toEqual([
        { type: 'error', reason: matching(/not in step/), bytes: '00 01 00 00 00 00 00 00' },
        { type: 'card', uid: UID, typed: '0013110988' },
      ]);
    });

    it('a whole report with a non-zero reserved byte inside a card drops that card, not the next', () => {
      const decoder = new WedgeDecoder('decimal');
      const reports = reportsOf(Buffer.from(card)).map((r) => Uint8Array.from(r));
      reports[4]![1] = 0x01; // the third digit's key-down: that keystroke is lost
      const out = [...reports, ...reportsOf(card)].flatMap((report) => decoder.push(report));
      expect(errorsOf(out)).toEqual([matching(/a keystroke may be among them: card text dropped/)]);
      expect(cardsOf(out)).toEqual([UID]);
    });

    it('a reader holding Right Shift (0x20, also the usage of 3) between letters stays in step', () => {
      const up = '00 00 00 00 00 00 00 00';
      const shifted = (key: string) => [
        '20 00 00 00 00 00 00 00',
        `20 00 ${key} 00 00 00 00 00`,
        '20 00 00 00 00 00 00 00',
        up,
      ];
      const lines = [
        ...shifted('04'),
        ...shifted('05'),
        ...shifted('06'),
        ...shifted('07'),
        '00 00 28 00 00 00 00 00',
        up,
      ];
      const decoder = new WedgeDecoder('hex');
      const out = lines.flatMap((line) => decoder.push(fromHex(line)!));
      expect(out).toEqual([{ type: 'card', uid: 'ABCD', typed: 'abcd' }]);
    });

    it('after any garbage, cut anywhere, the card decodes again within three presentations', () => {
      const scenario = fc.constantFrom(...WEDGE_FORMATS).chain((format) =>
        fc.record({
          format: fc.constant(format),
          uid: format.startsWith('decimal')
            ? fc.stringMatching(/^00[0-9A-F]{8}$/)
            : fc
                .uint8Array({ minLength: 1, maxLength: 10 })
                .map((b) => Buffer.from(b).toString('hex').toUpperCase()),
          keysPerReport: fc.integer({ min: 1, max: 6 }),
          // Random bytes, then a run of zeros: stray key-up bytes are what leave the decoder two bytes late.
          garbage: fc
            .tuple(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 15 }))
            .map(([bytes, zeros]) => Buffer.concat([bytes, new Uint8Array(zeros)])),
          cuts: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 10 }),
        }),
      );
      fc.assert(
        fc.property(scenario, ({ format, uid, keysPerReport, garbage, cuts }) => {
          const one = encodeWedgeCard(uid, format, { keysPerReport });
          const stream = Buffer.concat([garbage, one, one, one]);
          const decoder = new WedgeDecoder(format);
          const out: ReturnType<WedgeDecoder['push']> = [];
          let offset = 0;
          for (let i = 0; offset < stream.length; i++) {
            const size = cuts[i % cuts.length]!;
            out.push(...decoder.push(stream.subarray(offset, offset + size)));
            offset += size;
          }
          expect(out.at(-1)).toEqual({ type: 'card', uid, typed: expect.any(String) as unknown });
        }),
        { numRuns: 1000 },
      );
    });
  });

  it('drops text that runs past 20 characters without Enter, up to the next Enter', () => {
    const decoder = new WedgeDecoder('decimal');
    const runaway = encodeTypedReports('1'.repeat(30)).subarray(0, -2 * WEDGE_REPORT_LENGTH); // no Enter
    const out = [
      ...decoder.push(runaway),
      ...decoder.push(encodeTypedReports('')),
      ...decoder.push(encodeWedgeCard('0000C80ECC', 'decimal')),
    ];
    expect(errorsOf(out)).toEqual([matching(/more than 20 characters/)]);
    expect(cardsOf(out)).toEqual(['0000C80ECC']);
  });

  it('never throws on random bytes and keeps less than one report buffered', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WEDGE_FORMATS),
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 30 }),
        (format, chunks) => {
          const decoder = new WedgeDecoder(format);
          for (const chunk of chunks) {
            for (const m of decoder.push(chunk)) expect(['card', 'error']).toContain(m.type);
            // @ts-expect-error -- white-box: the buffer must stay below one report.
            expect((decoder.buffer as { length: number }).length).toBeLessThan(WEDGE_REPORT_LENGTH);
          }
        },
      ),
    );
  });

  it('any card survives arbitrary chunking and garbage reports before and after; encode∘decode is identity', () => {
    // Garbage is whole reports (hidraw never splits one) with random keys; the
    // garbage before ends with Enter, as anything a reader types does.
    const garbageReport = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 6 }))
      .map(([modifiers, keys]) => {
        const report = new Uint8Array(WEDGE_REPORT_LENGTH);
        report[0] = modifiers;
        report.set(
          keys.filter((k) => k !== 0),
          2,
        ); // left-packed, as every reader sends
        return report;
      });
    const garbage = fc.array(garbageReport, { maxLength: 6 }).map((rs) => Buffer.concat(rs));
    const enter = fromHex('00 00 00 00 00 00 00 00 00 00 28 00 00 00 00 00 00 00 00 00 00 00 00 00')!; // up, Enter, up
    const uidFor = (format: WedgeFormat) =>
      format.startsWith('decimal')
        ? fc.stringMatching(/^00[0-9A-F]{8}$/)
        : fc
            .uint8Array({ minLength: 1, maxLength: 10 })
            .map((b) => Buffer.from(b).toString('hex').toUpperCase());
    const scenario = fc.constantFrom(...WEDGE_FORMATS).chain((format) =>
      fc.record({
        format: fc.constant(format),
        uid: uidFor(format),
        keysPerReport: fc.integer({ min: 1, max: 6 }),
        before: garbage,
        after: garbage,
        cuts: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 10 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ format, uid, keysPerReport, before, after, cuts }) => {
        const stream = Buffer.concat([before, enter, encodeWedgeCard(uid, format, { keysPerReport }), after]);
        const decoder = new WedgeDecoder(format);
        const cards: string[] = [];
        let offset = 0;
        for (let i = 0; offset < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          cards.push(...cardsOf(decoder.push(stream.subarray(offset, offset + size))));
          offset += size;
        }
        expect(cards).toContain(uid);
      }),
    );
  });
});
