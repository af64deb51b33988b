/**
 * The 256-byte text block of a card (PROTOCOLS.md §1): UCS-2LE fields at fixed
 * offsets, space-padded. The character at byte 248 tells the card type.
 */
export const TEXT_BLOCK_BYTES = 256;
const TYPE_OFFSET = 248;

export type CardType = 'resident' | 'permit-hmt' | 'foreign-2017' | 'foreign-2023';
export type Sex = 'male' | 'female' | 'unknown' | 'unspecified';

/** Dates are the card's own text: `YYYYMMDD`, or `长期` (long-term) for `validTo`. */
interface ResidentFields {
  name: string;
  sex: Sex;
  /** Two digits `01`–`56`, `97` other, `98` foreign origin. */
  nation: string;
  birth: string;
  address: string;
  idNumber: string;
  authority: string;
  validFrom: string;
  validTo: string;
}

export interface ResidentIdentity extends ResidentFields {
  cardType: 'resident';
}

/** Hong Kong / Macau / Taiwan residence permit (`J`). */
export interface PermitHmtIdentity extends ResidentFields {
  cardType: 'permit-hmt';
  passNumber: string;
  issueCount: string;
}

/** Foreign permanent resident card, 2017 edition (`I`). */
export interface Foreign2017Identity {
  cardType: 'foreign-2017';
  englishName: string;
  sex: Sex;
  /** 15 characters: 3 letters (nationality) + 12 digits. */
  cardNumber: string;
  nationality: string;
  chineseName: string;
  validFrom: string;
  validTo: string;
  birth: string;
  cardVersion: string;
  authorityCode: string;
}

/** Foreign permanent resident card, 2023 edition (`Y`). */
export interface Foreign2023Identity {
  cardType: 'foreign-2023';
  chineseName: string;
  sex: Sex;
  renewalCount: string;
  birth: string;
  /** Both name parts of the card joined. */
  englishName: string;
  /** 18 characters, first `9`, MOD 11-2 check like a resident ID number. */
  cardNumber: string;
  validFrom: string;
  validTo: string;
  nationality: string;
  oldCardLink: string;
}

export type CardIdentity = ResidentIdentity | PermitHmtIdentity | Foreign2017Identity | Foreign2023Identity;

const SEX_CODES: Record<Sex, string> = { unknown: '0', male: '1', female: '2', unspecified: '9' };

function sexFromCode(code: string): Sex {
  switch (code) {
    case '1':
      return 'male';
    case '2':
      return 'female';
    case '9':
      return 'unspecified';
    default:
      return 'unknown';
  }
}

/** English name part 1 of a 2023 card holds 35 characters; the rest goes to part 2. */
const Y_NAME_PART1_CHARS = 35;

/** Parse a text block. Never throws: odd characters simply come out as text. */
export function parseTextBlock(block: Uint8Array): CardIdentity {
  const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const raw = (offset: number, length: number) =>
    bytes.subarray(offset, Math.min(offset + length, bytes.length)).toString('utf16le');
  const text = (offset: number, length: number) => trimPadding(raw(offset, length));
  const sex = (offset: number) => sexFromCode(text(offset, 2));

  switch (raw(TYPE_OFFSET, 2)) {
    case 'I':
      return {
        cardType: 'foreign-2017',
        englishName: text(0, 120),
        sex: sex(120),
        cardNumber: text(122, 30),
        nationality: text(152, 6),
        chineseName: text(158, 30),
        validFrom: text(188, 16),
        validTo: text(204, 16),
        birth: text(220, 16),
        cardVersion: text(236, 4),
        authorityCode: text(240, 8),
      };
    case 'Y': {
      // The name runs on from part 1 into part 2; padding at the seam is one word break.
      const part1 = raw(52, 70);
      const part2 = raw(220, 22);
      const tail = trimPadding(part2);
      const seam = /[ \0]$/.test(part1) || /^[ \0]/.test(part2) ? ' ' : '';
      const englishName = tail === '' ? trimPadding(part1) : `${trimPadding(part1)}${seam}${tail}`;
      return {
        cardType: 'foreign-2023',
        chineseName: text(0, 30),
        sex: sex(30),
        renewalCount: text(32, 4),
        birth: text(36, 16),
        englishName,
        cardNumber: text(122, 36),
        validFrom: text(188, 16),
        validTo: text(204, 16),
        nationality: text(242, 6),
        oldCardLink: text(250, 6),
      };
    }
    default: {
      const fields: ResidentFields = {
        name: text(0, 30),
        sex: sex(30),
        nation: text(32, 4),
        birth: text(36, 16),
        address: text(52, 70),
        idNumber: text(122, 36),
        authority: text(158, 30),
        validFrom: text(188, 16),
        validTo: text(204, 16),
      };
      if (raw(TYPE_OFFSET, 2) === 'J') {
        return { cardType: 'permit-hmt', ...fields, passNumber: text(220, 18), issueCount: text(238, 4) };
      }
      return { cardType: 'resident', ...fields };
    }
  }
}

