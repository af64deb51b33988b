import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  encodeTextBlock,
  parseTextBlock,
  type CardIdentity,
  type Foreign2017Identity,
  type Foreign2023Identity,
  type PermitHmtIdentity,
  type ResidentIdentity,
  type Sex,
} from './text-block.ts';

/** A text block written by hand at the offsets of PROTOCOLS.md, independent of the encoder. */
function handBlock(fields: Array<[offset: number, value: string]>): Buffer {
  const block = Buffer.from(' '.repeat(128), 'utf16le');
  for (const [offset, value] of fields) block.write(value, offset, 'utf16le');
  return block;
}

const RESIDENT_FIELDS: Array<[number, string]> = [
  [0, '测试甲一'],
  [30, '2'],
  [32, '01'],
  [36, '19900620'],
  [52, '测试省模拟市示例路1号'],
  [122, '999999199006200022'],
  [158, '模拟市公安局'],
  [188, '20200101'],
  [204, '20400101'],
];

describe('text block parsing at the offsets of PROTOCOLS.md §1', () => {
  it('resident card (space-padded, trimmed)', () => {
    expect(parseTextBlock(handBlock(RESIDENT_FIELDS))).toEqual({
      cardType: 'resident',
      name: '测试甲一',
      sex: 'female',
      nation: '01',
      birth: '19900620',
      address: '测试省模拟市示例路1号',
      idNumber: '999999199006200022',
      authority: '模拟市公安局',
      validFrom: '20200101',
      validTo: '20400101',
    } satisfies ResidentIdentity);
  });

  it('J: Hong Kong/Macau/Taiwan residence permit', () => {
    const block = handBlock([...RESIDENT_FIELDS, [220, 'H99999901'], [238, '01'], [248, 'J']]);
    expect(parseTextBlock(block)).toMatchObject({
      cardType: 'permit-hmt',
      name: '测试甲一',
      idNumber: '999999199006200022',
      passNumber: 'H99999901',
      issueCount: '01',
    } satisfies Partial<PermitHmtIdentity>);
  });

  it('I: foreign permanent resident card, 2017', () => {
    const block = handBlock([
      [0, 'TEST SUBJECT ALPHA'],
      [120, '1'],
      [122, 'ZZZ990019800101'],
      [152, 'ZZZ'],
      [158, '测试丁四'],
      [188, '20170601'],
      [204, '20270601'],
      [220, '19800101'],
      [236, '10'],
      [240, '9999'],
      [248, 'I'],
    ]);
    expect(parseTextBlock(block)).toEqual({
      cardType: 'foreign-2017',
      englishName: 'TEST SUBJECT ALPHA',
      sex: 'male',
      cardNumber: 'ZZZ990019800101',
      nationality: 'ZZZ',
      chineseName: '测试丁四',
      validFrom: '20170601',
      validTo: '20270601',
      birth: '19800101',
      cardVersion: '10',
      authorityCode: '9999',
    } satisfies Foreign2017Identity);
  });

  it('Y: foreign permanent resident card, 2023, English name across both parts', () => {
    const part1 = 'TESTPERSON SYNTHETIC LONGNAME OMEGA'; // exactly 35 characters
    expect(part1).toHaveLength(35);
    const block = handBlock([
      [0, '测试戊五'],
      [30, '2'],
      [32, '00'],
      [36, '19851215'],
      [52, part1],
      [122, '999999198512150026'],
      [188, '20231201'],
      [204, '20331201'],
      [220, 'BETA'],
      [242, '999'],
      [248, 'Y'],
      [250, 'ZZ1'],
    ]);
    expect(parseTextBlock(block)).toEqual({
      cardType: 'foreign-2023',
      chineseName: '测试戊五',
      sex: 'female',
      renewalCount: '00',
      birth: '19851215',
      englishName: `${part1}BETA`,
      cardNumber: '999999198512150026',
      validFrom: '20231201',
      validTo: '20331201',
      nationality: '999',
      oldCardLink: 'ZZ1',
    } satisfies Foreign2023Identity);
  });

  it('sex codes 0 and 9, NUL padding, and an unknown code', () => {
    const nul = Buffer.alloc(256);
    nul.write('测试', 0, 'utf16le');
    nul.write('9', 30, 'utf16le');
    expect(parseTextBlock(nul)).toMatchObject({
      cardType: 'resident',
      name: '测试',
      sex: 'unspecified',
      address: '',
    });
    expect(parseTextBlock(handBlock([[30, '0']]))).toMatchObject({ sex: 'unknown' });
    expect(parseTextBlock(handBlock([[30, '7']]))).toMatchObject({ sex: 'unknown' });
  });

  it('never throws on arbitrary bytes, even a short block', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(parseTextBlock(bytes).cardType).toBeTypeOf('string');
      }),
    );
  });

  it('refuses a value wider than its field', () => {
    expect(() =>
      encodeTextBlock({
        ...(parseTextBlock(handBlock(RESIDENT_FIELDS)) as ResidentIdentity),
        name: '测'.repeat(16),
      }),
    ).toThrow(/name .* needs 32 bytes, the card holds 30/);
  });
});

