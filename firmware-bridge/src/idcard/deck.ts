import { makeSyntheticIdNumber } from './id-number.ts';
import type { CardIdentity } from './text-block.ts';

/** One card the simulator can present. */
export interface DeckCard {
  identity: CardIdentity;
  /** The address a police station wrote to the card after a move, if any. */
  appendedAddress?: string;
}

/**
 * Synthetic cards, one or more of each type. Names are plainly fake (测试甲一…),
 * numbers use the non-existent region 999999 and the user-assigned country
 * code ZZZ, so nothing here can be a real person's.
 */
export function syntheticDeck(): DeckCard[] {
  return [
    {
      identity: {
        cardType: 'resident',
        name: '测试甲一',
        sex: 'male',
        nation: '01',
        birth: '19800101',
        address: '测试省模拟市示范区样例路1号',
        idNumber: makeSyntheticIdNumber({ birth: '19800101', sequence: 1 }),
        authority: '模拟市公安局示范分局',
        validFrom: '20200101',
        validTo: '20400101',
      },
    },
    {
      identity: {
        cardType: 'resident',
        name: '测试乙二',
        sex: 'female',
        nation: '03',
        birth: '19620405',
        address: '测试省模拟市示范区样例路2号',
        idNumber: makeSyntheticIdNumber({ birth: '19620405', sequence: 2 }),
        authority: '模拟市公安局示范分局',
        validFrom: '20150101',
        validTo: '长期',
      },
      appendedAddress: '测试省模拟市示范区新址路8号',
    },
    {
      // Sequence 029 gives the check character X.
      identity: {
        cardType: 'resident',
        name: '测试丙三',
        sex: 'male',
        nation: '01',
        birth: '19900620',
        address: '测试省模拟市示范区样例路3号',
        idNumber: makeSyntheticIdNumber({ birth: '19900620', sequence: 29 }),
        authority: '模拟市公安局示范分局',
        validFrom: '20210301',
        validTo: '20310301',
      },
    },
    {
      identity: {
        cardType: 'permit-hmt',
        name: '测试丁四',
        sex: 'female',
        nation: '',
        birth: '19851215',
        address: '',
        idNumber: makeSyntheticIdNumber({ birth: '19851215', sequence: 4 }),
        authority: '模拟市公安局',
        validFrom: '20220101',
        validTo: '20270101',
        passNumber: 'H99999904',
        issueCount: '01',
      },
    },
    {
      identity: {
        cardType: 'foreign-2017',
        englishName: 'TEST SUBJECT EPSILON',
        sex: 'male',
        cardNumber: 'ZZZ999919750308',
        nationality: 'ZZZ',
        chineseName: '测试戊五',
        validFrom: '20170601',
        validTo: '20270601',
        birth: '19750308',
        cardVersion: '10',
        authorityCode: '9999',
      },
    },
    {
      identity: {
        cardType: 'foreign-2023',
        chineseName: '测试己六',
        sex: 'female',
        renewalCount: '00',
        birth: '20010911',
        englishName: 'TESTPERSON SYNTHETIC LONGNAME ZETA SAMPLE',
        cardNumber: makeSyntheticIdNumber({ birth: '20010911', sequence: 6 }),
        validFrom: '20231201',
        validTo: '20331201',
        nationality: '999',
        oldCardLink: '',
      },
    },
  ];
}