/**
 * Build the text block of an identity, as a card holds it: the inverse of
 * `parseTextBlock`. Throws RangeError when a value does not fit its field
 * (a bug in the caller, not a wire condition).
 */
export function encodeTextBlock(identity: CardIdentity): Buffer {
  const block = Buffer.from(' '.repeat(TEXT_BLOCK_BYTES / 2), 'utf16le');
  const put = (offset: number, length: number, value: string, field: string) => {
    const encoded = Buffer.from(value, 'utf16le');
    if (encoded.length > length) {
      throw new RangeError(
        `${field} ${JSON.stringify(value)} needs ${encoded.length} bytes, the card holds ${length}`,
      );
    }
    encoded.copy(block, offset);
  };
  switch (identity.cardType) {
    case 'resident':
    case 'permit-hmt':
      put(0, 30, identity.name, 'name');
      put(30, 2, SEX_CODES[identity.sex], 'sex');
      put(32, 4, identity.nation, 'nation');
      put(36, 16, identity.birth, 'birth');
      put(52, 70, identity.address, 'address');
      put(122, 36, identity.idNumber, 'idNumber');
      put(158, 30, identity.authority, 'authority');
      put(188, 16, identity.validFrom, 'validFrom');
      put(204, 16, identity.validTo, 'validTo');
      if (identity.cardType === 'permit-hmt') {
        put(220, 18, identity.passNumber, 'passNumber');
        put(238, 4, identity.issueCount, 'issueCount');
        put(TYPE_OFFSET, 2, 'J', 'cardType');
      }
      return block;
    case 'foreign-2017':
      put(0, 120, identity.englishName, 'englishName');
      put(120, 2, SEX_CODES[identity.sex], 'sex');
      put(122, 30, identity.cardNumber, 'cardNumber');
      put(152, 6, identity.nationality, 'nationality');
      put(158, 30, identity.chineseName, 'chineseName');
      put(188, 16, identity.validFrom, 'validFrom');
      put(204, 16, identity.validTo, 'validTo');
      put(220, 16, identity.birth, 'birth');
      put(236, 4, identity.cardVersion, 'cardVersion');
      put(240, 8, identity.authorityCode, 'authorityCode');
      put(TYPE_OFFSET, 2, 'I', 'cardType');
      return block;
    case 'foreign-2023':
      put(0, 30, identity.chineseName, 'chineseName');
      put(30, 2, SEX_CODES[identity.sex], 'sex');
      put(32, 4, identity.renewalCount, 'renewalCount');
      put(36, 16, identity.birth, 'birth');
      put(52, 70, identity.englishName.slice(0, Y_NAME_PART1_CHARS), 'englishName');
      put(220, 22, identity.englishName.slice(Y_NAME_PART1_CHARS), 'englishName');
      put(122, 36, identity.cardNumber, 'cardNumber');
      put(188, 16, identity.validFrom, 'validFrom');
      put(204, 16, identity.validTo, 'validTo');
      put(242, 6, identity.nationality, 'nationality');
      put(TYPE_OFFSET, 2, 'Y', 'cardType');
      put(250, 6, identity.oldCardLink, 'oldCardLink');
      return block;
  }
}

/** Cards pad with spaces; some readers hand over NULs instead. */
export function trimPadding(value: string): string {
  return value.replace(/^[ \0]+|[ \0]+$/g, '');
}