// ---- property: encode → parse is the identity for every card type ----

/** Text of at most `chars` characters with no padding at either end. */
const text = (chars: number, alphabet = 'abcXYZ0189测试甲乙丙丁路号-') =>
  fc
    .array(fc.constantFrom(...alphabet.split('')), { maxLength: chars })
    .map((cs) => cs.join(''))
    .filter((s) => s.trim() === s);
const englishName = (chars: number) =>
  fc
    .array(fc.stringMatching(/^[A-Z]{1,8}$/), { minLength: 1, maxLength: 8 })
    .map((words) => words.join(' '))
    .filter((name) => name.length <= chars);
const sex = fc.constantFrom<Sex>('male', 'female', 'unknown', 'unspecified');

const residentFields = fc.record({
  name: text(15),
  sex,
  nation: text(2, '0123456789'),
  birth: text(8, '0123456789'),
  address: text(35),
  idNumber: text(18, '0123456789X'),
  authority: text(15),
  validFrom: text(8, '0123456789'),
  validTo: fc.oneof(text(8, '0123456789'), fc.constant('长期')),
});

const identity: fc.Arbitrary<CardIdentity> = fc.oneof(
  residentFields.map((fields): ResidentIdentity => ({ cardType: 'resident', ...fields })),
  fc
    .tuple(residentFields, text(9), text(2, '0123456789'))
    .map(([fields, passNumber, issueCount]): PermitHmtIdentity => ({
      cardType: 'permit-hmt',
      ...fields,
      passNumber,
      issueCount,
    })),
  fc.record({
    cardType: fc.constant('foreign-2017' as const),
    englishName: englishName(60),
    sex,
    cardNumber: text(15, 'ABZ0123456789'),
    nationality: text(3, 'ABZ'),
    chineseName: text(15),
    validFrom: text(8, '0123456789'),
    validTo: text(8, '0123456789'),
    birth: text(8, '0123456789'),
    cardVersion: text(2, '0123456789'),
    authorityCode: text(4, '0123456789'),
  }),
  fc.record({
    cardType: fc.constant('foreign-2023' as const),
    chineseName: text(15),
    sex,
    renewalCount: text(2, '0123456789'),
    birth: text(8, '0123456789'),
    englishName: englishName(35 + 11),
    cardNumber: text(18, '0123456789X'),
    validFrom: text(8, '0123456789'),
    validTo: text(8, '0123456789'),
    nationality: text(3, '0123456789'),
    oldCardLink: text(3, 'Z0123456789'),
  }),
);

describe('text block encoder', () => {
  it('encode → parse round-trips every card type', () => {
    fc.assert(
      fc.property(identity, (card) => {
        const block = encodeTextBlock(card);
        expect(block).toHaveLength(256);
        expect(parseTextBlock(block)).toEqual(card);
      }),
      { numRuns: 500 },
    );
  });
});
